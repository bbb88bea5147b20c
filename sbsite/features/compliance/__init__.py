"""How this site meets the law: the statement and Local Offer checked against the regulations."""
from sbsite.core.feature import Feature
from sbsite.features.compliance import compliance

FEATURE = Feature("compliance", pages=compliance.pages)
