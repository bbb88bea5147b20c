"""Turn Open Referral UK services from another directory into providers.yaml entries.

`sbsite import-oruk FILE_OR_DIR` reads a page of the service list, a list of
services, one service, or a folder of service files (as /open-data/services/
on a site built by sbsite), and writes one providers.yaml entry per service.

Anything that does not map onto our fields is reported in plain words, by
service and field. Where our schema needs a value the data does not give (a
tier, say), the entry gets a sensible default with a `# TODO check` comment on
that line, so the result builds at once and a person can find what to check.

Needs, tiers, areas and the rest that sbsite exported itself come back exactly
(they travel as taxonomy terms whose `term` is our id). Another directory's
terms are matched by name where they obviously mean the same thing, or through
a mapping file (`--map mapping.yaml`):

    tiers: {"Holiday activities": targeted-specialist}
    needs: {"Autistic spectrum condition": autism}
    areas: {"Brookford North": brookford}
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from sbsite.core import formats
from sbsite.core import model
from sbsite.core import vocabulary
from sbsite.features.open_data import oruk
from sbsite.load import yaml_text

LINE_MAX, SUMMARY_MAX, TEXT_MAX = 300, 200, 5000
DAY_CODES = {v: k for k, v in oruk.BYDAY.items()}
OUR_TAXONOMIES = {v: k for k, v in oruk.TAXONOMY.items()}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$")
ACCESS_WORDS = vocabulary.synonyms(vocabulary.ACCESS)  # longest first: the most specific words win
LANGUAGE_CODES = {t.code: t.value for t in vocabulary.LANGUAGES if t.code}
LANGUAGE_WORDS = vocabulary.synonyms(vocabulary.LANGUAGES)


class ImportError_(Exception):
    """The input could not be read at all (missing, not JSON, not services)."""


@dataclass
class Note:
    service: str
    field: str
    message: str

    def format(self) -> str:
        return f"{self.service}, {self.field}: {self.message}"


@dataclass
class Project:
    """What the importer needs to know about the project it imports into."""
    tiers: list  # [(id, name, number)]
    areas: list  # [(id, name)]
    council_phone: str
    ids: set = field(default_factory=set)
    names: set = field(default_factory=set)
    indent: str = "  "
    mapping: dict = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path, mapping: dict | None = None) -> "Project":
        def load(name):
            try:
                return yaml.safe_load((root / name).read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ImportError_(f"{name} could not be read ({exc}). Run 'sbsite check' and fix it first.") from None
        tiers = load("content/tiers.yaml").get("tiers") or []
        council = load("content/council.yaml")
        providers_text = (root / "providers.yaml").read_text(encoding="utf-8") if (root / "providers.yaml").exists() else ""
        existing = (yaml.safe_load(providers_text) or {}).get("providers") or [] if providers_text else []
        try:
            indent = yaml_text.inspect(root / "providers.yaml").item_indent if providers_text else "  "
        except yaml_text.NotAppendable:
            indent = "  "
        return cls(
            tiers=[(t["id"], t.get("name", t["id"]), t.get("number", 0)) for t in tiers if isinstance(t, dict) and "id" in t],
            areas=[(a["id"], a.get("name", a["id"])) for a in council.get("areas") or [] if isinstance(a, dict) and "id" in a],
            council_phone=str((council.get("council") or {}).get("phone") or ""),
            ids={p.get("id") for p in existing if isinstance(p, dict)},
            names={p.get("name") for p in existing if isinstance(p, dict)},
            indent=indent, mapping=mapping or {},
        )


# ---------------------------------------------------------------- reading

def read_services(source: Path) -> tuple[list[dict], list[str]]:
    """Every service document under `source`, fullest version of each id first seen; and file names read."""
    source = Path(source)
    if source.is_dir():
        files = sorted(source.rglob("*.json"))
        if not files:
            raise ImportError_(f"There are no .json files in {source}. Point at a file, or a folder of service files.")
    elif source.is_file():
        files = [source]
    else:
        raise ImportError_(f"{source} does not exist. Check the path and try again.")
    by_id: dict[str, dict] = {}
    order: list[str] = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportError_(f"{f} is not a JSON file that can be read ({exc}).") from None
        for i, doc in enumerate(_services_in(data)):
            key = str(doc.get("id") or f"{f}#{i}")
            if key not in by_id:
                order.append(key)
                by_id[key] = doc
            elif len(json.dumps(doc)) > len(json.dumps(by_id[key])):
                by_id[key] = doc  # a full service document beats its short entry in a list page
    return [by_id[k] for k in order], [str(f) for f in files]


def _services_in(data) -> list[dict]:
    if isinstance(data, list):
        return [d for d in data if isinstance(d, dict)]
    if isinstance(data, dict):
        if isinstance(data.get("contents"), list):
            return [d for d in data["contents"] if isinstance(d, dict)]
        if "name" in data and "id" in data:
            return [data]
    return []


# ---------------------------------------------------------------- helpers

def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-") or "imported-service"


def one_line(text, limit=LINE_MAX) -> str:
    return " ".join(str(text or "").split())[:limit]


def _norm(text) -> str:
    return " ".join(str(text or "").lower().replace("&", "and").split())


def clock(value) -> str | None:
    m = _TIME.match(str(value or "").strip())
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


class Converter:
    """Builds one entry; collects notes and the `# TODO check` comments as it goes."""

    def __init__(self, project: Project, doc: dict):
        self.project, self.doc = project, doc
        self.label = f"'{one_line(doc.get('name') or 'a service without a name', 60)}' (service {doc.get('id') or 'without an id'})"
        self.notes: list[Note] = []
        self.todo: dict[tuple, str] = {}
        self.ours = any(OUR_TAXONOMIES.get((a.get("taxonomy_term") or {}).get("taxonomy"))
                        for a in doc.get("attributes") or [] if isinstance(a, dict))

    def note(self, where: str, message: str) -> None:
        self.notes.append(Note(self.label, where, message))

    def default(self, path: tuple, reason: str) -> None:
        self.todo[path] = f"TODO check: {reason}"
        self.note(".".join(str(p) for p in path), reason)

    def text(self, key: str, value, limit: int, where: str) -> str:
        value = str(value or "")
        if re.search(r"<[a-zA-Z/][^>]*>", value):
            value = re.sub(r"<br\s*/?>|</p>", "\n", value, flags=re.I)
            value = re.sub(r"<[^>]+>", "", value)
            self.note(where, "had HTML tags; they were removed, so check the text reads well")
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if not value.strip():
            return ""
        if limit == LINE_MAX or limit == SUMMARY_MAX:
            value = one_line(value, 10**6)
        if len(value) > limit:
            value = value[: limit - 1].rstrip() + "…"
            self.note(where, f"was longer than {limit} characters, so it was shortened")
        return value

    # -- taxonomy terms
    def terms(self) -> dict[str, list[str]]:
        """Our vocabulary keys → values, from the service's attributes; reports the rest."""
        out: dict[str, list[str]] = {k: [] for k in oruk.TAXONOMY}
        tier_ids = [t[0] for t in self.project.tiers]
        for a in self.doc.get("attributes") or []:
            tt = (a or {}).get("taxonomy_term") or {}
            taxonomy, term, name = str(tt.get("taxonomy") or ""), str(tt.get("term") or ""), str(tt.get("name") or "")
            key = OUR_TAXONOMIES.get(taxonomy)
            value = term or name
            if key == "tier" and value not in tier_ids:
                mapped = self.mapped("tiers", term, name, tier_ids)
                if mapped:
                    out["tier"].append(mapped)
                else:
                    self.note("attributes", f"the tier '{value}' is not a tier in content/tiers.yaml; add it to the "
                                            "mapping file under 'tiers:'")
                continue
            if key == "need" and value not in model.NEED_LABELS:
                key = None
            if key == "area":
                continue
            if key:
                known = {"break_type": model.BREAK_LABELS, "support": oruk.SUPPORT_LABELS, "booking": model.ROUTE_LABELS,
                         "cost": oruk.COST_LABELS, "family": oruk.FAMILY_LABELS}.get(key)
                if known is not None and value not in known:
                    self.note("attributes", f"'{value}' is not a {oruk.TAXONOMY_TITLES[key].lower()} value we know, so it was left out")
                    continue
                if value not in out[key]:
                    out[key].append(value)
                continue
            # Someone else's taxonomy: try the mapping file, then the obvious names.
            tier = self.mapped("tiers", term, name, tier_ids)
            need = self.mapped("needs", term, name, list(model.NEED_LABELS)) or self.by_label(term, name, model.NEED_LABELS)
            if tier and tier not in out["tier"]:
                out["tier"].append(tier)
            if need and need not in out["need"]:
                out["need"].append(need)
            if not tier and not need:
                self.note("attributes", f"the term '{name or term}'{f' (taxonomy {taxonomy})' if taxonomy else ''} has no match "
                                        "here, so it was left out; to keep it, add it to the mapping file under 'tiers:' or 'needs:'")
        return out

    def mapped(self, table: str, term: str, name: str, allowed: list) -> str | None:
        wanted = {_norm(term), _norm(name)} - {""}
        for k, v in (self.project.mapping.get(table) or {}).items():
            if _norm(k) in wanted and v in allowed:
                return v
        return None

    @staticmethod
    def by_label(term: str, name: str, labels: dict) -> str | None:
        wanted = {_norm(term), _norm(name)} - {""}
        return next((k for k, v in labels.items() if _norm(k) in wanted or _norm(v) in wanted), None)

    def area_for(self, texts: list[str]) -> str | None:
        ids = [a[0] for a in self.project.areas]
        for t in texts:
            mapped = self.mapped("areas", t, t, ids)
            if mapped:
                return mapped
        for t in texts:
            n = _norm(t)
            for aid, aname in self.project.areas:
                if n and (n == _norm(aname) or n == aid or _norm(aname) in n):
                    return aid
        return None


