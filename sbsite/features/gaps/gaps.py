"""The provision gap matrix: how many short breaks there are for each tier, age band,
area and time of year, so commissioners can see where there are none.

This is the evidence for "how the range of breaks is designed to meet the needs of
local carers" (Breaks for Carers Regulations 2011, reg 4(1)(c)).

A listing counts in a box when it is in that tier, takes children of any age in the
band, runs in or comes to that area, and runs at that time of year. A listing with no
fixed sessions (arranged with each family) counts in term time and in the holidays.
One listing can count in many boxes.
"""
from __future__ import annotations

from sbsite.core import model

PERIODS = (("term-time", "Term time"), ("school-holidays", "School holidays"))
# Heat map levels: (lowest count, css modifier, words for the key). Colour is never the
# only signal: every box shows its number, and empty boxes say "None" on a striped ground.
LEVELS = ((0, "none", "None: no short breaks"), (1, "one", "1 short break"), (2, "some", "2 or 3 short breaks"),
          (4, "many", "4 or more short breaks"))


def runs_in(p: model.Provider, period: str) -> bool:
    return p.runs_in(period)  # one definition for the whole site: see model.Provider.runs_in


def serves_band(p: model.Provider, band) -> bool:
    _, _, low, high = band
    return p.ages[0] <= high and p.ages[1] >= low


def level(n: int) -> str:
    return next(css for low, css, _ in reversed(LEVELS) if n >= low)


def matrix(site: model.Site) -> dict[tuple, list[str]]:
    """(tier id, band id, area id, period) → ids of the listings that count there."""
    out: dict[tuple, list[str]] = {}
    for t in site.tiers:
        for band in model.AGE_BANDS:
            for a in site.areas:
                for period, _ in PERIODS:
                    out[(t.id, band[0], a.id, period)] = [
                        p.id for p in site.providers
                        if t.id in p.tiers and serves_band(p, band) and a.id in p.areas and runs_in(p, period)]
    return out


def summary(site: model.Site, cells: dict) -> list[dict]:
    rows = []
    for t in site.tiers:
        mine = {k: v for k, v in cells.items() if k[0] == t.id}
        empty = [k for k, v in mine.items() if not v]
        rows.append({"tier": t, "boxes": len(mine), "empty": len(empty),
                     "empty_keys": empty})
    return rows


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    cells = matrix(site)
    return [PageSpec("gaps", "gaps.md", "gaps.md.j2", {
        "cells": cells, "periods": PERIODS, "levels": LEVELS, "level": level,
        "summary": summary(site, cells), "empty_total": sum(1 for v in cells.values() if not v),
    }, source="providers.yaml")]
