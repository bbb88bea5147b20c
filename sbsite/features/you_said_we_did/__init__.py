"""You said, we did: what families told the council and what it did (SEND Regulations reg 56)."""
from pathlib import Path

from sbsite.core.feature import Feature, NavEntry
from sbsite.features.you_said_we_did import feedback


def _check(ctx):
    return feedback.check(ctx.loaded[feedback.FILE])


def _nav(site, paths):
    return [NavEntry("Your say and updates", 10, {"You said, we did": paths["you_said_we_did"]})]


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("you_said_we_did", check=_check, pages=feedback.pages, nav=_nav, folder=HERE)
