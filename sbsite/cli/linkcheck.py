"""Check the links in a built site, and providers' own web addresses.

`check_internal` serves a built site on this computer (127.0.0.1 only) and runs
LinkChecker over it: every page, stylesheet, script and file the site links to must
exist. External addresses are not fetched, only checked for form. Then every #anchor
is checked against the ids in the page it points to (`check_anchors`: LinkChecker's
own AnchorCheck plugin re-downloads and re-parses a page per anchor, 8 times slower).

`check_external` checks the web addresses providers give (their website, booking
form and any links in their text) and groups the dead ones by provider. It needs a
network; without one it says so plainly instead of calling every link dead.

Data in, data out: these return results; only the CLI prints.
"""
from __future__ import annotations

import contextlib
import csv
import functools
import html
import http.server
import io
import os
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from sbsite.core import markup
from sbsite.core import model

# LinkChecker's settings: phone and email links are not checked (that would mean a
# DNS lookup for every email domain), and our own loopback server is allowed more than
# LinkChecker's polite 10 requests a second.
_LINKCHECKER_RC = """\
[checking]
maxrequestspersecond=1000
threads=4
timeout=30
[filtering]
ignore=
  ^mailto:
  ^tel:
"""


class LinkcheckUnavailable(Exception):
    """LinkChecker is not installed."""


@dataclass(frozen=True)
class Broken:
    url: str          # the link as written
    page: str         # the page it is on
    line: int | None
    column: int | None
    reason: str

    def format(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.page}{where}: the link to '{self.url}' is broken: {self.reason}"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # Tells LinkChecker this server may be checked at full speed (it is ours, on loopback).
        self.send_header("LinkChecker", "sbsite")
        super().end_headers()


@contextlib.contextmanager
def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 at a free port; yields the base URL ending in '/'."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def linkchecker_command() -> list[str]:
    """How to run LinkChecker: the one beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "linkchecker"
    found = str(beside) if beside.exists() else shutil.which("linkchecker")
    if not found:
        raise LinkcheckUnavailable(
            "LinkChecker is not installed, so the links could not be checked. "
            "Run 'make test' once (it installs the test tools), or 'pip install linkchecker'.")
    return [found]


def _parse(output: str, base: str) -> list[Broken]:
    rows = [line for line in output.splitlines() if line and not line.startswith("#")]
    out = []
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        valid = row.get("valid") == "True"
        warning = row.get("warningstring") or ""
        if valid:
            continue
        page = (row.get("parentname") or row.get("url") or "").split("#")[0]
        page = "/" + page[len(base):] if page.startswith(base) else page
        reason = (row.get("result") or "").strip() or warning.strip()
        out.append(Broken(url=row.get("urlname") or row.get("url") or "", page=page,
                          line=int(row["line"]) if (row.get("line") or "").isdigit() else None,
                          column=int(row["column"]) if (row.get("column") or "").isdigit() else None,
                          reason=" ".join(reason.split()) or "not found"))
    return sorted(set(out), key=lambda b: (b.page, b.line or 0, b.url))


def check_url_tree(base_url: str, timeout: int = 600) -> list[Broken]:
    """Run LinkChecker from `base_url` (a site already being served); return the broken links."""
    cmd = linkchecker_command()
    fd, rc_path = tempfile.mkstemp(prefix="sbsite-linkcheckerrc-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(_LINKCHECKER_RC)
        os.chmod(rc_path, 0o644)  # LinkChecker may drop to 'nobody' when run as root
        result = subprocess.run(cmd + ["-f", rc_path, "--no-status", "-o", "csv/utf-8", base_url],
                                capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    finally:
        os.unlink(rc_path)
    # LinkChecker exits 1 when it found errors or warnings; 2 and above is a failure of its own.
    if result.returncode not in (0, 1):
        raise RuntimeError(f"LinkChecker stopped with exit code {result.returncode}: {result.stderr.strip()[-500:]}")
    return _parse(result.stdout, base_url)


class _Anchors(HTMLParser):
    """The ids a page defines, and the links it makes (with their line numbers)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag in ("a", "area") and attrs.get("href"):
            line, col = self.getpos()
            self.links.append((attrs["href"], line, col + 1))


def _target_file(site_dir: Path, page_rel: str, path: str) -> str:
    """The site-relative file a link's path points to (a folder means its index.html)."""
    base = "" if path.startswith("/") else posixpath.dirname(page_rel)
    target = posixpath.normpath(posixpath.join(base, unquote(path).lstrip("/"))) if path else page_rel
    if path.endswith("/") or not posixpath.splitext(target)[1]:
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target


