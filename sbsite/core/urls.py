"""Where a page of the Markdown tree is published, and how pages and scripts link to it.

One rule, used by every feature: builders publish `a/b.md` at `a/b/`, `a/index.md` at `a/`
and `index.md` at the site's root (MkDocs' `use_directory_urls`, which ProperDocs and
Zensical share). If that setting ever changes, this file is the only one to change.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path


def url_dir(md_path: str) -> str:
    """The folder a page is published in, from the site's root: a/b.md → a/b, a/index.md → a."""
    stem = md_path[:-3] if md_path.endswith(".md") else md_path
    if stem == "index":
        return ""
    return stem[: -len("/index")] if stem.endswith("/index") else stem


def url_of(md_path: str) -> str:
    """The published address of a page, relative to the site root ('' for the home page)."""
    folder = url_dir(md_path)
    return folder + "/" if folder else ""


def page_url(from_md: str, to_md: str) -> str:
    """The link from one page to another as they are published."""
    rel = posixpath.relpath(url_dir(to_md) or ".", url_dir(from_md) or ".")
    return "./" if rel == "." else rel + "/"


def versioned(name: str, text: str | None = None, folder: Path | None = None) -> str:
    """An asset name with a short content hash, so browsers never pair new pages with old
    scripts: the hash of `text`, or of the file `name` in `folder`."""
    data = text.encode("utf-8") if text is not None else (Path(folder) / name).read_bytes()
    return f"{name}?v={hashlib.sha256(data).hexdigest()[:10]}"


def dumps(data) -> str:
    """Deterministic, compact JSON (sorted keys) that is also safe inside a script file."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")
