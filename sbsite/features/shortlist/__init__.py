"""My list: short breaks a family saves on this device, to compare, print or share."""
from sbsite.core.feature import Feature, NavEntry
from sbsite.features.shortlist import shortlist


def _nav(site, paths):
    return [NavEntry("Find a short break", 50, {"My list": paths["shortlist"]})]


FEATURE = Feature("shortlist", pages=shortlist.pages, nav=_nav)