def check_anchors(site_dir: Path) -> list[Broken]:
    """Every link to '#name' (on the same page or another) must find an element with that id."""
    site_dir = Path(site_dir)
    parsed: dict[str, _Anchors] = {}
    for f in sorted(site_dir.rglob("*.html")):
        parser = _Anchors()
        parser.feed(f.read_text(encoding="utf-8", errors="replace"))
        parsed[f.relative_to(site_dir).as_posix()] = parser
    out = []
    for page, parser in parsed.items():
        for href, line, col in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = _target_file(site_dir, page, parts.path)
            found = parsed.get(target)
            if found is None:
                continue  # a missing page: LinkChecker reports it
            if unquote(parts.fragment) not in found.ids:
                shown = "/" + (page[: -len("index.html")] if page.endswith("index.html") else page)
                out.append(Broken(href, shown, line, col,
                                  f"the page has no part called '#{unquote(parts.fragment)}' (no element with that id)"))
    return out


def check_internal(site_dir: Path) -> list[Broken]:
    """Serve the built site in `site_dir` on loopback and return every broken link or anchor."""
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").exists():
        raise FileNotFoundError(f"There is no built site in {site_dir}. Run 'sbsite build' first.")
    with serve(site_dir) as base:
        broken = check_url_tree(base)
    return sorted(set(broken + check_anchors(site_dir)), key=lambda b: (b.page, b.line or 0, b.url))


# --- Providers' own web addresses -------------------------------------------------

_HREF = re.compile(r'href="([^"]+)"')
USER_AGENT = "sbsite-linkcheck (checking a council's short breaks directory)"


@dataclass(frozen=True)
class ExternalResult:
    url: str
    ok: bool
    reason: str = ""
    network_error: bool = False  # no answer at all (no address, no connection, timed out)


def provider_urls(p: model.Provider) -> list[str]:
    """Every http(s) address a provider's listing links to, in the order it appears."""
    urls = [p.contact.get("website") or "", p.booking_url or ""]
    for text in (p.description, p.eligibility, p.booking_how, *[v.access_notes or "" for v in p.venues]):
        if text:
            urls += [html.unescape(u) for u in _HREF.findall(str(markup.rich(text)))]
    seen, out = set(), []
    for u in urls:
        if u and urlsplit(u).scheme in ("http", "https") and u not in seen:
            seen.add(u)
            out.append(u)
    return out


def _fetch(url: str, method: str, timeout: float):
    req = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked above)
        if method == "GET":
            response.read(1024)
        return response.status


def check_url(url: str, timeout: float = 10) -> ExternalResult:
    try:
        try:
            _fetch(url, "HEAD", timeout)
        except urllib.error.HTTPError as exc:
            if exc.code not in (403, 404, 405, 501):  # some servers refuse HEAD: ask again with GET
                raise
            _fetch(url, "GET", timeout)
        return ExternalResult(url, True)
    except urllib.error.HTTPError as exc:
        if exc.code == 429:
            return ExternalResult(url, True, "the website asked us to slow down, so it was not checked")
        return ExternalResult(url, False, f"the website answered {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            return ExternalResult(url, False, "the website's address could not be found", network_error=True)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return ExternalResult(url, False, f"the website did not answer within {timeout:g} seconds", network_error=True)
        return ExternalResult(url, False, f"could not connect ({reason})", network_error=True)
    except (TimeoutError, socket.timeout):
        return ExternalResult(url, False, f"the website did not answer within {timeout:g} seconds", network_error=True)
    except (OSError, ValueError) as exc:
        return ExternalResult(url, False, f"could not connect ({exc})", network_error=True)


@dataclass
class ExternalReport:
    checked: int
    dead: list          # (provider, [ExternalResult, ...]) for each provider with dead links, in site order
    offline: bool       # no link could be reached at all: probably no network


def check_external(site: model.Site, timeout: float = 10, workers: int = 8) -> ExternalReport:
    """Check every provider's web addresses; dead ones are grouped by provider."""
    by_provider = [(p, provider_urls(p)) for p in site.providers]
    urls = sorted({u for _, us in by_provider for u in us})
    if not urls:
        return ExternalReport(0, [], False)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(urls, pool.map(functools.partial(check_url, timeout=timeout), urls)))
    if all(r.network_error for r in results.values()):
        return ExternalReport(0, [], True)
    dead = [(p, [results[u] for u in us if not results[u].ok]) for p, us in by_provider]
    return ExternalReport(len(urls), [(p, bad) for p, bad in dead if bad], False)
