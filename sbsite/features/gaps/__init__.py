"""Gaps: which needs, ages and times of year have too few short breaks, for commissioners."""
from sbsite.core.feature import Feature
from sbsite.features.gaps import gaps

FEATURE = Feature("gaps", pages=gaps.pages)
