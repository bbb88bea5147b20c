"""A long-lived MkDocs build for the live preview: redo only the pages that changed.

`sbsite serve` builds the whole site once with MkDocs (the same build as
`sbsite build`, parallel pages included) and keeps what MkDocs worked out: the
config, the list of files, the navigation and the theme's templates. After an
edit it runs MkDocs' own functions for reading, converting and writing a page
(`_populate_page`, `_build_page`) on just the changed pages, so each page comes
out exactly as a full build would make it (tests/test_preview_mkdocs.py checks
this against `sbsite build`).

`update` says False when that shortcut would not be the same as a full build
(a page title in the navigation changed, a file is unknown, MkDocs failed); the
caller then builds everything again with `full_build`.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import mkdocs.commands.build as mk_build_module

from sbsite.builder.facts import SiteFacts
from sbsite.builder.mkdocs_build import build_site, environment


class LiveSite:
    """What MkDocs knew after the last full build of `site_dir`."""

    def __init__(self, config, files, nav, epoch: str):
        self.config, self.files, self.nav, self.epoch = config, files, nav, epoch
        self.env = config.theme.get_env()  # as MkDocs' build makes it (no plugins, so no on_env)
        self.env.get_template("main.html")  # compiled now, not while a family waits for an edit
        from mkdocs.structure.files import InclusionLevel

        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)

    @classmethod
    def full_build(cls, project_config: Path, docs_dir: Path, site_dir: Path, facts: SiteFacts,
                   put_in_place) -> LiveSite:
        """Build the whole site into a folder beside `site_dir`, have `put_in_place(new,
        site_dir)` replace `site_dir` with it in one step, and remember MkDocs' state.
        Raises BuildError as `sbsite build` would (and leaves `site_dir` as it was)."""
        site_dir = Path(site_dir)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        work = site_dir.with_name(site_dir.name + ".next")
        shutil.rmtree(work, ignore_errors=True)
        seen: dict = {}
        original = mk_build_module.get_navigation

        def get_navigation(files, config):
            nav = original(files, config)
            seen.update(files=files, config=config, nav=nav)
            return nav

        mk_build_module.get_navigation = get_navigation
        try:
            build_site(project_config, docs_dir, work, facts)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        finally:
            mk_build_module.get_navigation = original
        put_in_place(work, site_dir)
        config, files = seen["config"], seen["files"]
        config["site_dir"] = str(site_dir)
        for f in files:  # the files were written to `work`, which is now `site_dir`
            f.dest_dir = str(site_dir)
            f.__dict__.pop("abs_dest_path", None)
        return cls(config, files, seen["nav"], facts.epoch)

    def update(self, src_uris: list[str], epoch: str) -> bool:
        """Read, convert and write again these files of the docs folder (paths such as
        'providers/x.md'), in this order, for a build dated `epoch` (SiteFacts.epoch).
        False if only a full build can be right."""
        if epoch != self.epoch:  # the build date is in every page's footer and the sitemap
            return False
        files = [self.files.get_file_from_path(uri) for uri in src_uris]
        if any(f is None for f in files):
            return False
        pages = [f.page for f in files if f.is_documentation_page()]
        if any(p is None for p in pages):
            return False
        titles = [(p.title, p.url) for p in self.nav.pages]
        warnings: list[str] = []
        with environment(epoch, warnings):
            try:
                for page in pages:
                    mk_build_module._populate_page(page, self.config, self.files)
                if [(p.title, p.url) for p in self.nav.pages] != titles:
                    return False  # every page shows the navigation: all would need redoing
                for f in files:
                    if f.is_documentation_page():
                        mk_build_module._build_page(f.page, self.config, self.doc_files, self.nav, self.env)
                    else:
                        f.copy_file()
                for page in pages:
                    page.validate_anchor_links(files=self.files, log_level=self.config.validation.links.anchors)
            except Exception:
                return False
        for message in warnings:  # as a dirty build, the preview shows pages MkDocs warns about
            print(f"MkDocs: {message}", file=sys.stderr)
        return True
