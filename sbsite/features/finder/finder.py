"""The activity finder: a compact projection of the providers, the filter rules, and its pages.

The finder page lists every provider without JavaScript (grouped by tier, with
links to tier and area pages; above FinderConfig.list_all_max providers it links to those
lists, with counts, instead of repeating them). `templates/assets/finder.js`
enhances it with filters that run in the family's browser over a projection that
keeps only what filtering and result cards need: an index of short codes
(`finder/data.js`) and the card text in shards (`finder/text-N.js`) loaded when
needed (see "the projection" below). Keys are sorted, so the same data always
gives the same bytes.

The filter rules are written once here in Python (`matches`, over the model)
and once in finder.js (over the projection); the browser tests check that both
agree on the demo data. The query-string parameters are listed in `PARAMS`.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from sbsite.core import model, vocabulary
from sbsite.core.urls import dumps, page_url, versioned

PAGE = "finder/index.md"
DATA = "finder/data.js"
ASSETS_DIR = Path(__file__).parent  # finder.js beside this file



@dataclass(frozen=True)
class ListFilter:
    """A filter over a list of word-list values a provider has (needs, venue access, and
    every list in vocabulary.PROVIDER_LISTS). One set of rules serves them all: here in
    `clean`, `matches` and `options`, in the projection (a bit-mask column `col` and a
    lookup table `table`), in finder.md.j2 (a group of tick boxes) and in finder.js."""
    param: str      # the query-string parameter
    attr: str       # the model.Provider attribute holding the values
    labels: dict    # value → label, in the order shown
    label: str      # the group's name
    short: str      # its word in "More filters: ..."
    match: str      # "any" or "all"
    col: str
    table: str


LISTS = (
    ListFilter("need", "needs", model.NEED_LABELS, "Needs supported", "needs", "all", "e", "needs"),
    ListFilter("access", "access", model.ACCESS_LABELS, "Venue access", "access", "all", "x", "access"),
    *(ListFilter(f.param, f.name, vocabulary.labels(f.terms), f.filter_label, f.filter_label.lower(), f.match,
                 f.param, f.name) for f in vocabulary.PROVIDER_LISTS),
)

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
    **{f.param: {"label": f.label, "match": f.match} for f in LISTS},
    "support": {"label": "1:1 or 2:1 support", "match": "any"},
    "carer": {"label": "Carer goes free", "match": "all"},
    "siblings": {"label": "Brothers and sisters welcome", "match": "all"},
}
# Each 'when' filter value is a period of model.PERIOD_WHENS, whose sessions it matches.
WHEN_PERIODS = {"term": "term-time", "holiday": "school-holidays"}
WHEN_VALUES = {k: model.PERIOD_WHENS[period] for k, period in WHEN_PERIODS.items()}
WHEN_OPTION_LABELS = {"term": "Term time", "holiday": "School holidays"}
COST_VALUES = ("free", "low", "direct-payments")
SUPPORT_VALUES = ("1:1", "2:1")
# Flag bits in a projected provider's "f" field.
FLAGS = {"free": 1, "low": 2, "direct-payments": 4, "carer": 8, "siblings": 16, "1:1": 32, "2:1": 64}
WHEN_CODES = {"term-time": 1, "school-holidays": 2, "all-year": 3}


@dataclass(frozen=True)
class FinderConfig:
    """The finder's settings (its Feature.config): a council building a very large directory
    can change them by building with `dataclasses.replace(FEATURE, config=FinderConfig(...))`."""
    page_size: int = 50        # result cards shown before "Show more"
    shard: int = 500           # providers per text file (names, summaries, words)
    # Above this many providers the no-JavaScript list moves to the tier, area, age and A to Z
    # pages (linked from the finder with counts) so the finder page itself stays small.
    list_all_max: int = 1500


def settings(site: model.Site) -> FinderConfig:
    """This site's finder settings: the config of the finder it is built with."""
    return next((f.config for f in site.features if f.name == "finder" and f.config), FinderConfig())


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
        "when": set(WHEN_VALUES), "cost": set(COST_VALUES), "support": set(SUPPORT_VALUES),
        **{f.param: set(f.labels) for f in LISTS},
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
    if not days:  # the same definition as the statement's counts (model.Provider.runs_in)
        return not whens or any(p.runs_in(WHEN_PERIODS[w]) for w in whens)
    if not p.sessions:
        return True
    for s in p.sessions:
        day_ok = any(d in s.days for d in days)
        when_ok = not whens or any(s.runs_in(WHEN_PERIODS[w]) for w in whens)
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
    for f in LISTS:
        want = g(f.param)
        if want and not (set(want) <= set(getattr(p, f.attr)) if f.match == "all" else set(want) & set(getattr(p, f.attr))):
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
#
# Two kinds of file, so a family's first view stays small however big the directory:
#
# - finder/data.js, the index: everything filtering needs for every provider, as
#   columns of short codes (ages, tiers, areas, each ListFilter, sessions, flags), with
#   lookup tables, labels and the names of the text files. About 8 bytes gzipped per
#   provider.
# - finder/text-N.js, the text in shards of FinderConfig.shard providers (A to Z order): id, name,
#   summary, cost, organisation and activities, all a card shows or keyword search
#   reads. The page loads the first shard with the index (the first results shown);
#   finder.js loads the others when a card from them is shown, and all of them when a
#   family uses the keyword search box.

CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # 6 bits a character


def _code(n: int, width: int) -> str:
    """`n` as `width` characters of CODES, most significant first."""
    out = ""
    for _ in range(width):
        out = CODES[n & 63] + out
        n >>= 6
    return out


def _width(bits: int) -> int:
    return max(1, (bits + 5) // 6)


def _mask(items, table: list[str]) -> int:
    return sum(1 << table.index(i) for i in items)


def _flags(p: model.Provider, low: float) -> int:
    have = {"free": p.cost.free, "low": is_low_cost(p.cost, low), "direct-payments": p.cost.direct_payments,
            "carer": p.cost.carer_free, "siblings": p.siblings_welcome, "1:1": "1:1" in p.support, "2:1": "2:1" in p.support}
    return sum(bit for name, bit in FLAGS.items() if have[name])


def _session(s) -> int:
    """A session as one number: a bit per day (Monday = 1) times 4, plus 1 term, 2 holidays, 3 all year."""
    return sum(1 << model.DAYS.index(d) for d in s.days) * 4 + WHEN_CODES[s.when]


def shard_name(k: int) -> str:
    return f"text-{k}.js"


def text_shards(site: model.Site) -> list[str]:
    """The text files' contents: shard k holds providers k*shard to (k+1)*shard-1, each as
    [id, name, summary, cost, organisation, activities]."""
    out = []
    ps = site.providers
    shard = settings(site).shard
    for k, start in enumerate(range(0, len(ps), shard)):
        rows = [[p.id, p.name, p.summary, p.cost.text, p.organisation, " ".join(p.services)] for p in ps[start:start + shard]]
        out.append(f"(window.sbFinderText=window.sbFinderText||{{}})[{k}]={dumps(rows)};\n")
    return out


def projection(site: model.Site, provider_base: str = "../providers/", shards: list[str] | None = None) -> dict:
    """The index: lookup tables, and one string per filter field with every provider's code
    (`w` and `c` below say how wide each code is and how they are laid out)."""
    tiers = [t.id for t in site.tiers]
    areas = [a.id for a in site.areas]
    low = site.settings["low_cost_max"]
    ps = site.providers
    age_w = _width(max([25] + [p.ages[1] for p in ps]).bit_length())
    widths = {"lo": age_w, "hi": age_w, "t": _width(len(tiers)), "a": _width(len(areas)),
              "f": _width(max(FLAGS.values()).bit_length()), "w": 2, **{f.col: _width(len(f.labels)) for f in LISTS}}
    fields = {
        "lo": lambda p: p.ages[0], "hi": lambda p: p.ages[1], "t": lambda p: _mask(p.tiers, tiers),
        "a": lambda p: _mask(p.areas, areas), "f": lambda p: _flags(p, low),
        **{f.col: (lambda p, f=f, table=list(f.labels): _mask(getattr(p, f.attr), table)) for f in LISTS},
    }
    # Fixed-width columns: provider i's code is characters i*w to (i+1)*w. Sessions vary in
    # number, so that column has each provider's sessions (2 characters each) and a comma after.
    columns = {k: "".join(_code(get(p), widths[k]) for p in ps) for k, get in fields.items()}
    columns["w"] = "".join("".join(_code(_session(s), 2) for s in p.sessions) + "," for p in ps)
    shards = text_shards(site) if shards is None else shards
    return {
        "v": 2,
        "pb": provider_base,
        "n": len(ps),
        "shard": settings(site).shard,
        "text": [versioned(shard_name(k), text) for k, text in enumerate(shards)],
        "w": widths,
        "c": columns,
        "tiers": [[t.id, t.number, t.name] for t in site.tiers],
        "areas": [[a.id, a.name] for a in site.areas],
        **{f.table: [[v, label] for v, label in f.labels.items()] for f in LISTS},
        "lists": [[f.param, f.col, f.table] for f in LISTS],  # each ListFilter: its column and lookup table
        "days": list(model.DAYS),
        "order": list(PARAMS),
        "params": {k: v["match"] for k, v in PARAMS.items()},
        "labels": {k: v["label"] for k, v in PARAMS.items()},
        "page": settings(site).page_size,
    }


def data_js(site: model.Site, shards: list[str] | None = None) -> str:
    return "window.sbFinderData=" + dumps(projection(site, shards=shards)) + ";\n"


# ------------------------------------------------------------------ pages

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
        **{f.param: keep([(v, label, count(lambda p, v=v, f=f: v in getattr(p, f.attr))) for v, label in f.labels.items()])
           for f in LISTS},
        "support": keep([(s, s.replace(":", " to ") + " support", count(lambda p, s=s: s in p.support)) for s in SUPPORT_VALUES]),
        "carer": keep([("free", "A parent or carer goes free", count(lambda p: p.cost.carer_free))]),
        "siblings": keep([("welcome", "Brothers and sisters welcome", count(lambda p: p.siblings_welcome))]),
    }


