"""MkDocs' page loop run on every core gives the very same site as MkDocs alone."""
import os

import pytest

from sbsite import build
from sbsite.builder import BuildError, build_site, parallel as mkdocs_parallel
from sbsite.render import engine as render
from sbsite.pipeline import load_site

from conftest import REPO


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_parallel_pages_build_the_same_bytes(tmp_path, monkeypatch):
    site, problems = load_site(REPO)
    assert problems == []
    docs = tmp_path / "docs"
    build.write_tree(render.render_tree(site), docs)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 10**9)  # MkDocs' own serial loop
    build_site(REPO / "mkdocs.yml", docs, tmp_path / "serial", build.site_facts(site))
    calls = []
    real = mkdocs_parallel._Workers.receive
    monkeypatch.setattr(mkdocs_parallel._Workers, "receive",
                        lambda self, expected: calls.append((expected, len(self.procs))) or real(self, expected))
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    build_site(REPO / "mkdocs.yml", docs, tmp_path / "parallel", build.site_facts(site))
    assert calls == [("done", 2)]
    serial, parallel = snapshot(tmp_path / "serial"), snapshot(tmp_path / "parallel")
    assert serial.keys() == parallel.keys()
    assert [str(k) for k in serial if serial[k] != parallel[k]] == []


def test_a_broken_link_is_still_caught_when_parallel(tmp_path, monkeypatch):
    site, _ = load_site(REPO)
    docs = tmp_path / "docs"
    tree = render.render_tree(site)
    tree["local-offer/travel.md"] += "\n\nSee [nowhere](no-such-page.md).\n"
    build.write_tree(tree, docs)
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with pytest.raises(BuildError, match="no-such-page.md"):
        build_site(REPO / "mkdocs.yml", docs, tmp_path / "site", build.site_facts(site))


def test_the_parent_never_holds_the_pages_html(tmp_path, monkeypatch):
    """Each page's HTML lives only in the worker that writes it (bar the few pages in the
    navigation): that is what keeps a 10,000-provider build under 1 GB."""
    site, _ = load_site(REPO)
    docs = tmp_path / "docs"
    build.write_tree(render.render_tree(site), docs)
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    seen = []
    real = mkdocs_parallel._apply
    monkeypatch.setattr(mkdocs_parallel, "_apply", lambda page, summary, files: seen.append(page) or real(page, summary, files))
    build_site(REPO / "mkdocs.yml", docs, tmp_path / "site", build.site_facts(site))
    in_nav = len([v for v in _leaves(render.nav(site))])
    assert len(seen) == len(list(docs.rglob("*.md"))) - in_nav
    assert {page.content for page in seen} == {""}
    assert (tmp_path / "site" / "index.html").stat().st_size > 1000


def test_a_page_that_fails_in_a_worker_stops_the_build_with_its_name(tmp_path, monkeypatch):
    site, _ = load_site(REPO)
    docs = tmp_path / "docs"
    tree = render.render_tree(site)
    tree["local-offer/travel.md"] = "---\ntemplate: no-such-template.html\n---\n" + tree["local-offer/travel.md"]
    build.write_tree(tree, docs)
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with pytest.raises(BuildError, match="local-offer/travel.md"):
        build_site(REPO / "mkdocs.yml", docs, tmp_path / "site", build.site_facts(site))


def _leaves(nav):
    for item in nav:
        for value in (item.values() if isinstance(item, dict) else [item]):
            yield from (_leaves(value) if isinstance(value, list) else [value])
