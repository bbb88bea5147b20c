"""The JSON Schemas are the one source of truth, and every data file tells editors which one it follows."""
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sbsite.load import project
from sbsite.load import schemas

from conftest import REPO

COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
DATA_FILES = sorted([REPO / "providers.yaml"] + list((REPO / "content").rglob("*.yaml")))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_data_file_names_its_schema_on_the_first_line(path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    m = COMMENT.match(first)
    assert m, f"{path.relative_to(REPO)} must start with '# yaml-language-server: $schema=...'"
    target = (path.parent / m.group(1)).resolve()
    assert target.is_file() and target.parent == schemas.SCHEMA_DIR.resolve(), m.group(1)
    name = str(path.relative_to(REPO))
    if name in project.FILES:  # the editor's schema is the one `sbsite check` uses
        assert target.name == project.FILES[name]


def test_every_checked_file_is_in_the_demo():
    for name in project.FILES:
        assert (REPO / name).is_file(), name


@pytest.mark.parametrize("name", sorted(p.name for p in schemas.SCHEMA_DIR.glob("*.schema.json")))
def test_schemas_are_valid_json_schema(name):
    schema = json.loads((schemas.SCHEMA_DIR / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema.get("$id") == name


def test_the_validator_reads_the_schema_files():
    """What the editor reads (the file on disk) is what the validator holds: no copy in the code."""
    for path in schemas.SCHEMA_DIR.glob("*.schema.json"):
        assert schemas.schemas()[path.name] == json.loads(path.read_text(encoding="utf-8"))


def test_a_schema_change_changes_council_validation(project, monkeypatch):
    import copy

    from sbsite.pipeline import load_site

    changed = dict(schemas.schemas())
    changed["council.schema.json"] = copy.deepcopy(changed["council.schema.json"])
    changed["council.schema.json"]["properties"]["site"]["properties"]["review_months"]["maximum"] = 3
    (project / "content/council.yaml").write_text(
        (project / "content/council.yaml").read_text().replace("  url: https://test.example.org/\n",
                                                              "  url: https://test.example.org/\n  review_months: 6\n"))
    assert load_site(project)[1] == []
    monkeypatch.setattr(schemas, "schemas", lambda: changed)
    problems = load_site(project)[1]
    assert any("'review_months' is 6, but it must be at most 3" in p.message and p.line == 15 for p in problems)
