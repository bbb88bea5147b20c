"""Can we get a short break? A checker that answers in the browser and sends nothing."""
from pathlib import Path

from sbsite.core.feature import Feature, NavEntry
from sbsite.features.eligibility import eligibility


def _nav(site, paths):
    return [NavEntry("Find a short break", 40, {"Can we get a short break?": paths["eligibility_checker"]})]


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("eligibility", pages=eligibility.pages, nav=_nav, folder=HERE, assets=("checker.js",))
