"""End to end: the demo project builds with MkDocs, and a bad build keeps the last good site."""
import re
import shutil

import pytest

from sbsite.pipeline import load_site

from conftest import REPO, run_cli, replace_in


def test_demo_data_is_valid_and_varied():
    site, problems = load_site(REPO)
    assert problems == [], "\n".join(p.format() for p in problems)
    assert len(site.providers) >= 40
    assert len(site.areas) >= 4
    for tier in site.tiers:
        assert site.providers_in_tier(tier.id), tier.id


def test_every_provider_tier_and_area_has_its_page(demo_site):
    site, _ = load_site(REPO)
    for p in site.providers:
        html = (demo_site / "providers" / p.id / "index.html").read_text()
        assert "This listing was last checked" in html
    for t in site.tiers:
        html = (demo_site / "tiers" / t.id / "index.html").read_text()
        ids = set(re.findall(r'data-provider-id="([^"]+)"', html))
        assert ids == {p.id for p in site.providers_in_tier(t.id)}
    for a in site.areas:
        assert (demo_site / "areas" / a.id / "index.html").exists()


def test_statement_covers_every_requirement(demo_site):
    site, _ = load_site(REPO)
    html = (demo_site / "statement" / "index.html").read_text()
    for req in site.regulations["statement"]:
        assert f'id="{req["id"]}"' in html, req["id"]
    assert site.statement["published"] and "Next review" in html


def test_no_external_assets_or_generator_link(demo_site):
    for page in demo_site.rglob("*.html"):
        html = page.read_text()
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert "Made with" not in html, page
        assert not re.search(r'<(script|img|iframe)[^>]+src="(https?:)?//', html), page
        for tag in re.findall(r"<link [^>]+>", html):
            assert 'rel="canonical"' in tag or not re.search(r'href="(https?:)?//', tag), (page, tag)


def test_navigation_stays_small(demo_site):
    site, _ = load_site(REPO)
    html = (demo_site / "index.html").read_text()
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>")]
    assert all(f"providers/{p.id}/" not in nav for p in site.providers)


def test_no_double_escaped_text(demo_site):
    for page in demo_site.rglob("*.html"):
        assert "&amp;#" not in page.read_text(), page


def test_bad_data_keeps_the_last_good_site(tmp_path, demo_site):
    root = tmp_path / "proj"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv*", "site", "build", ".git", ".preview", "tests"))
    out = tmp_path / "site"
    shutil.copytree(demo_site, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    replace_in(root / "providers.yaml", "ages: {min: 11, max: 19}", "ages: {min: 21, max: 19}")
    result = run_cli("build", "--out", str(out), root=root)
    assert result.returncode == 1
    assert "providers.yaml, line" in result.stderr and "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_broken_link_in_content_fails_without_touching_site(tmp_path, demo_site):
    root = tmp_path / "proj"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv*", "site", "build", ".git", ".preview", "tests"))
    page = sorted((root / "content" / "pages").glob("*.md"))[0]
    page.write_text(page.read_text() + "\n\nSee [this](no-such-page.md).\n")
    out = tmp_path / "site"
    result = run_cli("build", "--out", str(out), root=root)
    assert result.returncode == 1 and "no-such-page.md" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_search_index_is_loaded_only_by_the_search_page_and_leaves_out_listings(demo_site):
    """Material's search would download its index on every page; ours is only on /search/,
    and leaves out provider and listing pages (the finder searches those)."""
    import json

    assert not (demo_site / "search" / "search_index.json").exists()
    for page in demo_site.rglob("*.html"):
        html = page.read_text()
        assert ("assets/search.js" in html) == (page.parent.name == "search" and page.parent.parent == demo_site), page
    text = (demo_site / "search" / "data.js").read_text()
    index = json.loads(text[text.index("=") + 1: text.rindex(";")])
    locations = {d["u"] for d in index["pages"]}
    assert "statement/" in locations and "local-offer/" in locations
    assert not any(loc.startswith(("providers/", "tiers/", "areas/", "ages/", "easy-read/providers/")) and loc.count("/") > 1
                   for loc in locations), locations


def test_search_headings_link_to_real_anchors(demo_site):
    import json

    text = (demo_site / "search" / "data.js").read_text()
    index = json.loads(text[text.index("=") + 1: text.rindex(";")])
    missing = []
    for entry in index["pages"]:
        html = (demo_site / entry["u"] / "index.html").read_text()
        missing += [f"{entry['u']}#{anchor}" for _, anchor in entry["h"] if f'id="{anchor}"' not in html]
    assert missing == []


def test_checking_the_data_does_not_stop_for_garbage_collection():
    """Each collection walks every object read so far, which made checking 10,000 providers
    superlinear (16 s instead of 7.5 s); load_site pauses the collector and restores it."""
    import gc

    from sbsite.pipeline import load_site

    runs = []

    def seen(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        assert gc.isenabled()
        load_site(REPO)
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(seen)
    assert runs == []
