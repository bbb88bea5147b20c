"""iCalendar feeds: they parse with the icalendar library and hold every session of every provider."""
from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar

from sbsite.features.calendars import calendars
from sbsite.features.open_data import oruk


def test_every_provider_with_sessions_has_a_calendar_with_each_session(demo):
    with_sessions = [p for p in demo.providers if p.sessions]
    assert len(with_sessions) > 30
    for p in with_sessions:
        cal = Calendar.from_ical(calendars.provider_calendar(demo, p))
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
        events = cal.walk("VEVENT")
        assert len(events) == len(p.sessions), p.id
        for ev, s in zip(events, p.sessions):
            rule = ev["RRULE"]
            assert rule["FREQ"] == ["WEEKLY"]
            assert rule["BYDAY"] == [oruk.BYDAY[d] for d in s.days]
            start = ev.decoded("DTSTART")
            assert start.strftime("%A").lower() in s.days  # the first event is a real session day
            assert start.date() >= p.reviewed_date if isinstance(start, datetime) else start >= p.reviewed_date
            if s.start:
                assert start.strftime("%H:%M") == s.start and str(start.tzinfo) == "Europe/London"
            if s.end:
                end = ev.decoded("DTEND")
                assert end.strftime("%H:%M") == s.end and end > start
            assert ev.decoded("DTSTAMP").date() == p.reviewed_date
            assert ev["UID"].endswith("@shortbreaks.example.org")
            assert p.name in str(ev["SUMMARY"])
            until = rule["UNTIL"][0]
            assert (until.date() if isinstance(until, datetime) else until) == calendars.add_months(p.reviewed_date, 12)


def test_term_time_and_overnight_are_said(demo):
    p = next(p for p in demo.providers if p.id == "willow-house-residential-short-breaks")
    events = Calendar.from_ical(calendars.provider_calendar(demo, p)).walk("VEVENT")
    term = events[1]
    assert str(term["SUMMARY"]).endswith("(term time)")
    assert "check the term dates" in str(term["DESCRIPTION"])
    assert "overnight" in str(term["DESCRIPTION"])
    # starts Monday 15:30, ends next morning at 09:00
    assert (term.decoded("DTEND") - term.decoded("DTSTART")).total_seconds() == 17.5 * 3600


def test_uids_are_unique_and_output_is_deterministic(demo):
    uids = []
    for p in demo.providers:
        if p.sessions:
            text = calendars.provider_calendar(demo, p)
            assert text == calendars.provider_calendar(demo, p)
            assert "\r\n" in text  # RFC 5545 line endings
            uids += [str(e["UID"]) for e in Calendar.from_ical(text).walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_add_months_clamps_the_day():
    assert calendars.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert calendars.add_months(date(2026, 9, 14), 12) == date(2027, 9, 14)


def test_provider_page_links_to_its_calendar(demo_site):
    page = (demo_site / "providers/riverside-inclusive-youth-club/index.html").read_text(encoding="utf-8")
    assert 'href="../../calendars/riverside-inclusive-youth-club.ics"' in page and ">Add to my calendar</a>" in page
    assert (demo_site / "calendars/riverside-inclusive-youth-club.ics").is_file()
    no_sessions = (demo_site / "providers/fernvale-access-card/index.html").read_text(encoding="utf-8")
    assert "Add to my calendar" not in no_sessions
    assert not (demo_site / "calendars/fernvale-access-card.ics").exists()
