"""The family's way in and way back: the home page's first screen, "My list" in the header of
every page, and the end of every page ("Something wrong on this page? Tell us").

A parent on a small phone must see the main actions without scrolling (issue 14 item 4), must
reach her list from any page without opening the menu, and must never be sent to file names or
GitHub: those are for editors, in one small "For editors" line (item 7).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from site_pages import all_pages, page_kinds, url_of

# Words families must not meet: the name of the site that keeps the files, the site's source
# files (content/..., *.yaml, *.md, templates) and the old "You need a free account" line.
EDITOR_WORDS = re.compile(
    r"GitHub|\bcontent/[\w./-]+|[\w-]+\.(?:ya?ml|md|j2)\b|free account|Suggest a change", re.IGNORECASE)
# Text families read or hear: element text, and these attributes (screen readers say them).
SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "aria-description")
NOT_TEXT = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _FamilyText(HTMLParser):
    """Collects what a family can read or hear on a page, leaving out the "For editors" line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, is this element left out?)
        self.parts: list[str] = []
        self.editors_lines: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        editors = "sb-editors" in (attrs.get("class") or "").split()
        skip = tag in NOT_TEXT or editors
        if not self._skipping() and not skip:
            self.parts += [attrs[a] for a in SPOKEN_ATTRIBUTES if attrs.get(a)]
        if editors:
            self.editors_lines.append("")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        if not self._skipping():
            self.parts += [v for k, v in attrs if k in SPOKEN_ATTRIBUTES and v]

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)
        elif self.editors_lines and any(t == "p" and s for t, s in self.stack) and \
                not any(t in NOT_TEXT for t, _ in self.stack):
            self.editors_lines[-1] += data


def family_text(html: str) -> tuple[str, list[str]]:
    """(what families read, outside the editors' line; the text of each "For editors" line)."""
    parser = _FamilyText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split()), [" ".join(t.split()) for t in parser.editors_lines]


def test_the_text_check_finds_editor_words_outside_the_editors_line():
    """The check below can fail: file names and GitHub are found in text and in spoken attributes,
    and only the "For editors" line is left out."""
    text, editors = family_text(
        '<p>Made from content/council.yaml</p><img alt="on GitHub" src="x.png"><script>var a="GitHub";</script>'
        '<p class="sb-editors">For editors: <a href="x">providers.yaml, line 4</a>. Edit it on GitHub.</p><p>after</p>')
    assert EDITOR_WORDS.findall(text) == ["content/council.yaml", "GitHub"]
    assert editors == ["For editors: providers.yaml, line 4. Edit it on GitHub."]
    assert text.endswith("after")


def test_no_family_visible_text_names_github_or_a_file(demo_site):
    """Every built page: GitHub and file names appear only in the small "For editors" line."""
    pages = all_pages(demo_site)
    assert len(pages) > 100
    found, with_editors_line = [], 0
    for rel in pages:
        text, editors = family_text((demo_site / rel).read_text(encoding="utf-8"))
        found += [(rel, m.group(0), text[max(0, m.start() - 50): m.end() + 50])
                  for m in EDITOR_WORDS.finditer(text)]
        if editors:
            with_editors_line += 1
            assert len(editors) == 1 and editors[0].startswith("For editors:"), (rel, editors)
    assert found == [], found[:10]
    # The editors still have their line, with the file, on every page made from a file.
    assert with_editors_line >= len(pages) - 1


def test_every_page_ends_with_tell_us_from_the_councils_data(demo_site):
    """'Something wrong on this page? Tell us' with the feedback phone and email of
    content/council.yaml on every page (the 404 page is not made from the data)."""
    import yaml

    from conftest import REPO

    feedback = yaml.safe_load((REPO / "content/council.yaml").read_text())["council"]["feedback"]
    for rel in all_pages(demo_site):
        if rel == "404.html":
            continue
        html = (demo_site / rel).read_text(encoding="utf-8")
        assert html.count('<h2 id="sb-suggest">Something wrong on this page? Tell us</h2>') == 1, rel
        block = html[html.index('<div class="sb-suggest">'):]
        assert f'>{feedback["phone"]}</a> ({feedback["opening_hours"]})' in block, rel
        assert f'href="mailto:{feedback["email"]}?subject=' in block, rel


