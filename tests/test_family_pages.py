"""Page-wide checks over EVERY built page of the demo, the way a family meets them (issue 14).

Features keep adding pages (easy read twins, picture stories, tools), and the bugs families met
were on pages no per-feature test looked at: raw Markdown on the easy read home page, a My list
table that scrolled sideways on a phone, a checker that jumped after loading. So these tests walk
the built site folder (tests/site_pages.py), not a list of page kinds, and check:

- no visible text contains Markdown syntax (`](`, `**`, a heading `#` at a line start, a leftover
  `{ .class }`), read both from the HTML (also what no-JavaScript families and screen readers get)
  and from the browser's rendered text (also what JavaScript writes, such as My list's entries);
- at 320px wide nothing scrolls sideways (WCAG 1.4.10 Reflow), naming the element that is too wide;
- the Cumulative Layout Shift of loading each page stays under 0.05 (Core Web Vitals' "good" is
  0.1; content that jumps makes people tap the wrong thing and lose their place).

Speed: one browser, one context and one tab visit every page once at 320px and take all three
measurements from that visit; a second, short pass at desktop width measures layout shift on one
page of each kind (the desktop layout adds the sidebars). The HTML check needs no browser.
"""
from __future__ import annotations

import html.parser
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from site_pages import all_pages, url_of

REPO = Path(__file__).resolve().parent.parent
CLS_LIMIT = 0.05

