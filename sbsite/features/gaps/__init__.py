"""Gaps: which needs, ages and times of year have too few short breaks, for commissioners."""
from pathlib import Path

from sbsite.core.feature import Feature
from sbsite.features.gaps import gaps

HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("gaps", pages=gaps.pages, folder=HERE)
