"""Publish the directory as Open Referral UK (HSDS 3.0 UK profile) open data.

The build writes, under /open-data/, the same documents the Open Referral UK API
would return, as static files:

- ``open-data/index.json``: what the API is (``GET /``);
- ``open-data/services/index.json``, ``page-2.json``...: the paginated service
  list (``GET /services?page=N``), each item in the shape of ``service_list.json``;
- ``open-data/services/<uuid>.json``: one fully nested service (``GET /services/{id}``),
  in the shape of ``service.json``;
- ``open-data/index.md``: a page that explains all this, and the vocabularies.

Identifiers are UUID 5 values made from a fixed namespace, the site's address
and the provider's id, so the same listing keeps the same id in every build.
Needs, tiers, kinds of break and the rest travel as taxonomy ``attributes``
whose ``term`` is our own id, so `sbsite import-oruk` maps them back exactly.

A few facts families rely on have no place in the UK profile's service schema.
They use fields from the main HSDS 3.0 specification (``eligibility_description``,
``application_process``, and ``phones`` on a contact, shaped as the profile's
``phone.json``), a ``summary``, and an ``x_sbsite`` object for what only this
site uses. Apps that follow the profile alone ignore them; all documents still
validate against the profile's compiled schemas (tests/test_oruk.py checks).
"""
from __future__ import annotations

import functools
import json
import re
import uuid

from sbsite import DATA
from sbsite.core import formats, model
from sbsite.core.vocabulary import LANGUAGES, SUPPORT, labels

NAMESPACE = uuid.UUID("742b5140-97b1-58dc-be6c-be54951f737b")  # never change: every id depends on it
PER_PAGE = 100
SCHEMA_DIR = DATA / "oruk"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"

# Our vocabularies, as taxonomies. The key is what the code calls it; the value is
# the `taxonomy` name written into every exported term.
TAXONOMY = {
    "tier": "short-breaks-tier",
    "need": "short-breaks-need",
    "break_type": "short-breaks-break-type",
    "support": "short-breaks-support",
    "booking": "short-breaks-booking-route",
    "cost": "short-breaks-cost",
    "family": "short-breaks-family",
    "activity": "short-breaks-activity",
    "area": "short-breaks-area",
}
TAXONOMY_TITLES = {
    "tier": "Type of short break (tier)", "need": "Needs supported", "break_type": "Kind of break (Breaks for Carers Regulations 2011)",
    "support": "Support ratios", "booking": "How to get a place", "cost": "Cost features", "family": "Family",
    "activity": "Activities (free text)", "area": "Area of the county",
}
SUPPORT_LABELS = labels(SUPPORT)
COST_LABELS = {"direct-payments": "Direct payments accepted",
               "carer-free": "A parent or carer goes free or at a discount"}
FAMILY_LABELS = {"siblings-welcome": "Brothers and sisters welcome"}
WHEN_SENTENCES = {"term-time": "Term time only.", "school-holidays": "School holidays only.", "all-year": "All year."}
BYDAY = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
         "saturday": "SA", "sunday": "SU"}


def dumps(obj) -> str:
    """Deterministic JSON: sorted keys, fixed separators, UTF-8 text, one trailing newline."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def site_url(site: model.Site) -> str:
    url = site.settings["url"]
    return url if url.endswith("/") else url + "/"


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(parts)))


def service_uuid(site: model.Site, provider_id: str) -> str:
    """The stable Open Referral id of a provider's listing."""
    return uid(site_url(site), "service", provider_id)


def anchor(taxonomy_key: str, term: str) -> str:
    return TAXONOMY[taxonomy_key] + "-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def vocabulary(site: model.Site) -> dict[str, dict[str, tuple[str, str]]]:
    """Every term we export, by taxonomy key: term → (name, description)."""
    return {
        "tier": {t.id: (f"Tier {t.number}: {t.name}", t.summary) for t in site.tiers},
        "need": {k: (v, v) for k, v in model.NEED_LABELS.items()},
        "break_type": {k: (v, v) for k, v in model.BREAK_LABELS.items()},
        "support": {k: (k, v) for k, v in SUPPORT_LABELS.items()},
        "booking": {k: (v, v) for k, v in model.ROUTE_LABELS.items()},
        "cost": {k: (v, v) for k, v in COST_LABELS.items()},
        "family": {k: (v, v) for k, v in FAMILY_LABELS.items()},
        "area": {a.id: (a.name, a.description or a.name) for a in site.areas},
    }


def _shared(key: str) -> bool:
    """Tiers and areas belong to one council; the other vocabularies are the same everywhere."""
    return key not in ("tier", "area")


def term(site: model.Site, key: str, value: str, vocab: dict) -> dict:
    name, description = vocab.get(key, {}).get(value, (value, value))
    scope = ("sbsite",) if _shared(key) else (site_url(site),)
    out = {
        "id": uid(*scope, "term", TAXONOMY[key], value),
        "name": name,
        "description": description,
        "taxonomy": TAXONOMY[key],
        "taxonomy_id": uid(*scope, "taxonomy", TAXONOMY[key]),
        "term": value,
    }
    if key != "activity":
        out["term_uri"] = f"{site_url(site)}open-data/#{anchor(key, value)}"
    return out


