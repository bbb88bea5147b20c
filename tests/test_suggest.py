"""'Suggest a change' on every page: it points at the file (and line) the page comes from."""
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


def test_every_page_with_front_matter_gets_a_link(project):
    configure(project)
    _, tree = tree_for(project)
    missing = [path for path, text in tree.items() if text.startswith("---\n") and "sb_suggest" not in front(text)]
    assert missing == []


def test_not_configured_means_no_link(project):
    _, tree = tree_for(project)
    assert all("sb_suggest" not in text for text in tree.values())


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


def test_built_pages_show_the_link(demo_site):
    html = (demo_site / "providers" / "riverside-inclusive-youth-club" / "index.html").read_text()
    block = html[html.index('<div class="sb-suggest">'):]
    block = block[: block.index("</div>")]
    assert re.search(r'<a href="https://[^"]+/edit/main/providers\.yaml">Suggest a change to this page</a>', block)
    line = int(re.search(r'providers\.yaml#L(\d+)"', block).group(1))
    assert (REPO / "providers.yaml").read_text().splitlines()[line - 1].strip() == \
        "- id: riverside-inclusive-youth-club"
    assert "mailto:" in block
    for page in ("index.html", "statement/index.html", "you-said-we-did/index.html", "changes/index.html"):
        assert 'class="sb-suggest"' in (demo_site / page).read_text(), page
