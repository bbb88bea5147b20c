"""The one vocabulary (sbsite/core/vocabulary.py) agrees with the schema, and everything that
shows a value to a family reads its words from there."""
import json

import yaml

from sbsite import DATA, SCHEMAS
from sbsite.core import model, vocabulary
from sbsite.features.easy_read import easy_read
from sbsite.features.open_data import oruk, oruk_import


def _schema_enums() -> dict[str, list]:
    schema = json.loads((SCHEMAS / "providers.schema.json").read_text(encoding="utf-8"))
    found = {}

    def walk(node, name=None):
        if isinstance(node, dict):
            if "enum" in node and name:
                found.setdefault(name, node["enum"])
            for key, value in node.items():
                walk(value, name if key == "items" else key if isinstance(value, dict) else name)
        elif isinstance(node, list):
            for value in node:
                walk(value, name)
    walk(schema)
    return found


def test_every_word_list_matches_the_schema_value_for_value_in_order():
    enums = _schema_enums()
    for name, terms in vocabulary.SCHEMA_ENUMS.items():
        assert name in enums, f"the schema has no enum called {name!r}"
        assert [t.value for t in terms] == enums[name], name


def test_every_value_has_a_label_families_can_read_and_labels_are_not_repeated():
    for name, terms in vocabulary.SCHEMA_ENUMS.items():
        labels = [t.label for t in terms]
        assert all(label and label[0].isupper() or label.startswith("a") for label in labels), name
        assert len(set(labels)) == len(labels), name


def test_easy_read_sentences_and_pictures_come_from_the_vocabulary():
    pictures = yaml.safe_load((DATA / "pictures.yaml").read_text(encoding="utf-8"))
    names = set(pictures) | set(pictures.get("pictures", {}))
    for terms in (vocabulary.ACCESS, vocabulary.ROUTES, vocabulary.BREAK_TYPES, vocabulary.LANGUAGES):
        for t in terms:
            if t.easy:
                assert t.picture in names, f"{t.value}: no picture called {t.picture!r} in pictures.yaml"
                assert len(t.easy.split()) <= 15 and t.easy.endswith("."), t.value
    assert easy_read._ACCESS["hoist"] == ("There is a hoist to help lift people.", "hoist")
    assert easy_read._NEEDS == {t.value: t.easy for t in vocabulary.NEEDS}


def test_labels_open_data_and_imports_read_the_same_words():
    assert model.ACCESS_LABELS["changing-places"] == "Changing Places toilet"
    assert oruk.SUPPORT_LABELS == vocabulary.labels(vocabulary.SUPPORT)
    words = oruk_import.ACCESS_WORDS
    assert words["wheelchair"] == "step-free" and words["induction loop"] == "hearing-loop"
    assert words["changing places toilet"] == "changing-places"  # the label itself is a word for it
    assert list(words) == sorted(words, key=lambda w: (-len(w), w))  # the most specific words first


def test_only_breaks_delivered_at_home_come_to_you():
    assert model.AT_HOME == ("day-care-at-home", "overnight-at-home")


def test_languages_have_the_iso_639_codes_open_referral_wants():
    codes = {t.value: t.code for t in vocabulary.LANGUAGES}
    assert codes["english"] == "en" and codes["bsl"] == "bfi"  # BSL: ISO 639-3
    assert codes["makaton"] == ""  # signs and symbols with speech: no ISO 639 code
    given = [c for c in codes.values() if c]
    assert len(given) == len(set(given)) == len(codes) - 1
    assert all(c.isalpha() and c.islower() and len(c) in (2, 3) for c in given)
    # Every language but English has an easy read line (the page is in English).
    assert [t.value for t in vocabulary.LANGUAGES if not t.easy] == ["english"]


def test_every_declared_provider_list_is_a_model_field_and_a_schema_list():
    schema = json.loads((SCHEMAS / "providers.schema.json").read_text(encoding="utf-8"))
    props = schema["$defs"]["provider"]["properties"]
    for field in vocabulary.PROVIDER_LISTS:
        assert field.name in model.Provider.__dataclass_fields__, field.name
        assert props[field.name]["type"] == "array" and props[field.name]["uniqueItems"], field.name
        assert field.terms in vocabulary.SCHEMA_ENUMS.values(), field.name  # so its enum is checked above
        assert field.match in ("any", "all")
