"""My list: short breaks a family saves on this device, to compare, print or share."""
from pathlib import Path

from sbsite.core.feature import Feature, NavEntry
from sbsite.features.shortlist import shortlist


def _nav(site, paths):
    return [NavEntry("Find a short break", 50, {"My list": paths["shortlist"]})]


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("shortlist", pages=shortlist.pages, nav=_nav, folder=HERE)
