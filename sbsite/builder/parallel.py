"""Convert and write the pages on every core while MkDocs builds the site.

MkDocs reads and converts each page one after another, then renders the theme
around each one and writes it: that is most of a large build. Here, once MkDocs
has built its navigation, the few pages in the navigation are converted first
(every page shows their titles), then one worker per core is forked. Each
converts and writes its share of the pages one at a time, letting go of each
page's HTML as soon as it is written, and sends back only what MkDocs checks
afterwards (titles, front matter, anchors, links, warnings). So no process
ever holds more than a page of HTML: at 10,000 providers that is the
difference between 2 GB and under 1 GB.

With no MkDocs plugins in use nothing else happens in those loops, so the site is
byte-identical to a serial build (tests/test_mkdocs_parallel.py checks this).
Used only by sbsite's own build; `mkdocs build -f build/mkdocs.yml` stays plain MkDocs.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os

import mkdocs.commands.build as mk_build_module

MIN_PAGES = 400  # below this, starting processes costs more than it saves


class WorkerFailed(Exception):
    """A worker process stopped with an error (the message says which page)."""


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record):
        self.records.append((record.levelno, record.getMessage()))


def _summary(page) -> tuple:
    """What the other pages, the navigation and the link checks need to know of a page."""
    links = {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()}
    return (page.file.src_uri, page.meta, page._title_from_render, page.present_anchor_ids,
            links if page.links_to_anchors is not None else None)


def _apply(page, summary, files) -> None:
    """Give a page converted elsewhere what MkDocs reads from it outside its own writing.

    Its Markdown and HTML stay with the worker that owns it; empty strings stand in so
    that `Page.title` follows the same path it would after a serial conversion.
    """
    _, meta, title, anchors, links = summary
    page.markdown, page.content, page.meta = "", "", meta
    page._title_from_render, page.present_anchor_ids = title, anchors
    page.links_to_anchors = {files.get_file_from_path(k): v for k, v in links.items()} if links is not None else None


def _work(conn, share: int, workers: int, pages: list, config, files, nav, populate, build_page) -> None:
    """One worker: convert and write every `workers`-th page, one page at a time."""
    handler = _Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        env = config.theme.get_env()  # what MkDocs makes; with no plugins nothing changes it
        doc_files = files.documentation_pages()
        done = []
        for page in pages[share::workers]:
            before = len(handler.records)
            if page.content is None:  # pages in the navigation were converted before the fork
                populate(page, config, files)
            build_page(page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())
            done.append((_summary(page), handler.records[before:]))
            page.markdown, page.content, page.toc = "", "", []  # written: let go of it
        conn.send(("done", done))
    except BaseException as exc:  # the parent reports it; a worker must never print a traceback
        conn.send(("failed", f"{type(exc).__name__}: {exc}", handler.records))
    finally:
        conn.close()


class _Workers:
    """Forked processes that each keep their share of the pages from conversion to writing."""

    def __init__(self, pages: list, config, files, nav, populate, build_page):
        self.count = min(os.cpu_count() or 1, 4)
        context = multiprocessing.get_context("fork")
        self.conns, self.procs = [], []
        # Freeze the parent's objects before forking: otherwise each worker's garbage
        # collector walks them all, copying every memory page it touches (2-3x slower).
        gc.collect()
        gc.freeze()
        try:
            for share in range(self.count):
                ours, theirs = context.Pipe()
                proc = context.Process(target=_work, args=(theirs, share, self.count, pages, config, files, nav, populate, build_page),
                                       daemon=True)
                proc.start()
                theirs.close()
                self.conns.append(ours)
                self.procs.append(proc)
        finally:
            gc.unfreeze()

    def receive(self, expected: str) -> list:
        """Each worker's answer, in share order; a failed worker stops the build."""
        answers = []
        for conn in self.conns:
            try:
                message = conn.recv()
            except EOFError:
                raise WorkerFailed("A process converting pages stopped unexpectedly (out of memory?).") from None
            if message[0] == "failed":
                for level, text in message[2]:
                    logging.getLogger("mkdocs.commands.build").log(level, text)
                raise WorkerFailed(message[1])
            assert message[0] == expected, message[0]
            answers.append(message[1])
        return answers

    def close(self, stop: bool = False) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.close()
        for proc in self.procs:
            if stop:
                proc.kill()
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join()


def _can_fork(count: int) -> bool:
    return count >= MIN_PAGES and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _run(config, files, nav, populate, build_page) -> set:
    """Convert and write every page on all cores; return the src_uris done (none when
    serial is better)."""
    from mkdocs.structure.pages import Page

    for f in files.documentation_pages():
        if f.page is None and f.inclusion.is_not_in_nav():
            Page(None, f, config)  # as MkDocs' own loop does for pages left out of the nav
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    if not _can_fork(len(pages)):
        return set()
    # Every page shows the navigation, so the (few) pages in it are converted first,
    # here, for every worker to know their titles; then no worker needs another's pages.
    for page in nav.pages:
        populate(page, config, files)
    workers = _Workers(pages, config, files, nav, populate, build_page)
    try:
        results = [item for part in workers.receive("done") for item in part]
    except BaseException:
        workers.close(stop=True)
        raise
    workers.close()
    in_nav = {p.file.src_uri for p in nav.pages}
    by_uri = {p.file.src_uri: p for p in pages}
    log = logging.getLogger("mkdocs.structure.pages")
    for summary, records in sorted(results, key=lambda r: r[0][0]):
        if summary[0] not in in_nav:
            _apply(by_uri[summary[0]], summary, files)
        for level, message in records:
            log.log(level, message)  # counted by MkDocs' strict mode as if raised here
    return set(by_uri)


@contextlib.contextmanager
def parallel_pages(config):
    """While active, MkDocs' page loops find every page already converted and written."""
    if config.plugins:  # plugins may act in the loops: keep MkDocs' own order then
        yield
        return
    done: set = set()
    original_nav = mk_build_module.get_navigation
    original_populate = mk_build_module._populate_page
    original_build_page = mk_build_module._build_page

    def get_navigation(files, cfg):
        nav = original_nav(files, cfg)
        done.update(_run(cfg, files, nav, original_populate, original_build_page))
        return nav

    def populate(page, cfg, files, dirty=False):
        if page.file.src_uri not in done:
            original_populate(page, cfg, files, dirty)

    def build_page(page, cfg, doc_files, nav, env, dirty=False, excluded=False):
        if page.file.src_uri not in done:
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
