"""How this site meets the law: the statement and Local Offer checked against the regulations."""
from pathlib import Path

from sbsite.core.feature import Feature
from sbsite.features.compliance import compliance

HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("compliance", pages=compliance.pages, folder=HERE)
