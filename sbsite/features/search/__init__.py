"""Site search: a page of its own whose index loads only when a family searches."""
from pathlib import Path

from sbsite.core.feature import Feature
from sbsite.features.search import search

HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("search", pages=search.pages, post_render=((search.digest, search.combine),), folder=HERE, assets=("search.js",))
