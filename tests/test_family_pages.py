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

Speed: the HTML check needs no browser. One tab visits every page once at 320px for the width and
the on-screen text. Layout shift is measured on one page of each kind (and My list, search and the
finder in use), at 320px and at desktop width, from a server that sends scripts a little late and
forbids caching: on a phone's connection the page is painted before its scripts run, so anything a
script shows, hides or fills in afterwards moves what the family is already reading. Without the
delay the result would depend on how busy the test machine is.
"""
from __future__ import annotations

import html.parser
import re
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from conftest import QuietHandler, serve_folder

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


# ------------------------------------------------------------------ the browser passes

NAME = """n => !n || n.nodeType !== 1 ? '#text' : n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')
    + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\\s+/).join('.') : '')"""

LOOK = """() => {
  const name = %s;
  /* Reflow: is the document wider than the window, and which elements start the overflow. */
  const root = document.documentElement;
  const width = root.scrollWidth, client = root.clientWidth;
  let wide = [];
  if (width > client) {
    const over = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > client + 0.5; };
    wide = [...document.body.querySelectorAll('*')]
      .filter(e => over(e) && getComputedStyle(e).position !== 'fixed' && !(e.parentElement && over(e.parentElement)))
      .slice(0, 3)
      .map(e => name(e) + ' ends at ' + Math.round(e.getBoundingClientRect().right) + 'px: "'
                + (e.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ') + '"');
  }
  /* The text on screen, leaving out code (it may show Markdown on purpose). Hidden through the
     element's style object: the site's Content-Security-Policy refuses an added <style>. */
  const code = [...document.querySelectorAll('pre, code, kbd, samp')];
  const before = code.map(e => e.style.display);
  code.forEach(e => { e.style.display = 'none'; });
  const text = document.body.innerText;
  code.forEach((e, i) => { e.style.display = before[i]; });
  return {width, client, wide, text};
}""" % NAME

SHIFT = """async () => {
  const name = %s;
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  await frame(); await frame();
  /* Every layout shift since the page started (buffered); none follow input in these tests. */
  const seen = [];
  const po = new PerformanceObserver(list => { seen.push(...list.getEntries()); });
  po.observe({type: 'layout-shift', buffered: true});
  await new Promise(r => setTimeout(r, 50));
  seen.push(...po.takeRecords());
  po.disconnect();
  const shifts = seen.filter(e => !e.hadRecentInput);
  return {cls: shifts.reduce((s, e) => s + e.value, 0),
          movers: [...new Set(shifts.flatMap(e => (e.sources || []).map(s => name(s.node))))].slice(0, 4)};
}""" % NAME


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


def _visit(page, base: str, pages: list[str], measure: str) -> dict:
    """Each built page, then each state, measured with `measure` in the same tab."""
    results = {}
    for rel in pages:
        page.goto(url_of(base, rel), wait_until="load")
        results[rel] = page.evaluate(measure)
    for name, address, ready in _states():
        page.goto(base + address, wait_until="load")
        page.wait_for_selector(ready, state="attached", timeout=10_000)
        results[name] = page.evaluate(measure)
    return results


@pytest.fixture(scope="module")
def survey(browser, demo_server, demo_site):
    """Every built page (and a few states a family reaches by using the tools) visited once in
    one tab at 320 by 640, as a small phone: its width and its on-screen text."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        return _visit(context.new_page(), demo_server, all_pages(demo_site), LOOK)
    finally:
        context.close()


browser_test = pytest.mark.browser


@browser_test
def test_survey_saw_the_pages_families_use(survey, demo_site):
    """The pass really rendered the pages (so the checks below cannot pass on empty pages)."""
    assert len(survey) == len(all_pages(demo_site)) + len(_states())
    assert "Our short breaks statement" in survey["easy-read/index.html"]["text"]
    listed = survey["My list with every short break"]["text"]
    assert listed.count("Phone") >= 10, listed[:500]
    assert all(r["client"] <= 320 for r in survey.values())
    assert "Open data" in survey["open-data/index.html"]["text"]
    assert "GET /services" not in survey["open-data/index.html"]["text"], "code should be left out of the text"


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


def _kinds(site_dir: Path) -> list[str]:
    """One page of each kind: site_pages.page_kinds, but easy read's tier, provider and Local
    Offer twins count as kinds of their own."""
    seen: dict = {}
    for rel in all_pages(site_dir):
        parts = rel.split("/")
        sub = parts[1] if parts[0] == "easy-read" and len(parts) > 3 else ""
        seen.setdefault((parts[0] if len(parts) > 1 else rel, sub, len(parts)), rel)
    return sorted(seen.values())


SCRIPT_DELAY = 0.08  # seconds: enough for the browser to paint the page before its scripts arrive


@pytest.fixture(scope="module")
def late_scripts_server(demo_site):
    """The demo site served on loopback with every script a little late and never cached, as on
    a phone: the page is painted first, so what scripts change afterwards shows as layout shift."""

    class Late(QuietHandler):
        def script(self) -> bool:
            return self.path.split("?")[0].endswith(".js")

        def do_GET(self):
            if self.script():
                time.sleep(SCRIPT_DELAY)
            super().do_GET()

        def end_headers(self):
            if self.script():  # late on every page, not only the first
                self.send_header("Cache-Control", "no-store")
            super().end_headers()

    yield from serve_folder(demo_site, Late)


@browser_test
def test_layout_shift_measure_sees_a_jump(page):
    """The measurement is not blind: text pushed down after the page was painted counts, and
    a page that does not move scores nothing."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.route("http://sbsite.test/", lambda route: route.fulfill(
        content_type="text/html", body="<h1>Title</h1><div id=gap></div>" + "<p>Text a family is reading</p>" * 3))
    page.goto("http://sbsite.test/", wait_until="load")
    assert page.evaluate(SHIFT)["cls"] == 0
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(() => {"
                  " document.getElementById('gap').style.height = '200px'; r(); }, 0)))")
    jumped = page.evaluate(SHIFT)
    assert jumped["cls"] >= CLS_LIMIT and "p" in jumped["movers"], jumped


@browser_test
@pytest.mark.parametrize("width,height", [(320, 640), (1280, 800)], ids=["phone", "computer"])
def test_pages_do_not_jump_while_loading(browser, late_scripts_server, demo_site, width, height):
    """Cumulative Layout Shift under 0.05 (summed over every shift, so at least the CLS a
    browser reports) on one page of each kind: home, statement, tier, provider, its picture
    story, area, age, finder, eligibility checker, My list, search, easy read (home, statement,
    tier, provider, Local Offer), Local Offer, and My list, search and the finder in use."""
    kinds = _kinds(demo_site)
    for needed in ["index.html", "statement/index.html", "eligibility-checker/index.html", "finder/index.html",
                   "shortlist/index.html", "search/index.html", "easy-read/index.html", "local-offer/index.html"]:
        assert needed in kinds, needed
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        results = _visit(context.new_page(), late_scripts_server, kinds, SHIFT)
    finally:
        context.close()
    bad = [f"{where}: layout shift {r['cls']:.3f} (moved: {', '.join(r['movers'])})"
           for where, r in results.items() if r["cls"] >= CLS_LIMIT]
    assert not bad, f"{len(bad)} pages jump while loading at {width}px:\n" + "\n".join(bad)
