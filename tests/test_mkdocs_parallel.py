"""MkDocs' page loop run on every core gives the very same site as MkDocs alone."""
import os

import pytest

from sbsite import build, mkdocs_parallel, render
from sbsite.project import load_site

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
    build.mkdocs_build(REPO / "mkdocs.yml", docs, tmp_path / "serial", site, dirty=True)  # dirty: no fan-out
    calls = []
    real = mkdocs_parallel._forked
    monkeypatch.setattr(mkdocs_parallel, "_forked", lambda f, **job: calls.append(f.__name__) or real(f, **job))
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    build.mkdocs_build(REPO / "mkdocs.yml", docs, tmp_path / "parallel", site)
    assert calls == ["_convert_share", "_build_share"]
    serial, parallel = snapshot(tmp_path / "serial"), snapshot(tmp_path / "parallel")
    assert serial.keys() == parallel.keys()
    assert [str(k) for k in serial if serial[k] != parallel[k]] == []


def test_a_broken_link_is_still_caught_when_parallel(tmp_path, monkeypatch):
    from sbsite.build import BuildError

    site, _ = load_site(REPO)
    docs = tmp_path / "docs"
    tree = render.render_tree(site)
    tree["local-offer/travel.md"] += "\n\nSee [nowhere](no-such-page.md).\n"
    build.write_tree(tree, docs)
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with pytest.raises(BuildError, match="no-such-page.md"):
        build.mkdocs_build(REPO / "mkdocs.yml", docs, tmp_path / "site", site)