def attribute(site, owner: str, link_type: str, key: str, value: str, vocab: dict) -> dict:
    t = term(site, key, value, vocab)
    return {"id": uid(owner, "attribute", TAXONOMY[key], value), "link_id": owner, "link_type": link_type,
            "taxonomy_term_id": t["id"], "taxonomy_term": t}


def split_address(address: str, fallback_city: str) -> tuple[str, str]:
    """'14 Mill Lane, Brookford' → ('14 Mill Lane', 'Brookford'). Without a comma the area is the town."""
    if "," in address:
        first, _, city = address.rpartition(",")
        return first.strip(), city.strip()
    return address.strip(), fallback_city


# The languages table of HSDS 3.0: `name` and `code` come from the main specification (the UK
# profile keeps only the ids). The code is ISO 639-1 where there is one, else ISO 639-3 (British
# Sign Language is "bfi"). Makaton is signs and symbols used with speech, not a language with an
# ISO 639 code: it goes out with its name and a note, and no code.
NO_CODE_NOTE = ("Makaton: signs and symbols used alongside speech. It has no ISO 639 code, "
                "so this entry has a name and no code.")


def languages(sid: str, p: model.Provider) -> list[dict]:
    out = []
    for t in LANGUAGES:
        if t.value in p.languages:
            lang = {"id": uid(sid, "language", t.value), "service_id": sid, "name": t.label}
            if t.code:
                lang["code"] = t.code
            else:
                lang["note"] = NO_CODE_NOTE
            out.append(lang)
    return out


def organization(site: model.Site, p: model.Provider) -> dict:
    name = p.organisation or p.name
    return {
        "id": uid(site_url(site), "organization", name),
        "name": name,
        "description": f"{name} provides short breaks or support listed in the {site.council['name']} short breaks directory.",
    }


def _schedule(site, sid: str, p: model.Provider, i: int, s: model.Session, sal_ids: dict) -> dict:
    times = ""
    if s.start:
        times = f", {formats.time_range(s.start, s.end)}"  # as families read it: 10am to 3pm
    text = f"{days_words(s.days)}{times}{', overnight' if s.overnight else ''}. {WHEN_SENTENCES[s.when]}"
    out = {"id": uid(sid, "schedule", str(i)), "service_id": sid, "freq": "WEEKLY", "interval": 1,
           "byday": ",".join(BYDAY[d] for d in s.days), "description": text}
    if s.start:
        out["opens_at"] = s.start
    if s.end:
        out["closes_at"] = s.end
    if s.notes:
        out["notes"] = s.notes
    if s.venue and s.venue in sal_ids:
        out["service_at_location_id"] = sal_ids[s.venue]
    return out


