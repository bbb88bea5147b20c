"""Which page meets each legal requirement, and what is missing.

The requirements are in sbsite/data/regulations.yaml, in three groups:

- ``statement``: what the Short Breaks Services Statement must say. Some sections are
  built from the data (statement.GENERATED); the rest are content/statement/*.md files
  that name the requirement in ``covers:``.
- ``local_offer``: what the SEND Local Offer must cover. Met by content/pages/*.md files
  with ``covers:``, or by pages the site builds itself (``GENERATED`` below).
- ``provision``: the range of breaks the council must provide (2011 regulations, reg 3).
  Met when the listings really include that kind of break.

`sbsite check --statutory` fails when anything is missing and says where it should go;
/compliance/ shows each requirement and the page that meets it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sbsite.core import model
from sbsite.core.feature import PageSpec
from sbsite.core import statement as statement_mod
from sbsite.core.problems import Problem

GROUP_TITLES = {
    "statement": "Short Breaks Services Statement",
    "local_offer": "SEND Local Offer",
    "provision": "The range of short breaks the council provides",
}
# Local Offer requirements met by pages the site builds from data: requirement id →
# (page key, anchor, what the page is). A feature that adds such a page can add itself here.
GENERATED: dict[str, tuple[str, str, str]] = {
    "short-breaks": ("statement", "", "The Short Breaks Services Statement and the short breaks directory"),
    "every-service-who-how": ("providers", "", "Every listing's page: 'Who it is for' and 'How to get a place'"),
    "you-said-we-did": ("you_said_we_did", "", "You said, we did"),
}
STATEMENT_SECTIONS = {
    "publication-review": "Publication and review", "range": "The range of short breaks",
    "tier-access": "Each type of short break and how to get it", "eligibility": "Who can get targeted and specialist short breaks",
    "not-mechanical": "We do not apply the criteria mechanically", "named-contact": "Who to contact",
}


def _range_counts(site: model.Site) -> dict[str, tuple[int, str, str]]:
    """Provision requirement → (how many listings meet it, what they are, how to add one)."""
    ps = site.providers

    def kinds(*types):
        return sum(1 for p in ps if any(t in p.break_types for t in types))

    return {
        "range-day-care": (kinds("day-care-at-home", "day-care-elsewhere"), "offer day-time care",
                           "break_types: [day-care-at-home] or [day-care-elsewhere]"),
        "range-overnight": (kinds("overnight-at-home", "overnight-elsewhere"), "offer overnight care",
                            "break_types: [overnight-at-home] or [overnight-elsewhere]"),
        "range-activities": (kinds("activities"), "offer activities outside the home", "break_types: [activities]"),
        "range-evenings": (sum(1 for p in ps if any(s.evening for s in p.sessions)), "run in the evenings",
                           "a session that ends after 17:30, such as start: \"18:00\""),
        "range-weekends": (sum(1 for p in ps if any(s.weekend for s in p.sessions)), "run at weekends",
                           "a session with days: [saturday] or [sunday]"),
        "range-holidays": (sum(1 for p in ps if p.runs_in("school-holidays")),
                           "run in the school holidays", "a session with when: school-holidays or all-year"),
    }


@dataclass(frozen=True)
class Met:
    key: str      # the page key to link to
    anchor: str
    title: str


@dataclass(frozen=True)
class Item:
    group: str
    id: str
    text: str
    law: str
    met: tuple
    where: str    # the file to create (or edit) when it is missing
    fix: str

    @property
    def ok(self) -> bool:
        return bool(self.met)


def report(site: model.Site, page_keys: set | None = None) -> list[Item]:
    """Every requirement, in the order of regulations.yaml, with what meets it."""
    regs = site.regulations
    sections = site.statement_sections
    items: list[Item] = []
    for r in regs.get("statement", []):
        met = []
        if r["id"] in statement_mod.GENERATED:
            met.append(Met("statement", r["id"], f"Statement: {STATEMENT_SECTIONS.get(r['id'], r['id'])}"))
        met += [Met("statement", r["id"], f"Statement: {s.title}") for s in sections if r["id"] in s.covers]
        items.append(Item("statement", r["id"], r["text"], r["law"], tuple(met), f"content/statement/{r['id']}.md",
                          f"Create content/statement/{r['id']}.md with 'covers: [{r['id']}]' in its details at the top, "
                          "and write that part of the statement in it."))
    for r in regs.get("local_offer", []):
        met = [Met(f"page:{pg.slug}", "", pg.title) for pg in site.pages if r["id"] in pg.covers]
        met += [Met("statement", r["id"], f"Statement: {s.title}") for s in sections if r["id"] in s.covers]
        gen = GENERATED.get(r["id"])
        if gen and (page_keys is None or gen[0] in page_keys):
            met.append(Met(gen[0], gen[1], gen[2]))
        items.append(Item("local_offer", r["id"], r["text"], r["law"], tuple(met), f"content/pages/{r['id']}.md",
                          f"Create content/pages/{r['id']}.md with 'covers: [{r['id']}]' in its details at the top, "
                          f"or add '{r['id']}' to the 'covers:' list of a page in content/pages/ that already explains it."))
    counts = _range_counts(site)
    for r in regs.get("provision", []):
        n, what, how = counts.get(r["id"], (0, "meet this", "the right details"))
        met = (Met("statement", "range", f"{n} listing{'s' if n != 1 else ''} {what}"),) if n else ()
        items.append(Item("provision", r["id"], r["text"], r["law"], met, "providers.yaml",
                          f"No listing in providers.yaml {what}. Add one with {how}, or, if the council cannot "
                          "provide it, say why in the statement (content/statement/meeting-carers-needs.md)."))
    return items


def problems(items: list[Item]) -> list[Problem]:
    out = []
    for it in items:
        if not it.ok:
            what = {"statement": "The Short Breaks Services Statement does not cover",
                    "local_offer": "The Local Offer does not cover",
                    "provision": "The range of short breaks does not include"}[it.group]
            out.append(Problem(it.where, None, None, f"{what}: {it.text} ({it.law}).", it.fix))
    return out


def pages(site: model.Site) -> list:
    def current():
        # Called while rendering, when the render stage has listed every page in site.memo.
        return report(site, {s.key for s in site.memo["pages"]})

    return [PageSpec("compliance", "compliance.md", "compliance.md.j2", {"report": current, "titles": GROUP_TITLES},
                     source="content/pages"),
            PageSpec("professionals", "professionals.md", "professionals.md.j2", source="content/council.yaml")]