def convert(project: Project, doc: dict) -> tuple[dict, dict, list[Note]]:
    """One service → (entry in our providers.yaml shape, TODO comments by path, notes)."""
    c = Converter(project, doc)
    ext = doc.get("x_sbsite") if isinstance(doc.get("x_sbsite"), dict) else {}
    name = c.text("name", doc.get("name") or "Imported service", LINE_MAX, "name")
    entry: dict = {}

    pid = ext.get("listing_id") if isinstance(ext.get("listing_id"), str) and _SLUG.match(ext["listing_id"]) else slugify(name)
    base, n = pid, 2
    while pid in project.ids:
        pid = f"{base}-{n}"[:80]
        n += 1
    if pid != base:
        c.note("id", f"the id '{base}' is already used, so this one is '{pid}'")
    project.ids.add(pid)
    entry["id"] = pid
    entry["name"] = name
    org = (doc.get("organization") or {}).get("name") if isinstance(doc.get("organization"), dict) else None
    if org and one_line(org) != name:
        entry["organisation"] = c.text("organisation", org, LINE_MAX, "organization.name")

    description = c.text("description", doc.get("description") or "", TEXT_MAX, "description")
    if doc.get("summary"):
        entry["summary"] = c.text("summary", doc["summary"], SUMMARY_MAX, "summary")
    else:
        first = re.split(r"(?<=[.!?])\s", one_line(description, 10**6), maxsplit=1)[0] if description else name
        entry["summary"] = c.text("summary", first, SUMMARY_MAX, "summary")
        c.default(("summary",), "there was no summary, so this is the first sentence of the description")
    if not description:
        description = entry["summary"]
        c.default(("description",), "there was no description")
    entry["description"] = description

    terms = c.terms()
    tier_ids = [t[0] for t in project.tiers]
    entry["tiers"] = terms["tier"] or tier_ids[:1]
    if not terms["tier"]:
        c.default(("tiers",), f"no tier in the data, so '{tier_ids[0] if tier_ids else ''}' is a guess")
    if terms["activity"]:
        entry["services"] = [c.text("services", a, LINE_MAX, "attributes") for a in terms["activity"]]
    entry["break_types"] = terms["break_type"] or ["activities"]
    if not terms["break_type"]:
        c.default(("break_types",), "no kind of break in the data, so 'activities' is a guess")

    ages = {}
    for key, fld, fallback in (("min", "minimum_age", 0), ("max", "maximum_age", 25)):
        v = doc.get(fld)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if not 0 <= v <= 25 or v != int(v):
                c.note(fld, f"{v} is outside 0 to 25 or not a whole number, so it became {min(25, max(0, int(v)))}")
            ages[key] = min(25, max(0, int(v)))
        else:
            ages[key] = fallback
            c.default(("ages", key), f"no {fld} in the data, so {fallback} is a guess")
    if ages["min"] > ages["max"]:
        ages = {"min": ages["max"], "max": ages["min"]}
        c.note("minimum_age", "was more than maximum_age, so they were swapped")
    entry["ages"] = ages
    entry["needs"] = terms["need"] or list(model.NEED_LABELS)
    if not terms["need"]:
        c.default(("needs",), "no needs in the data, so every need is listed; remove the ones it does not support")
    if terms["support"]:
        entry["support"] = sorted(terms["support"])
    if "siblings-welcome" in terms["family"]:
        entry["siblings_welcome"] = True
    spoken = _languages(c, doc)
    if spoken:
        entry["languages"] = spoken

    venues, sal_names = _venues(c, doc)
    if venues:
        entry["venues"] = venues
    served = []
    for i, sa in enumerate(doc.get("service_areas") or []):
        if not isinstance(sa, dict):
            continue
        texts = [str(sa.get(k) or "") for k in ("name", "service_area", "extent")]
        area = c.area_for([t for t in texts if t])
        if area and area not in served:
            served.append(area)
        elif not area:
            c.note("service_areas", f"the area '{one_line(texts[0] or texts[1], 60)}' is not an area in content/council.yaml; "
                                    "add it to the mapping file under 'areas:'")
    if served:
        entry["areas_served"] = served
    if not venues and not served:
        entry["areas_served"] = [a[0] for a in project.areas]
        c.default(("areas_served",), "no venue or area in the data, so every area is listed")

    sessions = _sessions(c, doc, sal_names)
    if sessions:
        entry["sessions"] = sessions
    entry["cost"] = _cost(c, doc, terms)

    route = terms["booking"][0] if terms["booking"] else "self-referral"
    how = c.text("how", doc.get("application_process") or "", TEXT_MAX, "application_process")
    booking = {"route": route, "how": how or "Contact the provider to ask about a place."}
    if not terms["booking"]:
        c.default(("booking", "route"), "the data does not say how to get a place, so 'self-referral' is a guess")
    if not how:
        c.default(("booking", "how"), "there was no application_process")
    if ext.get("booking_url") and formats.is_web_url(str(ext["booking_url"])):
        booking["url"] = ext["booking_url"]
    entry["booking"] = booking
    if doc.get("eligibility_description"):
        entry["eligibility"] = c.text("eligibility", doc["eligibility_description"], TEXT_MAX, "eligibility_description")
    entry["contact"] = _contact(c, doc)
    entry["reviewed"] = _reviewed(c, doc, ext)
    return entry, c.todo, c.notes


