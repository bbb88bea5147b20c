"""Convert the pages' Markdown to HTML on every core while MkDocs builds the site.

MkDocs reads and converts each page one after another, and that is most of a
large build. Before its loop starts we convert every page in forked worker
processes, hand the results (HTML, table of contents, anchors, warnings) back to
the real Page objects, and let MkDocs skip them. With no MkDocs plugins in use
nothing else happens in that loop, so the site is byte-identical to a serial
build (tests/test_mkdocs_parallel.py checks this). Used only by sbsite's own
build; `mkdocs build -f build/mkdocs.yml` stays plain MkDocs.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import mkdocs.commands.build as mk_build_module

MIN_PAGES = 400  # below this, starting processes costs more than it saves
_JOB: dict = {}


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record):
        self.records.append((record.levelno, record.getMessage()))


def _convert_share(share: int) -> list:
    """Read and convert every `workers`-th page (runs in a forked process)."""
    pages, config, files, workers = (_JOB[k] for k in ("pages", "config", "files", "workers"))
    handler = _Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    out = []
    for page in pages[share::workers]:
        before = len(handler.records)
        page.read_source(config)
        page.render(config, files)
        links = {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()}
        out.append((page.file.src_uri, page.markdown, page.meta, page.content, page.toc,
                    page._title_from_render, page.present_anchor_ids, links,
                    handler.records[before:]))
    return out


def _prepare(config, files) -> set:
    """Convert all documentation pages in parallel; return the src_uris done."""
    from mkdocs.structure.pages import Page

    for f in files.documentation_pages():
        if f.page is None and f.inclusion.is_not_in_nav():
            Page(None, f, config)  # as MkDocs' own loop does for pages left out of the nav
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    if not _can_fork(len(pages)):
        return set()
    results = [item for part in _forked(_convert_share, pages=pages, config=config, files=files) for item in part]
    by_uri = {p.file.src_uri: p for p in pages}
    log = logging.getLogger("mkdocs.structure.pages")
    for uri, markdown, meta, content, toc, title, anchors, links, records in sorted(results, key=lambda r: r[0]):
        page = by_uri[uri]
        page.markdown, page.meta, page.content, page.toc = markdown, meta, content, toc
        page._title_from_render, page.present_anchor_ids = title, anchors
        page.links_to_anchors = {files.get_file_from_path(k): v for k, v in links.items()} if links else links
        for level, message in records:
            log.log(level, message)  # counted by MkDocs' strict mode as if raised here
    return set(by_uri)


def _build_share(share: int) -> list:
    """Render the theme template for every `workers`-th page and write it (forked process)."""
    pages, config, doc_files, nav, env, workers, build_page = (
        _JOB[k] for k in ("pages", "config", "doc_files", "nav", "env", "workers", "build_page"))
    handler = _Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    for page in pages[share::workers]:
        build_page(page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())
    return handler.records


def _forked(function, **job) -> list:
    """Run function(share) for each worker in forked processes; return their results in order."""
    workers = min(os.cpu_count() or 1, 4)
    _JOB.update(job, workers=workers)
    # Freeze the parent's objects before forking: otherwise each worker's garbage
    # collector walks them all, copying every memory page it touches (2-3x slower).
    gc.collect()
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(function, range(workers)))
    finally:
        gc.unfreeze()
        _JOB.clear()


def _can_fork(count: int) -> bool:
    return count >= MIN_PAGES and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def parallel_pages(config):
    """While active, MkDocs' page loop finds every page already converted."""
    if config.plugins:  # plugins may act in the loop: keep MkDocs' own order then
        yield
        return
    done: set = set()
    built: set = set()
    started = []
    original_nav = mk_build_module.get_navigation
    original_populate = mk_build_module._populate_page
    original_build_page = mk_build_module._build_page

    def get_navigation(files, cfg):
        nav = original_nav(files, cfg)
        done.update(_prepare(cfg, files))
        return nav

    def populate(page, cfg, files, dirty=False):
        if page.file.src_uri in done and page.content is not None:
            return
        original_populate(page, cfg, files, dirty)

    def build_page(page, cfg, doc_files, nav, env, dirty=False, excluded=False):
        if not started:  # the first call: write every page's HTML in parallel
            started.append(True)
            pages = [f.page for f in doc_files if f.page is not None]
            if not dirty and _can_fork(len(pages)):
                for records in _forked(_build_share, pages=pages, config=cfg, doc_files=doc_files, nav=nav,
                                       env=env, build_page=original_build_page):
                    for level, message in records:
                        logging.getLogger("mkdocs.commands.build").log(level, message)
                built.update(p.file.src_uri for p in pages)
        if page.file.src_uri in built:
            return
        original_build_page(page, cfg, doc_files, nav, env, dirty, excluded)

    mk_build_module.get_navigation = get_navigation
    mk_build_module._populate_page = populate
    mk_build_module._build_page = build_page
    try:
        yield
    finally:
        mk_build_module.get_navigation = original_nav
        mk_build_module._populate_page = original_populate
        mk_build_module._build_page = original_build_page
