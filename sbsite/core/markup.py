"""Make text safe to publish.

Provider text is untrusted: it arrives by pull request from many hands. It may
use Markdown for emphasis, lists and links, but raw HTML is never passed
through, and links keep only http, https, mailto and tel. Single-line values
(names, places) are escaped so Markdown cannot read them as markup either.
"""
from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# Characters Markdown or its extensions might treat as markup, written as entities.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~:<>&\"'^=$%"}


_MD_TABLE = str.maketrans({c: e for c, e in _MD_SPECIAL.items()})


def inline(value) -> Markup:
    """Escape a single-line value so it shows literally inside generated Markdown."""
    return Markup(" ".join(str(value).split()).translate(_MD_TABLE))


def safe_url(url: str) -> str | None:
    """Return the URL if its scheme is allowed, else None."""
    cleaned = "".join(c for c in str(url).strip() if ord(c) > 32 and c != "\x7f")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return None
    return cleaned if scheme in SAFE_SCHEMES else None


class _Sanitise(Treeprocessor):
    """Drop links with unsafe schemes, images and headings from untrusted Markdown."""

    def run(self, root):
        for parent in root.iter():
            for index, el in enumerate(list(parent)):
                if el.tag == "a":
                    href = safe_url(el.get("href", ""))
                    title = el.get("title")
                    el.attrib.clear()
                    if href:
                        el.set("href", href)
                        el.set("rel", "nofollow")
                        if title:
                            el.set("title", title)
                    else:
                        el.tag = "span"
                elif el.tag == "img":
                    span = etree.Element("span")
                    span.text = el.get("alt", "")
                    span.tail = el.tail
                    parent.remove(el)
                    parent.insert(index, span)
                elif el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    el.tag = "p"
                    el.attrib.clear()
                else:
                    # No author-supplied attributes survive (no classes, ids or styles).
                    for attr in list(el.attrib):
                        del el.attrib[attr]


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Sanitise(md), "sbsite_sanitise", 0)
    return md


_MD = _converter()


def rich(value) -> Markup:
    """Render untrusted Markdown to safe HTML: paragraphs, emphasis, lists, safe links."""
    _MD.reset()
    return Markup(_MD.convert(str(value)))


def link(url: str, text, **attrs) -> Markup:
    """An <a> element for a URL we publish; unsafe URLs become plain text."""
    href = safe_url(url)
    if not href:
        return Markup(html.escape(str(text)))
    extra = "".join(f' {k}="{html.escape(str(v))}"' for k, v in sorted(attrs.items()))
    return Markup(f'<a href="{html.escape(href)}"{extra}>{html.escape(str(text))}</a>')
