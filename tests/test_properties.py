"""Property-based tests: whatever providers.yaml holds, loading either succeeds or returns
validation messages (never an exception), and every valid provider gets its page."""
from __future__ import annotations

import shutil

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbsite.render import engine as render
from sbsite.pipeline import load_site

from conftest import MINIMAL

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
time_ = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))


@st.composite
def provider(draw, ident):
    low = draw(st.integers(0, 25))
    high = draw(st.integers(low, 25))
    start = draw(time_)
    end = draw(time_.filter(lambda t: t > start)) if start < "23:59" else None
    session = {"days": draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True)),
               "when": draw(st.sampled_from(["term-time", "school-holidays", "all-year"])), "start": start}
    if end:
        session["end"] = end
    entry = {
        "id": ident, "name": draw(text), "summary": draw(text), "description": draw(text),
        "tiers": [draw(st.sampled_from(["open-tier", "assessed-tier"]))],
        "break_types": [draw(st.sampled_from(["activities", "overnight-elsewhere", "day-care-at-home"]))],
        "ages": {"min": low, "max": high},
        "needs": draw(st.lists(st.sampled_from(["autism", "semh", "sensory", "adhd"]), min_size=1, max_size=3, unique=True)),
        "venues": [{"name": draw(text), "area": draw(st.sampled_from(["north", "south"])),
                    "access": draw(st.lists(st.sampled_from(["parking", "hoist", "bsl"]), unique=True))}],
        "sessions": [session],
        "cost": draw(st.one_of(st.just({"free": True}),
                               st.builds(lambda a: {"free": False, "amount": a, "per": "session"}, st.integers(1, 50)))),
        "booking": {"route": "book-direct", "how": draw(text)},
        "contact": {"phone": "01632 960100"},
        "reviewed": {"date": "2026-01-10", "by": draw(text)},
        "siblings_welcome": draw(st.booleans()),
    }
    return entry


@st.composite
def valid_file(draw):
    ids = draw(st.lists(slug, min_size=1, max_size=4, unique=True))
    providers = [draw(provider(i)) for i in ids]
    names = [p["name"] for p in providers]
    if len(set(n.strip() for n in names)) != len(names):
        for n, p in enumerate(providers):
            p["name"] = f"{p['name']} {n}"
    return {"providers": providers}


# Any YAML-ish value at all, to throw at the loader.
anything = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(text, children, max_size=4)),
    max_leaves=20,
)

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _write(root, data):
    (root / "providers.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@SETTINGS
@given(data=valid_file())
def test_valid_providers_load_and_each_gets_its_page(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("p") / "project"
    shutil.copytree(MINIMAL, root)
    _write(root, data)
    site, problems = load_site(root)
    if problems:  # names made only of spaces, for example: fine, as long as it is explained
        assert all(p.file and p.message for p in problems)
        return
    tree = render.render_tree(site)
    for p in data["providers"]:
        assert f"providers/{p['id']}.md" in tree
        page = tree[f"providers/{p['id']}.md"]
        assert "This listing was last checked" in page
        tier_page = tree[f"tiers/{p['tiers'][0]}.md"]
        assert f'data-provider-id="{p["id"]}"' in tier_page


@SETTINGS
@given(data=anything)
def test_any_structure_gives_messages_not_exceptions(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("p") / "project"
    shutil.copytree(MINIMAL, root)
    _write(root, {"providers": data} if not isinstance(data, dict) else data)
    site, problems = load_site(root)
    assert site is not None or problems
    for p in problems:
        assert p.file and p.message


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_any_bytes_give_messages_not_exceptions(tmp_path_factory, raw):
    root = tmp_path_factory.mktemp("p") / "project"
    shutil.copytree(MINIMAL, root)
    (root / "providers.yaml").write_bytes(raw)
    site, problems = load_site(root)
    assert site is None and problems


def _agree(data):
    from jsonschema import Draft202012Validator

    from sbsite.core import formats
    from sbsite.load import schemas
    from sbsite.load.validate import quick_valid

    validator = Draft202012Validator(schemas.schemas()["providers.schema.json"], registry=schemas.registry(),
                                     format_checker=formats.checker())
    quick = quick_valid(data, schemas.schemas()["providers.schema.json"], "providers.schema.json", formats.CHECKS)
    assert quick is None or quick == validator.is_valid(data), data


@SETTINGS
@given(data=valid_file())
def test_quick_check_agrees_with_jsonschema_on_valid_files(data):
    _agree(data)


@SETTINGS
@given(data=valid_file(), path_choice=st.integers(0, 10_000), junk=anything)
def test_quick_check_agrees_with_jsonschema_on_damaged_files(data, path_choice, junk):
    """Replace one value somewhere in a valid file with anything at all."""
    spots = []

    def walk(node):
        if isinstance(node, dict):
            for key in node:
                spots.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for i in range(len(node)):
                spots.append((node, i))
                walk(node[i])

    walk(data)
    parent, key = spots[path_choice % len(spots)]
    parent[key] = junk
    _agree(data)
