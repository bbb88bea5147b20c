"""sbsite.load.yaml_text: what it writes reads back exactly, and appending keeps every existing byte."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbsite.load import yaml_text
from sbsite.load.loader import load_text

AWKWARD = [
    "yes", "no", "on", "off", "Yes", "NO", "y", "n", "true", "False", "null", "Null", "~", "", "10:30", "12:30:45",
    "0123", "2026", "1e3", "0x1F", ".5", "+1", "-1", "1_000", "2026-04-01", "#", "# not a comment", "a #b", ": ",
    "a: b", "ends:", "- dash", "? question", "[x]", "{x}", "*star", "&amp", "!bang", "%pc", "@at", "`tick`", "|pipe",
    ">fold", '"', "'", 'He said "hi"', "It's 'ours'", "a\\b", "café £3", "Zürich", "日本語", "emoji 🎉👨‍👩‍👧",
    " leading", "trailing ", "  both  ", "tab\there", "one\ntwo", "one\ntwo\n", "\nleading newline", "ends\n\n\n",
    "cr\rhere", "bell\x07", "del\x7f", "nel\x85x", "line\u2028sep", "para\u2029sep", "bom\ufeff", "nbsp\u00a0x",
    "---", "...", "--- x", "1:1", "plain words, with a comma", "http://example.org/a?b=1#c",
]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
MULTILINE = st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=20),
                     min_size=1, max_size=5).map("\n".join) | TEXT


def read_back(text: str):
    """The value under 'k', as the project's loader and as plain YAML 1.1 (PyYAML) read it."""
    ours = load_text(text, "t", None)
    assert not ours.problems, (text, ours.problems)
    return ours.data["k"], yaml.safe_load(text)["k"]


@pytest.mark.parametrize("value", AWKWARD)
@pytest.mark.parametrize("quote_text", [False, True])
def test_awkward_scalars_read_back_exactly(value, quote_text):
    written = yaml_text.scalar(value, quote_text)
    assert "\n" not in written
    assert read_back(f"k: {written}\n") == (value, value), written


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_text_values_read_back_exactly_at_any_depth(value):
    assert read_back(f"k: {yaml_text.text_value(value, '  ')}\n") == (value, value)
    nested = f"k:\n  b:\n    - c: {yaml_text.text_value(value, '        ')}\n      d: 1\n"
    assert load_text(nested, "t", None).data["k"]["b"][0]["c"] == value, nested
    assert yaml.safe_load(nested)["k"]["b"][0]["c"] == value, nested


def test_plain_where_it_is_safe_quoted_otherwise():
    assert yaml_text.scalar("Oak Tree Swimming") == "Oak Tree Swimming"
    assert yaml_text.scalar("Oak Tree Swimming", quote_text=True) == '"Oak Tree Swimming"'
    assert yaml_text.scalar("open-tier", quote_text=True) == "open-tier"
    assert yaml_text.scalar("yes", quote_text=True) == '"yes"'
    assert yaml_text.scalar("10:30") == '"10:30"' and yaml_text.scalar("0123") == '"0123"'
    assert yaml_text.scalar(True) == "true" and yaml_text.scalar(4.5) == "4.5" and yaml_text.scalar(3) == "3"
    from datetime import date
    assert yaml_text.scalar(date(2026, 4, 1)) == "2026-04-01"
    assert yaml_text.block("One\nTwo\n", "  ") == "|\n  One\n  Two"
    assert yaml_text.block("One\n\nTwo", "  ") == "|-\n  One\n\n  Two"
    for inexact in ("one line", "one line\n", " lead\nx", "a \nb", "a\n\n\n", "tab\t\nx", "a\u2028b\nc", "\nx"):
        assert yaml_text.block(inexact, "  ") is None, inexact
    assert yaml_text.flow_list(["a", "yes", "b c"]) == '[a, "yes", b c]'


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=TEXT, quote_text=st.booleans())
def test_any_text_reads_back_exactly(value, quote_text):
    assert read_back(f"k: {yaml_text.scalar(value, quote_text)}\n") == (value, value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=MULTILINE)
def test_any_multiline_text_reads_back_exactly(value):
    text = f"k: {yaml_text.text_value(value, '  ')}\nnext: 1\n"
    assert read_back(text) == (value, value), text


ENTRY = st.fixed_dictionaries({
    "id": st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True), "name": TEXT, "description": MULTILINE,
    "tiers": st.lists(TEXT, max_size=3), "ages": st.fixed_dictionaries({"min": st.integers(0, 25), "max": st.integers(0, 25)}),
    "venues": st.lists(st.fixed_dictionaries({"name": TEXT, "area": TEXT, "access_notes": MULTILINE}), max_size=2),
    "cost": st.fixed_dictionaries({"free": st.booleans(), "amount": st.floats(0, 1000, allow_nan=False), "notes": MULTILINE}),
    "reviewed": st.fixed_dictionaries({"date": st.dates().map(lambda d: d.isoformat()), "by": TEXT}),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=ENTRY, indent=st.sampled_from(["", "  ", "    "]), quote_text=st.booleans(), note=TEXT)
