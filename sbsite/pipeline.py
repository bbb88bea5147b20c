"""The data's whole journey with every feature: load and check, render, and the pages
that are rendered on their own for size tests and benchmarks.

This is the one module that chooses the features (sbsite.features.ALL); the stages
below it take them as an argument, so they never import a feature.
"""
from __future__ import annotations

from pathlib import Path

from sbsite.core import model
from sbsite.core.memory import PreviewMemory
from sbsite.features import ALL
from sbsite.load import project
from sbsite.render import engine


def load_site(root: Path, features=ALL, memory: PreviewMemory | None = None) -> tuple[model.Site | None, list]:
    """Read and check a project with these features (all of them unless told otherwise).
    The live preview passes its `memory` (PreviewMemory) to reuse what the last build
    worked out; without it (`sbsite build`) nothing is kept, with the same result."""
    return project.load_site(root, features, memory)


def finder_alone(site: model.Site) -> dict[str, str]:
    """The finder page (Markdown, as the full build writes it), its index and text files,
    without building the rest of the site: for the size tests and bench/finder_bench.py."""
    return engine.standalone(site, ("finder", "eligibility", "shortlist"), "finder", "finder:")


def shortlist_alone(site: model.Site) -> dict[str, str]:
    """The shortlist page and its shard files, without building the rest of the site: for the
    size tests and the shortlist figures in BENCHMARKS.md."""
    return engine.standalone(site, ("shortlist",), "shortlist", "shortlist:", {"finder": "finder/index.md"})
