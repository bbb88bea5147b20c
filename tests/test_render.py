"""Rendering the page tree without MkDocs: every page the data calls for, escaped."""
import re
import pytest

from sbsite.render import engine as render
from sbsite.pipeline import load_site

from conftest import replace_in


def tree_for(root):
    site, problems = load_site(root)
    assert problems == []
    return site, render.render_tree(site)


def test_a_page_for_every_provider_tier_area_and_content_page(project):
    site, tree = tree_for(project)
    for p in site.providers:
        assert f"providers/{p.id}.md" in tree
        assert f"# {p.name}" in tree[f"providers/{p.id}.md"].replace("&#32;", " ")
    for t in site.tiers:
        page = tree[f"tiers/{t.id}.md"]
        for p in site.providers_in_tier(t.id):
            assert f'data-provider-id="{p.id}"' in page
    for a in site.areas:
        assert f"areas/{a.id}.md" in tree
    for pg in site.pages:
        assert pg.body.strip() in tree[f"local-offer/{pg.slug}.md"]


def test_providers_never_appear_in_the_navigation(project):
    site, _ = tree_for(project)
    flat = repr(render.nav(site))
    assert all(f"providers/{p.id}.md" not in flat for p in site.providers)


def test_statement_has_a_section_for_every_requirement(project):
    site, tree = tree_for(project)
    statement = tree["statement.md"]
    for req in site.regulations["statement"]:
        assert re.search(r"\{ #" + re.escape(req["id"]) + r" \}|id=\"" + re.escape(req["id"]) + '"', statement), req["id"]


def test_statement_dates_and_named_contact(project):
    _, tree = tree_for(project)
    assert "1 January 2026" in tree["statement.md"] and "1 January 2027" in tree["statement.md"]
    assert "Pat Test" in tree["statement.md"]


def test_range_counts_come_from_the_data(project):
    site, tree = tree_for(project)
    assert "Overnight care somewhere else:** 1 service" in tree["statement.md"]
    assert "Activities outside the home:** 1 service" in tree["statement.md"]


def test_provider_text_is_escaped_everywhere(project):
    replace_in(project / "providers.yaml", "name: Alpha Club", 'name: "Alpha <script>alert(1)</script> [x](javascript:y)"')
    replace_in(project / "providers.yaml", "description: A club used by the tests.",
               'description: "<img src=x onerror=alert(1)> [x](javascript:alert(2))"')
    replace_in(project / "providers.yaml", "how: Phone us.", 'how: "<script>alert(3)</script>"')
    site, tree = tree_for(project)
    for path, text in tree.items():
        if not path.endswith(".md"):
            continue  # data files (JSON, CSV, calendars) are not HTML; their own tests cover them
        front, body = text.split("\n---\n", 1)
        assert "<" not in front, path  # titles are plain text: MkDocs escapes them again
        # The page's own scripts (the checker loads its rules and script as versioned files) are
        # the only script tags; provider text never becomes one.
        own = re.sub(r'<script src="[\w./-]+\.js\?v=[0-9a-f]{10}"></script>', "", body)
        assert "<script" not in own and "<img src=x" not in body, path
        # No event handler inside a real tag, and no javascript: anywhere a browser would follow it
        # (escaped text such as "&lt;img onerror=...&gt;" is harmless and is shown as typed).
        assert not re.search(r"<[a-zA-Z][^>]*\son\w+\s*=", body), path
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", body, re.I), path
        assert "](javascript:" not in body, path


def test_rendering_twice_gives_identical_output(project):
    _, a = tree_for(project)
    _, b = tree_for(project)
    assert a == b


def test_empty_tier_has_a_kind_message(project):
    replace_in(project / "providers.yaml", "tiers: [assessed-tier]", "tiers: [open-tier]")
    _, tree = tree_for(project)
    assert "There are no short breaks listed in this tier yet" in tree["tiers/assessed-tier.md"]
    assert "01632 960000" in tree["tiers/assessed-tier.md"]


@pytest.mark.parametrize("workers", [1, 2])
def test_rendering_straight_to_disk_writes_the_same_files_as_the_tree(tmp_path, workers):
    """The build writes pages from the workers (never holding the whole tree); the files
    must be exactly those of the tree the preview and the tests use."""
    from sbsite.pipeline import load_site
    from conftest import REPO

    site, problems = load_site(REPO)
    assert problems == []
    tree = render.render_tree(site, workers=workers)
    count = render.render_into(site, tmp_path, workers=workers)
    written = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}
    assert count == len(tree)
    assert written.keys() == tree.keys()
    assert [path for path in tree if written[path] != tree[path].encode("utf-8")] == []
    assert "search/data.js" in written
