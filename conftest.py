"""Shared fixtures for every test (in tests/ and in each feature's tests/ folder): a tiny valid project to break on purpose, and the demo project."""
from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sbsite.pipeline import load_site

REPO = Path(__file__).resolve().parent
MINIMAL = REPO / "tests" / "fixtures" / "minimal"

# Each feature keeps its tests in sbsite/features/NAME/tests/; a test may use another
# test file's helpers by name (the story tests use the photo tests' fixtures), so every
# test folder is importable, as tests/ is.
for _folder in sorted((REPO / "sbsite" / "features").glob("*/tests")):
    if str(_folder) not in sys.path:
        sys.path.append(str(_folder))


@pytest.fixture
def project(tmp_path):
    """A copy of the minimal valid project that a test may edit freely."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


def run_cli(*args, root: Path | None = None):
    """Run the real `sbsite` command as a forum member would, capturing what it prints."""
    cmd = [sys.executable, "-m", "sbsite"]
    if root is not None:
        cmd += ["--root", str(root)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=REPO, timeout=300)


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo project built once per test session (read-only: copy it before changing it)."""
    out = tmp_path_factory.mktemp("demo") / "site"
    result = run_cli("build", "--out", str(out), root=REPO)
    assert result.returncode == 0, result.stderr
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request (a test may subclass it to serve differently)."""
    def log_message(self, *args):
        pass


def serve_folder(folder: Path, handler=QuietHandler):
    """Serve a built site folder on loopback; yields its base URL ending in '/' (a generator
    for fixtures to `yield from`)."""
    import functools
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_until(page, expression, timeout=10.0):
    """Wait for a JavaScript expression to be true in the page (or fail saying which)."""
    import time

    end = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.03)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(axe, page, url: str, width: int) -> list:
    """axe's WCAG 2.2 AA and best-practice violations in a page's content at this width, as
    (rule, first three places) pairs: empty when the page passes."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    results = axe.run(page, context=".md-content", options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]


def finder_bench():
    """bench/finder_bench.py, whose build_finder builds one page of the site without the rest."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("finder_bench", REPO / "bench" / "finder_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def demo_server(demo_site):
    """The built demo site served on loopback; yields its base URL ending in '/'."""
    yield from serve_folder(demo_site)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's, never a downloaded one)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs Debian's chromium package.")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="module")
def demo():
    """The demo's checked model (one per test module, so a module's changes stay its own)."""
    site, problems = load_site(REPO)
    assert problems == [], problems
    return site