def _languages(c: Converter, doc: dict) -> list:
    """The service's `languages` table → our language values: by ISO 639 code (en, or en-GB),
    else by name ("British Sign Language", "Makaton", "Polish"), whole words only."""
    found, unknown = set(), []
    for lang in doc.get("languages") or []:
        if not isinstance(lang, dict):
            continue
        code = str(lang.get("code") or "").strip().lower()
        name = " " + re.sub(r"[^a-z0-9]+", " ", _norm(lang.get("name"))).strip() + " "
        value = LANGUAGE_CODES.get(code) or LANGUAGE_CODES.get(code.split("-")[0])
        value = value or next((v for w, v in LANGUAGE_WORDS.items() if f" {w} " in name), None)
        if value:
            found.add(value)
        elif name.strip() or code:
            unknown.append(one_line(lang.get("name") or code, 60))
    if unknown:
        c.note("languages", f"{', '.join(repr(u) for u in unknown)} {'is not a language' if len(unknown) == 1 else 'are not languages'} "
                            "in our list, so left out; add them to the description if families should know")
    return [t.value for t in vocabulary.LANGUAGES if t.value in found]


def _venues(c: Converter, doc: dict) -> tuple[list, dict]:
    venues, sal_names = [], {}
    for i, sal in enumerate(doc.get("service_at_locations") or []):
        if not isinstance(sal, dict):
            continue
        loc = sal.get("location") if isinstance(sal.get("location"), dict) else {}
        where = f"service_at_locations {i + 1}"
        if loc.get("location_type") in ("virtual", "postal"):
            c.note(where, f"a {loc['location_type']} location is not a place families go, so it was left out")
            continue
        addresses = [a for a in loc.get("addresses") or [] if isinstance(a, dict)]
        addr = next((a for a in addresses if a.get("address_type") == "physical"), addresses[0] if addresses else {})
        parts = [one_line(addr.get(k)) for k in ("address_1", "address_2", "city") if addr.get(k)]
        address = ", ".join(dict.fromkeys(p for p in parts if p))
        vname = c.text("name", loc.get("name") or (parts[0] if parts else f"Venue {i + 1}"), LINE_MAX, where + " name")
        if vname in sal_names.values():
            vname = f"{vname} ({i + 1})"
        venue: dict = {"name": vname}
        if address:
            venue["address"] = c.text("address", address, LINE_MAX, where + " address")
        postcode = " ".join(str(addr.get("postal_code") or "").upper().split())
        if postcode and " " not in postcode and len(postcode) > 4:
            postcode = postcode[:-3] + " " + postcode[-3:]
        if postcode and _POSTCODE.match(postcode):
            venue["postcode"] = postcode
        elif postcode:
            c.note(where, f"the postcode '{postcode}' does not look like a UK postcode, so it was left out")
        area = None
        for a in loc.get("attributes") or []:
            tt = (a or {}).get("taxonomy_term") or {}
            if tt.get("taxonomy") == oruk.TAXONOMY["area"] and tt.get("term") in [x[0] for x in c.project.areas]:
                area = tt["term"]
        area = area or c.area_for([str(x) for x in (addr.get("city"), addr.get("region"), addr.get("state_province"),
                                                     loc.get("name"), addr.get("address_1")) if x])
        if not area:
            area = c.project.areas[0][0] if c.project.areas else ""
            c.default(("venues", len(venues), "area"), f"could not tell which area '{vname}' is in, so '{area}' is a guess; "
                                                       "add its town to the mapping file under 'areas:'")
        venue["area"] = area
        access, unknown = [], []
        for item in loc.get("accessibility") or []:
            text = " ".join(str((item or {}).get(k) or "") for k in ("description", "details", "accessibility")).strip()
            key = next((k for k, v in model.ACCESS_LABELS.items() if _norm(v) == _norm(text) or k == _norm(text)), None)
            key = key or next((v for w, v in ACCESS_WORDS.items() if w in _norm(text)), None)
            if key and key not in access:
                access.append(key)
            elif not key and text:
                unknown.append(one_line(text))
        if access:
            venue["access"] = access
        notes = [str(loc["description"])] if loc.get("description") and c.ours else []
        if unknown:
            notes.append("Access: " + "; ".join(unknown) + ".")
            c.note(where, "some access details did not match our access features, so they are in 'access_notes'")
        if notes:
            venue["access_notes"] = c.text("access_notes", "\n\n".join(notes), TEXT_MAX, where)
        venues.append(venue)
        if sal.get("id"):
            sal_names[str(sal["id"])] = vname
    return venues, sal_names


