"""The end of every page: "Something wrong on this page? Tell us", and a small "For editors" line.

Families read a phone number and an email to tell the council what is wrong: from
content/council.yaml `council.feedback` (phone, email, opening_hours), or the council's own
phone and email when that is left out. The email link's subject names the page's address, so
the team knows which page without asking. File names and the site that keeps the files are for
editors only, so they go in one small "For editors" line, shown only when the council sets
where its project lives:

    site:
      repository:
        name: GitHub
        edit_url: https://github.com/ORG/REPO/edit/main/{path}
        view_url: https://github.com/ORG/REPO/blob/main/{path}#L{line}

That line links to the file the page is made from and, with a view link, to the right line
(a provider's entry in providers.yaml). Everything goes into the page's front matter as
`sb_suggest`, which templates/overrides/main.html shows.
"""
from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from sbsite.core import formats, model

FOLDERS = ("content/statement", "content/pages", "content/easy-read")


def _id_line(root, file: str, ident: str) -> int | None:
    """The line of '- id: <ident>' in a YAML list file, or None."""
    if root is None:
        return None
    return _id_lines(Path(root) / file).get(ident)


@lru_cache(maxsize=32)
def _id_lines_cached(path: str, mtime: float) -> dict:
    lines = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"""^\s*-\s+id:\s*["']?([a-z0-9-]+)["']?\s*(#.*)?$""", line)
        if m:
            lines.setdefault(m.group(1), n)
    return lines


def _id_lines(path: Path) -> dict:
    try:
        return _id_lines_cached(str(path), path.stat().st_mtime)
    except OSError:
        return {}


def source_for(site: model.Site, spec) -> tuple[str, int | None] | None:
    """The file (and line) a page comes from, or None if we cannot say."""
    given = getattr(spec, "source", None)
    if given:
        return (given, None) if isinstance(given, str) else (given[0], given[1])
    doc = (spec.context or {}).get("doc")  # easy read pages say which file they were written in
    if isinstance(getattr(doc, "source", None), str) and doc.source not in ("", "generated"):
        return (doc.source, None)
    return _source_for_key(site, spec.key)


def _source_for_key(site: model.Site, key: str) -> tuple[str, int | None] | None:
    if key.startswith("easy:"):
        rest = key[len("easy:"):]
        special = {"words": ("content/glossary.yaml", None), "booklet": ("content/easy-read", None)}
        return special.get(rest) or (_source_for_key(site, rest) if ":" in rest else ("content/easy-read", None))
    kind, _, ident = key.partition(":")
    root = getattr(site, "root", None)
    if kind == "provider":
        p = site.provider(ident)
        return ("providers.yaml", p.line if p and p.line else None)
    if kind == "page":
        pg = next((pg for pg in site.pages if pg.slug == ident), None)
        return (pg.source, None) if pg else None
    if kind == "tier":
        return ("content/tiers.yaml", _id_line(root, "content/tiers.yaml", ident))
    if kind == "area":
        return ("content/council.yaml", _id_line(root, "content/council.yaml", ident))
    return {
        "home": ("content/council.yaml", None), "statement": ("content/statement", None),
        "tiers": ("content/tiers.yaml", None), "providers": ("providers.yaml", None),
        "areas": ("content/council.yaml", None), "ages": ("providers.yaml", None),
        "age": ("providers.yaml", None), "local_offer": ("content/pages", None),
        "open_data": ("providers.yaml", None), "shortlist": ("providers.yaml", None),
    }.get(kind)


def tell_us(site: model.Site, page_path: str | None = None) -> dict:
    """Who a family tells when a page is wrong: the feedback contact, else the council's own.

    `page_path` is the page's file in the tree (such as 'providers/x.md'); its web address goes
    in the email's subject so the team can find the page."""
    contact = site.council.get("feedback") or {}
    phone = contact.get("phone") or site.council.get("phone") or ""
    email = contact.get("email") or site.council.get("email") or ""
    hours = contact.get("opening_hours") if contact else site.council.get("opening_hours")
    out = {"phone": phone, "tel": formats.tel_href(phone) if phone else "", "email": email,
           "hours": hours or "", "mailto": ""}
    if email:
        subject = "Something wrong on this page"
        if page_path is not None:
            subject += ": " + page_address(site, page_path)
        out["mailto"] = "mailto:" + email + "?subject=" + quote(subject, safe=":/")
    return out


def page_address(site: model.Site, page_path: str) -> str:
    """The web address a page is published at ('tiers/index.md' -> https://.../tiers/)."""
    base = str(site.settings.get("url") or "/")
    base = base if base.endswith("/") else base + "/"
    folder, name = posixpath.split(page_path)
    stem = posixpath.splitext(name)[0]
    rel = (folder + "/" if folder else "") if stem == "index" else posixpath.join(folder, stem) + "/"
    return base + rel


def links(site: model.Site, source: tuple[str, int | None]) -> dict | None:
    """The editors' links for a page made from `source` (a file and line), or None when the
    council has not said where its files are kept."""
    repo = site.settings.get("repository") or None
    if not repo or not repo.get("edit_url"):
        return None
    path, line = source
    folder = path in FOLDERS or path.endswith("/")
    out = {"source": path + (f", line {line}" if line else ""), "host": repo.get("name") or ""}
    if not folder:
        out["edit"] = repo["edit_url"].replace("{path}", path)
    if repo.get("view_url"):
        view = repo["view_url"]
        if not line and "{line}" in view:
            head, _, frag = view.partition("#")
            view = head if "{line}" in frag else view.replace("{line}", "")
        out["view"] = view.replace("{path}", path).replace("{line}", str(line or ""))
    if "edit" not in out and "view" not in out:
        return None
    return out


def add_front_matter(site: model.Site, spec, text: str) -> str:
    """Put `sb_suggest` into a rendered page's front matter (pages without front matter are left
    alone): the "Tell us" contact always, the editors' links when the council has a repository."""
    if not text.startswith("---\n"):
        return text
    found = tell_us(site, spec.path)
    source = source_for(site, spec)
    editors = links(site, source) if source else None
    if editors:
        found.update(editors)
    # JSON is valid YAML; <, > and & are escaped so front matter stays plain text.
    value = json.dumps(found, ensure_ascii=False, sort_keys=True)
    value = value.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return "---\nsb_suggest: " + value + "\n" + text[4:]
