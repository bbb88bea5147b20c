"""A live preview: rebuild when data, content or templates change, and serve the result.

We do not use `mkdocs serve`, because it watches the folder we generate into.
Instead we poll our own inputs, rebuild into a private folder with the same
code as `sbsite build`, and serve that folder on this machine only. A build
with mistakes prints them and keeps showing the last good preview.
"""
from __future__ import annotations

import http.server
import sys
import threading
import time
from pathlib import Path

from .build import BuildError, build
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


def rebuild(root: Path, out: Path) -> bool:
    site, problems = load_site(root)
    if problems:
        print(f"\n{len(problems)} problem(s) found; still showing the last good preview:\n", file=sys.stderr)
        for p in problems:
            print(p.format() + "\n", file=sys.stderr)
        return False
    try:
        build(site, root, out)
    except BuildError as exc:
        print(f"\nThe preview could not be built; still showing the last good one:\n{exc}", file=sys.stderr)
        return False
    print(f"Rebuilt at {time.strftime('%H:%M:%S')}.", file=sys.stderr)
    return True


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, interval: float = 1.0,
          stop: threading.Event | None = None, on_ready=None) -> int:
    root = root.resolve()
    out = root / ".preview" / "site"
    rebuild(root, out)
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
                last = now
                rebuild(root, out)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
