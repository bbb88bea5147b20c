"""Open Referral UK export: every document validates against the official schemas, ids are stable."""
from __future__ import annotations

import json
import uuid

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from sbsite.features.open_data import oruk
from sbsite.render import engine as render

SCHEMAS = oruk.SCHEMA_DIR


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")), format_checker=FormatChecker())


@pytest.fixture(scope="module")
def docs(demo):
    return oruk.export(demo)


def errors(v: Draft202012Validator, doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]


def test_uri_format_is_really_checked():
    """Without a URI checker installed, 'format: uri' would pass anything and hide mistakes."""
    assert errors(validator("compiled/service.json"), {"id": str(uuid.uuid4()), "name": "x", "status": "active", "url": "not a uri"})
    assert errors(validator("compiled/service.json"), {"id": "not-a-uuid", "name": "x", "status": "active"})


def test_every_service_document_validates(demo, docs):
    v = validator("compiled/service.json")
    phone = validator("phone.json")
    services = {p: d for p, d in docs.items() if p.startswith("open-data/services/") and "index" not in p and "page-" not in p}
    assert len(services) == len(demo.providers)
    for path, doc in services.items():
        assert errors(v, doc) == [], path
        for contact in doc.get("contacts", []):
            for ph in contact.get("phones", []):
                assert errors(phone, ph) == [], path


def test_every_list_page_validates(demo):
    item = validator("compiled/service_list.json")
    docs = oruk.export(demo, per_page=10)  # several pages, so pagination is exercised
    pages = [docs[oruk.page_path(n)] for n in range(1, 6)]
    assert oruk.page_path(6) not in docs
    assert [p["page_number"] for p in pages] == [1, 2, 3, 4, 5]
    assert all(p["total_items"] == 46 and p["total_pages"] == 5 for p in pages)
    assert [p["first_page"] for p in pages] == [True, False, False, False, False]
    assert [p["last_page"] for p in pages] == [False, False, False, False, True]
    assert sum(p["size"] for p in pages) == 46 and pages[-1]["size"] == 6
    seen = [s["id"] for p in pages for s in p["contents"]]
    assert len(set(seen)) == 46
    for p in pages:
        for s in p["contents"]:
            assert errors(item, s) == []
            assert "schedules" not in s  # the list holds one-to-one fields only
    assert set(docs["open-data/index.json"]) == {"version", "profile", "openapi_url"}


def test_ids_are_uuid5_from_the_provider_id_and_stable(demo, docs):
    sid = oruk.service_uuid(demo, "riverside-inclusive-youth-club")
    assert uuid.UUID(sid).version == 5
    assert sid == str(uuid.uuid5(oruk.NAMESPACE, "https://shortbreaks.example.org/|service|riverside-inclusive-youth-club"))
    again = oruk.export(demo)
    assert {p: oruk.dumps(d) for p, d in again.items()} == {p: oruk.dumps(d) for p, d in docs.items()}
    ids = []

    def walk(x, key=None):
        if isinstance(x, dict):
            # taxonomy terms and organisations are shared between services on purpose
            if "id" in x and key not in ("taxonomy_term", "organization"):
                ids.append(x["id"])
            for k, v in x.items():
                walk(v, k)
        elif isinstance(x, list):
            for v in x:
                walk(v, key)
    for p, d in docs.items():
        if p.startswith("open-data/services/") and "index" not in p:
            walk(d)
    assert len(ids) > 46 * 5
    assert len(ids) == len(set(ids))  # every service, schedule, location, attribute... id is unique


