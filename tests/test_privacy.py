"""Privacy: the site talks only to itself, sets no cookies and carries a Content Security
Policy that allows only its own origin.

Families should be able to look for help for their child without anyone else knowing:
no fonts, CDNs, analytics or widgets from other hosts, nothing stored on their device.
The policy is a <meta http-equiv> (the site is static, so it cannot rely on headers).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from site_pages import all_pages, page_kinds, url_of

SELF_ONLY = ["default-src", "script-src", "style-src", "font-src", "connect-src", "worker-src", "media-src",
             "base-uri", "form-action"]
# Resource-loading attributes, by tag; <a href> is navigation, chosen by the family, so not here.
LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
         "embed": "src", "object": "data", "track": "src", "input": "src"}
LINK_LOADS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}


def policy(content: str) -> dict[str, list[str]]:
    out = {}
    for part in content.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head_order: list[str] = []
        self.in_head = False
        self.csp: str | None = None
        self.problems: list[str] = []
        self.in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        where = f"line {self.getpos()[0]}: <{tag}>"
        if tag == "head":
            self.in_head = True
        if self.in_head and tag in ("meta", "link", "script", "style"):
            if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
                self.csp = a.get("content")
                self.head_order.append("csp")
            elif tag != "meta":
                self.head_order.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{where} has an event handler attribute '{name}'")
            if name == "style":
                self.problems.append(f"{where} has a style attribute (the policy blocks inline styles)")
        if tag == "style":
            self.problems.append(f"{where} is an inline stylesheet (put styles in assets/*.css)")
        if tag == "script":
            if not a.get("src") and a.get("type") != "application/json":
                self.problems.append(f"{where} is an inline script (put scripts in assets/*.js)")
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"{where} embeds another document")
        url = a.get(LOADS.get(tag, ""))
        if tag == "link" and LINK_LOADS & set((a.get("rel") or "").lower().split()):
            url = a.get("href")
        if tag == "link" and {"preconnect", "dns-prefetch"} & set((a.get("rel") or "").lower().split()):
            self.problems.append(f"{where} connects to {a.get('href')}")
        if url and (urlsplit(url).scheme in ("http", "https") or url.startswith("//")):
            self.problems.append(f"{where} loads {url} from another host")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def test_every_page_carries_the_policy_first_and_has_no_inline_code(demo_site):
    problems = []
    pages = all_pages(demo_site)
    for rel in pages:
        parser = _Page()
        parser.feed((demo_site / rel).read_text(encoding="utf-8"))
        problems += [f"{rel}, {p}" for p in parser.problems]
        if parser.csp is None:
            problems.append(f"{rel}: no Content-Security-Policy <meta>")
            continue
        if parser.head_order[0] != "csp":
            problems.append(f"{rel}: the policy must come before every script and stylesheet, not after {parser.head_order[0]}")
        rules = policy(parser.csp)
        for directive in SELF_ONLY:
            if rules.get(directive) != ["'self'"]:
                problems.append(f"{rel}: {directive} is {rules.get(directive)}, not only 'self'")
        if not set(rules.get("img-src", ["*"])) <= {"'self'", "data:"}:
            problems.append(f"{rel}: img-src allows {rules.get('img-src')}")
        for directive in ("object-src", "frame-src"):
            if rules.get(directive) != ["'none'"]:
                problems.append(f"{rel}: {directive} should be 'none'")
    assert len(pages) > 40
    assert not problems, "\n".join(problems)


def test_stylesheets_load_nothing_from_other_hosts(demo_site):
    bad = []
    for css in demo_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r"""url\(\s*['"]?((?:https?:)?//[^)'"]+)|@import\s+(?:url\()?['"]?((?:https?:)?//[^)'";]+)""", text):
            bad.append(f"{css.relative_to(demo_site)}: {m.group(1) or m.group(2)}")
    assert not bad, "Stylesheets load from other hosts:\n" + "\n".join(bad)


RECORD_VIOLATIONS = """
window.__sbViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__sbViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile || ''}:${e.lineNumber})`));
"""


@pytest.mark.browser
def test_a_visit_stays_on_the_site_sets_no_cookies_and_breaks_no_policy(browser, demo_server, demo_site):
    """Visit one page of every kind and use search, recording every request the browser makes."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if "Content Security Policy" in m.text else None)
    try:
        visited = page_kinds(demo_site)
        for rel in visited:
            page.goto(url_of(demo_server, rel))
            page.wait_for_load_state("networkidle")
            problems += [f"{rel}: {v}" for v in page.evaluate("window.__sbViolations")]
            stored = page.evaluate("[document.cookie, localStorage.length, sessionStorage.length]")
            if stored != ["", 0, 0]:
                problems.append(f"{rel}: stored something on the device (cookie, localStorage, sessionStorage): {stored}")
        page.goto(demo_server + "search/?q=statement")
        page.wait_for_selector(".sb-search__list li", timeout=10_000)
        page.locator(".sb-search__list a").first.click()
        page.wait_for_load_state("networkidle")
        problems += [f"after search: {v}" for v in page.evaluate("window.__sbViolations")]
        cookies = context.cookies()
    finally:
        context.close()
    assert len(visited) >= 10 and len(requests) > len(visited)
    elsewhere = sorted({u for u in requests if not u.startswith(demo_server) and urlsplit(u).scheme not in ("data", "blob")})
    assert not elsewhere, "Requests to other hosts:\n" + "\n".join(elsewhere)
    assert cookies == [], cookies
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_policy_is_enforced(browser, demo_server):
    """If something did slip an inline script or a tracker in, the browser would refuse it."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    try:
        page.goto(demo_server)
        page.evaluate("""() => {
            const s = document.createElement('script'); s.textContent = 'window.__sbRan = true'; document.body.appendChild(s);
            const img = new Image(); img.src = 'https://tracker.example.invalid/pixel.gif';
            document.body.appendChild(img);
        }""")
        fetched = page.evaluate("fetch('https://tracker.example.invalid/collect').then(() => 'sent', () => 'refused')")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__sbRan === undefined"), "an inline script ran"
        assert fetched == "refused"
        blocked = " ".join(page.evaluate("window.__sbViolations"))
        assert "script-src" in blocked and "img-src" in blocked and "connect-src" in blocked, blocked
    finally:
        context.close()
