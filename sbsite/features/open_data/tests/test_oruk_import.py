"""`sbsite import-oruk`: round trip of our own export, and another directory's data."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from sbsite.features.open_data import oruk
from sbsite.features.open_data import oruk_import
from sbsite.pipeline import load_site

OTHER = Path(__file__).parent / "fixtures" / "oruk" / "other-directory.json"

# The model fields Open Referral UK carries (with our extra fields). Photos, parents' words and
# "what will happen" stories are not part of the standard, so they do not travel.
CARRIED = ("id", "name", "summary", "description", "tiers", "ages", "needs", "break_types", "cost", "booking_route",
           "booking_how", "booking_url", "reviewed_date", "reviewed_by", "organisation", "services", "support",
           "siblings_welcome", "venues", "areas_served", "sessions", "eligibility", "contact", "languages")


def carried(p) -> dict:
    def norm(x):
        if dataclasses.is_dataclass(x):
            x = dataclasses.asdict(x)
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items() if v not in (None, "", False, (), [])}
        if isinstance(x, (list, tuple)):
            return [norm(v) for v in x]
        return x
    return {f: norm(getattr(p, f)) for f in CARRIED}


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """Export the demo, import it into a fresh copy of the project, and build that."""
    demo, problems = load_site(REPO)
    assert not problems
    src = tmp_path_factory.mktemp("oruk-export") / "services"
    src.mkdir()
    for path, doc in oruk.export(demo, per_page=20).items():
        if path.startswith("open-data/services/"):
            (src / path.rsplit("/", 1)[1]).write_text(oruk.dumps(doc), encoding="utf-8")
    root = tmp_path_factory.mktemp("imported") / "project"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv*", "site", "build", ".git", ".preview", "tests"))
    (root / "providers.yaml").unlink()
    shutil.rmtree(root / "content" / "providers", ignore_errors=True)  # photos do not travel in Open Referral
    result = run_cli("import-oruk", str(src), "--out", str(root / "providers.yaml"), root=root)
    return demo, root, result


def test_round_trip_gives_the_same_providers(round_trip):
    demo, root, result = round_trip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Imported 46 services" in result.stdout
    assert "# TODO check:" not in (root / "providers.yaml").read_text(encoding="utf-8")  # nothing had to be guessed
    assert sum(bool(p.languages) for p in demo.providers) >= 5  # languages (with BSL, Makaton) are carried
    assert "could not be mapped" not in result.stdout
    imported, problems = load_site(root)
    assert problems == []
    assert [p.id for p in imported.providers] == [p.id for p in demo.providers]
    for a, b in zip(demo.providers, imported.providers):
        assert carried(a) == carried(b), a.id


def test_round_trip_builds(round_trip, tmp_path):
    demo, root, _ = round_trip
    result = run_cli("build", "--out", str(tmp_path / "site"), root=root)
    assert result.returncode == 0, result.stderr
    for p in demo.providers:
        assert (tmp_path / "site" / "providers" / p.id / "index.html").is_file()


def test_round_trip_reexports_identically(round_trip):
    """Same ids, same documents: a council can move and keep its Open Referral ids."""
    demo, root, _ = round_trip
    imported, _ = load_site(root)
    assert oruk.export(imported) == oruk.export(demo)


@pytest.fixture
def project(project):
    """The minimal project, with ADHD in its easy read word list: an import may list every need."""
    with (project / "content" / "glossary.yaml").open("a", encoding="utf-8") as f:
        f.write("  - word: ADHD\n    meaning: A condition that makes it hard to sit still or pay attention.\n    picture: child\n")
    return project


def test_other_directory_is_mapped_and_reported(project):
    before = (project / "providers.yaml").read_bytes()
    result = run_cli("import-oruk", str(OTHER), root=project)
    assert result.returncode == 0, result.stdout + result.stderr
    after = (project / "providers.yaml").read_bytes()
    assert after.startswith(before)  # every existing byte kept
    out = result.stdout
    assert "Imported 2 services" in out
    for words in ("'Oak Tree Holiday Club'", "'Holiday activities'", "'Wheelchair users'", "'Atlantis'",
                  "maximum_age: 99 is outside 0 to 25", "'12345' does not look like a UK number",
                  "'www.oaktree.example' is not a web address", "virtual location", "schedules 3",
                  "had HTML tags", "'Bare Service'", "tiers: no tier in the data",
                  "languages: 'Cornish' is not a language in our list"):
        assert words in out, words
    text = after[len(before):].decode("utf-8")
    assert "# TODO check" in text
    site, problems = load_site(project)
    assert problems == []
    oak = next(p for p in site.providers if p.name == "Oak Tree Holiday Club")
    assert oak.id == "oak-tree-holiday-club" and oak.organisation == "Oak Tree Trust"
    assert oak.tiers == ("open-tier",)  # the default, marked TODO
    assert oak.needs == ("autism",)  # matched by its name
    assert oak.ages == (5, 25)
    assert oak.venues[0].area == "north" and oak.venues[0].postcode == "TT1 2AB"
    assert oak.venues[0].access == ("step-free",) and "Dogs welcome" in oak.venues[0].access_notes
    assert oak.areas_served == ("south",)
    assert oak.languages == ("bsl", "polish")  # by ISO 639 code, and by name; in our order
    assert [(s.days, s.start, s.end, s.when) for s in oak.sessions] == [
        (("monday", "wednesday"), "09:00", "15:00", "school-holidays"), (("saturday",), "10:00", "12:00", "all-year")]
    assert "First Saturday" in oak.sessions[1].notes
    assert oak.cost.amount == 5 and oak.cost.per == "hour" and "Sibling discount" in oak.cost.notes
    assert oak.contact == {"name": "Club leader", "phone": "01632 960900", "email": "oaktree@example.org", "website": None}
    assert "<p>" not in oak.description and "Den building" in oak.description
    bare = next(p for p in site.providers if p.name == "Bare Service")
    assert bare.contact["phone"] == "01632 960000"  # the council's number, marked TODO
    assert set(bare.areas_served) == {"north", "south"}
    assert run_cli("check", root=project).returncode == 0


def test_mapping_file_maps_their_terms(project, tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text('tiers: {"Holiday activities": assessed-tier}\nneeds: {"Wheelchair users": physical-disability}\n'
                       'areas: {"Atlantis": north}\n', encoding="utf-8")
    result = run_cli("import-oruk", str(OTHER), "--map", str(mapping), root=project)
    assert result.returncode == 0, result.stderr
    assert "'Holiday activities'" not in result.stdout and "'Atlantis'" not in result.stdout
    site, _ = load_site(project)
    oak = next(p for p in site.providers if p.name == "Oak Tree Holiday Club")
    assert oak.tiers == ("assessed-tier",)
    assert oak.needs == ("autism", "physical-disability")
    assert oak.areas_served == ("south", "north")


def test_importing_twice_does_not_duplicate(project):
    assert run_cli("import-oruk", str(OTHER), root=project).returncode == 0
    again = run_cli("import-oruk", str(OTHER), root=project)
    assert "already listed" in again.stdout and "Imported 0 services" in again.stdout
    assert run_cli("check", root=project).returncode == 0


def test_out_never_overwrites(project):
    result = run_cli("import-oruk", str(OTHER), "--out", str(project / "providers.yaml"), root=project)
    assert result.returncode == 1 and "does not overwrite" in result.stderr


@pytest.mark.parametrize("content, words", [
    ("not json", "is not a JSON file"),
    ('{"hello": 1}', "No services were found"),
])
def test_unreadable_input_is_explained(project, tmp_path, content, words):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = run_cli("import-oruk", str(bad), root=project)
    assert result.returncode == 1 and words in result.stderr and "How to fix" in result.stderr
    assert "Traceback" not in result.stderr


def test_yaml_writer_keeps_text_exact():
    for text in ("one line", "two\nlines\n", "ends without newline\nsecond", "  leading spaces\nx\n", "tab\there",
                 'quotes " and \\ backslash', "yes", "123", "a: b", "# hash", "trailing \nspace\n", "many\n\n\n"):
        entry = {"id": "x", "description": text}
        import yaml
        assert yaml.safe_load(oruk_import.to_yaml(entry, {}, ""))[0]["description"] == text, repr(text)
