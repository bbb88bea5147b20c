"""'Suggest a change': each page knows the file (and line) it is made from."""
from sbsite.core.feature import Feature
from sbsite.features.suggest import suggest

FEATURE = Feature("suggest", page_hooks=(suggest.add_front_matter,))
