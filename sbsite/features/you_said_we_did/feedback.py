"""'You said, we did' (SEND Regulations 2014, regulation 56).

Comments from children, young people and parents, the council's response and
its action, kept in content/you-said-we-did.yaml and shown on one page, newest
first, each with its dates and status. The statement's co-production section
links to it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sbsite.core import model
from sbsite.core.problems import Problem

FILE = "content/you-said-we-did.yaml"
SCHEMA = "you-said-we-did.schema.json"

STATUS_LABELS = {"planned": "Planned", "in-progress": "In progress", "done": "Done"}
# What the action heading says at each status: plain tense, not jargon.
ACTION_HEADINGS = {"planned": "What we will do", "in-progress": "What we are doing", "done": "What we did"}
AREA_LABELS = {
    "short-breaks": "Short breaks", "information": "Information and advice", "education": "Education",
    "health": "Health", "social-care": "Social care", "travel": "Travel and transport",
    "preparing-for-adulthood": "Preparing for adulthood", "this-website": "This website",
}


@dataclass(frozen=True)
class Item:
    id: str
    date: date
    topic: str
    area: str
    you_said: str
    response: str
    action: str
    status: str
    who: str = ""
    updated: date | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status.replace("-", " ").capitalize())

    @property
    def area_label(self) -> str:
        return AREA_LABELS.get(self.area, self.area.replace("-", " ").capitalize())

    @property
    def action_heading(self) -> str:
        return ACTION_HEADINGS.get(self.status, "What we are doing")


def items(site: model.Site) -> list[Item]:
    """The items, newest comment first (then by topic), from validated data."""
    data = site.files.get(FILE) or {}
    out = [Item(id=i["id"], date=date.fromisoformat(i["date"]), topic=i["topic"], area=i["area"],
                you_said=i["you_said"], response=i["response"], action=i["action"], status=i["status"],
                who=i.get("who") or "", updated=date.fromisoformat(i["updated"]) if i.get("updated") else None)
           for i in data.get("items") or []]
    return sorted(out, key=lambda i: (-i.date.toordinal(), i.topic.lower(), i.id))


def counts(found: list[Item]) -> list[tuple[str, int]]:
    return [(label, sum(1 for i in found if i.status == key)) for key, label in STATUS_LABELS.items()]


def check(loaded) -> list[Problem]:
    """Mistakes the schema cannot see: repeated ids, a status date before the comment."""
    out: list[Problem] = []
    data = loaded.data if isinstance(loaded.data, dict) else {}
    entries = data.get("items") if isinstance(data.get("items"), list) else []
    first: dict = {}
    for n, item in enumerate(entries):
        if not isinstance(item, dict):
            continue
        ident = item.get("id")
        if isinstance(ident, str):
            if ident in first:
                line, col = loaded.locate(("items", n, "id"))
                out.append(Problem(loaded.file, line, col,
                                   f"The item id '{ident}' is used twice (first on line {loaded.locate(('items', first[ident], 'id'))[0]}).",
                                   "Each item id must be different: change one of them."))
            else:
                first[ident] = n
        said, updated = item.get("date"), item.get("updated")
        if isinstance(said, str) and isinstance(updated, str) and updated < said:
            line, col = loaded.locate(("items", n, "updated"))
            out.append(Problem(loaded.file, line, col,
                               f"'updated' ({updated}) is before the date families told us ({said}).",
                               "Set 'updated' to the day the status last changed, on or after 'date'."))
    return out


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    found = items(site)
    intro = (site.files.get(FILE) or {}).get("intro") or ""
    return [PageSpec("you_said_we_did", "you-said-we-did.md", "you_said_we_did.md.j2",
                     {"items": found, "counts": counts(found), "intro": intro}, source=FILE)]
