"""Untrusted provider text: Markdown for emphasis, lists and links, never raw HTML."""
from html.parser import HTMLParser

import pytest

from sbsite.core.markup import inline, link, rich, safe_url

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "![pic](data:image/svg+xml,<svg onload=alert(1)>)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<div onclick=alert(1)>hi</div>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
]


ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "span", "code", "pre", "br", "blockquote", "hr"}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("attack", ATTACKS)
def test_rich_text_never_passes_markup_or_unsafe_links(attack):
    parser = Elements()
    parser.feed(str(rich(attack)))
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= {"href", "rel", "title"}, attrs
        if "href" in attrs:
            assert attrs["href"].split(":")[0] in ("http", "https", "mailto", "tel"), attrs


def test_rich_keeps_emphasis_lists_and_safe_links():
    out = str(rich("*Hi* there\n\n- one\n- two\n\n[site](https://example.org) [call](tel:01632960000) [mail](mailto:a@example.org)"))
    assert "<em>Hi</em>" in out and "<li>one</li>" in out
    assert 'href="https://example.org"' in out and 'href="tel:01632960000"' in out and 'href="mailto:a@example.org"' in out


def test_headings_in_provider_text_do_not_break_the_page_outline():
    assert "<h1" not in str(rich("# Big"))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd", " javascript:x"])
def test_unsafe_urls_are_refused(url):
    assert safe_url(url) is None
    assert "<a" not in str(link(url, "x"))


def test_inline_values_cannot_become_markdown_or_html():
    out = str(inline("[x](javascript:alert(1)) <b>*y*</b> # z"))
    for ch in "[]()<>*":
        assert ch not in out
    assert "# z" not in out and "javascript:" not in out
