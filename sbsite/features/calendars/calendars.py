"""An iCalendar (RFC 5545) file per provider with sessions: /calendars/<id>.ics.

Each session becomes one weekly repeating event (RRULE FREQ=WEEKLY;BYDAY=...),
in UK time (a VTIMEZONE for Europe/London is included, as calendar apps need).
We have no school term dates, so a term-time or holiday session repeats every
week: its title says "(term time)" or "(school holidays)" and its description
says to check the dates with the provider.

Everything is worked out from the data, so the same data gives the same bytes:
DTSTAMP is the date the listing was last checked, UIDs come from the same
stable ids as the Open Referral export, the first event is the first session
day on or after that date, and the repeats stop when the listing is due to be
checked again (the council's `review_months`), so a calendar never promises
sessions far beyond what anyone has checked.
"""
from __future__ import annotations

import calendar as pycal
import functools
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from sbsite.core import model
from sbsite.features import open_data as oruk

LONDON = ZoneInfo("Europe/London")
WHEN_TITLES = {"term-time": " (term time)", "school-holidays": " (school holidays)", "all-year": ""}
WHEN_NOTES = {
    "term-time": "Term time only. This calendar repeats it every week: check the term dates with the provider.",
    "school-holidays": "School holidays only. This calendar repeats it every week: check the holiday dates with the provider.",
    "all-year": "All year.",
}


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, pycal.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=1)
def london_timezone() -> Timezone:
    """A compact VTIMEZONE for UK time (the rules in force since 1996). Made once and shared:
    serialising does not change it."""
    tz = Timezone()
    tz.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def first_day(days, on_or_after: date) -> date:
    wanted = {model.DAYS.index(d) for d in days}
    d = on_or_after
    while d.weekday() not in wanted:
        d += timedelta(days=1)
    return d


def _day(d: date) -> str:
    """A date as families read it: 5 December 2025 (no leading zero)."""
    return f"{d.day} {d:%B %Y}"


def _hm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def where(site: model.Site, p: model.Provider, s: model.Session) -> str:
    venue = next((v for v in p.venues if v.name == s.venue), None) or (p.venues[0] if len(p.venues) == 1 else None)
    if venue:
        return ", ".join(x for x in (venue.name, venue.address, venue.postcode) if x)
    if p.venues:
        return "; ".join(v.name for v in p.venues)
    names = ", ".join(site.area(a).name for a in p.areas_served)
    if not names:
        return ""
    return f"Comes to your home ({names})" if p.comes_to_you else names  # only breaks delivered at home


def event(site: model.Site, p: model.Provider, i: int, s: model.Session, until: date) -> Event:
    sid = oruk.service_uuid(site, p.id)
    host = urlsplit(oruk.site_url(site)).hostname or "sbsite"
    page = f"{oruk.site_url(site)}providers/{p.id}/"
    start_day = first_day(s.days, p.reviewed_date)
    ev = Event()
    ev.add("uid", f"{oruk.uid(sid, 'schedule', str(i))}@{host}")
    ev.add("dtstamp", datetime.combine(p.reviewed_date, time(0), tzinfo=timezone.utc))
    ev.add("summary", p.name + WHEN_TITLES[s.when])
    rule = {"freq": "WEEKLY", "byday": [oruk.BYDAY[d] for d in s.days]}
    if s.start:
        start = datetime.combine(start_day, _hm(s.start), tzinfo=LONDON)
        ev.add("dtstart", start)
        if s.end:
            end_day = start_day + timedelta(days=1) if s.overnight or s.end <= s.start else start_day
            ev.add("dtend", datetime.combine(end_day, _hm(s.end), tzinfo=LONDON))
        rule["until"] = datetime.combine(until, time(23, 59, 59), tzinfo=timezone.utc)
    else:
        ev.add("dtstart", start_day)
        ev.add("dtend", start_day + timedelta(days=1))
        rule["until"] = until
    ev.add("rrule", vRecur(rule))
    lines = [WHEN_NOTES[s.when]]
    if s.overnight:
        lines.append("Includes an overnight stay.")
    if s.start and not s.end:
        lines.append("Ask the provider what time it finishes.")
    if s.notes:
        lines.append(s.notes)
    lines.append(f"Cost: {p.cost.text}.")
    contact = p.contact.get("phone") or p.contact.get("email") or p.contact.get("website")
    if contact:
        lines.append(f"Contact: {contact}")
    lines.append(f"More about it: {page}")
    lines.append(f"Listing last checked on {_day(p.reviewed_date)}. "
                 f"These dates repeat until {_day(until)}, when it is due to be checked again.")
    ev.add("description", "\n".join(lines))
    location = where(site, p, s)
    if location:
        ev.add("location", location)
    ev.add("url", page)
    return ev


def provider_calendar(site: model.Site, p: model.Provider) -> str:
    cal = Calendar()
    cal.add("prodid", "-//sbsite//Short breaks directory//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", p.name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add_component(london_timezone())
    until = add_months(p.reviewed_date, site.settings["review_months"])
    for i, s in enumerate(p.sessions):
        cal.add_component(event(site, p, i, s, until))
    return cal.to_ical().decode("utf-8")


def path(provider_id: str) -> str:
    return f"calendars/{provider_id}.ics"


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    return [PageSpec(f"calendar:{p.id}", path(p.id), make=functools.partial(provider_calendar, site, p))
            for p in site.providers if p.sessions]
