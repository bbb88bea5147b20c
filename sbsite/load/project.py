"""Load a whole sbsite project (providers.yaml and content/) into a validated Site.

Every file is read and checked before anything is built, and every problem in
every file is returned together, so one run of `sbsite check` shows them all.
"""
from __future__ import annotations

import dataclasses
import gc
import re
from datetime import date
from pathlib import Path

import yaml

from sbsite import DATA
from sbsite.core import model, vocabulary
from sbsite.core.feature import LoadContext
from sbsite.core.memory import PreviewMemory
from sbsite.core import statement as statement_mod
from sbsite.load import crosschecks
from sbsite.load.loader import Loaded, load_file, load_text, _decode
from sbsite.load.schemas import fill_optional
from sbsite.core.problems import Problem, did_you_mean, sort_problems
from sbsite.load.validate import describe, schema_problems

DATA_DIR = DATA

FILES = {  # file name → schema
    "providers.yaml": "providers.schema.json",
    "content/council.yaml": "council.schema.json",
    "content/tiers.yaml": "tiers.schema.json",
    "content/eligibility.yaml": "eligibility.schema.json",
    "content/you-said-we-did.yaml": "you-said-we-did.schema.json",
    "content/accessibility.yaml": "accessibility.schema.json",
}
PAGE_DIRS = {"content/pages": "pages", "content/statement": "statement_sections"}
_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def regulations() -> dict:
    return yaml.safe_load((DATA_DIR / "regulations.yaml").read_text(encoding="utf-8"))


def load_page(path: Path, name: str, memory: PreviewMemory | None = None) -> tuple[dict | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, None, f"This file could not be read ({exc.strerror}).", "Check the file.")]
    text, problem = _decode(raw, name)
    if problem:
        return None, [problem]
    match = _FRONT.match(text)
    if not match:
        return None, [Problem(name, 1, 1, "This page does not start with its details between two '---' lines.",
                              "Start the file with '---', then lines for title, summary and order, then '---'.")]
    loaded = load_text(match.group(1), name, "page.schema.json", memory=memory)
    # Front matter starts on line 2 of the file.
    loaded.where = {k: (v[0] + 1, v[1]) for k, v in loaded.where.items()}
    loaded.key_where = {k: (v[0] + 1, v[1]) for k, v in loaded.key_where.items()}
    loaded.problems = [Problem(p.file, p.line + 1 if p.line else p.line, p.column, p.message, p.fix) for p in loaded.problems]
    problems = list(loaded.problems)
    if not problems:
        problems += schema_problems(loaded, "page.schema.json", memory=memory)
    body = text[match.end():]
    if re.search(r"^# ", body, re.M):
        line = text[: match.end()].count("\n") + 1 + body[: re.search(r"^# ", body, re.M).start()].count("\n")
        problems.append(Problem(name, line, 1, "This page has a top-level '# ' heading. The title already comes from 'title:'.",
                                "Use '## ' for headings inside the page."))
    if problems:
        return None, problems
    data = dict(loaded.data)
    data["body"] = body
    return data, []