# Markdown that should have become HTML. Each is a mistake wherever a family can read it: a
# link `[text](page.md)`, bold `**word**`, a heading `## Title` left at the start of a line,
# or an attribute list `{ .class }` / `{: #id }` that Python-Markdown did not apply.
MARKDOWN = [
    ("a Markdown link '](...'", re.compile(r"\]\(")),
    ("bold '**'", re.compile(r"\*\*")),
    ("a heading '#' at a line start", re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+\S")),
    ("an attribute list '{ .x }'", re.compile(r"\{:?[ \t]*[.#][A-Za-z][\w-]*[^{}\n]*\}")),
]


def markdown_in(text: str) -> list[str]:
    """Each Markdown mistake in `text`, with a little of the text around it."""
    found = []
    for name, pattern in MARKDOWN:
        for m in pattern.finditer(text):
            around = text[max(0, m.start() - 40): m.end() + 40].replace("\n", " ")
            found.append(f"{name}: ...{around.strip()}...")
            break
    return found


def test_markdown_finder_catches_each_mistake():
    """The patterns find the mistakes families met, and not ordinary family text."""
    assert markdown_in("[Our short breaks statement](statement.md)")
    assert markdown_in("It is **free** for you")
    assert markdown_in("Intro\n## More easy read\nlinks")
    assert markdown_in("Go to the full version { .sb-easy-switch__link }")
    for fine in ["Call 01632 960 000 (Monday to Friday, 9am to 5pm)", "Tier 1: open to every family",
                 "Ages 5 to 11 [with a parent]", "Room #3 on the first floor", "C# and 5 * 3"]:
        assert not markdown_in(fine), fine


# ------------------------------------------------------------------ (a) from the HTML itself

class _Text(html.parser.HTMLParser):
    """The text a person can meet in a page without running its scripts: every text node
    outside code, pre, script, style and template (including `<noscript>` content, which is
    what families without JavaScript read, and `hidden` parts, which scripts may show), plus
    the alt, title, aria-label and placeholder words screen readers and browsers show."""

    SKIP = {"script", "style", "pre", "code", "template", "kbd", "samp"}
    SAID = ("alt", "title", "aria-label", "placeholder")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # how many skipped elements we are inside
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
            return
        if self.depth == 0:
            for name, value in attrs:
                if name in self.SAID and value:
                    self.parts.append("\n" + value + "\n")
        if tag in ("br", "p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "section"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _Text()
    # html.parser treats noscript's content as markup (scripting "off"), as a no-JS browser does.
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return "".join(parser.parts)


def test_html_text_reader_skips_code_and_reads_noscript(tmp_path):
    """The HTML reader is right about what is readable: code is skipped, hidden and no-script
    text and alt words are kept (so a raw link there is caught)."""
    page = tmp_path / "index.html"
    page.write_text('<body><pre><code>## a heading in code</code></pre><p>Use <code>**x**</code> here</p>'
                    '<noscript><p>[No script](a.md)</p></noscript><ul><li>Fine</li></ul>'
                    '<img alt="**bold alt**"><script>var a = "](";</script></body>', encoding="utf-8")
    text = html_text(page)
    assert "## a heading" not in text and "**x**" not in text and 'var a' not in text
    assert "[No script](a.md)" in text and "**bold alt**" in text


def test_no_page_shows_markdown_in_its_html(demo_site):
    """Every built page, read from its HTML (what families without JavaScript and screen
    readers get), has no Markdown left as text."""
    pages = all_pages(demo_site)
    assert len(pages) > 100, "the demo site should have well over 100 pages"
    bad = []
    for rel in pages:
        for problem in markdown_in(html_text(demo_site / rel)):
            bad.append(f"{rel}: {problem}")
    assert not bad, f"{len(bad)} Markdown mistakes shown as text:\n" + "\n".join(bad)


# ------------------------------------------------------------------ the browser pass

MEASURE = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  await frame(); await frame();
  /* Layout shift: every shift of this load, buffered since the page started (none follow input). */
  const shifts = [];
  const po = new PerformanceObserver(list => { for (const e of list.getEntries()) shifts.push(e); });
  po.observe({type: 'layout-shift', buffered: true});
  await new Promise(r => setTimeout(r, 30));
  for (const e of po.takeRecords()) shifts.push(e);
  po.disconnect();
  const name = n => !n || n.nodeType !== 1 ? '#text' : n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')
      + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\\s+/).join('.') : '');
  const counted = shifts.filter(e => !e.hadRecentInput);
  const cls = counted.reduce((s, e) => s + e.value, 0);
  const movers = [...new Set(counted.flatMap(e => (e.sources || []).map(s => name(s.node))))].slice(0, 4);
  /* Reflow: is the document wider than the window, and which element makes it so. */
  const root = document.documentElement;
  const width = root.scrollWidth, client = root.clientWidth;
  let wide = [];
  if (width > client) {
    const over = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > client + 0.5; };
    const fixed = e => getComputedStyle(e).position === 'fixed';
    wide = [...document.body.querySelectorAll('*')]
      .filter(e => over(e) && !fixed(e) && !(e.parentElement && over(e.parentElement)))
      .slice(0, 3)
      .map(e => name(e) + ' ends at ' + Math.round(e.getBoundingClientRect().right) + 'px: "'
                + (e.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ') + '"');
  }
  /* The text on screen, leaving out code (it may show Markdown on purpose). */
  const hide = document.createElement('style');
  hide.textContent = 'pre, code, kbd, samp { display: none !important; }';
  document.head.appendChild(hide);
  const text = document.body.innerText;
  hide.remove();
  return {cls, movers, width, client, wide, text};
}"""


def _provider_ids() -> list[str]:
    data = yaml.safe_load((REPO / "providers.yaml").read_text(encoding="utf-8"))
    return [p["id"] for p in data["providers"]]


def _states() -> list[tuple[str, str, str]]:
    """Pages as families see them after using them: (name, address, CSS selector to wait for).
    My list holding every short break (its details table is what scrolled sideways), a search
    with results, and the finder with filters from a shared link."""
    ids = ",".join(_provider_ids())
    return [
        ("My list with every short break", "shortlist/?ids=" + quote(ids, safe=","), "#sb-shortlist-items > li"),
        ("search for 'swimming'", "search/?q=swimming", "#sb-search-list > li"),
        ("finder filtered by a shared link", "finder/?age=9&day=sat", "li.sb-card[data-provider-id]"),
    ]


@pytest.fixture(scope="module")
def survey(browser, demo_server, demo_site):
    """Every built page (and a few states a family reaches by using the tools) visited once in
    one tab at 320 by 640, as a small phone: its layout shift, width and on-screen text."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    results = {}
    try:
        for rel in all_pages(demo_site):
            page.goto(url_of(demo_server, rel), wait_until="load")
            results[rel] = page.evaluate(MEASURE)
        for name, address, ready in _states():
            page.goto(demo_server + address, wait_until="load")
            page.wait_for_selector(ready, state="attached", timeout=10_000)
            results[name] = page.evaluate(MEASURE)
    finally:
        context.close()
    return results