def _sessions(c: Converter, doc: dict, sal_names: dict) -> list:
    out = []
    for i, s in enumerate(doc.get("schedules") or []):
        if not isinstance(s, dict):
            continue
        where = f"schedules {i + 1}"
        codes = [re.sub(r"^[+-]?[0-9]+", "", x.strip().upper()) for x in str(s.get("byday") or "").split(",") if x.strip()]
        days = [DAY_CODES[x] for x in codes if x in DAY_CODES]
        days = [d for d in model.DAYS if d in days]
        if not days:
            c.note(where, "it does not say which days (byday), so it was left out; add the sessions by hand")
            continue
        session: dict = {"days": days}
        freq = str(s.get("freq") or "WEEKLY").upper()
        extra = []
        if freq == "MONTHLY" or (isinstance(s.get("interval"), (int, float)) and s["interval"] not in (0, 1)):
            extra.append(one_line(s.get("description")) or "Not every week: ask the provider.")
            c.note(where, "it does not run every week; the days are kept and a note says so")
        for key, fld in (("start", "opens_at"), ("end", "closes_at")):
            if s.get(fld):
                t = clock(s[fld])
                if t:
                    session[key] = t
                else:
                    c.note(where, f"the time '{one_line(s[fld], 20)}' in {fld} could not be read, so it was left out")
        text = f"{s.get('description') or ''} {s.get('notes') or ''}".lower()
        canonical = next((k for k, v in oruk.WHEN_SENTENCES.items() if v.lower() in str(s.get("description") or "").lower()), None)
        term, hols = "term" in text, "holiday" in text
        when = canonical or ("term-time" if term and not hols else "school-holidays" if hols and not term else None)
        if when is None:
            when = "all-year"
            c.default(("sessions", len(out), "when"), "the data does not say term time or school holidays, so 'all-year' is a guess")
        session["when"] = when
        venue = sal_names.get(str(s.get("service_at_location_id") or ""))
        if venue:
            session["venue"] = venue
        overnight = ", overnight." in str(s.get("description") or "") or (
            "start" in session and "end" in session and session["end"] <= session["start"])
        if overnight:
            session["overnight"] = True
        notes = " ".join([one_line(s.get("notes"))] + extra).strip()
        if notes:
            session["notes"] = c.text("notes", notes, LINE_MAX, where + " notes")
        out.append(session)
    return out


