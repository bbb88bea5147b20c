"""The end of every page: "Something wrong on this page? Tell us" with a phone number and an
email for families, and a small "For editors" line that points at the file (and line) the page
comes from."""
import json
import re

import yaml

from sbsite.render import engine as render
from sbsite.pipeline import load_site

from conftest import REPO, replace_in

REPOSITORY = """  repository:
    name: GitHub
    edit_url: https://github.com/ORG/REPO/edit/main/{path}
    view_url: https://github.com/ORG/REPO/blob/main/{path}#L{line}
"""


def configure(project, block=REPOSITORY):
    replace_in(project / "content/council.yaml", "  url: https://test.example.org/\n",
               "  url: https://test.example.org/\n" + block)


def front(text):
    assert text.startswith("---\n")
    return yaml.safe_load(text[4: text.index("\n---\n", 4)])


def tree_for(root):
    site, problems = load_site(root)
    assert problems == [], "\n".join(p.format() for p in problems)
    return site, render.render_tree(site)


def test_provider_page_points_at_its_entry_and_line(project):
    configure(project)
    site, tree = tree_for(project)
    lines = (project / "providers.yaml").read_text().splitlines()
    for p in site.providers:
        meta = front(tree[f"providers/{p.id}.md"])["sb_suggest"]
        line = int(meta["view"].rsplit("#L", 1)[1])
        assert lines[line - 1].strip() == f"- id: {p.id}"
        assert meta["edit"] == "https://github.com/ORG/REPO/edit/main/providers.yaml"
        assert meta["source"] == f"providers.yaml, line {line}" and meta["host"] == "GitHub"
        assert meta["email"] == "test@example.org"


def test_content_pages_point_at_their_file_and_generated_pages_at_their_data(project):
    configure(project)
    _, tree = tree_for(project)
    assert front(tree["local-offer/help.md"])["sb_suggest"]["edit"].endswith("/edit/main/content/pages/help.md")
    assert front(tree["local-offer/help.md"])["sb_suggest"]["view"] == \
        "https://github.com/ORG/REPO/blob/main/content/pages/help.md"  # no line: no '#L'
    assert front(tree["you-said-we-did.md"])["sb_suggest"]["edit"].endswith("/content/you-said-we-did.yaml")
    assert front(tree["tiers/open-tier.md"])["sb_suggest"]["view"].endswith("/content/tiers.yaml#L2")
    council = (project / "content/council.yaml").read_text().splitlines()
    south = front(tree["areas/south.md"])["sb_suggest"]["view"]
    assert council[int(south.rsplit("#L", 1)[1]) - 1].strip() == "- id: south"
    assert front(tree["freshness.md"])["sb_suggest"]["edit"].endswith("/providers.yaml")
    statement = front(tree["statement.md"])["sb_suggest"]
    assert "edit" not in statement and statement["view"].endswith("/blob/main/content/statement")


def test_every_page_with_front_matter_gets_tell_us_and_the_editors_link(project):
    configure(project)
    _, tree = tree_for(project)
    pages = {path: front(text) for path, text in tree.items() if text.startswith("---\n")}
    assert len(pages) > 10
    missing = [path for path, meta in pages.items() if "sb_suggest" not in meta]
    assert missing == []
    for path, meta in pages.items():
        s = meta["sb_suggest"]
        assert s["phone"] == "01632 960000" and s["tel"] == "tel:+441632960000", path
        assert s["mailto"].startswith("mailto:test@example.org?subject="), path
        assert "edit" in s or "view" in s, path


def test_not_configured_means_tell_us_but_no_editors_line(project):
    """Without a repository families still get the council's phone and email; nothing else."""
    _, tree = tree_for(project)
    pages = [front(text)["sb_suggest"] for text in tree.values() if text.startswith("---\n")]
    assert pages
    for s in pages:
        assert s["phone"] == "01632 960000" and s["email"] == "test@example.org" and s["hours"] == ""
        assert not {"edit", "view", "source", "host"} & set(s)


