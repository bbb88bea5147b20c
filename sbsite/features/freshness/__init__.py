"""How up to date the listings are: a notice on stale listings and a page listing them."""
from pathlib import Path

from sbsite.core.feature import Feature, NavEntry
from sbsite.features.freshness import freshness


def _nav(site, paths):
    return [NavEntry("Your say and updates", 30, {"How up to date the listings are": paths["freshness"]})]


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("freshness", pages=freshness.pages, nav=_nav,
                  template_globals={"listing_status": freshness.listing_status}, folder=HERE)
