"""Site search that costs nothing until a family uses it.

Material's own search downloads the whole index on every page, which breaks our
page-weight budget. Instead, the header links to /search/, and only that page
loads `search/data.js`: the title, summary, headings and text of every page that
is not a provider, tier, area or age listing (families find those with the
finder, whose words search covers providers). The index is made from the
rendered Markdown tree, so it does not depend on MkDocs.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
import re

import yaml
from markdown.extensions.toc import slugify

from sbsite.core import model
from sbsite.core.urls import url_of, versioned

PAGE = "search/index.md"
DATA = "search/data.js"
TEXT_LIMIT = 4000  # characters of each page's text kept for matching

_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)
_HEADING = re.compile(r"^(#{2,3}) (.+?)\s*(?:\{\s*#([\w-]+)[^}]*\})?\s*$", re.M)


def plain(markdown_text: str) -> str:
    """Markdown and HTML reduced to the words a reader sees."""
    text = re.sub(r"<[^>]+>", " ", markdown_text)
    text = re.sub(r"\{\s*[:#.][^}]*\}", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r'^!!! \w+(?: "([^"]*)")?', r"\1", text, flags=re.M)
    text = re.sub(r"^#+ ", "", text, flags=re.M)
    text = re.sub(r"[*_`|]+", " ", text)
    return " ".join(html.unescape(text).split())


def entry(path: str, text: str) -> dict | None:
    """One page's index entry, or None if the page asks to be left out of search."""
    match = _FRONT.match(text)
    try:
        meta = yaml.safe_load(match.group(1)) if match else {}
    except yaml.YAMLError:  # cannot happen for pages render.yaml_str wrote; index what we can
        meta = {}
    meta = meta if isinstance(meta, dict) else {}
    if (meta.get("search") or {}).get("exclude"):
        return None
    body = text[match.end():] if match else text
    headings = []
    for level, words, anchor in _HEADING.findall(body):
        shown = plain(words)
        headings.append([shown, anchor or slugify(shown, "-")])
    return {"t": str(meta.get("title", "")), "u": url_of(path), "s": str(meta.get("description", "")),
            "h": headings, "x": plain(body)[:TEXT_LIMIT]}


def _entry(path: str, text: str, remember: dict | None) -> dict | None:
    """entry(), or the one worked out last time for the same page text when the live
    preview remembers them (`remember`: path -> (text, entry))."""
    if remember is None:
        return entry(path, text)
    known = remember.get(path)
    if known is None or not (known[0] is text or known[0] == text):
        known = remember[path] = (text, entry(path, text))
    return known[1]


def _digest(path: str, text: str, remember: dict | None = None) -> dict | None:
    return _entry(path, text, remember) if path.endswith(".md") and path != PAGE else None


def digest(site: model.Site, path: str, text: str) -> dict | None:
    """What the index needs of one page; worked out where the page is rendered. In the live
    preview the Site carries its memory (PreviewMemory.search), so after an edit only the
    pages whose text changed are indexed again; in a build (no memory) every page is."""
    memory = site.memory
    return _digest(path, text, memory.search if memory is not None else None)


def index(tree: dict[str, str]) -> list[dict]:
    return [item for path in sorted(tree) if (item := _digest(path, tree[path])) is not None]


def _data_js(entries: list[dict]) -> str:
    data = json.dumps({"pages": entries}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Safe inside a script file: no "</script>" or line separators can end it early.
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.sbSearchData={data};\n"


def data_js(tree: dict[str, str]) -> str:
    return _data_js(index(tree))


def combine(site: model.Site, digests: dict[str, dict | None]) -> dict[str, str]:
    """Added after every page is rendered, because the index is made from them."""
    return {DATA: _data_js([digests[path] for path in sorted(digests) if digests[path] is not None])}


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    return [PageSpec("search", PAGE, "search.md.j2", {"script_src": "../assets/" + versioned("search.js", folder=Path(__file__).parent)},
                     source="content/pages")]