def test_feedback_contact_and_the_page_address_in_the_subject(project):
    """council.feedback, when set, is who families tell; the email's subject names the page."""
    replace_in(project / "content/council.yaml", "  email: test@example.org\n",
               "  email: test@example.org\n  feedback:\n    phone: 01632 960999\n"
               "    email: fixes@example.org\n    opening_hours: Weekdays, 9am to 5pm\n")
    _, tree = tree_for(project)
    s = front(tree["providers/alpha-club.md"])["sb_suggest"]
    assert (s["phone"], s["tel"], s["email"], s["hours"]) == \
        ("01632 960999", "tel:+441632960999", "fixes@example.org", "Weekdays, 9am to 5pm")
    assert s["mailto"] == ("mailto:fixes@example.org?subject=Something%20wrong%20on%20this%20page:%20"
                           "https://test.example.org/providers/alpha-club/")
    assert front(tree["index.md"])["sb_suggest"]["mailto"].endswith("page:%20https://test.example.org/")
    assert front(tree["tiers/index.md"])["sb_suggest"]["mailto"].endswith("page:%20https://test.example.org/tiers/")


def test_feedback_contact_is_checked(project):
    """A feedback contact needs both a phone number and an email, written correctly."""
    replace_in(project / "content/council.yaml", "  email: test@example.org\n",
               "  email: test@example.org\n  feedback:\n    email: not-an-email\n")
    site, problems = load_site(project)
    assert site is None
    found = [p for p in problems if p.file == "content/council.yaml"]
    assert any("'feedback' is missing the field 'phone'" in p.message for p in found), [p.format() for p in found]
    assert any("'not-an-email' does not look like an email address" in p.message for p in found)


def test_edit_only_configuration(project):
    configure(project, "  repository:\n    edit_url: https://git.example.org/c/site/-/edit/main/{path}\n")
    _, tree = tree_for(project)
    meta = front(tree["providers/alpha-club.md"])["sb_suggest"]
    assert meta["edit"] == "https://git.example.org/c/site/-/edit/main/providers.yaml" and "view" not in meta


def test_repository_settings_are_checked(project):
    configure(project, "  repository:\n    edit_url: https://github.com/ORG/REPO/edit/main/\n")
    site, problems = load_site(project)
    assert site is None and any("'edit_url'" in p.message and p.file == "content/council.yaml" for p in problems)


def test_front_matter_stays_plain_text(project):
    configure(project, "  repository:\n    name: <b>Host</b>\n    edit_url: https://x.example.org/e?f={path}&ref=main\n")
    _, tree = tree_for(project)
    for path, text in tree.items():
        if not text.startswith("---\n"):
            continue
        head = text.split("\n---\n", 1)[0]
        assert "<" not in head and "&" not in head, path


def test_built_pages_show_tell_us_and_a_small_editors_line(demo_site):
    html = (demo_site / "providers" / "riverside-inclusive-youth-club" / "index.html").read_text()
    block = html[html.index('<div class="sb-suggest">'):]
    block = block[: block.index("</div>")]
    assert "Something wrong on this page? Tell us" in block
    family, editors = block.split('<p class="sb-editors">')
    assert '<a href="tel:+441632960002">01632 960002</a>' in family
    assert 'href="mailto:localoffer@example.org?subject=' in family
    for word in ("GitHub", "providers.yaml", "free account", "Suggest a change"):
        assert word not in family, word
    assert editors.startswith("For editors:")
    assert re.search(r'<a href="https://[^"]+/edit/main/providers\.yaml">Edit the file on GitHub</a>', editors)
    line = int(re.search(r'providers\.yaml#L(\d+)"', editors).group(1))
    assert (REPO / "providers.yaml").read_text().splitlines()[line - 1].strip() == \
        "- id: riverside-inclusive-youth-club"
    for page in ("index.html", "statement/index.html", "you-said-we-did/index.html", "changes/index.html"):
        assert "Something wrong on this page? Tell us" in (demo_site / page).read_text(), page
