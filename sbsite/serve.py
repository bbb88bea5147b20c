"""A live preview: rebuild when data, content or templates change, and serve the result.

We do not use `mkdocs serve`, because it watches the folder we generate into.
Instead we poll our own inputs, check them with the same code as `sbsite build`,
render again only the pages a change touched into .preview/, and serve that
folder on this machine only. Data with mistakes prints them and keeps showing
the last good preview.
"""
from __future__ import annotations

import dataclasses
import gc
import http.server
import shutil
import sys
import threading
import time
from pathlib import Path

from sbsite.build import BuildError, asset_files, site_facts, source_date_epoch, swap_into_place, sync_files
from sbsite.builder import LiveSite
from sbsite.core.memory import PreviewMemory
from sbsite.features import ALL
from sbsite.features.photos import photos
from sbsite.pipeline import load_site
from sbsite.render import engine as render

WATCHED = ("providers.yaml", "content", "templates", "mkdocs.yml")
QUICK_INTERVAL = 0.1  # seconds between looks at providers.yaml
# Past this many changed pages (lines added near the top of a big providers.yaml move every
# entry below, and each page's 'For editors' line), redoing them one by one is slower
# than a full build on every core: about 25 ms a page against 9 s for 1,000 providers.
QUICK_MAX = 300


def snapshot(root: Path, names=WATCHED) -> dict:
    """Modification times and sizes of every watched file."""
    seen = {}
    for name in names:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for f in files:
            st = f.stat()
            seen[str(f)] = (st.st_mtime_ns, st.st_size)
    return seen


class Preview:
    """Keeps the last preview's pages and MkDocs' state, so a change redoes only what it touched.

    Pages are rendered again only where their data changed (render.render_incremental),
    only changed files are written, and MkDocs redoes just those pages with its own
    functions (sbsite.builder.LiveSite), the edited provider's own pages first, so they
    show at once, then the pages made from every provider (lists, finder and search
    data). Anything the shortcut cannot do exactly as `sbsite build` would (a page
    added or removed, the navigation, mkdocs.yml or the theme changed) builds the
    whole preview again.

    `memory` is what the stages keep from one build to the next (each providers.yaml entry
    parsed and checked, the easy read lines checked, each page's search entry): made once
    here and handed to load_site, which hands it on to every stage. Results are the same as
    without it (tests/test_preview_mkdocs.py compares with a build that remembers nothing).
    """

    def __init__(self, root: Path, out: Path):
        self.root, self.out = root, out
        self.memory = PreviewMemory()
        self.docs = out.parent / "docs"
        self.state = None
        self.files: dict[str, bytes] | None = None
        self.live: LiveSite | None = None
        self.env = None
        self.shape = None  # what a change must leave alone for self.live to stay right

    def _shape(self, site) -> tuple:
        theme = snapshot(self.root, ("mkdocs.yml", "templates"))
        return (render.nav(site), site.council["short_name"], site.settings["url"], theme)

    def rebuild(self, only_providers_changed: bool = False) -> bool:
        """Rebuild the preview; pages are reused only when the caller knows that
        providers.yaml is the only input that changed since the last good preview (serve keeps
        count across failed rebuilds: a file read half-written, or a mistake, then the fix)."""
        reuse = only_providers_changed
        site, problems = load_site(self.root, memory=self.memory)
        if problems:
            print(f"\n{len(problems)} problem(s) found; still showing the last good preview:\n", file=sys.stderr)
            for p in problems:
                print(p.format() + "\n", file=sys.stderr)
            return False
        shape = self._shape(site)
        shown = reuse and self.live is not None and self.files is not None and shape == self.shape \
            and self._edited_providers_first(site)
        tree, state = render.render_incremental(site, self.state if reuse else None)
        files = {rel: text.encode("utf-8") for rel, text in tree.items()}
        del tree
        files.update(asset_files(site.features))
        files.update(photos.assets(site, cache=self.root / "build" / "cache" / "photos"))
        previous = self.files
        if previous is None and self.docs.exists():
            shutil.rmtree(self.docs)
        self.docs.mkdir(parents=True, exist_ok=True)
        sync_files(files, self.docs, previous)
        changed = sorted(rel for rel in files if previous is not None and previous.get(rel) != files[rel])
        quick = (self.live is not None and previous is not None and set(files) == set(previous)
                 and shape == self.shape and len(changed) <= QUICK_MAX)
        if quick:
            # Each provider's own pages first, so an edit shows at once; or, when the edited
            # providers' pages are already showing, the lists of providers, then pages whose only
            # change is the line number of their entry (lines were added or removed above it).
            own = _own_pages(site)
            changed.sort(key=lambda rel: (rel in own) == bool(shown))
        if not (quick and self.live.update(changed, source_date_epoch(site))):
            try:
                self.live = LiveSite.full_build(self.root / "mkdocs.yml", self.docs, self.out, site_facts(site),
                                                swap_into_place)
            except BuildError as exc:
                print(f"\nThe preview could not be built; still showing the last good one:\n{exc}", file=sys.stderr)
                self.files, self.live = None, None  # start clean next time
                return False
        self.state, self.files, self.shape = state, files, shape
        self._templates()
        # Everything kept for the next edit is moved out of the garbage collector's way, so
        # that collections while a change is being checked do not walk it all (hundreds of ms).
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        print(f"Rebuilt at {time.strftime('%H:%M:%S')}.", file=sys.stderr)
        return True

    def _templates(self):
        """Our page templates, compiled once (and again only when one changes)."""
        stamp = render._template_stamp(render.TEMPLATES, ALL)
        if self.env is None or self.env[0] != stamp:
            env = render.environment(features=ALL)
            for path in (p for folder in render.template_folders(render.TEMPLATES, ALL) for p in folder.glob("*.j2")):
                try:
                    env.get_template(path.name)
                except Exception:  # noqa: BLE001 - a template no page uses; rendering would say
                    pass
            self.env = (stamp, env)
        return self.env

    def _edited_providers_first(self, site) -> bool:
        """Render, write and build the pages of the providers whose entries changed, so the
        preview shows them at once; the pages made from every provider follow in rebuild.
        True if it did."""
        before = {p.id: p for p in self.state["site"].providers}
        ids = {p.id for p in site.providers}
        stamp = render._template_stamp(render.TEMPLATES, site.features)
        if set(before) != ids or self.state["templates"] != stamp:
            return False
        # Entries edited, not just moved down the file by lines added above them (whose pages
        # change only in their 'For editors' line number: they come after).
        edited = {p.id for p in site.providers if dataclasses.replace(before[p.id], line=p.line) != p}
        specs = render.all_pages(site)
        paths = render.page_paths(site, specs)
        env = self._templates()[1]
        early = {}
        for spec in specs:
            about = render._about(spec, ids)
            if about is not None and about <= edited and spec.path in self.files:  # not tier lists
                data = render._render_one(env, site, paths, spec).encode("utf-8")
                if data != self.files[spec.path]:
                    early[spec.path] = data
        if not early:
            return False
        for rel, data in early.items():
            (self.docs / rel).write_bytes(data)
        if self.live.update(sorted(early), source_date_epoch(site)):
            self.files = {**self.files, **early}
            print(f"Showing {len(early)} changed page(s); now the pages listing every provider...", file=sys.stderr)
            return True
        self.live = None  # only a full build can be right now
        return False


