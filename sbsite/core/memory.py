"""The live preview's memory: what `sbsite serve` keeps from one build to the next.

An edit to providers.yaml usually changes one entry, yet every build reads, checks and
indexes every provider. The preview makes one PreviewMemory when it starts and hands it
to the stages (sbsite.pipeline.load_site(..., memory=...), which puts it on the Site for
rendering), so they can reuse what the edit did not change. `sbsite build` and
`sbsite check` pass none (None) and remember nothing; with or without it the results are
the same, byte for byte (tests/test_preview_mkdocs.py, tests/test_loader_entries.py).

No module keeps any of this in a global: a stage uses the memory it is handed, or none.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False)
class PreviewMemory:
    """Four stores, one for each stage that can skip work the last build already did.

    entries, parsed (sbsite.load.loader): each entry of a top-level list (a provider in
        providers.yaml) converted to values, with their positions and problems, keyed by
        (file, list name, column, the entry's exact text); and each such file's last text
        and YAML node tree, so that only the entries around a change are parsed again.
        An entry the file no longer has is forgotten at the end of each load of that file;
        a file's parse is replaced each time it is read (dropped when it cannot be reused).
    valid (sbsite.load.validate): mappings found valid against the schema, by identity.
        The loader hands back the very same objects for entries it reused, so an unchanged
        provider is not checked again. Each holds its value, so the id is not reused while
        it is here; cleared when it passes 500,000 (old files' values) rather than grow.
    easy_read (sbsite.features.easy_read): the problems found in each generated easy read
        line, by the word list in force, so lines written for providers that did not change
        are not checked again. Cleared when the word list changes.
    search (sbsite.features.search): each page's search entry with the page text it came
        from, by path, so only pages whose text changed are indexed again. Never cleared:
        an entry is replaced when its page's text changes.

    Everything lives as long as the `sbsite serve` process; the next one starts empty.
    """
    entries: dict = field(default_factory=dict)
    parsed: dict = field(default_factory=dict)
    valid: dict = field(default_factory=dict)
    easy_read: dict = field(default_factory=dict)
    search: dict = field(default_factory=dict)