def test_whole_entries_read_back_through_the_providers_schema(entry, indent, quote_text, note):
    note = note or "check"
    lines = yaml_text.entry_lines(entry, indent, header=["# header"], quote_text=quote_text,
                                  comments={("name",): note, ("ages", "min"): note, ("description",): note,
                                            ("venues",): note},
                                  after={("tiers",): ["# a hint", "#   - indented: hint"], ("venues", 0, "area"): ["# x"]})
    text = "providers:\n" + "\n".join(lines) + "\n"
    loaded = load_text(text, "providers.yaml", "providers.schema.json")
    assert not loaded.problems, text
    assert loaded.data["providers"] == [entry], text
    assert yaml.safe_load(text)["providers"] == [entry], text


# ---- appending ----

ENTRY_TEXT = "  - id: new-one\n    name: New One\n"


def append(tmp_path, raw: bytes, text: str = ENTRY_TEXT):
    path = tmp_path / "providers.yaml"
    path.write_bytes(raw)
    target = yaml_text.inspect(path)
    first = yaml_text.append(target, text.replace("  - ", target.item_indent + "- ").replace("    name", target.item_indent + "  name"))
    return target, first, path.read_bytes()


@pytest.mark.parametrize("raw, kept", [
    (b"# c\nproviders:\n  - id: a\n", b"# c\nproviders:\n  - id: a\n"),
    (b"providers:\n  - id: a", b"providers:\n  - id: a"),  # no newline at the end
    (b"providers:\n  - id: a\n# the end\n", b"providers:\n  - id: a\n# the end\n"),
    (b"\xef\xbb\xbfproviders:\n  - id: a\n", b"\xef\xbb\xbfproviders:\n  - id: a\n"),
    (b"providers:\n\n  - id: a\n\n\n", b"providers:\n\n  - id: a\n\n\n"),
    (b"providers:\n", b"providers:\n"),  # nothing yet
    (b"providers: []\n", b"providers:\n"),  # the '[]' goes; nothing else changes
    (b"# c\nproviders: []  # none yet\n# end", b"# c\nproviders:   # none yet\n# end"),  # only the [] goes
    (b"providers: []", b"providers:"),
])
def test_append_keeps_every_byte_above_and_reads_back(tmp_path, raw, kept):
    target, first, after = append(tmp_path, raw)
    assert after.startswith(kept)
    data = yaml.safe_load(after.decode("utf-8-sig"))
    assert data["providers"][-1] == {"id": "new-one", "name": "New One"}
    lines = after.decode("utf-8-sig").split("\n")
    assert lines[first - 1].strip() == "- id: new-one" and lines[first - 2] == ""
    assert not load_text(after.decode("utf-8-sig"), "p", None).problems
    yaml_text.restore(target)
    assert (tmp_path / "providers.yaml").read_bytes() == raw


@pytest.mark.parametrize("raw, indent", [
    (b"providers:\n- id: a\n", ""), (b"providers:\n    - id: a\n", "    "), (b"providers:\n  - id: a\n", "  "),
    (b"providers: []\n", "  "),
])
def test_append_uses_the_lists_own_indent(tmp_path, raw, indent):
    target, first, after = append(tmp_path, raw)
    assert target.item_indent == indent
    assert after.decode().split("\n")[first - 1] == indent + "- id: new-one"
    assert [p["id"] for p in yaml.safe_load(after)["providers"]][-1] == "new-one"


def test_windows_line_endings_are_kept_without_stray_carriage_returns(tmp_path):
    raw = b"providers:\r\n  - id: a\r\n    name: A"  # and no newline at the end
    target, first, after = append(tmp_path, raw)
    assert after.startswith(raw) and b"\r\r" not in after
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert after.decode().split("\r\n")[first - 1] == "  - id: new-one"
    assert len(yaml.safe_load(after)["providers"]) == 2


@pytest.mark.parametrize("raw", [
    b"providers: [{id: a}]\n", b"providers:\n  - id: a\nother: 1\n", b"- a\n", b"providers: {a: 1}\n",
    b"providers: [\n", b"\xff\xfe",
])
def test_files_that_cannot_be_added_to_are_refused_and_left_alone(tmp_path, raw):
    path = tmp_path / "providers.yaml"
    path.write_bytes(raw)
    with pytest.raises(yaml_text.NotAppendable):
        yaml_text.inspect(path)
    assert path.read_bytes() == raw


def test_a_missing_file_is_explained(tmp_path):
    with pytest.raises(yaml_text.NotAppendable, match="could not be read"):
        yaml_text.inspect(tmp_path / "providers.yaml")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(TEXT, max_size=4), quote_text=st.booleans())
def test_any_flow_list_reads_back_exactly(items, quote_text):
    assert read_back(f"k: {yaml_text.flow_list(items, quote_text)}\n") == (items, items)


@pytest.mark.parametrize("value", ["0,", "a, b", "a,b", "a:b", "x:", "0?", "why?", "youth club"])
def test_commas_and_colons_inside_brackets(value):
    assert read_back(f"k: {yaml_text.flow_list([value, 'z'])}\n") == ([value, "z"], [value, "z"])
    assert read_back(f"k: {yaml_text.flow_map({'a': value})}\n") == ({"a": value}, {"a": value})
