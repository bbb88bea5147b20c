"""sbsite.load.crosschecks: one set of checks, the same words from `sbsite check` and `new-provider`."""
from __future__ import annotations

from sbsite.cli import new_provider
from sbsite.load import crosschecks
from sbsite.pipeline import load_site

from conftest import replace_in

TIERS, AREAS = ["open-tier", "assessed-tier"], ["north", "south"]
GOOD = {"id": "a", "tiers": ["open-tier"], "venues": [{"name": "Hall", "area": "north"}], "ages": {"min": 5, "max": 11},
        "sessions": [{"start": "10:00", "end": "12:00", "venue": "Hall"}], "cost": {"free": True},
        "contact": {"phone": "01632 960000"}}


def found(entry):
    return [(f.path, f.message) for f in crosschecks.provider(entry, TIERS, AREAS)]


def test_a_good_entry_has_nothing_to_say():
    assert found(GOOD) == []


def test_each_check_points_inside_the_entry():
    bad = dict(GOOD, tiers=["open-teir"], areas_served=["sooth"], ages={"min": 12, "max": 11},
               sessions=[{"start": "10:00", "end": "09:00", "venue": "Hal"}], cost={"free": True, "amount": 3},
               contact={"name": "Jo"})
    paths = [p for p, _ in found(bad)]
    assert paths == [("tiers", 0), ("areas_served", 0), ("ages", "min"), ("sessions", 0, "end"), ("sessions", 0, "venue"),
                     ("cost", "amount"), ("contact",)]
    assert "Did you mean 'open-tier'?" in found(bad)[0][1]
    assert found(dict(GOOD, venues=[], sessions=[])) == [((), "This provider does not say where it runs.")]


def test_references_to_a_broken_file_are_not_checked():
    assert list(crosschecks.provider(dict(GOOD, tiers=["x"], venues=[{"name": "Hall", "area": "y"}]), [], [])) == []


def test_odd_shapes_are_left_to_the_schema():
    odd = {"tiers": "open-tier", "venues": {"area": "x"}, "areas_served": [None, 3], "ages": {"min": "5", "max": 1},
           "sessions": ["x", {"start": 10, "end": 9}], "cost": [], "contact": "phone"}
    assert found(odd) == []
    assert found(dict(odd, areas_served="north")) == [((), "This provider does not say where it runs.")]


def test_duplicates_give_each_repeat_and_its_first_use():
    assert list(crosschecks.duplicates(["a", "b", "a", None, None, True, True, 1, 1, "a"])) == [
        (2, 0, "a"), (8, 7, 1), (9, 0, "a")]


def test_new_provider_says_what_check_says(project):
    site, _ = load_site(project)
    entry = dict(GOOD, id="new", name="New", tiers=["open-teir"], ages={"min": 12, "max": 11})
    words = new_provider.cross_problems(entry, site)
    replace_in(project / "providers.yaml", "tiers: [open-tier]", "tiers: [open-teir]")
    replace_in(project / "providers.yaml", "ages: {min: 5, max: 11}", "ages: {min: 12, max: 11}")
    _, problems = load_site(project)
    from_check = [p.message.rsplit(" (provider ", 1)[0] + " " + p.fix for p in problems]
    assert words == from_check and len(words) == 2


def test_new_provider_finds_ids_and_names_already_used(project):
    site, _ = load_site(project)
    words = new_provider.cross_problems(dict(GOOD, id="alpha-club", name="Beta Breaks"), site)
    assert words == [
        "There is already a provider with the id 'alpha-club' (providers.yaml, line 2: Alpha Club). "
        "Choose a different id, or edit that entry instead of adding a new one.",
        "There is already a provider called 'Beta Breaks' (providers.yaml, line 28). "
        "Use a different name, or edit that entry instead."]
