"""Site search: a page of its own whose index loads only when a family searches."""
from sbsite.core.feature import Feature
from sbsite.features.search import search

FEATURE = Feature("search", pages=search.pages, post_render=((search.digest, search.combine),))