def _cost(c: Converter, doc: dict, terms: dict) -> dict:
    options = [o for o in doc.get("cost_options") or [] if isinstance(o, dict)]
    cost: dict = {}
    if not options:
        fees = str(doc.get("fees_description") or doc.get("fees") or "")
        cost["free"] = "free" in fees.lower() and not re.search(r"£\s*[1-9]", fees)
        if fees:
            cost["notes"] = c.text("notes", fees, LINE_MAX, "fees_description")
        else:
            cost["notes"] = "Ask the provider about cost."
        c.default(("cost", "free"), "there was no cost_options, so check whether it is free")
    else:
        o = options[0]
        if len(options) > 1:
            c.note("cost_options", f"there were {len(options)} prices; only the first was kept, the rest are in 'notes'")
        option = str(o.get("option") or "")
        amount = o.get("amount") if isinstance(o.get("amount"), (int, float)) and not isinstance(o.get("amount"), bool) else None
        cost["free"] = option.strip().lower() == "free" or amount == 0
        if not cost["free"] and amount is not None:
            cost["amount"] = int(amount) if float(amount).is_integer() else round(float(amount), 2)
            per = re.search(r"\bper\s+(\w+)|\ba\s+(session|hour|day|week|term|year|visit)\b", option.lower())
            word = (per.group(1) or per.group(2)) if per else ""
            if word in model.PER_LABELS:
                cost["per"] = word
        notes = [one_line(o.get("amount_description"))] if o.get("amount_description") else []
        notes += [one_line(f"{x.get('option') or ''} {x.get('amount') if x.get('amount') is not None else ''}")
                  for x in options[1:]]
        if notes:
            cost["notes"] = c.text("notes", "; ".join(n for n in notes if n), LINE_MAX, "cost_options")
    if c.ours:
        if "direct-payments" in terms["cost"]:
            cost["direct_payments"] = True
        if "carer-free" in terms["cost"]:
            cost["carer_free"] = True
    else:
        cost["direct_payments"] = False
        c.todo[("cost", "direct_payments")] = "TODO check: not in the data"
    return cost