def _header_links(html: str) -> list[str]:
    header = html[html.index("<header"): html.index("</header>")]
    return re.findall(r'<a href="([^"]*)" class="md-header__button sb-header-mylist sb-mylist-link"(?: aria-current="page")?>', header)


def test_my_list_is_in_the_header_of_every_page(demo_site):
    """Not only in the menu: one "My list" link in the header of every built page, to the list."""
    for rel in all_pages(demo_site):
        links = _header_links((demo_site / rel).read_text(encoding="utf-8"))
        assert len(links) == 1, rel
        target = urlsplit(urljoin("https://shortbreaks.example.org/" + rel, links[0])).path
        assert target == "/shortlist/", (rel, links[0])


@pytest.mark.browser
def test_first_screen_of_the_home_page_at_320_by_640(page, demo_server):
    """Easy read, Find a short break and Can we get a short break? are real links, wholly on the
    first screen of a 320 by 640 phone, and go where they say."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(demo_server)
    content = page.locator(".md-content")
    wanted = {"Easy read": "/easy-read/", "Find a short break": "/finder/",
              "Can we get a short break?": "/eligibility-checker/"}
    for name, path in wanted.items():
        links = content.get_by_role("link", name=re.compile(r"^\s*" + re.escape(name) + r"\W*$"))
        on_screen = []
        for i in range(links.count()):
            link = links.nth(i)
            box = link.bounding_box()
            if box and link.is_visible() and box["y"] >= 0 and box["y"] + box["height"] <= 640 \
                    and box["x"] >= 0 and box["x"] + box["width"] <= 320:
                on_screen.append(urlsplit(urljoin(page.url, link.get_attribute("href"))).path)
        assert path in on_screen, (name, on_screen)
    assert page.evaluate("window.scrollY") == 0
    # They come before the rest of the page: the first heading below them is further down.
    first_h2 = content.locator("h2").first.bounding_box()
    assert first_h2["y"] > 400


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_my_list_in_the_header_on_every_page_kind(page, demo_server, demo_site, width):
    """On every kind of page, at phone and desktop widths: "My list" is visible in the header,
    inside the screen, reached by Tab with a visible focus outline, and the page does not scroll
    sideways."""
    page.set_viewport_size({"width": width, "height": 640})
    problems = []
    for rel in page_kinds(demo_site):
        page.goto(url_of(demo_server, rel))
        link = page.locator("header a.sb-header-mylist")
        if not link.is_visible():
            problems.append((rel, "not visible"))
            continue
        box = link.bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > width or box["y"] < 0 or box["y"] + box["height"] > 80:
            problems.append((rel, "outside the header on screen", box))
        name = link.evaluate("a => a.textContent.replace(/\\s+/g, ' ').trim()")
        if not name.startswith("My list"):
            problems.append((rel, name))
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement && document.activeElement.classList.contains('sb-header-mylist')"):
                break
        else:
            problems.append((rel, "Tab never reached My list"))
            continue
        outline = link.evaluate("a => { const s = getComputedStyle(a); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
        if outline[0] == "none" or outline[1] < 2:
            problems.append((rel, "no visible focus", outline))
        wide = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if wide[0] > wide[1]:
            problems.append((rel, "scrolls sideways", wide))
    assert problems == []


@pytest.mark.browser
def test_header_count_shows_the_families_list(page, demo_server):
    """The header's count is the number of short breaks on the family's list, and the link takes
    them to it."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(demo_server + "providers/riverside-inclusive-youth-club/")
    count = page.locator("header .sb-mylist-count")
    assert count.inner_text() == "0"
    before = page.locator("header a.sb-header-mylist").bounding_box()
    page.get_by_role("button", name=re.compile("^Add to my list")).first.click()
    assert count.inner_text() == "1"
    assert page.locator("header a.sb-header-mylist").bounding_box() == before  # nothing moved
    page.goto(demo_server + "statement/")
    assert page.locator("header .sb-mylist-count").inner_text() == "1"
    page.locator("header a.sb-header-mylist").click()
    page.wait_for_url(re.compile(r"/shortlist/"))
    assert page.get_by_role("heading", name="Riverside Inclusive Youth Club").is_visible()
