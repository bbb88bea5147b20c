"""Mistakes in a provider entry that no schema can see, written once.

`sbsite check` (load/project.py) runs them on every entry of providers.yaml and turns each
finding into a Problem with its file, line and column; `sbsite new-provider` runs them on
the new entry before it is written and prints the same words.

Each check yields Findings: where inside the entry (a path such as ("venues", 0, "area")),
what is wrong, and how to fix it. The checks read plain values as loaded, so each one
first makes sure a value has the shape it needs (the schema reports it otherwise).
"""
from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple

from sbsite.core.problems import did_you_mean


class Finding(NamedTuple):
    path: tuple  # inside the entry
    message: str
    fix: str


def duplicates(values: Iterable) -> Iterator[tuple[int, int, object]]:
    """(index, index of its first use, value) for each text or number used again. None, true/false
    and anything else are left to the schema."""
    first: dict = {}
    for i, v in enumerate(values):
        if not isinstance(v, (str, int)) or isinstance(v, bool):
            continue
        if v in first:
            yield i, first[v], v
        else:
            first[v] = i


def _list(value) -> list:
    return value if isinstance(value, list) else []


def provider(p: dict, tier_ids: list, area_ids: list) -> Iterator[Finding]:
    """What is wrong with one provider entry, given the tier and area ids the project has
    (an empty list means that file has its own problems: references to it are not checked)."""
    for j, t in enumerate(_list(p.get("tiers"))):
        if tier_ids and isinstance(t, str) and t not in tier_ids:
            yield Finding(("tiers", j), f"'{t}' is not a tier in content/tiers.yaml.{did_you_mean(t, tier_ids)}",
                          "Use one of these tier ids: " + ", ".join(tier_ids) + ".")
    venues, served = _list(p.get("venues")), _list(p.get("areas_served"))
    refs = [(("venues", j, "area"), v.get("area")) for j, v in enumerate(venues) if isinstance(v, dict)]
    refs += [(("areas_served", j), a) for j, a in enumerate(served)]
    for path, a in refs:
        if area_ids and isinstance(a, str) and a not in area_ids:
            yield Finding(path, f"'{a}' is not an area in content/council.yaml.{did_you_mean(a, area_ids)}",
                          "Use one of these area ids: " + ", ".join(area_ids) + ".")
    if not venues and not served:
        yield Finding((), "This provider does not say where it runs.",
                      "Add 'venues:' (places families go) or 'areas_served:' (areas it covers, for services that come to you).")
    ages = p.get("ages")
    if isinstance(ages, dict) and isinstance(ages.get("min"), int) and isinstance(ages.get("max"), int):
        if ages["min"] > ages["max"]:
            yield Finding(("ages", "min"), f"The youngest age ({ages['min']}) is more than the oldest age ({ages['max']}).",
                          "Make 'min' the youngest age and 'max' the oldest, or swap them.")
    names = [v.get("name") for v in venues if isinstance(v, dict)]
    for j, s in enumerate(_list(p.get("sessions"))):
        if not isinstance(s, dict):
            continue
        start, end = s.get("start"), s.get("end")
        if isinstance(start, str) and isinstance(end, str) and end <= start and not s.get("overnight"):
            yield Finding(("sessions", j, "end"), f"The session ends ({end}) before it starts ({start}).",
                          "Use the 24-hour clock, such as \"18:30\" for half past six in the evening, or add 'overnight: true'.")
        if isinstance(s.get("venue"), str) and s["venue"] not in names:
            yield Finding(("sessions", j, "venue"),
                          f"'{s['venue']}' is not one of this provider's venues."
                          f"{did_you_mean(s['venue'], [n for n in names if isinstance(n, str)])}",
                          "Use the exact name of a venue listed under 'venues:'.")
    cost = p.get("cost")
    if isinstance(cost, dict) and cost.get("free") is True and isinstance(cost.get("amount"), (int, float)) and cost["amount"] > 0:
        yield Finding(("cost", "amount"), f"The cost says free, but also gives a price of £{cost['amount']}.",
                      "Set 'free: false', or remove 'amount'.")
    contact = p.get("contact")
    if isinstance(contact, dict) and contact and not any(contact.get(k) for k in ("phone", "email", "website")):
        yield Finding(("contact",), "The contact has no phone, email or website.",
                      "Add at least one of 'phone:', 'email:' or 'website:'.")
