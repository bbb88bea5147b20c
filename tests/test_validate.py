"""Each kind of mistake gives a message a forum member can act on, with file and line."""
import pytest

from sbsite.pipeline import load_site

from conftest import replace_in


def problems_for(root):
    site, problems = load_site(root)
    assert site is None
    return problems


def only(problems, text):
    found = [p for p in problems if text in p.message]
    assert found, "\n".join(p.format() for p in problems)
    return found[0]


def test_minimal_project_is_valid(project):
    site, problems = load_site(project)
    assert problems == [] and len(site.providers) == 2


def test_unknown_key_with_did_you_mean(project):
    replace_in(project / "providers.yaml", "    summary: A small", "    sumary: A small")
    problems = problems_for(project)
    p = only(problems, "'sumary' is not a field we know")
    assert p.file == "providers.yaml" and p.line == 4 and "Did you mean 'summary'?" in p.message
    only(problems, "missing the field 'summary'")


def test_wrong_type(project):
    replace_in(project / "providers.yaml", "ages: {min: 5, max: 11}", "ages: {min: five, max: 11}")
    p = only(problems_for(project), "'min' should be a whole number")
    assert p.line == 8 and "'five'" in p.message


def test_missing_required_field(project):
    replace_in(project / "providers.yaml", "    name: Alpha Club\n", "")
    p = only(problems_for(project), "missing the field 'name'")
    assert "'alpha-club'" in p.message and p.line == 2


def test_duplicate_ids(project):
    replace_in(project / "providers.yaml", "id: beta-breaks", "id: alpha-club")
    p = only(problems_for(project), "provider id 'alpha-club' is used twice")
    assert p.line == 28 and "first on line 2" in p.message


def test_unknown_tier_and_area_references(project):
    replace_in(project / "providers.yaml", "tiers: [open-tier]", "tiers: [open-teir]")
    replace_in(project / "providers.yaml", "area: north", "area: nroth")
    problems = problems_for(project)
    assert "Did you mean 'open-tier'?" in only(problems, "'open-teir' is not a tier").message
    assert "Did you mean 'north'?" in only(problems, "'nroth' is not an area").message


def test_min_age_above_max_age(project):
    replace_in(project / "providers.yaml", "ages: {min: 5, max: 11}", "ages: {min: 12, max: 11}")
    p = only(problems_for(project), "youngest age (12) is more than the oldest age (11)")
    assert p.line == 8


@pytest.mark.parametrize("old,new,text", [
    ("phone: 01632 960100", "phone: 12345", "does not look like a UK phone number"),
    ("email: beta@example.org", "email: beta.example.org", "does not look like an email address"),
    ("phone: 01632 960100", "website: javascript:alert(1)", "does not look like a web address"),
    ("date: 2026-01-10", "date: 10/01/2026", "does not look like a date"),
    ('start: "10:00"', 'start: "25:00"', "does not look like a 24-hour time"),
])
def test_bad_formats(project, old, new, text):
    replace_in(project / "providers.yaml", old, new)
    p = only(problems_for(project), text)
    assert p.file == "providers.yaml" and p.line


def test_unquoted_time_is_understood(project):
    replace_in(project / "providers.yaml", 'start: "10:00"', "start: 10:00")
    site, problems = load_site(project)
    assert problems == [] and site.providers[0].sessions[0].start == "10:00"


def test_yes_no_for_true_false(project):
    replace_in(project / "providers.yaml", "cost: {free: true}", "cost: {free: yes}")
    site, problems = load_site(project)
    assert problems == [] and site.providers[0].cost.free is True


def test_bad_enum_value(project):
    replace_in(project / "providers.yaml", "days: [saturday]", "days: [saturdy]")
    p = only(problems_for(project), "'saturdy' is not one of the values allowed")
    assert "Did you mean 'saturday'?" in p.message and p.line == 15


def test_every_problem_in_every_file_at_once(project):
    replace_in(project / "providers.yaml", "name: Alpha Club", "nam: Alpha Club")
    replace_in(project / "content/council.yaml", "published: 2026-01-01", "published: 1 January")
    replace_in(project / "content/tiers.yaml", "access: open", "access: anyone")
    problems = problems_for(project)
    assert {p.file for p in problems} >= {"providers.yaml", "content/council.yaml", "content/tiers.yaml"}


def test_statement_missing_a_required_section(project):
    (project / "content/statement/direct-payments.md").unlink()
    p = only(problems_for(project), "does not cover: Direct payments")
    assert "covers: [direct-payments]" in p.fix


def test_page_front_matter_problems_have_file_lines(project):
    replace_in(project / "content/pages/help.md", "order: 1", "ordr: 1")
    p = only(problems_for(project), "'ordr' is not a field we know")
    assert p.file == "content/pages/help.md" and p.line == 4


def test_page_without_front_matter(project):
    (project / "content/pages/help.md").write_text("## Just text\n")
    only(problems_for(project), "does not start with its details")


def test_schema_is_the_single_source_of_truth(project, monkeypatch):
    """Changing the schema changes validation, with no code change."""
    from sbsite.load import schemas
    original = schemas.schemas()
    changed = {k: v for k, v in original.items()}
    import copy
    changed["providers.schema.json"] = copy.deepcopy(original["providers.schema.json"])
    changed["providers.schema.json"]["$defs"]["provider"]["required"].append("organisation")
    monkeypatch.setattr(schemas, "schemas", lambda: changed)
    only(problems_for(project), "missing the field 'organisation'")


def test_times_are_written_as_gov_uk_writes_them():
    from sbsite.core.formats import clock, time_range
    assert [clock(t) for t in ("09:30", "10:00", "12:00", "00:00", "17:30", "12:15")] == [
        "9:30am", "10am", "midday", "midnight", "5:30pm", "12:15pm"]
    assert time_range("10:00", "15:00") == "10am to 3pm"
    assert time_range("18:00", None) == "from 6pm"