def days_words(days) -> str:
    names = [d.capitalize() for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _location(site, sid: str, p: model.Provider, v: model.Venue, vocab: dict) -> dict:
    lid = uid(sid, "location", v.name)
    area = site.area(v.area)
    loc = {"id": lid, "location_type": "physical", "name": v.name,
           "attributes": [attribute(site, lid, "location", "area", v.area, vocab)]}
    if v.access_notes:
        loc["description"] = v.access_notes
    if v.address or v.postcode:
        line1, city = split_address(v.address or v.name, area.name)
        loc["addresses"] = [{"id": uid(lid, "address"), "location_id": lid, "address_1": line1, "city": city,
                             "state_province": site.council["short_name"], "postal_code": v.postcode or "",
                             "country": "GB", "address_type": "physical"}]
    if v.access:
        loc["accessibility"] = [{"id": uid(lid, "accessibility", a), "location_id": lid,
                                 "description": model.ACCESS_LABELS[a]} for a in v.access]
    return loc


def core(site: model.Site, p: model.Provider) -> dict:
    """A provider's one-to-one fields: what the paginated list shows (service_list.json)."""
    org = organization(site, p)
    doc: dict = {
        "id": service_uuid(site, p.id), "organization_id": org["id"], "organization": org, "name": p.name,
        "status": "active", "description": p.description,
        "minimum_age": p.ages[0], "maximum_age": p.ages[1], "assured_date": p.reviewed_date.isoformat(),
    }
    if p.contact.get("website"):
        doc["url"] = p.contact["website"]
    if p.contact.get("email"):
        doc["email"] = p.contact["email"]
    return doc


def service(site: model.Site, p: model.Provider, vocab: dict | None = None) -> dict:
    """One provider as a fully nested Open Referral UK service."""
    vocab = vocab if vocab is not None else vocabulary(site)
    doc = core(site, p)
    sid = doc["id"]
    doc.update({
        "summary": p.summary, "application_process": p.booking_how,
        "x_sbsite": {"listing_id": p.id, "page": f"{site_url(site)}providers/{p.id}/", "reviewed_by": p.reviewed_by},
    })
    if p.booking_url:
        doc["x_sbsite"]["booking_url"] = p.booking_url
    if p.eligibility:
        doc["eligibility_description"] = p.eligibility

    sal_ids = {}
    sals = []
    for v in p.venues:
        loc = _location(site, sid, p, v, vocab)
        sal = {"id": uid(sid, "service_at_location", v.name), "service_id": sid, "location_id": loc["id"], "location": loc}
        sal_ids[v.name] = sal["id"]
        sals.append(sal)
    if sals:
        doc["service_at_locations"] = sals
    if p.areas_served:
        doc["service_areas"] = [{"id": uid(sid, "service_area", a), "service_id": sid, "name": site.area(a).name,
                                 "service_area": site.area(a).name, "extent_type": "area",
                                 "uri": f"{site_url(site)}areas/{a}/"} for a in p.areas_served]
    if p.sessions:
        doc["schedules"] = [_schedule(site, sid, p, i, s, sal_ids) for i, s in enumerate(p.sessions)]

    c = p.cost
    option = {"id": uid(sid, "cost_option"), "service_id": sid}
    if c.free:
        option.update(option="Free", amount=0)
    elif c.amount is not None:
        option.update(option=f"Per {c.per}" if c.per else "Charge", amount=c.amount)
    else:
        option.update(option="Charge")
    if c.notes:
        option["amount_description"] = c.notes
    doc["cost_options"] = [option]

    if p.contact.get("name") or p.contact.get("phone"):
        cid = uid(sid, "contact")
        contact = {"id": cid, "service_id": sid}
        if p.contact.get("name"):
            contact["name"] = p.contact["name"]
        if p.contact.get("phone"):
            contact["phones"] = [{"id": uid(cid, "phone"), "contact_id": cid, "number": p.contact["phone"]}]
        doc["contacts"] = [contact]
    if p.languages:
        doc["languages"] = languages(sid, p)

    attrs = [("tier", t) for t in p.tiers] + [("need", n) for n in p.needs]
    attrs += [("break_type", b) for b in p.break_types] + [("support", s) for s in p.support]
    attrs.append(("booking", p.booking_route))
    attrs += [("cost", k) for k, on in (("direct-payments", c.direct_payments), ("carer-free", c.carer_free)) if on]
    if p.siblings_welcome:
        attrs.append(("family", "siblings-welcome"))
    attrs += [("activity", a) for a in p.services]
    doc["attributes"] = [attribute(site, sid, "service", k, v, vocab) for k, v in attrs]
    return doc


LIST_FIELDS = ("id", "organization_id", "name", "description", "url", "email", "status", "minimum_age",
               "maximum_age", "assured_date", "organization")


def list_item(doc: dict) -> dict:
    """A service as the paginated list shows it: only its one-to-one fields (service_list.json)."""
    return {k: doc[k] for k in LIST_FIELDS if k in doc}


def page_path(n: int) -> str:
    return "open-data/services/index.json" if n == 1 else f"open-data/services/page-{n}.json"


API_INFO = {"version": "3.0", "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


def list_pages(items: list[dict], per_page: int = PER_PAGE) -> dict[str, dict]:
    """The paginated service list, by path: page 1 is services/index.json."""
    total = len(items)
    count = max(1, -(-total // per_page))
    out = {}
    for n in range(1, count + 1):
        chunk = items[(n - 1) * per_page: n * per_page]
        out[page_path(n)] = {
            "total_items": total, "total_pages": count, "page_number": n, "size": len(chunk),
            "first_page": n == 1, "last_page": n == count, "empty": not chunk, "contents": chunk,
        }
    return out


def export(site: model.Site, per_page: int = PER_PAGE) -> dict[str, dict]:
    """Every Open Referral document, by its path in the site. Services are in name order."""
    vocab = vocabulary(site)
    docs = [service(site, p, vocab) for p in site.providers]
    out: dict[str, dict] = {"open-data/index.json": dict(API_INFO)}
    out.update(list_pages([list_item(d) for d in docs], per_page))
    for d in docs:
        out[f"open-data/services/{d['id']}.json"] = d
    return out


def _service_text(site, p, vocab) -> str:
    return dumps(service(site, p, vocab))


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    vocab = vocabulary(site)
    listing = list_pages([core(site, p) for p in site.providers])
    specs = [PageSpec("oruk:open-data/index.json", "open-data/index.json", text=dumps(API_INFO))]
    specs += [PageSpec(f"oruk:{path}", path, text=dumps(doc)) for path, doc in listing.items()]
    # The full documents are the costly part: made while rendering, which may run in parallel.
    specs += [PageSpec(f"oruk:open-data/services/{service_uuid(site, p.id)}.json",
                       f"open-data/services/{service_uuid(site, p.id)}.json",
                       make=functools.partial(_service_text, site, p, vocab)) for p in site.providers]
    specs.append(PageSpec("open_data", "open-data/index.md", "open_data.md.j2", {
        "vocab": vocab, "titles": TAXONOMY_TITLES, "taxonomy": TAXONOMY, "anchor": anchor,
        "total_pages": listing[page_path(1)]["total_pages"], "per_page": PER_PAGE,
        "example": service_uuid(site, site.providers[0].id) if site.providers else None,
        "services_page": page_path,
    }, source="providers.yaml"))
    return specs