def _own_pages(site) -> set[str]:
    """Pages made from one provider (its own pages), not from several or all of them."""
    ids = {p.id for p in site.providers}
    return {spec.path for spec in render.all_pages(site) if len(render._about(spec, ids) or ()) == 1}


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, interval: float = 1.0,
          stop: threading.Event | None = None, on_ready=None) -> int:
    root = root.resolve()
    out = root / ".preview" / "site"
    preview = Preview(root, out)
    last = snapshot(root)  # before the first build, so an edit made during it is seen
    preview.rebuild()
    out.mkdir(parents=True, exist_ok=True)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(out), **kw)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Preview at http://{host}:{server.server_address[1]}/ (press Ctrl+C to stop)", file=sys.stderr)
    if on_ready:
        on_ready(server.server_address[1])
    stop = stop or threading.Event()
    providers_file = str(root / "providers.yaml")
    quick = min(interval, QUICK_INTERVAL)
    waited = 0.0
    since_good: set = set()  # files changed since the last good preview
    try:
        while not stop.wait(quick):
            # providers.yaml, the file edited most, is looked at often (one stat); the
            # whole project every `interval`.
            waited += quick
            if waited < interval and snapshot(root, ("providers.yaml",)).get(providers_file) == last.get(providers_file):
                continue
            waited = 0.0
            now = snapshot(root)
            if now != last:
                # Every file changed since the last good preview, not just since the last look:
                # an editor that writes providers.yaml in two steps, or a mistake then its fix,
                # must not make the next good edit rebuild everything (83 s at 10,000 providers).
                since_good |= {f for f in set(now) | set(last) if now.get(f) != last.get(f)}
                last = now
                if preview.rebuild(only_providers_changed=since_good == {providers_file}):
                    since_good = set()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
