"""A corpus of bad inputs across every data file: each one gets a clear message with the
file and line, and none ever raises. Inputs YAML 1.1 would misread are handled instead."""
from __future__ import annotations

import tracemalloc

import pytest

from sbsite.pipeline import load_site

from conftest import run_cli

P = "providers.yaml"
C = "content/council.yaml"
T = "content/tiers.yaml"
E = "content/eligibility.yaml"
PG = "content/pages/help.md"


def sub(old, new):
    return lambda text: _replace(text, old, new)


def _replace(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


def whole(new):
    return lambda text: new


# (id, file, change, text expected in a message, line expected or None for whole-file problems)
BAD = [
    ("yaml-unclosed-bracket", P, sub("tiers: [open-tier]", "tiers: [open-tier"), "", 7),
    ("yaml-tab", P, sub("    name: Alpha Club", "\tname: Alpha Club"), "tab", 3),
    ("yaml-bad-indent", P, sub("    name: Alpha Club", "      name: Alpha Club"), "", 3),
    ("yaml-colon-in-value", P, sub("summary: A small test club.", "summary: Note: a club: here"), "colon", 4),
    ("duplicate-key", P, sub("    name: Alpha Club\n", "    name: Alpha Club\n    name: Other\n"), "appears twice", 4),
    ("duplicate-id", P, sub("id: beta-breaks", "id: alpha-club"), "used twice", 28),
    ("duplicate-name", P, sub("name: Beta Breaks", "name: Alpha Club"), "used twice", 29),
    ("unknown-key", P, sub("    summary: A small", "    sumary: A small"), "Did you mean 'summary'", 4),
    ("wrong-type-age", P, sub("{min: 5, max: 11}", "{min: five, max: 11}"), "whole number", 8),
    ("wrong-type-list", P, sub("tiers: [open-tier]", "tiers: open-tier"), "a list", 6),
    ("wrong-type-bool", P, sub("cost: {free: true}", "cost: {free: maybe}"), "true or false", 19),
    ("empty-file", P, whole(""), "empty", 1),
    ("only-comments", P, whole("# nothing here\n"), "empty", 1),
    ("empty-list", P, whole("providers: []\n"), "at least 1", 1),
    ("top-level-list", P, whole("- id: a\n"), "group of fields", 1),
    ("entry-is-text", P, whole("providers:\n  - just a name\n"), "group of fields", 2),
    ("entry-is-empty", P, whole("providers:\n  -\n"), "empty", 2),
    ("two-documents", P, lambda t: t + "---\nproviders: []\n", "second '---'", None),
    ("non-utf8", P, lambda t: t.replace("A small test club.", "A caf\udce9 club."), "UTF-8", 4),
    ("very-long-value", P, sub("summary: A small test club.", "summary: " + "x" * 20000), "characters long", 4),
    ("alias-bomb", P, lambda t: t + "x: &a [1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nw: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n", "alias", 46),
    ("python-tag", P, sub("name: Alpha Club", "name: !!python/object/apply:os.system ['echo hi']"), "special YAML tag", 3),
    ("custom-tag", P, sub("name: Alpha Club", "name: !secret Alpha"), "special YAML tag", 3),
    ("merge-key", P, sub("    name: Alpha Club\n", "    <<: {name: Alpha Club}\n"), "'<<'", 3),
    ("age-1e3", P, sub("{min: 5, max: 11}", "{min: 5, max: 1e3}"), "whole number", 8),
    ("phone-leading-zero-short", P, sub("phone: 01632 960100", "phone: 0123"), "UK phone number", 24),
    ("date-wrong-format", P, sub("date: 2026-01-10", "date: 10/01/2026"), "date", 26),
    ("date-impossible", P, sub("date: 2026-01-10", "date: 2026-02-30"), "date", 26),
    ("min-above-max", P, sub("{min: 5, max: 11}", "{min: 12, max: 11}"), "more than the oldest", 8),
    ("age-over-25", P, sub("{min: 5, max: 11}", "{min: 5, max: 40}"), "at most 25", 8),
    ("unknown-tier", P, sub("tiers: [open-tier]", "tiers: [open]"), "not a tier", 6),
    ("unknown-area", P, sub("area: north", "area: nowhere"), "not an area", 12),
    ("bad-email", P, sub("email: beta@example.org", "email: beta at example"), "email address", 42),
    ("bad-url-no-scheme", P, sub("phone: 01632 960100", "website: www.example.org"), "web address", 24),
    ("javascript-url", P, sub("phone: 01632 960100", "website: javascript:alert(1)"), "web address", 24),
    ("data-url", P, sub("email: beta@example.org", "website: 'data:text/html,<script>alert(1)</script>'"), "web address", 42),
    ("bad-phone", P, sub("phone: 01632 960100", "phone: call us"), "UK phone number", 24),
    ("time-out-of-range", P, sub('start: "10:00"', 'start: "24:30"'), "24-hour time", 16),
    ("end-before-start", P, sub('end: "12:00"', 'end: "09:00"'), "ends", 17),
    ("bad-enum-day", P, sub("days: [saturday]", "days: [sat]"), "not one of the values", 15),
    ("missing-required", P, sub("    cost: {free: true}\n", ""), "missing the field 'cost'", 2),
    ("missing-nested-required", P, sub("cost: {free: true}", "cost: {direct_payments: true}"), "missing the field 'free'", 19),
    ("free-with-price", P, sub("cost: {free: true}", "cost: {free: true, amount: 3}"), "says free", 19),
    ("no-location", P, sub("    areas_served: [south]\n", ""), "does not say where", 28),
    ("missing-providers-file", P, None, "missing", None),
    ("council-review-before-publish", C, sub("next_review: 2027-01-01", "next_review: 2025-01-01"), "not after", 12),
    ("council-duplicate-area", C, sub("id: south", "id: north"), "used twice", 18),
    ("council-no-yes-trap", C, sub("short_name: Testshire", "short_name: no"), None, None),
    ("council-missing", C, None, "missing", None),
    ("tier-bad-access", T, sub("access: open", "access: anyone"), "not one of the values", 5),
    ("tier-duplicate-number", T, sub("number: 2", "number: 1"), "used twice", 11),
    ("eligibility-age-too-high", E, sub("age: {max: 17}", "age: {max: 30}"), "at most 25", 3),
    ("eligibility-unknown-key", E, sub("residence:", "residance:"), "Did you mean 'residence'", 4),
    ("page-no-front-matter", PG, whole("## Hello\n"), "does not start with its details", 1),
    ("page-front-matter-error", PG, sub("order: 1", "order: [1"), "", 5),
    ("page-unknown-covers", PG, sub("covers: [sendiass]", "covers: [sendias]"), "Did you mean 'sendiass'", 2),
    ("page-top-heading", PG, sub("## Getting help", "# Getting help"), "top-level", 7),
    ("page-bom-crlf", PG, lambda t: "\ufeff" + t.replace("\n", "\r\n"), None, None),
]

# Inputs that YAML 1.1 would misread or that look odd but are fine: they must build as meant.
HANDLED = [
    ("unquoted-time", P, sub('start: "10:00"', "start: 10:30"), lambda s: s.providers[0].sessions[0].start == "10:30"),
    ("yes-no-booleans", P, sub("cost: {free: true}", "cost: {free: yes, carer_free: no}"), lambda s: s.providers[0].cost.free and not s.providers[0].cost.carer_free),
    ("name-no", P, sub("name: Beta Breaks", "name: No"), lambda s: any(p.name == "No" for p in s.providers)),
    ("phone-no-spaces", P, sub("phone: 01632 960100", "phone: 01632960100"), lambda s: s.providers[0].contact["phone"] == "01632960100"),
    ("bom-and-crlf", P, lambda t: "\ufeff" + t.replace("\n", "\r\n"), lambda s: len(s.providers) == 2),
    ("html-in-text", P, sub("description: A club used by the tests.", "description: \"<script>alert(1)</script>\""), lambda s: "<script>" in s.providers[0].description),
    ("unquoted-ratio", P, sub("needs: [autism]", "needs: [autism]\n    support: [1:1, 2:1]"), lambda s: s.providers[0].support == ("1:1", "2:1")),
]


def _apply(root, file, change):
    path = root / file
    if change is None:
        path.unlink()
        return
    text = path.read_text(encoding="utf-8")
    new = change(text)
    path.write_bytes(new.encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_input_gives_a_located_plain_message(project, case):
    name, file, change, text, line = case
    _apply(project, file, change)
    tracemalloc.start()
    site, problems = load_site(project)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if text is None:  # a trap that is handled, listed here to prove it loads
        assert problems == [], [p.format() for p in problems]
        return
    assert site is None and problems, name
    assert peak < 200 * 1024 * 1024
    ours = [p for p in problems if p.file == file] or problems
    formatted = "\n".join(p.format() for p in problems)
    assert any(text.lower() in p.message.lower() for p in ours), formatted
    if line is not None:
        assert any(p.line == line for p in ours), formatted
    for p in problems:
        assert p.message and p.file


@pytest.mark.parametrize("case", HANDLED, ids=[c[0] for c in HANDLED])
def test_yaml_traps_are_read_as_the_author_meant(project, case):
    _, file, change, check = case
    _apply(project, file, change)
    site, problems = load_site(project)
    assert problems == [], [p.format() for p in problems]
    assert check(site)


def test_fifty_megabyte_file_is_refused_quickly_without_reading_it(project):
    with open(project / P, "ab") as f:
        f.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    tracemalloc.start()
    site, problems = load_site(project)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert site is None and "larger than" in problems[0].message
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize("case", [c for c in BAD if c[0] in ("yaml-tab", "alias-bomb", "python-tag", "non-utf8", "missing-providers-file", "page-no-front-matter")], ids=lambda c: c[0])
def test_the_command_exits_1_without_a_traceback(project, case):
    name, file, change, text, line = case
    _apply(project, file, change)
    result = run_cli("check", root=project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and file in result.stderr
