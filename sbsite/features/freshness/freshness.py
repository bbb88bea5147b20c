"""How fresh each listing is: when it was last checked, and when it is due again.

A listing is *due a check* on the same day `review_months` months after its
`reviewed.date` (content/council.yaml `site.review_months`, 12 by default).
On that day it still counts as checked "in the last 12 months"; from the next
day it is stale: its page shows families a polite notice, `sbsite stale` lists
it for the council's reminder emails, and the /freshness/ page counts it.

"Today" is always passed in, so tests can choose it. For builds it is the build
date: SOURCE_DATE_EPOCH when set (reproducible builds), otherwise the real date.
"""
from __future__ import annotations

import calendar
import csv
import io
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sbsite.core import model

DEFAULT_MONTHS = 12


def build_date(environ=None) -> date:
    """The date a build is made 'as of': SOURCE_DATE_EPOCH if set, else today (UTC)."""
    environ = os.environ if environ is None else environ
    epoch = (environ.get("SOURCE_DATE_EPOCH") or "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass  # not a number of seconds: ignore it, as other tools do
    return datetime.now(timezone.utc).date()


def add_months(d: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def review_months(site: model.Site) -> int:
    return int(site.settings.get("review_months") or DEFAULT_MONTHS)


def due_date(reviewed: date, months: int) -> date:
    """The last day a listing checked on `reviewed` counts as up to date."""
    return add_months(reviewed, months)


def is_stale(reviewed: date, today: date, months: int = DEFAULT_MONTHS) -> bool:
    """True once the day after the due date has come."""
    return today > due_date(reviewed, months)


@dataclass(frozen=True)
class Status:
    provider: model.Provider
    reviewed: date
    due: date
    stale: bool


def status(p: model.Provider, today: date, months: int) -> Status:
    due = due_date(p.reviewed_date, months)
    return Status(p, p.reviewed_date, due, today > due)


@dataclass(frozen=True)
class Summary:
    today: date
    months: int
    total: int
    fresh: int
    stale: tuple  # of Status, longest overdue first

    @property
    def percent(self) -> int:
        """Whole per cent checked, rounded down so 99.6% never shows as 100%."""
        return 100 * self.fresh // self.total if self.total else 100


def summary(site: model.Site, today: date, months: int | None = None) -> Summary:
    months = months or review_months(site)
    statuses = [status(p, today, months) for p in site.providers]
    stale = sorted((s for s in statuses if s.stale), key=lambda s: (s.reviewed, s.provider.name.lower(), s.provider.id))
    return Summary(today, months, len(statuses), len(statuses) - len(stale), tuple(stale))


# ---- `sbsite stale`: the list the council sends reminder emails from ----

CSV_COLUMNS = ("id", "name", "last_checked", "checked_by", "due", "contact_name", "phone", "email", "website",
               "providers_yaml_line")


def _cell(value) -> str:
    """Spreadsheet-safe text: a cell starting = + - @ would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def stale_csv(s: Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for st in s.stale:
        p, c = st.provider, st.provider.contact
        row = [p.id, _cell(p.name), st.reviewed.isoformat(), _cell(p.reviewed_by), st.due.isoformat(),
               _cell(c.get("name")), c.get("phone") or "", _cell(c.get("email")), _cell(c.get("website")), p.line]
        writer.writerow(row)
    return out.getvalue()


def _long(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def stale_text(s: Summary) -> str:
    head = (f"{s.fresh} of {s.total} listings ({s.percent}%) were checked in the {s.months} months "
            f"before {_long(s.today)}.")
    if not s.stale:
        return head + "\nNo listings are due a check.\n"
    n = len(s.stale)
    lines = [head, f"{n} listing{'s are' if n != 1 else ' is'} due a check (oldest first):", ""]
    for st in s.stale:
        p, c = st.provider, st.provider.contact
        lines.append(f"{p.name} ({p.id}, providers.yaml line {p.line})")
        lines.append(f"    Last checked {_long(st.reviewed)} by {p.reviewed_by}; due {_long(st.due)}")
        for label, key in (("Contact", "name"), ("Phone", "phone"), ("Email", "email"), ("Website", "website")):
            if c.get(key):
                lines.append(f"    {label}: {c[key]}")
        lines.append("")
    lines.append("When a provider confirms their details, change 'reviewed: date:' in providers.yaml to the date they did.")
    return "\n".join(lines) + "\n"


# ---- The public /freshness/ page and the notice on provider pages ----

def site_today(site: model.Site) -> date:
    """The build date, worked out once per loaded Site (kept in site.memo) so every page agrees."""
    if "freshness.today" not in site.memo:
        site.memo["freshness.today"] = build_date()
    return site.memo["freshness.today"]


def listing_status(site: model.Site, p: model.Provider) -> Status:
    return status(p, site_today(site), review_months(site))


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    return [PageSpec("freshness", "freshness.md", "freshness.md.j2",
                     {"summary": summary(site, site_today(site))}, source="providers.yaml")]
