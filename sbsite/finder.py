"""The activity finder: a compact projection of the providers, the filter rules, and its pages.

The finder page lists every provider without JavaScript (grouped by tier, with
links to tier and area pages). `templates/assets/finder.js` enhances it with
filters that run in the family's browser over `finder/data.js`, a projection
that keeps only what filtering and result cards need: short keys, ids replaced
by positions in lookup tables, empty fields left out, keys sorted, so the same
data always gives the same bytes.

The filter rules are written once here in Python (`matches`, over the model)
and once in finder.js (over the projection); the browser tests check that both
agree on the demo data. The query-string parameters are listed in `PARAMS`.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from . import model

PAGE = "finder/index.md"
DATA = "finder/data.js"
ASSETS_DIR = Path(__file__).resolve().parent.parent / "templates" / "assets"

# Query-string parameters, in the order they appear in links. `match` says how
# several values of one parameter combine: "any" (one of them is enough) or
# "all" (every one must hold).
PARAMS = {
    "q": {"label": "Words", "match": "all"},
    "age": {"label": "Age", "match": "any"},
    "tier": {"label": "Type of break", "match": "any"},
    "area": {"label": "Area", "match": "any"},
    "day": {"label": "Day", "match": "any"},
    "when": {"label": "Term time or holidays", "match": "any"},
    "cost": {"label": "Cost", "match": "all"},
    "need": {"label": "Needs supported", "match": "all"},
    "access": {"label": "Venue access", "match": "all"},
    "support": {"label": "1:1 or 2:1 support", "match": "any"},
    "carer": {"label": "Carer goes free", "match": "all"},
    "siblings": {"label": "Brothers and sisters welcome", "match": "all"},
}
WHEN_VALUES = {"term": ("term-time", "all-year"), "holiday": ("school-holidays", "all-year")}
WHEN_OPTION_LABELS = {"term": "Term time", "holiday": "School holidays"}
COST_VALUES = ("free", "low", "direct-payments")
SUPPORT_VALUES = ("1:1", "2:1")
# Flag bits in a projected provider's "f" field.
FLAGS = {"free": 1, "low": 2, "direct-payments": 4, "carer": 8, "siblings": 16, "1:1": 32, "2:1": 64}
WHEN_CODES = {"term-time": 1, "school-holidays": 2, "all-year": 3}
PAGE_SIZE = 50  # result cards shown before "Show more"


# ---------------------------------------------------------------- the rules

def words(text: str) -> str:
    """Text folded for keyword search: lower case, anything but a-z and 0-9 becomes one space."""
    return " " + re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip() + " "


def search_text(p: model.Provider) -> str:
    return words(" ".join([p.name, p.organisation, p.summary, " ".join(p.services)]))


def is_low_cost(cost: model.Cost, low_cost_max: float) -> bool:
    """Free, or a price at or under the council's low-cost limit (site.settings['low_cost_max'])."""
    return cost.free or (cost.amount is not None and cost.amount <= low_cost_max)


def parse_query(query: str) -> dict[str, list[str]]:
    """`'area=a,b&age=7'` → `{'area': ['a', 'b'], 'age': ['7']}`; unknown parameters are dropped."""
    from urllib.parse import unquote_plus
    out: dict[str, list[str]] = {}
    for part in query.lstrip("?").split("&"):
        key, _, value = part.partition("=")
        if key not in PARAMS or not value:
            continue
        value = unquote_plus(value)
        values = [value.strip()] if key == "q" else [v.strip() for v in value.split(",")]
        values = [v for v in values if v]
        if values:
            out[key] = values
    return out


def clean(params: dict[str, list[str]], site: model.Site) -> dict[str, list[str]]:
    """Keep only values the finder knows (as finder.js does), so both ignore the same typos."""
    known = {
        "tier": {t.id for t in site.tiers}, "area": {a.id for a in site.areas}, "day": set(model.DAYS),
        "when": set(WHEN_VALUES), "cost": set(COST_VALUES), "need": set(model.NEED_LABELS),
        "access": set(model.ACCESS_LABELS), "support": set(SUPPORT_VALUES),
        "carer": {"free"}, "siblings": {"welcome"},
    }
    out = {}
    for key, values in params.items():
        if key == "q":
            values = [" ".join(values)] if words(" ".join(values)).strip() else []
        elif key == "age":
            values = [v for v in values[:1] if re.fullmatch(r"[0-9]{1,3}", v)]
        else:
            values = [v for v in values if v in known[key]]
        if values:
            out[key] = values
    return out


