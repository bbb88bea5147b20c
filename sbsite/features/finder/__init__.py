"""Find a short break: filters by age, needs, area, days and cost, with and without JavaScript."""
from pathlib import Path

from sbsite.core.feature import Feature, NavEntry
from sbsite.features.finder import finder
from sbsite.features.finder.finder import PAGE  # noqa: F401 (My list links back here)


def _nav(site, paths):
    return [NavEntry("Find a short break", 0, paths["finder"])]


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("finder", pages=finder.pages, nav=_nav, config=finder.FinderConfig(), folder=HERE, assets=("finder.js",))
