"""Facts the Short Breaks Services Statement reports, worked out from the data.

The statement's "range of breaks" section is generated so it can never drift
from the listings: add a provider and the counts change.
"""
from __future__ import annotations

from sbsite.core import model

# Sections that templates/statement.md.j2 builds from data. The statement's other
# requirements (see sbsite/data/regulations.yaml) come from content/statement/*.md.
GENERATED = ("publication-review", "range", "tier-access", "eligibility", "not-mechanical", "named-contact")


def range_of_breaks(site: model.Site) -> dict:
    providers = site.providers
    return {
        "by_type": [(label, sum(1 for p in providers if key in p.break_types))
                    for key, label in model.BREAK_LABELS.items()],
        "evenings": sum(1 for p in providers if any(s.evening for s in p.sessions)),
        "weekends": sum(1 for p in providers if any(s.weekend for s in p.sessions)),
        # model.Provider.runs_in is the finder's "School holidays" filter too, so the two always agree.
        "holidays": sum(1 for p in providers if p.runs_in("school-holidays")),
        "holidays_arranged": sum(1 for p in providers if not p.sessions and p.runs_in("school-holidays")),
    }


def missing_sections(site_sections, regulations: dict) -> list[dict]:
    """The statement requirements that neither the template nor a content file covers."""
    covered = set(GENERATED) | {c for s in site_sections for c in s.covers}
    return [r for r in regulations["statement"] if r["id"] not in covered]
