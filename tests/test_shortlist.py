"""My list without a browser: the data the printed summary needs, and the button on provider pages."""
import json

from sbsite import render, shortlist
from sbsite.project import load_site

from conftest import replace_in


def data_of(text):
    assert text.startswith("window.sbShortlistData=") and text.endswith(";\n")
    return json.loads(text[len("window.sbShortlistData="):-2])


def test_each_provider_has_its_contact_details_and_key_facts(project):
    site, problems = load_site(project)
    assert problems == []
    data = data_of(shortlist.data_js(site))
    assert data["pb"] == "../providers/"
    alpha, beta = data["p"]["alpha-club"], data["p"]["beta-breaks"]
    assert alpha == {"n": "Alpha Club", "s": "A small test club.", "g": "5 to 11 years", "c": "Free", "a": "North",
                     "d": "Saturday", "b": "Book directly", "ph": "01632 960100", "pt": "tel:+441632960100"}
    assert beta["em"] == "beta@example.org" and beta["c"] == "£4.50 a session" and beta["a"] == "South"
    assert beta["d"] == "Times arranged with your family"
    assert shortlist.data_js(site) == shortlist.data_js(site)


def test_provider_pages_have_a_hidden_add_button_box_and_escape_names(project):
    replace_in(project / "providers.yaml", "name: Alpha Club", 'name: "Alpha \\"<b>\\" Club"')
    site, problems = load_site(project)
    assert problems == []
    tree = render.render_tree(site)
    page = tree["providers/alpha-club.md"]
    assert '<div class="sb-shortlist-add" data-shortlist-id="alpha-club" data-shortlist-name="Alpha &#34;&#60;b&#62;&#34; Club" hidden markdown>' in page
    assert "[See my list](../shortlist/index.md)" in page
    assert '"n":"Alpha \\"<b>\\" Club"' in tree[shortlist.DATA]
    assert "<script" not in tree[shortlist.PAGE]