def _session_ok(p: model.Provider, days, whens) -> bool:
    """Day and term/holiday filters look at each session, so 'Saturday in the holidays'
    needs one session that is both. Breaks arranged with each family (no fixed
    sessions) can happen on any day, so they always pass."""
    if not days and not whens:
        return True
    if not p.sessions:
        return True
    for s in p.sessions:
        day_ok = not days or any(d in s.days for d in days)
        when_ok = not whens or any(s.when in WHEN_VALUES[w] for w in whens)
        if day_ok and when_ok:
            return True
    return False


def matches(p: model.Provider, params: dict[str, list[str]], low_cost_max: float) -> bool:
    """Does provider `p` pass every filter in `params` (already `clean`ed)?"""
    g = params.get
    if g("q") and not all(f" {w}" in search_text(p) for w in words(g("q")[0]).split()):
        return False
    if g("age") and not any(p.ages[0] <= int(a) <= p.ages[1] for a in g("age")):
        return False
    if g("tier") and not set(g("tier")) & set(p.tiers):
        return False
    if g("area") and not set(g("area")) & set(p.areas):
        return False
    if not _session_ok(p, g("day") or [], g("when") or []):
        return False
    cost_checks = {"free": p.cost.free, "low": is_low_cost(p.cost, low_cost_max),
                   "direct-payments": p.cost.direct_payments}
    if not all(cost_checks[c] for c in g("cost") or []):
        return False
    if not set(g("need") or []) <= set(p.needs):
        return False
    if not set(g("access") or []) <= set(p.access):
        return False
    if g("support") and not set(g("support")) & set(p.support):
        return False
    if g("carer") and not p.cost.carer_free:
        return False
    if g("siblings") and not p.siblings_welcome:
        return False
    return True


def filter_ids(site: model.Site, params: dict[str, list[str]]) -> list[str]:
    """The ids of the providers that match, in the order the finder shows them (A to Z)."""
    params = clean(params, site)
    low = site.settings["low_cost_max"]
    return [p.id for p in site.providers if matches(p, params, low)]


def relax(site: model.Site, params: dict[str, list[str]]) -> tuple[str, int] | None:
    """When nothing matches: the one filter whose removal shows the most results (first wins a tie)."""
    params = clean(params, site)
    best = None
    for key in PARAMS:
        if key in params:
            count = len(filter_ids(site, {k: v for k, v in params.items() if k != key}))
            if count and (best is None or count > best[1]):
                best = (key, count)
    return best


# ----------------------------------------------------------- the projection

def projection(site: model.Site, provider_base: str = "../providers/") -> dict:
    """Only what filtering and result cards need, with lookup tables for repeated ids."""
    tiers = [t.id for t in site.tiers]
    areas = [a.id for a in site.areas]
    needs = list(model.NEED_LABELS)
    access = list(model.ACCESS_LABELS)
    low = site.settings["low_cost_max"]
    rows = []
    for p in site.providers:
        flags = sum(bit for name, bit in FLAGS.items() if {
            "free": p.cost.free, "low": is_low_cost(p.cost, low), "direct-payments": p.cost.direct_payments,
            "carer": p.cost.carer_free, "siblings": p.siblings_welcome,
            "1:1": "1:1" in p.support, "2:1": "2:1" in p.support}[name])
        row = {
            "i": p.id, "n": p.name, "s": p.summary, "c": p.cost.text, "g": list(p.ages),
            "t": [tiers.index(t) for t in p.tiers], "a": [areas.index(a) for a in p.areas],
            "e": [needs.index(n) for n in p.needs], "x": [access.index(a) for a in p.access],
            # Each session as one number: a bit per day (Monday = 1) times 4, plus 1 term, 2 holidays, 3 all year.
            "w": [sum(1 << model.DAYS.index(d) for d in s.days) * 4 + WHEN_CODES[s.when] for s in p.sessions],
            "o": p.organisation, "k": " ".join(p.services), "f": flags,
        }
        rows.append({k: v for k, v in row.items() if v not in ("", [], 0) or k in ("f", "g")})
    return {
        "v": 1,
        "pb": provider_base,
        "tiers": [[t.id, t.number, t.name] for t in site.tiers],
        "areas": [[a.id, a.name] for a in site.areas],
        "needs": [[n, model.NEED_LABELS[n]] for n in needs],
        "access": [[a, model.ACCESS_LABELS[a]] for a in access],
        "days": list(model.DAYS),
        "params": {k: v["match"] for k, v in PARAMS.items()},
        "labels": {k: v["label"] for k, v in PARAMS.items()},
        "page": PAGE_SIZE,
        "p": rows,
    }