def _contact(c: Converter, doc: dict) -> dict:
    contact: dict = {}
    people = [x for x in doc.get("contacts") or [] if isinstance(x, dict)]
    if people and (people[0].get("name") or people[0].get("title")):
        contact["name"] = c.text("name", people[0].get("name") or people[0].get("title"), LINE_MAX, "contacts")
    phones = [ph for person in people for ph in person.get("phones") or [] if isinstance(ph, dict)]
    phones += [ph for ph in doc.get("phones") or [] if isinstance(ph, dict)]
    for ph in phones:
        number = one_line(ph.get("number"), 40)
        if formats.is_uk_phone(number):
            contact["phone"] = number
            break
        c.note("contacts", f"the phone number '{number}' does not look like a UK number, so it was left out")
    org = doc.get("organization") if isinstance(doc.get("organization"), dict) else {}
    email = doc.get("email") or org.get("email")
    if email:
        if formats.is_email(str(email)):
            contact["email"] = str(email)
        else:
            c.note("email", f"'{one_line(email, 60)}' does not look like an email address, so it was left out")
    website = doc.get("url") or org.get("website")
    if website:
        if formats.is_web_url(str(website)):
            contact["website"] = str(website)
        else:
            c.note("url", f"'{one_line(website, 60)}' is not a web address starting with https:// or http://, so it was left out")
    if not any(contact.get(k) for k in ("phone", "email", "website")):
        contact["phone"] = c.project.council_phone
        c.default(("contact", "phone"), "no phone, email or website in the data, so this is the council's number")
    return contact


