"""Easy read: a twin of every council page and provider, the word list, the booklet, the pictures."""
from pathlib import Path

from sbsite.core.feature import Feature, NavEntry
from sbsite.features.easy_read import easy_read
# The face others use (a story's sentences are easy read, and its pictures come from here).
from sbsite.features.easy_read.easy_read import (  # noqa: F401
    PICTURE_DIR, check_picture, check_text, icon_dir, licence_page, load_glossary, svg, twin_key, used_icons)


def _check(ctx):
    easy, problems = easy_read.load(ctx.root, ctx.loaded, ctx.pages, ctx.memory)
    ctx.kept["easy_read"] = easy
    return problems


def _attach(site, ctx):
    return easy_read.attach(site, ctx.kept["easy_read"], ctx.memory)


def _nav(site, paths):
    return [NavEntry(None, 50, {"Easy read": paths["easy:home"]})]


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("easy_read", check=_check, attach=_attach, pages=easy_read.pages, nav=_nav, folder=HERE, assets=("easy-read.css",))
