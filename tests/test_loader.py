"""Loading YAML: line numbers, and the YAML 1.1 surprises handled or caught."""
from sbsite.load.loader import load_text, load_file


def load(text, schema="providers.schema.json"):
    return load_text(text, "t.yaml", schema)


PROVIDER = "providers:\n  - id: a\n    {field}\n"


def field_value(line):
    loaded = load(PROVIDER.format(field=line))
    return loaded.data["providers"][0], loaded


def test_times_stay_as_typed_not_sexagesimal_numbers():
    loaded = load("providers:\n  - sessions:\n      - start: 10:30\n        end: 12:00\n")
    session = loaded.data["providers"][0]["sessions"][0]
    assert session == {"start": "10:30", "end": "12:00"}


def test_support_ratio_unquoted_is_kept_as_text():
    data, _ = field_value('support: [1:1, 2:1]')
    assert data["support"] == ["1:1", "2:1"]


def test_no_in_a_text_field_stays_no_but_means_false_in_a_yes_no_field():
    data, _ = field_value("name: no")
    assert data["name"] == "no"
    data, _ = field_value("siblings_welcome: no")
    assert data["siblings_welcome"] is False
    data, _ = field_value("siblings_welcome: Yes")
    assert data["siblings_welcome"] is True


def test_leading_zero_phone_number_keeps_its_zero():
    data, _ = field_value("contact: {phone: 01632960000}")
    assert data["contact"]["phone"] == "01632960000"


def test_numbers_where_numbers_are_expected():
    data, _ = field_value("ages: {min: 5, max: 1e3}")
    assert data["ages"]["min"] == 5
    assert data["ages"]["max"] == "1e3"  # not a whole number: the schema check reports it


def test_dates_stay_as_text_for_the_date_check():
    data, _ = field_value("reviewed: {date: 2026-09-14}")
    assert data["reviewed"]["date"] == "2026-09-14"


def test_line_and_column_of_each_value():
    loaded = load("providers:\n  - id: a\n    ages:\n      min: 3\n")
    assert loaded.locate(("providers", 0, "ages", "min")) == (4, 12)
    assert loaded.key_where[("providers", 0, "ages")] == (3, 5)


def test_duplicate_keys_are_reported_with_both_lines():
    loaded = load("providers:\n  - id: a\n    name: One\n    name: Two\n")
    [problem] = loaded.problems
    assert problem.line == 4 and "'name' appears twice" in problem.message and "line 3" in problem.message


def test_tab_indentation_gives_a_plain_message():
    loaded = load("providers:\n\t- id: a\n")
    [problem] = loaded.problems
    assert problem.line == 2 and "tab" in problem.message.lower()


def test_aliases_are_refused_so_alias_bombs_cannot_expand():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    loaded = load_text(bomb, "t.yaml")
    assert loaded.problems and all("alias" in p.message for p in loaded.problems)


def test_python_tags_are_refused():
    loaded = load_text("a: !!python/object/apply:os.system ['echo hi']\n", "t.yaml")
    assert "special YAML tag" in loaded.problems[0].message


def test_empty_file():
    loaded = load("")
    assert "empty" in loaded.problems[0].message


def test_bom_windows_line_endings_and_bad_bytes(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_bytes(b"\xef\xbb\xbfproviders:\r\n  - id: a\r\n")
    assert load_file(f, "p.yaml", "providers.schema.json").data == {"providers": [{"id": "a"}]}
    f.write_bytes(b"providers:\n  - name: caf\xe9\n")
    loaded = load_file(f, "p.yaml", "providers.schema.json")
    assert loaded.problems[0].line == 2 and "UTF-8" in loaded.problems[0].message


def test_missing_file(tmp_path):
    loaded = load_file(tmp_path / "nope.yaml", "nope.yaml")
    assert "missing" in loaded.problems[0].message