def _reviewed(c: Converter, doc: dict, ext: dict) -> dict:
    when = None
    for fld in ("assured_date", "last_modified"):
        text = str(doc.get(fld) or "")[:10]
        if formats.is_date(text):
            when = text
            break
    out = {"date": when or date.today().isoformat()}
    if not when:
        c.default(("reviewed", "date"), "no assured_date in the data, so this is the date of the import")
    by = ext.get("reviewed_by") if isinstance(ext.get("reviewed_by"), str) else None
    out["by"] = one_line(by) if by else "Imported from Open Referral UK data"
    if not by:
        c.default(("reviewed", "by"), "the data does not say who checked it")
    return out


# ---------------------------------------------------------------- writing YAML

def to_yaml(entry: dict, todo: dict, indent: str = "  ") -> str:
    """One entry as list-item lines at `indent`, each guess marked with its '# TODO check' comment.
    Text is quoted (only ids and vocabulary words are not), so what was imported stands out."""
    return "\n".join(yaml_text.entry_lines(entry, indent, comments=todo, quote_text=True)) + "\n"


# ---------------------------------------------------------------- the whole import

@dataclass
class Result:
    text: str
    count: int
    skipped: int
    notes: list
    files: list


def import_services(root: Path, source: Path, mapping: dict | None = None) -> Result:
    project = Project.read(Path(root), mapping)
    docs, files = read_services(source)
    if not docs:
        raise ImportError_(f"No services were found in {source}. It should hold a page of the service list "
                           "(with 'contents'), a list of services, or one service with an 'id' and a 'name'.")
    chunks, notes, skipped = [], [], 0
    for doc in docs:
        name = one_line(doc.get("name"))
        if name in project.names:
            skipped += 1
            notes.append(Note(f"'{name}' (service {doc.get('id')})", "name",
                              "a provider with this name is already listed, so it was not imported again"))
            continue
        entry, todo, entry_notes = convert(project, doc)
        project.names.add(entry["name"])
        notes += entry_notes
        header = f"{project.indent}# Imported from Open Referral UK service {one_line(doc.get('id'), 80) or '(no id)'}\n"
        chunks.append(header + to_yaml(entry, todo, project.indent))
    return Result("\n".join(chunks), len(chunks), skipped, notes, files)


def append_to(path: Path, text: str) -> tuple[int, int]:
    """Append entries to providers.yaml, leaving every existing byte as it was. Returns the new lines' range."""
    try:
        first = yaml_text.append(yaml_text.inspect(path), text)
    except yaml_text.NotAppendable as exc:
        raise ImportError_(str(exc)) from None
    return first, first + text.count("\n") - 1


def standalone(text: str, schema_ref: str) -> str:
    return (f"# yaml-language-server: $schema={schema_ref}\n#\n# Providers imported from Open Referral UK data by "
            f"'sbsite import-oruk'. Lines marked 'TODO check' need a person to check them.\nproviders:\n" + text)