browser_test = pytest.mark.browser


@browser_test
def test_survey_saw_the_pages_families_use(survey):
    """The pass really rendered the pages (so the checks below cannot pass on empty pages)."""
    assert "easy-read/index.html" in survey and "shortlist/index.html" in survey
    listed = survey["My list with every short break"]["text"]
    assert listed.count("Phone") >= 10 or listed.count("Call") >= 10, listed[:500]
    assert all(r["client"] == 320 or r["client"] < 320 for r in survey.values())


@browser_test
def test_no_page_shows_markdown_on_screen(survey):
    """What the browser shows on every page (including text scripts write) has no Markdown."""
    bad = [f"{where}: {problem}" for where, r in survey.items() for problem in markdown_in(r["text"])]
    assert not bad, f"{len(bad)} pages show Markdown as text:\n" + "\n".join(bad)


@browser_test
def test_no_page_scrolls_sideways_at_320px(survey):
    """WCAG 1.4.10 Reflow: at 320 CSS pixels wide no page is wider than the window."""
    wide = [f"{where}: {r['width']}px wide in a {r['client']}px window; too wide: {'; '.join(r['wide']) or '?'}"
            for where, r in survey.items() if r["width"] > r["client"]]
    assert not wide, f"{len(wide)} pages scroll sideways at 320px:\n" + "\n".join(wide)


def _shifted(results) -> list[str]:
    return [f"{where}: layout shift {r['cls']:.3f} (moved: {', '.join(r['movers'])})"
            for where, r in results.items() if r["cls"] >= CLS_LIMIT]


@browser_test
def test_pages_do_not_jump_while_loading_on_a_phone(survey):
    """Layout shift while every page loads at 320px, summed over all shifts (at least the CLS
    a browser reports), stays under 0.05."""
    assert not (bad := _shifted(survey)), f"{len(bad)} pages jump while loading:\n" + "\n".join(bad)


def _kinds(site_dir: Path) -> list[str]:
    """One page of each kind: site_pages.page_kinds, but easy read's tier, provider and Local
    Offer twins count as kinds of their own."""
    seen: dict = {}
    for rel in all_pages(site_dir):
        parts = rel.split("/")
        sub = parts[1] if parts[0] == "easy-read" and len(parts) > 3 else ""
        seen.setdefault((parts[0] if len(parts) > 1 else rel, sub, len(parts)), rel)
    return sorted(seen.values())


@browser_test
def test_pages_do_not_jump_while_loading_on_a_computer(browser, demo_server, demo_site):
    """The same at 1280 by 800 on one page of each kind (home, statement, tier, provider, area,
    age, finder, checker, My list, search, easy read, Local Offer...) and on My list with
    short breaks on it."""
    kinds = _kinds(demo_site)
    for needed in ["index.html", "eligibility-checker/index.html", "shortlist/index.html", "finder/index.html",
                   "search/index.html", "statement/index.html"]:
        assert needed in kinds, needed
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    results = {}
    try:
        for rel in kinds:
            page.goto(url_of(demo_server, rel), wait_until="load")
            results[rel] = page.evaluate(MEASURE)
        for name, address, ready in _states():
            page.goto(demo_server + address, wait_until="load")
            page.wait_for_selector(ready, state="attached", timeout=10_000)
            results[name] = page.evaluate(MEASURE)
    finally:
        context.close()
    assert not (bad := _shifted(results)), f"{len(bad)} pages jump while loading:\n" + "\n".join(bad)
