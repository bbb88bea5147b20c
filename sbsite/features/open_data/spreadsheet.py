"""Every listing as one CSV file, /open-data/providers.csv, for spreadsheets.

Choices, so the file opens cleanly where councils and forums actually open it:

- UTF-8 **with a byte order mark**. Excel on Windows reads a CSV without one as
  the old Windows code page, so "£3" shows as "Â£3" and names with accents break;
  with the mark it reads UTF-8. LibreOffice, Google Sheets, Numbers and Python's
  ``csv`` (with ``encoding="utf-8-sig"``) all accept the mark.
- Lines end with CRLF and fields are quoted when needed, as RFC 4180 says.
- The columns are fixed (``COLUMNS``) and only ever added to at the end, so a
  spreadsheet or script that reads them by position keeps working.
- Lists (needs, areas, languages...) are joined with "; ". Yes/no columns say "yes" or "no".
- Provider text is untrusted: a cell that starts with =, +, -, @ or a tab would
  run as a formula in a spreadsheet, so it gets a leading apostrophe, the usual
  guard. Numbers are written as numbers.
"""
from __future__ import annotations

import csv
import io

from sbsite.core import model
from sbsite.core.vocabulary import PROVIDER_LISTS
from sbsite.features.open_data.oruk import service_uuid, site_url

BOM = "\ufeff"
COLUMNS = (
    "id", "name", "organisation", "summary", "tiers", "min_age", "max_age", "needs", "break_types",
    "activities", "support", "siblings_welcome", "areas", "venues", "postcodes", "days", "term_time",
    "school_holidays", "evenings", "weekends", "free", "price", "price_per", "cost_text", "direct_payments",
    "carer_free", "cost_notes", "booking_route", "booking_url", "contact_name", "phone", "email",
    "website", "reviewed_date", "reviewed_by", "page_url", "open_referral_id",
) + tuple(f.name for f in PROVIDER_LISTS)  # each declared list (languages...), in the order declared
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | int | float:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    text = str(value or "")
    return "'" + text if text.startswith(_FORMULA) else text


def row(site: model.Site, p: model.Provider) -> dict:
    return {
        "id": p.id, "name": p.name, "organisation": p.organisation, "summary": p.summary,
        "tiers": "; ".join(p.tiers), "min_age": p.ages[0], "max_age": p.ages[1],
        "needs": "; ".join(p.needs), "break_types": "; ".join(p.break_types),
        "activities": "; ".join(p.services), "support": "; ".join(p.support),
        "siblings_welcome": p.siblings_welcome,
        "areas": "; ".join(p.areas), "venues": "; ".join(v.name for v in p.venues),
        "postcodes": "; ".join(v.postcode for v in p.venues if v.postcode),
        "days": "; ".join(p.days),
        "term_time": p.runs_in("term-time"),
        "school_holidays": p.runs_in("school-holidays"),
        "evenings": any(s.evening for s in p.sessions), "weekends": any(s.weekend for s in p.sessions),
        "free": p.cost.free, "price": p.cost.amount if p.cost.amount is not None else "",
        "price_per": p.cost.per or "", "cost_text": p.cost.text,
        "direct_payments": p.cost.direct_payments, "carer_free": p.cost.carer_free, "cost_notes": p.cost.notes,
        "booking_route": p.booking_route, "booking_url": p.booking_url,
        "contact_name": p.contact.get("name") or "", "phone": p.contact.get("phone") or "",
        "email": p.contact.get("email") or "", "website": p.contact.get("website") or "",
        "reviewed_date": p.reviewed_date.isoformat(), "reviewed_by": p.reviewed_by,
        "page_url": f"{site_url(site)}providers/{p.id}/", "open_referral_id": service_uuid(site, p.id),
        **{f.name: "; ".join(getattr(p, f.name)) for f in PROVIDER_LISTS},
    }


def providers_csv(site: model.Site) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for p in site.providers:
        r = row(site, p)
        writer.writerow([_cell(r[c]) if c != "phone" else r[c] for c in COLUMNS])
    return BOM + out.getvalue()


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    return [PageSpec("providers_csv", "open-data/providers.csv", make=lambda: providers_csv(site))]
