"""Which pages of a built site the browser tests visit: found by walking the site folder,
so pages other features add (easy read, finder, checker...) are covered without a list."""
from __future__ import annotations

from pathlib import Path


def all_pages(site_dir: Path) -> list[str]:
    """Every HTML page's path relative to the site, such as 'providers/alpha-club/index.html'."""
    return sorted(p.relative_to(site_dir).as_posix() for p in Path(site_dir).rglob("*.html"))


def kind_of(rel: str) -> tuple[str, int]:
    """A page's kind: its top folder and how deep it is ('providers' list vs a provider)."""
    parts = rel.split("/")
    return (parts[0] if len(parts) > 1 else rel, len(parts))


def page_kinds(site_dir: Path) -> list[str]:
    """One page of each kind (the first in order), for checks too slow to run on every page."""
    seen: dict = {}
    for rel in all_pages(site_dir):
        seen.setdefault(kind_of(rel), rel)
    return sorted(seen.values())


def url_of(base: str, rel: str) -> str:
    """The address a family would use: folders, not index.html."""
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