def test_a_service_carries_what_families_need(demo, docs):
    p = next(p for p in demo.providers if p.id == "riverside-inclusive-youth-club")
    d = docs[f"open-data/services/{oruk.service_uuid(demo, p.id)}.json"]
    assert d["name"] == p.name and d["status"] == "active"
    assert (d["minimum_age"], d["maximum_age"]) == (11, 19)
    assert d["assured_date"] == "2026-09-14"
    sched = d["schedules"]
    assert [(s["freq"], s["byday"], s["opens_at"], s["closes_at"]) for s in sched] == [
        ("WEEKLY", "TU,TH", "18:00", "20:30"), ("WEEKLY", "WE", "10:00", "15:00")]
    assert "Term time only." in sched[0]["description"] and "School holidays only." in sched[1]["description"]
    assert d["cost_options"][0]["amount"] == 3 and d["cost_options"][0]["option"] == "Per session"
    assert d["contacts"][0]["phones"][0]["number"] == "01632 960101"
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in d["attributes"]}
    assert {("short-breaks-tier", "targeted-specialist"), ("short-breaks-need", "autism"), ("short-breaks-need", "semh"),
            ("short-breaks-break-type", "activities"), ("short-breaks-support", "1:1"),
            ("short-breaks-cost", "direct-payments"), ("short-breaks-cost", "carer-free")} <= terms
    for a in d["attributes"]:
        assert a["link_id"] == d["id"] and a["taxonomy_term_id"] == a["taxonomy_term"]["id"]
    loc = d["service_at_locations"][0]["location"]
    assert loc["addresses"][0]["address_1"] == "14 Mill Lane" and loc["addresses"][0]["postal_code"] == "FV1 2AB"
    assert [a["description"] for a in loc["accessibility"]] == ["Parking", "Step-free access", "Accessible toilet", "Quiet space"]


def test_languages_travel_in_the_languages_table_with_iso_639_codes(demo, docs):
    """HSDS 3.0 `languages`: name and ISO 639 code (BSL is ISO 639-3 'bfi'); Makaton has no
    code, so it goes with its name and a note. Services that say nothing have no table."""
    def langs(pid):
        return docs[f"open-data/services/{oruk.service_uuid(demo, pid)}.json"].get("languages")
    got = langs("library-signed-rhyme-time")
    sid = oruk.service_uuid(demo, "library-signed-rhyme-time")
    assert [(x["name"], x.get("code")) for x in got] == [
        ("English", "en"), ("British Sign Language (BSL)", "bfi"), ("Makaton", None)]
    assert all(x["service_id"] == sid for x in got) and "no ISO 639 code" in got[2]["note"]
    assert [x.get("code") for x in langs("hearthside-home-sitting-service")] == ["en", "pl", "ur"]
    assert langs("riverside-inclusive-youth-club") is None
    with_table = [d for path, d in docs.items() if d.get("languages")]
    assert len(with_table) == sum(bool(p.languages) for p in demo.providers) >= 5  # validated above with the rest


def test_json_is_deterministic_text(demo):
    text = oruk.dumps({"b": 1, "a": "£"})
    assert text == '{"a":"£","b":1}\n'


def test_export_is_in_the_page_tree(demo):
    tree = render.render_tree(demo)
    assert "open-data/services/index.json" in tree
    assert json.loads(tree["open-data/services/index.json"])["total_items"] == 46
    page = tree["open-data/index.md"]
    assert "Open Government Licence" in page and "short&#45;breaks&#45;need" in page


def test_built_site_publishes_the_files(demo_site):
    first = json.loads((demo_site / "open-data/services/index.json").read_text(encoding="utf-8"))
    for item in first["contents"]:
        assert (demo_site / "open-data/services" / f"{item['id']}.json").is_file()
    assert (demo_site / "open-data/index.html").is_file()


def test_list_items_made_from_the_provider_match_the_full_documents(demo, docs):
    """The site writes list pages from `core` (cheap) and documents from `service`: they must agree."""
    for p in demo.providers:
        assert oruk.core(demo, p) == oruk.list_item(docs[f"open-data/services/{oruk.service_uuid(demo, p.id)}.json"])
    tree = render.render_tree(demo)
    assert json.loads(tree[oruk.page_path(1)]) == docs[oruk.page_path(1)]
