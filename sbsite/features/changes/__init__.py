"""What's changed: each listing's last change and a page of recent changes, from git history."""
from pathlib import Path

from sbsite.core.feature import Feature, NavEntry
from sbsite.features.changes import changes


def _nav(site, paths):
    return [NavEntry("Your say and updates", 20, {"What's changed": paths["changes"]})]


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("changes", pages=changes.pages, nav=_nav, template_globals={"last_changed": changes.last_changed}, folder=HERE)
