"""Provider pages as a family reads them (issue 14, item 6): who can go, said at the top; times
written as GOV.UK writes them; "comes to your home" only for breaks delivered at home."""
import dataclasses
import html as html_lib
import re

import pytest
from icalendar import Calendar

from sbsite.features.calendars import calendars
from sbsite.core import formats
from sbsite.features.open_data import oruk

HHMM = re.compile(r"\b([01]?[0-9]|2[0-3])(:|&#58;)[0-5][0-9]\b(?!\s*(am|pm))")


def html(demo_site, ident):
    return (demo_site / "providers" / ident / "index.html").read_text()


def visible(page_html):
    """The page's text, without tags, the head or scripts (what a family reads)."""
    body = page_html[page_html.index("<body"):]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


# ------------------------------------------------------------------- who can go

def test_who_can_go_is_worked_out_from_the_tiers_and_the_booking_route(demo):
    def who(tiers, route):
        p = dataclasses.replace(demo.providers[0], tiers=tiers, booking_route=route)
        w = demo.who_can_go(p)
        return w.headline, w.criteria

    assert who(("universal",), "book-direct") == ("Open to everyone", "")
    assert who(("community", "universal"), "book-direct") == ("Open to everyone", "")
    assert who(("whole-family",), "self-referral") == ("Refer yourself", "")
    assert who(("targeted-specialist",), "self-referral") == ("Refer yourself", "all")
    assert who(("targeted-specialist",), "book-direct") == ("Book directly", "all")
    assert who(("targeted-specialist", "universal"), "book-direct") == ("Open to everyone", "some")
    assert who(("targeted-specialist",), "assessment") == ("Needs an assessment", "all")
    assert who(("whole-family",), "professional-referral") == ("Needs a referral from a professional", "")
    tiers = tuple(dataclasses.replace(t, access="assessment") if t.id == "targeted-specialist" else t
                  for t in demo.tiers)
    assessed = dataclasses.replace(demo, tiers=tiers)
    p = dataclasses.replace(demo.providers[0], tiers=("targeted-specialist",), booking_route="self-referral")
    assert assessed.who_can_go(p).headline == "Needs an assessment"  # the tier decides by assessment


@pytest.mark.parametrize("ident, headline, checker", [
    ("fernvale-family-link-carers", "Needs an assessment.", True),
    ("fernvale-leisure-centre-quiet-swim", "Open to everyone.", False),
    ("ashdown-play-ranger-bus", "Open to everyone.", True),  # open, with targeted support too
    ("wild-minds-forest-school", "Needs a referral from a professional.", True),
    ("riverside-inclusive-youth-club", None, None),
])
def test_provider_pages_say_who_can_go_before_anything_else(demo_site, demo, ident, headline, checker):
    page = html(demo_site, ident)
    p = demo.provider(ident)
    want = demo.who_can_go(p)
    headline = headline or want.headline + "."
    checker = want.criteria != "" if checker is None else checker
    box = page[page.index('class="sb-who-can-go"'):]
    box = box[:box.index("</div>")]
    assert f"<strong>{headline}</strong>" in box
    # At the top: straight after the summary, before the key facts and the description.
    assert page.index(p.summary.replace(",", ",")[:20]) < page.index('class="sb-who-can-go"') \
        < page.index('class="sb-keyfacts"') < page.index('id="about"')
    assert ('href="../../eligibility-checker/"' in box) is checker
    if checker:
        assert "Check if your child can get it" in box


def test_every_provider_page_has_one_who_can_go_box_that_matches_its_data(demo_site, demo):
    for p in demo.providers:
        page = html(demo_site, p.id)
        assert page.count('class="sb-who-can-go"') == 1, p.id
        assert f"<strong>{demo.who_can_go(p).headline}.</strong>" in page, p.id


# ------------------------------------------------------------------------ times

def test_session_times_are_written_as_govuk_writes_them(demo_site):
    text = visible(html(demo_site, "riverside-inclusive-youth-club"))
    assert "Tuesday and Thursday , 6pm to 8:30pm" in text or "Tuesday and Thursday, 6pm to 8:30pm" in text
    assert "Wednesday , 10am to 3pm" in text or "Wednesday, 10am to 3pm" in text


def test_no_provider_page_shows_a_24_hour_time(demo_site, demo):
    for p in demo.providers:
        found = HHMM.findall(visible(html(demo_site, p.id)))
        assert not found, (p.id, found)


def test_open_referral_schedules_and_calendars_read_as_families_read_them(demo):
    """Family hubs apps show the Open Referral schedule's description as it is."""
    checked = 0
    for p in demo.providers:
        for i, s in enumerate(p.sessions):
            text = oruk._schedule(demo, "x", p, i, s, {})["description"]
            assert not HHMM.search(text), text
            if s.start:
                assert f", {formats.time_range(s.start, s.end)}" in text, text
                checked += 1
        if p.sessions:
            cal = Calendar.from_ical(calendars.provider_calendar(demo, p))
            for ev in cal.walk("VEVENT"):
                desc = str(ev["description"])
                assert f"last checked on {p.reviewed_date.day} {p.reviewed_date:%B %Y}." in desc, desc
    assert checked > 20


# --------------------------------------------------------------- comes to you

def test_comes_to_you_only_for_breaks_delivered_at_home(demo_site, demo):
    assert not demo.provider("fernvale-family-link-carers").comes_to_you  # the child goes to the carer's home
    assert demo.provider("hearthside-home-sitting-service").comes_to_you
    for p in demo.providers:
        text = visible(html(demo_site, p.id))
        says = "This service comes to your home" in text or "This service also comes to your home" in text
        assert says is (p.comes_to_you and bool(p.areas_served)), p.id
        assert p.comes_to_you is bool({"day-care-at-home", "overnight-at-home"} & set(p.break_types))
    carers = visible(html(demo_site, "fernvale-family-link-carers"))
    assert "It is open to families in: Brookford" in carers
    assert "This service comes to your home. It covers: Brookford, Fernvale Town" in visible(html(demo_site, "hearthside-home-sitting-service"))


def test_calendar_location_says_comes_to_your_home_only_when_it_does(demo):
    p = demo.provider("fernvale-family-link-carers")
    session = next(q.sessions[0] for q in demo.providers if q.sessions)
    p_with = dataclasses.replace(p, sessions=(session,))
    assert calendars.where(demo, p_with, session) == "Brookford, Kestrel Vale, Saltmarsh Coast, Ashdown Rural, Fernvale Town"
    home = dataclasses.replace(p_with, break_types=("day-care-at-home",))
    assert calendars.where(demo, home, session).startswith("Comes to your home (Brookford")


# ------------------------------------------------------------------- languages

def test_languages_are_a_key_fact_only_when_the_provider_says_them(demo_site, demo):
    keyfacts = lambda ident: re.search(r'<ul class="sb-keyfacts".*?</ul>', html(demo_site, ident), re.S).group(0)  # noqa: E731
    assert "Languages: English and British Sign Language (BSL)" in visible("<body>" + keyfacts("hands-together-deaf-childrens-club"))
    assert "Languages: English, Polish and Urdu" in visible("<body>" + keyfacts("hearthside-home-sitting-service"))
    quiet = [p.id for p in demo.providers if not p.languages]
    assert quiet and all("Languages:" not in keyfacts(i) for i in quiet)
