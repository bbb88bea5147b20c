"""The CSV of all listings: opens in Excel (BOM), stable columns, formulas defused."""
from __future__ import annotations

import csv
import dataclasses
import io


from sbsite.features.open_data import spreadsheet


def rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_one_row_per_listing_with_fixed_columns(demo):
    text = spreadsheet.providers_csv(demo)
    assert text.splitlines()[0].lstrip("\ufeff").split(",") == list(spreadsheet.COLUMNS)
    assert "\r\n" in text
    got = rows(text)
    assert [r["id"] for r in got] == [p.id for p in demo.providers]
    r = next(r for r in got if r["id"] == "riverside-inclusive-youth-club")
    assert r["min_age"] == "11" and r["max_age"] == "19" and r["price"] == "3" and r["cost_text"] == "£3 a session"
    assert r["needs"] == "autism; learning-disability; semh" and r["evenings"] == "yes" and r["weekends"] == "no"
    assert r["term_time"] == "yes" and r["school_holidays"] == "yes" and r["phone"] == "01632 960101"
    assert r["languages"] == ""  # not said: the cell is empty, not "english"
    signed = next(r for r in got if r["id"] == "library-signed-rhyme-time")
    assert signed["languages"] == "english; bsl; makaton"


def test_columns_never_change_order():
    """Spreadsheets read columns by position: new columns go at the end, never in the middle."""
    assert spreadsheet.COLUMNS[:6] == ("id", "name", "organisation", "summary", "tiers", "min_age")
    assert spreadsheet.COLUMNS[36] == "open_referral_id"  # the last of the first release's columns
    assert spreadsheet.COLUMNS[37:] == ("languages",)  # added after it, at the end


def test_formulas_in_provider_text_are_defused(demo):
    p = dataclasses.replace(demo.providers[0], summary='=HYPERLINK("http://evil.example","click")', name="@SUM(1)")
    site = dataclasses.replace(demo, providers=(p,))
    r = rows(spreadsheet.providers_csv(site))[0]
    assert r["summary"].startswith("'=") and r["name"] == "'@SUM(1)"


def test_built_site_has_the_csv(demo_site):
    raw = (demo_site / "open-data/providers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert len(rows(raw.decode("utf-8"))) == 46
