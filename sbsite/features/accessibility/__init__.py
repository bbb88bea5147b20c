"""The accessibility statement (Public Sector Bodies Accessibility Regulations 2018)."""
from pathlib import Path

from sbsite.core.feature import Feature
from sbsite.features.accessibility import accessibility


def _check(ctx):
    return accessibility.check(ctx.loaded[accessibility.FILE])


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("accessibility", check=_check, pages=accessibility.pages, folder=HERE)