def first_view(files: dict[str, str]) -> list[str]:
    """The finder's own files a browser downloads on first view (of `standalone`'s output):
    the page and the scripts its data-sb-scripts names (the index, the first text file and
    finder.js). Other text files load later, only when needed."""
    page = files[PAGE]
    found = [PAGE]
    for attr in re.findall(r'data-sb-scripts="([^"]+)"', page):
        for ref in attr.split():
            found.append(posixpath.normpath(posixpath.join(posixpath.dirname(PAGE), ref.split("?")[0])))
    return found


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec
    shards = text_shards(site)
    data = data_js(site, shards)
    groups = [(t, site.providers_in_tier(t.id)) for t in site.tiers]
    scripts = [versioned("data.js", data)] + [versioned(shard_name(0), shards[0])] * bool(shards)
    context = {
        "options": options(site), "groups": groups, "params": PARAMS, "lists": LISTS,
        "list_all": len(site.providers) <= settings(site).list_all_max,
        "area_groups": [(a, len(site.providers_in_area(a.id))) for a in site.areas],
        "age_groups": [(b, len(site.providers_for_ages(b[2], b[3])), page_url(PAGE, f"ages/{b[0]}.md")) for b in model.AGE_BANDS],
        "data_src": " ".join(scripts), "script_src": "../assets/" + versioned("finder.js", folder=ASSETS_DIR),
        "provider_url": lambda pid: page_url(PAGE, f"providers/{pid}.md"),
        "tier_url": lambda tid: page_url(PAGE, f"tiers/{tid}.md"),
        "area_url": lambda aid: page_url(PAGE, f"areas/{aid}.md"),
        "az_url": page_url(PAGE, "providers/index.md"),
        "shortlist_url": page_url(PAGE, "shortlist/index.md"),
    }
    specs = [PageSpec("finder", PAGE, "finder.md.j2", context, source="providers.yaml"),
             PageSpec("finder:data", DATA, text=data)]
    # Keys end in ".js", which no provider id can, so the live preview never takes a text
    # file for a page about one provider (render._about) and always remakes it.
    specs += [PageSpec(f"finder:{shard_name(k)}", f"finder/{shard_name(k)}", text=text) for k, text in enumerate(shards)]
    return specs
