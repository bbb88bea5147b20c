"""The live preview redoes only changed pages, and they come out exactly as `sbsite build` makes them."""
import shutil
from pathlib import Path

import pytest

from sbsite import build
from sbsite import serve
from sbsite.builder import LiveSite
from sbsite.pipeline import load_site

from conftest import REPO, replace_in


@pytest.fixture
def preview(project, monkeypatch):
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "templates").symlink_to(REPO / "templates")
    full_builds = []
    real = LiveSite.full_build.__func__
    monkeypatch.setattr(LiveSite, "full_build",
                        classmethod(lambda cls, *a, **kw: full_builds.append(a) or real(cls, *a, **kw)))
    p = serve.Preview(project, project / ".preview" / "site")  # with its memory, as `sbsite serve` runs
    assert p.rebuild()
    # Every store of its memory is in use, so each comparison below with a build that
    # remembers nothing (fresh_build) tries every shortcut.
    assert all(getattr(p.memory, name) for name in MEMOS), {name: len(getattr(p.memory, name)) for name in MEMOS}
    p.full_builds = full_builds
    return p


def files_of(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


MEMOS = ("entries", "parsed", "valid", "easy_read", "search")  # the stores of sbsite.core.memory.PreviewMemory


def fresh_build(root: Path, out: Path) -> dict[str, bytes]:
    """What `sbsite build` makes, with nothing remembered from the preview's builds."""
    site, problems = load_site(root)  # no memory, as `sbsite build` loads
    assert not problems and site.memory is None
    site.memo.clear()
    build.build(site, root, out)
    return files_of(out)


def test_provider_edit_redoes_only_changed_pages_exactly_as_a_full_build(preview, project, tmp_path, monkeypatch):
    before = files_of(preview.out)
    built = []
    real_build_page = serve.LiveSite.update
    monkeypatch.setattr(LiveSite, "update", lambda self, uris, site: built.append(list(uris)) or real_build_page(self, uris, site))
    replace_in(project / "providers.yaml", "summary: A small test club.", "summary: A <changed> test club.")
    assert preview.rebuild(only_providers_changed=True)
    assert len(preview.full_builds) == 1, "an edited provider must not rebuild the whole site"
    # The edited provider's own pages were shown first, then the lists of every provider.
    first = built[0]
    assert "providers/alpha-club.md" in first and "providers/index.md" not in first
    assert "providers/beta-breaks.md" not in sum(built, [])
    after = files_of(preview.out)
    fresh = fresh_build(project, tmp_path / "fresh")
    assert after == fresh  # every page, changed or not, byte for byte
    assert after["providers/alpha-club/index.html"] != before["providers/alpha-club/index.html"]
    assert "A &lt;changed&gt; test club." in after["providers/alpha-club/index.html"].decode()


def test_content_edit_and_added_provider_match_a_full_build(preview, project, tmp_path):
    page = next((project / "content" / "pages").glob("*.md"))
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nOne more sentence for families.\n", encoding="utf-8")
    assert preview.rebuild()
    assert len(preview.full_builds) == 1  # a changed page: only that page (and search) redone
    assert files_of(preview.out) == fresh_build(project, tmp_path / "fresh1")

    providers = (project / "providers.yaml").read_text(encoding="utf-8")
    start = providers.index("  - id: alpha-club")
    end = providers.index("  - id:", start + 1)
    copy = providers[start:end].replace("id: alpha-club", "id: alpha-club-two", 1).replace(
        "name: Alpha Club", "name: Alpha Club Two", 1)
    (project / "providers.yaml").write_text(providers + "\n" + copy if not providers.endswith("\n") else providers + copy,
                                            encoding="utf-8")
    assert preview.rebuild(only_providers_changed=True)
    assert len(preview.full_builds) == 2  # a page added: the whole site again
    assert files_of(preview.out) == fresh_build(project, tmp_path / "fresh2")


def test_mistakes_keep_the_last_good_preview_and_the_next_good_edit_is_quick(preview, project, capsys):
    good = files_of(preview.out)
    replace_in(project / "providers.yaml", "summary: A small test club.", "summary: [not, text]")
    assert not preview.rebuild(only_providers_changed=True)
    assert "problem(s) found" in capsys.readouterr().err
    assert files_of(preview.out) == good
    replace_in(project / "providers.yaml", "summary: [not, text]", "summary: A mended test club.")
    assert preview.rebuild(only_providers_changed=False)
    assert len(preview.full_builds) == 1
    assert "A mended test club." in (preview.out / "providers" / "alpha-club" / "index.html").read_text()


def test_after_a_mistake_in_providers_yaml_its_fix_is_still_quick(preview, project, tmp_path, capsys):
    # A file read half-written (or a mistake, then its fix): only providers.yaml changed since
    # the last good preview, so the fix redoes only the pages it changes, as a full build would.
    replace_in(project / "providers.yaml", "summary: A small test club.", "summary: [not, text]")
    assert not preview.rebuild(only_providers_changed=True)
    assert "problem(s) found" in capsys.readouterr().err
    replace_in(project / "providers.yaml", "summary: [not, text]", "summary: A mended test club.")
    assert preview.rebuild(only_providers_changed=True)
    assert len(preview.full_builds) == 1
    assert files_of(preview.out) == fresh_build(project, tmp_path / "fresh")


def test_lines_added_above_other_providers_match_a_full_build(preview, project, tmp_path):
    # beta-breaks moves down two lines: only its 'For editors' line number changes.
    replace_in(project / "providers.yaml", "summary: A small test club.", "summary: A small\n      test club\n      on three lines.")
    assert preview.rebuild(only_providers_changed=True)
    assert len(preview.full_builds) == 1
    assert files_of(preview.out) == fresh_build(project, tmp_path / "fresh")


def test_many_changed_pages_are_built_on_every_core_instead(preview, project, tmp_path, monkeypatch):
    # Lines added above hundreds of entries change hundreds of pages: a full build is quicker then.
    monkeypatch.setattr(serve, "QUICK_MAX", 1)
    replace_in(project / "providers.yaml", "summary: A small test club.", "summary: A small\n      test club\n      on three lines.")
    assert preview.rebuild(only_providers_changed=True)
    assert len(preview.full_builds) == 2
    assert files_of(preview.out) == fresh_build(project, tmp_path / "fresh")
