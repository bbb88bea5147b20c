"""The pictures easy read pages and 'what to expect' stories use.

They are Material Design Icons by Pictogrammers (Pictogrammers Free License; the icons
are Apache 2.0), kept in sbsite/data/icons/ with that licence: only the icons in use,
so the site does not depend on where a theme keeps its own copy. To add one, name it in
sbsite/data/pictures.yaml (or in a `picture:` line) and run `python tools/vendor_icons.py`,
which copies every icon in use from the installed mkdocs-material package.
"""
from __future__ import annotations

import re
from sbsite import DATA

ICON_DIR = DATA / "icons"
LICENCE = ICON_DIR / "LICENSE"
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def exists(name: str) -> bool:
    """Whether `name` is an icon in the set (a file name such as 'human-child', no '.svg')."""
    return bool(_NAME.fullmatch(name)) and (ICON_DIR / f"{name}.svg").is_file()


def names() -> list[str]:
    """Every icon in the set."""
    return sorted(p.stem for p in ICON_DIR.glob("*.svg"))


def licence() -> str:
    return LICENCE.read_text(encoding="utf-8")