def load_site(root: Path, features=(), memory: PreviewMemory | None = None) -> tuple[model.Site | None, list[Problem]]:
    """Read and check every data file under `root`; return the Site, or None and the problems.

    Each of `features` checks what it reads (Feature.check) with the rest, and adds what it
    works out to the checked Site (Feature.attach); the Site remembers them for rendering.

    The live preview hands in its `memory` (sbsite.core.memory.PreviewMemory) to reuse what
    the last load read and checked; it reaches the features as LoadContext.memory and the
    render stage as Site.memory. `sbsite build` passes none: the result is the same.

    Python's cycle collector is paused meanwhile: reading creates millions of objects that
    all stay alive, and each collection would walk every one made so far, which made
    checking 10,000 providers take twice as long as 1,000 ten times over (16 s against 7.5 s,
    same peak memory). Nothing made here needs collecting before it returns.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_site(Path(root), tuple(features), memory)
    finally:
        if enabled:
            gc.enable()


def _load_site(root: Path, features: tuple, memory: PreviewMemory | None) -> tuple[model.Site | None, list[Problem]]:
    loaded: dict[str, Loaded] = {}
    problems: list[Problem] = []
    for name, schema in FILES.items():
        item = load_file(root / name, name, schema, memory=memory)
        problems += item.problems
        if not item.problems:
            problems += schema_problems(item, schema, memory=memory)
        loaded[name] = item
    pages: dict[str, list] = {"pages": [], "statement_sections": []}
    for folder, kind in PAGE_DIRS.items():
        for path in sorted((root / folder).glob("*.md")):
            name = f"{folder}/{path.name}"
            data, page_problems = load_page(path, name, memory)
            problems += page_problems
            if data is not None:
                pages[kind].append((path.stem, name, data))
    regs = regulations()
    problems += _cross_checks(loaded, pages, regs)
    ctx = LoadContext(root, loaded, pages, memory=memory)
    for feature in features:
        if feature.check is not None:
            problems += feature.check(ctx)
    if problems:
        return None, sort_problems(problems)
    site = dataclasses.replace(_build(loaded, pages, regs, features), root=root, features=features, memory=memory)
    for feature in features:
        if feature.attach is not None:
            site, more = feature.attach(site, ctx)
            problems += more
    if problems:
        return None, sort_problems(problems)
    return site, []


def _ids(items, key="id"):
    return [i.get(key) for i in items or [] if isinstance(i, dict)]


def _unique(values):
    return list(dict.fromkeys(v for v in values if isinstance(v, str)))


def _cross_checks(loaded: dict[str, Loaded], pages: dict, regs: dict) -> list[Problem]:
    """Mistakes no schema can see: references between files, duplicates, impossible values."""
    out: list[Problem] = []
    council = loaded["content/council.yaml"]
    tiers_file = loaded["content/tiers.yaml"]
    providers_file = loaded["providers.yaml"]
    elig = loaded["content/eligibility.yaml"]

    def at(item: Loaded, path, message, fix, key=False):
        line, col = (item.key_where.get(tuple(path)) if key else None) or item.locate(path)
        out.append(Problem(item.file, line, col, message, fix))

    areas = council.data.get("areas") if isinstance(council.data, dict) else None
    area_ids = _unique(_ids(areas if isinstance(areas, list) else []))
    tiers = tiers_file.data.get("tiers") if isinstance(tiers_file.data, dict) else None
    tier_ids = _unique(_ids(tiers if isinstance(tiers, list) else []))

    out += _duplicates(council, ("areas",), _ids(areas if isinstance(areas, list) else []), "area id")
    out += _duplicates(tiers_file, ("tiers",), _ids(tiers if isinstance(tiers, list) else []), "tier id")
    if isinstance(tiers, list):
        numbers = [t.get("number") if isinstance(t, dict) else None for t in tiers]
        out += _duplicates(tiers_file, ("tiers",), numbers, "tier number", key="number")

    statement = council.data.get("statement") if isinstance(council.data, dict) else None
    if isinstance(statement, dict) and isinstance(statement.get("published"), str) and isinstance(statement.get("next_review"), str):
        if statement["next_review"] <= statement["published"]:
            at(council, ("statement", "next_review"),
               f"The next review date ({statement['next_review']}) is not after the publication date ({statement['published']}).",
               "Set 'next_review' to a date after 'published', usually within a year.")

    extra = elig.data.get("eligibility", {}).get("extra") if isinstance(elig.data, dict) and isinstance(elig.data.get("eligibility"), dict) else None
    for i, item in enumerate(extra if isinstance(extra, list) else []):
        for j, ref in enumerate(item.get("applies_to") or [] if isinstance(item, dict) else []):
            if tier_ids and isinstance(ref, str) and ref not in tier_ids:
                at(elig, ("eligibility", "extra", i, "applies_to", j),
                   f"'{ref}' is not a tier in content/tiers.yaml.{did_you_mean(ref, tier_ids)}",
                   "Use one of these tier ids: " + ", ".join(tier_ids) + ".")

    plist = providers_file.data.get("providers") if isinstance(providers_file.data, dict) else None
    plist = plist if isinstance(plist, list) else []
    out += _duplicates(providers_file, ("providers",), _ids(plist), "provider id")
    out += _duplicates(providers_file, ("providers",), _ids(plist, "name"), "provider name", key="name")
    for i, p in enumerate(plist):
        if isinstance(p, dict):
            out += _provider_checks(providers_file, i, p, tier_ids, area_ids)

    covered = set(statement_mod.GENERATED) | {c for _, _, d in pages["statement_sections"] for c in d.get("covers") or []}
    for req in regs["statement"]:
        if req["id"] not in covered:
            out.append(Problem("content/statement", None, None,
                               f"The Short Breaks Services Statement does not cover: {req['text']} ({req['law']}).",
                               f"Add a Markdown file in content/statement/ with 'covers: [{req['id']}]' in its details at the top."))
    known = {r["id"] for group in regs.values() for r in group}
    for kind in pages.values():
        for _, name, data in kind:
            for c in data.get("covers") or []:
                if c not in known:
                    out.append(Problem(name, 2, 1, f"'{c}' in 'covers' is not a requirement we know.{did_you_mean(c, sorted(known))}",
                                       "Use ids from sbsite/data/regulations.yaml, such as: " + ", ".join(sorted(known)) + "."))
    return out


def _duplicates(item: Loaded, list_path, values, what, key="id") -> list[Problem]:
    out = []
    for i, first, v in crosschecks.duplicates(values):
        line, col = item.locate(list_path + (i, key))
        out.append(Problem(item.file, line, col,
                           f"The {what} '{v}' is used twice (first on line {item.locate(list_path + (first, key))[0]}).",
                           f"Each {what} must be different: change one of them."))
    return out


def _provider_checks(item: Loaded, i: int, p: dict, tier_ids, area_ids) -> list[Problem]:
    out = []
    for path, message, fix in crosschecks.provider(p, tier_ids, area_ids):
        where = ("providers", i) + path
        line, col = item.locate(where)
        out.append(Problem(item.file, line, col, f"{message} ({describe(item.data, where)})", fix))
    return out


def _build(loaded: dict[str, Loaded], pages: dict, regs: dict, features=()) -> model.Site:
    full = {name: fill_optional(item.data, {"$ref": FILES[name]}, FILES[name]) for name, item in loaded.items()}
    council = full["content/council.yaml"]
    providers = []
    for i, p in enumerate(full["providers.yaml"]["providers"]):
        providers.append(_provider(p, loaded["providers.yaml"].locate(("providers", i))[0] or 0, features))
    providers.sort(key=lambda p: (p.name.lower(), p.id))
    tiers = sorted((model.Tier(**t) for t in full["content/tiers.yaml"]["tiers"]), key=lambda t: t.number)
    made = {kind: tuple(sorted((model.Page(slug=slug, title=d["title"], summary=d["summary"], order=d["order"],
                                            body=d["body"], source=name, covers=tuple(d.get("covers") or ()))
                                for slug, name, d in items), key=lambda pg: (pg.order, pg.slug)))
            for kind, items in pages.items()}
    return model.Site(
        council=council["council"], lead_officer=council["lead_officer"], statement=council["statement"],
        settings={**council["site"], "low_cost_max": council["site"]["low_cost_max"] or 5,
                  "review_months": council["site"]["review_months"] or 12},
        areas=tuple(model.Area(**{**a, "description": a["description"] or ""}) for a in council["areas"]), tiers=tuple(tiers),
        eligibility=full["content/eligibility.yaml"]["eligibility"],
        providers=tuple(providers), pages=made["pages"], statement_sections=made["statement_sections"],
        regulations=regs, files=full,
    )


def _provider(p: dict, line: int, features=()) -> model.Provider:
    extra = {k: v for f in features if f.provider_fields for k, v in f.provider_fields(p).items()}
    cost = model.Cost(**p["cost"])
    return model.Provider(
        id=p["id"], name=p["name"], summary=p["summary"], description=p["description"],
        tiers=tuple(p["tiers"]), ages=(p["ages"]["min"], p["ages"]["max"]), needs=tuple(p["needs"]),
        break_types=tuple(p["break_types"]), cost=cost,
        booking_route=p["booking"]["route"], booking_how=p["booking"]["how"], booking_url=p["booking"].get("url") or "",
        reviewed_date=date.fromisoformat(p["reviewed"]["date"]), reviewed_by=p["reviewed"]["by"],
        organisation=p.get("organisation") or "", services=tuple(p.get("services") or ()),
        support=tuple(p.get("support") or ()), siblings_welcome=bool(p.get("siblings_welcome")),
        venues=tuple(model.Venue(**{**v, "access": tuple(v.get("access") or ())}) for v in p.get("venues") or ()),
        areas_served=tuple(p.get("areas_served") or ()),
        sessions=tuple(model.Session(**{**s, "days": tuple(s["days"])}) for s in p.get("sessions") or ()),
        eligibility=p.get("eligibility") or "", contact=dict(p["contact"]), line=line,
        **{f.name: tuple(p.get(f.name) or ()) for f in vocabulary.PROVIDER_LISTS},
        **extra,
    )