def dumps(data) -> str:
    """Deterministic, compact JSON (sorted keys) that is also safe inside a script file."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")


def data_js(site: model.Site) -> str:
    return "window.sbFinderData=" + dumps(projection(site)) + ";\n"


# ------------------------------------------------------------------ pages

def page_url(from_md: str, to_md: str) -> str:
    """The link from one page to another as MkDocs publishes them (directory URLs)."""
    def folder(md: str) -> str:
        stem = md[:-3] if md.endswith(".md") else md
        stem = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
        return stem
    here, there = folder(from_md), folder(to_md)
    rel = posixpath.relpath(there or ".", here.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"


def versioned(name: str, text: str | None = None) -> str:
    """An asset name with a short content hash, so browsers never pair new pages with old scripts."""
    data = text.encode("utf-8") if text is not None else (ASSETS_DIR / name).read_bytes()
    return f"{name}?v={hashlib.sha256(data).hexdigest()[:10]}"


def options(site: model.Site) -> dict:
    """Every filter option the data offers, with how many providers have it."""
    ps = site.providers
    low = site.settings["low_cost_max"]

    def count(pred):
        return sum(1 for p in ps if pred(p))

    def keep(items):
        return [i for i in items if i[2]]

    return {
        "ages": list(range(0, max([25] + [p.ages[1] for p in ps]) + 1)),
        "tier": keep([(t.id, f"Tier {t.number}: {t.name}", count(lambda p, t=t: t.id in p.tiers)) for t in site.tiers]),
        "area": keep([(a.id, a.name, count(lambda p, a=a: a.id in p.areas)) for a in site.areas]),
        "day": [(d, d.capitalize(), count(lambda p, d=d: _session_ok(p, [d], []))) for d in model.DAYS],
        "when": [(w, WHEN_OPTION_LABELS[w], count(lambda p, w=w: _session_ok(p, [], [w]))) for w in WHEN_VALUES],
        "cost": keep([
            ("free", "Free", count(lambda p: p.cost.free)),
            ("low", f"Low cost (free or £{low:g} or less)", count(lambda p: is_low_cost(p.cost, low))),
            ("direct-payments", "You can use a direct payment", count(lambda p: p.cost.direct_payments)),
        ]),
        "need": keep([(n, label, count(lambda p, n=n: n in p.needs)) for n, label in model.NEED_LABELS.items()]),
        "access": keep([(a, label, count(lambda p, a=a: a in p.access)) for a, label in model.ACCESS_LABELS.items()]),
        "support": keep([(s, s.replace(":", " to ") + " support", count(lambda p, s=s: s in p.support)) for s in SUPPORT_VALUES]),
        "carer": keep([("free", "A parent or carer goes free", count(lambda p: p.cost.carer_free))]),
        "siblings": keep([("welcome", "Brothers and sisters welcome", count(lambda p: p.siblings_welcome))]),
    }


def standalone(site: model.Site) -> dict[str, str]:
    """The finder page (Markdown, as the full build writes it) and its data, without building
    the rest of the site: for the size test and bench/finder_bench.py."""
    from . import eligibility, render, shortlist
    specs = render.core_pages(site) + pages(site) + eligibility.pages(site) + shortlist.pages(site)
    paths = {s.key: s.path for s in specs}
    here = posixpath.dirname(PAGE)

    def to(key: str, anchor: str = "") -> str:
        return posixpath.relpath(paths[key], here) + (f"#{anchor}" if anchor else "")

    spec = next(s for s in specs if s.key == "finder")
    page = render.environment().get_template(spec.template).render(
        site=site, to=to, model=model, page_key=spec.key, page_path=spec.path, **spec.context)
    return {PAGE: page, DATA: next(s.text for s in specs if s.key == "finder:data")}


def pages(site: model.Site) -> list:
    from .render import PageSpec  # render imports this module at its end
    data = data_js(site)
    groups = [(t, site.providers_in_tier(t.id)) for t in site.tiers]
    context = {
        "options": options(site), "groups": groups, "params": PARAMS,
        "data_src": versioned("data.js", data), "script_src": "../assets/" + versioned("finder.js"),
        "provider_url": lambda pid: page_url(PAGE, f"providers/{pid}.md"),
        "tier_url": lambda tid: page_url(PAGE, f"tiers/{tid}.md"),
        "area_url": lambda aid: page_url(PAGE, f"areas/{aid}.md"),
        "shortlist_url": page_url(PAGE, "shortlist/index.md"),
    }
    return [PageSpec("finder", PAGE, "finder.md.j2", context, source="providers.yaml"), PageSpec("finder:data", DATA, text=data)]
