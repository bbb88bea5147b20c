"""With remembered entries (the live preview), loading gives exactly what a fresh load gives."""
import re

import pytest

from sbsite.core.memory import PreviewMemory
from sbsite.load import loader
from sbsite.pipeline import load_site

from conftest import MINIMAL, replace_in


def fresh_and_remembered(text, memory):
    fresh = loader.load_text(text, "providers.yaml", "providers.schema.json")
    again = loader.load_text(text, "providers.yaml", "providers.schema.json", memory=memory)
    return fresh, again


def same(a, b):
    return a.data == b.data and a.where == b.where and a.key_where == b.key_where and a.problems == b.problems


@pytest.fixture
def remembering():
    """The live preview's memory, as `sbsite serve` makes it: one, kept across loads."""
    return PreviewMemory()


def edits(text):
    """A run of edits as someone might make them, each from the one before."""
    first, second = text.index("  - id: alpha-club"), text.index("  - id: beta-breaks")
    alpha = text[first:second]
    yield "unchanged", text
    text = text.replace("summary: A small test club.", "summary: A renamed test club.")
    yield "one field", text
    text = text.replace("summary: A renamed test club.", "summary: A renamed\n      test club on two lines.")
    yield "a line more", text
    yield "a mistake", text.replace("summary: A renamed", "summary: [A renamed", 1)
    repeated = text.replace("  - id: beta-breaks\n", "  - id: beta-breaks\n    id: again\n", 1)
    yield "a repeated field", repeated
    # The entry with the mistake moves down a line: its remembered problem must move with it.
    yield "a repeated field, moved", repeated.replace("test club on two lines.", "test club\n      on three lines.", 1)
    yield "wrong type", text.replace("summary: A renamed", "summary: 12\n    sumary: A renamed", 1)
    text = text + alpha.replace("alpha-club", "gamma-club").replace("Alpha Club", "Gamma Club")
    yield "added at the end", text
    text = text.replace(alpha.split("\n")[0], alpha.replace("alpha-club", "delta").replace("Alpha Club", "Delta")
                        + alpha.split("\n")[0], 1)
    yield "added at the start", text
    yield "with an anchor", text.replace("id: delta", "id: &x delta", 1)
    yield "header changed", "# A comment\n" + text
    yield "removed", text.replace(alpha.replace("alpha-club", "gamma-club").replace("Alpha Club", "Gamma Club"), "")


def test_remembered_entries_load_exactly_as_a_fresh_load(remembering):
    text = (MINIMAL / "providers.yaml").read_text(encoding="utf-8")
    reused = 0
    for label, changed in edits(text):
        kept = dict(remembering.entries)
        fresh, again = fresh_and_remembered(changed, remembering)
        assert same(fresh, again), label
        reused += sum(1 for key in remembering.entries if key in kept)
    # it did remember and reuse entries (so the comparisons above tried the shortcut)
    assert remembering.entries and remembering.parsed and reused


def test_line_numbers_of_problems_follow_moved_entries(remembering, project):
    path = project / "providers.yaml"
    text = path.read_text(encoding="utf-8")
    bad = text.replace("summary: Overnight breaks used by the tests.", "summary: [not, text]")
    path.write_text(bad, encoding="utf-8")
    _, before = load_site(project, memory=remembering)
    path.write_text(bad.replace("summary: A small test club.", "summary: A small\n      test club.\n    # two lines more"),
                    encoding="utf-8")
    _, after = load_site(project, memory=remembering)
    _, fresh = load_site(project)
    assert after == fresh
    assert [p.line for p in after if "summary" in p.message.lower() or p.file == "providers.yaml"] != \
        [p.line for p in before if "summary" in p.message.lower() or p.file == "providers.yaml"]


def test_a_remembering_load_matches_a_fresh_load_after_each_edit(project):
    """The whole load stage with the preview's memory (entries, schema results, easy read
    lines checked) gives the same site and problems as a load that remembers nothing."""
    memory = PreviewMemory()
    glossary = project / "content" / "glossary.yaml"
    words = glossary.read_text(encoding="utf-8")
    steps = [
        ("as it is", lambda: None),
        ("a provider edited", lambda: replace_in(project / "providers.yaml", "summary: A small test club.",
                                                 "summary: A small\n      test club.")),
        # Generated easy read lines use 'social worker': without it in the word list they have a
        # problem, which lines checked against the old list must not hide.
        ("a word taken out of the word list",
         lambda: glossary.write_text(re.sub(r"(?m)^  - word: social worker\n(?:    .*\n)*", "", words), encoding="utf-8")),
        ("the word put back", lambda: glossary.write_text(words, encoding="utf-8")),
    ]
    found = {}
    for label, edit in steps:
        edit()
        site, problems = load_site(project, memory=memory)
        found[label] = problems
        fresh_site, fresh_problems = load_site(project)
        assert problems == fresh_problems, label
        assert site == fresh_site, label
        if site is not None:
            assert site.easy_read.docs == fresh_site.easy_read.docs, label
    assert any("'social worker'" in p.message for p in found["a word taken out of the word list"])
    assert not found["the word put back"]
    assert memory.entries and memory.valid and memory.easy_read  # each store was used
