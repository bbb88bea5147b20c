"""A live preview: rebuild when data, content or templates change, and serve the result.

We do not use `mkdocs serve`, because it watches the folder we generate into.
Instead we poll our own inputs, check them with the same code as `sbsite build`,
render again only the pages a change touched into .preview/, and serve that
folder on this machine only. Data with mistakes prints them and keeps showing
the last good preview.
"""
from __future__ import annotations

import http.server
import shutil
import sys
import threading
import time
from pathlib import Path

from . import photos, render
from .build import BuildError, asset_files, mkdocs_build, sync_files
from .project import load_site

WATCHED = ("providers.yaml", "content", "templates", "mkdocs.yml")


def snapshot(root: Path) -> dict:
    """Modification times and sizes of every watched file."""
    seen = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for f in files:
            st = f.stat()
            seen[str(f)] = (st.st_mtime_ns, st.st_size)
    return seen


class Preview:
    """Keeps the last preview's pages so a change rebuilds only what it touched.

    Pages are rendered again only where their data changed (render.render_incremental),
    only changed files are written, and MkDocs runs a 'dirty' build that redoes just
    those pages. The navigation and search of a dirty build can lag; the next full
    `sbsite build` is always complete.
    """

    def __init__(self, root: Path, out: Path):
        self.root, self.out = root, out
        self.docs = out.parent / "docs"
        self.state = None
        self.files: dict[str, bytes] | None = None
        self.failed = False  # after a failed rebuild, other files may have changed too

    def rebuild(self, only_providers_changed: bool = False) -> bool:
        """Rebuild the preview; pages are reused only when the caller knows that
        providers.yaml is the only input that changed since the last good preview."""
        reuse = only_providers_changed and not self.failed
        self.failed = True
        site, problems = load_site(self.root)
        if problems:
            print(f"\n{len(problems)} problem(s) found; still showing the last good preview:\n", file=sys.stderr)
            for p in problems:
                print(p.format() + "\n", file=sys.stderr)
            return False
        tree, state = render.render_incremental(site, self.state if reuse else None)
        files = {rel: text.encode("utf-8") for rel, text in tree.items()}
        files.update(asset_files())
        files.update(photos.assets(site, cache=self.root / "build" / "cache" / "photos"))
        first = self.files is None
        if first and self.docs.exists():
            shutil.rmtree(self.docs)
        self.docs.mkdir(parents=True, exist_ok=True)
        sync_files(files, self.docs, self.files)
        try:
            mkdocs_build(self.root / "mkdocs.yml", self.docs, self.out, site, dirty=not first)
        except BuildError as exc:
            print(f"\nThe preview could not be built; still showing the last good one:\n{exc}", file=sys.stderr)
            self.files = None  # start clean next time
            return False
        self.state, self.files, self.failed = state, files, False
        print(f"Rebuilt at {time.strftime('%H:%M:%S')}.", file=sys.stderr)
        return True


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, interval: float = 1.0,
          stop: threading.Event | None = None, on_ready=None) -> int:
    root = root.resolve()
    out = root / ".preview" / "site"
    preview = Preview(root, out)
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
    last = snapshot(root)
    try:
        while not stop.wait(interval):
            now = snapshot(root)
            if now != last:
                changed = {f for f in set(now) | set(last) if now.get(f) != last.get(f)}
                last = now
                preview.rebuild(only_providers_changed=changed == {str(root / "providers.yaml")})
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
