"""The one interface every feature of the site declares, and the page it makes.

A feature (the finder, easy read, open data...) is a folder under sbsite/features/
whose `__init__.py` declares one `FEATURE = Feature(...)`. The stages call its hooks
in the order the data flows, and nothing else of the feature:

    load → check(ctx)          every problem in the raw files the feature reads
         → provider_fields(p)  the model.Provider fields it fills from a provider's data
         → attach(site, ctx)   add what the feature works out to the checked model
    render → pages(site)       the pages it adds (PageSpec)
           → nav(site, paths)  its entries in the site's menu
           → template_globals  functions any template may call
           → page_hooks        change each rendered page (front matter...)
           → post_render       files made from every rendered page (the search index)
    build → folder, assets     its templates, and the scripts and styles copied to assets/

The stages take the features they are given (sbsite.features.ALL by default), so core
code never imports a feature and a feature never imports the stages: there is no
import cycle, and a feature can be left out by leaving it out of the tuple. The
hook names follow Datasette's named hooks; `config` follows Material's typed plugin
config: a frozen dataclass of the feature's settings with their defaults.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping


@dataclass(frozen=True)
class PageSpec:
    """One file in the tree: a key other pages link to, its path, and how to make it.

    `template` renders Markdown with `context`; a spec with `text` instead is written
    as it is (JSON data, a calendar file...).
    """
    key: str
    path: str
    template: str | None = None
    context: dict = field(default_factory=dict)
    text: str | None = None
    # Or a function of no arguments that returns the text, for costly files (calendars,
    # open data): called while rendering, which may run in parallel.
    make: object = None
    # The data file the page is made from, for its 'For editors' line: a path such as
    # 'content/finder.yaml', or (path, line). Core pages are worked out in suggest.py.
    source: str | tuple | None = None


@dataclass
class LoadContext:
    """What the load stage read, handed to each feature's `check` and `attach`.

    `kept` is where a feature keeps what its check parsed for its attach (by feature
    name), so it is read once and no module keeps it between builds. `memory` is the
    live preview's memory between builds (sbsite.core.memory.PreviewMemory), or None
    (`sbsite build`): a feature that reads files or checks text may reuse what it holds.
    """
    root: Path
    loaded: dict            # file name → sbsite.load.loader.Loaded
    pages: dict             # "pages" / "statement_sections" → [(slug, file name, data)]
    kept: dict = field(default_factory=dict)
    memory: Any = None


@dataclass(frozen=True)
class NavEntry:
    """One entry a feature adds to the menu: into `section` (a top-level heading, or
    None for the top level itself), at `order` among that section's entries."""
    section: str | None
    order: int
    entry: Any


@dataclass(frozen=True)
class Feature:
    """A feature as the stages see it. Every hook is optional."""
    name: str
    # load stage
    check: Callable[[LoadContext], list] | None = None
    # fields of model.Provider the feature fills from a provider's validated data
    provider_fields: Callable[[dict], dict] | None = None
    attach: Callable[[Any, LoadContext], tuple[Any, list]] | None = None
    # render stage
    pages: Callable[[Any], list[PageSpec]] | None = None
    nav: Callable[[Any, dict], list[NavEntry]] | None = None
    template_globals: Mapping[str, Callable] = field(default_factory=dict)
    page_hooks: tuple[Callable[[Any, PageSpec, str], str], ...] = ()
    # (digest(site, path, text), combine(site, {path: digest})): a digest of each page, made
    # where the page is rendered (maybe a forked worker), then the files made from them all.
    post_render: tuple[tuple[Callable, Callable], ...] = ()
    # build stage: the feature's own folder (its templates are found there) and the
    # files in it copied to the site's assets/ folder.
    folder: Path | None = None
    assets: tuple[str, ...] = ()
    config: Any = None


def has(features, name: str) -> bool:
    """Whether the feature called `name` is among `features` (some pages link to another
    feature's pages only when it is there)."""
    return any(f.name == name for f in features)
