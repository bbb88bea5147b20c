"""Freshness: when a listing is due a check, the notice families see, the /freshness/ page and `sbsite stale`."""
import csv
import io
from datetime import date, datetime, timezone

import pytest

from sbsite.features.freshness import freshness
from sbsite.render import engine as render
from sbsite.pipeline import load_site

from conftest import replace_in, run_cli

# Alpha Club (minimal fixture) was last checked on 2026-01-10, Beta Breaks on 2026-02-01.
ALPHA_DUE = date(2027, 1, 10)


def epoch(d: date) -> str:
    return str(int(datetime(d.year, d.month, d.day, 12, tzinfo=timezone.utc).timestamp()))


@pytest.mark.parametrize("today,stale", [
    (date(2027, 1, 9), False),   # one day before 12 months
    (date(2027, 1, 10), False),  # exactly 12 months: still checked "in the last 12 months"
    (date(2027, 1, 11), True),   # one day after: due a check
])
def test_twelve_month_boundary(today, stale):
    assert freshness.is_stale(date(2026, 1, 10), today, 12) is stale


def test_month_ends_and_leap_days():
    assert freshness.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert freshness.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert freshness.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert freshness.add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert freshness.is_stale(date(2024, 2, 29), date(2025, 2, 28), 12) is False
    assert freshness.is_stale(date(2024, 2, 29), date(2025, 3, 1), 12) is True


def test_build_date_uses_source_date_epoch_else_today():
    assert freshness.build_date({"SOURCE_DATE_EPOCH": epoch(date(2027, 1, 11))}) == date(2027, 1, 11)
    assert freshness.build_date({}) == datetime.now(timezone.utc).date()
    assert freshness.build_date({"SOURCE_DATE_EPOCH": "not a number"}) == datetime.now(timezone.utc).date()


def test_summary_counts_and_order(project):
    site, _ = load_site(project)
    s = freshness.summary(site, date(2027, 1, 11))
    assert (s.total, s.fresh, s.percent) == (2, 1, 50)
    assert [st.provider.id for st in s.stale] == ["alpha-club"] and s.stale[0].due == ALPHA_DUE
    s = freshness.summary(site, date(2027, 2, 2))
    assert [st.provider.id for st in s.stale] == ["alpha-club", "beta-breaks"] and s.percent == 0
    assert freshness.summary(site, date(2027, 1, 10)).stale == ()


def test_review_months_comes_from_council_yaml(project):
    replace_in(project / "content/council.yaml", "  url: https://test.example.org/\n",
               "  url: https://test.example.org/\n  review_months: 6\n")
    site, problems = load_site(project)
    assert problems == [] and freshness.review_months(site) == 6
    assert [st.provider.id for st in freshness.summary(site, date(2026, 7, 11)).stale] == ["alpha-club"]
    assert freshness.summary(site, date(2026, 7, 10)).stale == ()


def test_review_months_defaults_to_12(project):
    site, _ = load_site(project)
    assert freshness.review_months(site) == 12


def render_on(project, monkeypatch, today: date):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(today))
    site, problems = load_site(project)
    assert problems == []
    return render.render_tree(site)


@pytest.mark.parametrize("today,shown", [(date(2027, 1, 10), False), (date(2027, 1, 11), True)])
def test_provider_page_notice_at_the_boundary(project, monkeypatch, today, shown):
    tree = render_on(project, monkeypatch, today)
    alpha = tree["providers/alpha-club.md"]
    assert ("This listing may be out of date" in alpha) is shown
    if shown:
        assert "It was last checked on 10 January 2026" in alpha
        assert alpha.index("This listing may be out of date") < alpha.index("## About")  # seen first
    assert "This listing may be out of date" not in tree["providers/beta-breaks.md"]


def test_freshness_page_counts_and_lists_listings_due(project, monkeypatch):
    page = render_on(project, monkeypatch, date(2027, 1, 11))["freshness.md"]
    assert "<strong>50%</strong> of listings were checked in the last 12 months" in page
    assert "1 of 2 listings" in page and "**Due a check:** 1 listing" in page
    assert "[Alpha Club](providers/alpha-club.md) | 10 January 2026 | 10 January 2027 |" in page
    assert "Beta Breaks" not in page
    assert "worked out on 11 January 2027" in page


def test_freshness_page_when_everything_is_fresh(project, monkeypatch):
    page = render_on(project, monkeypatch, date(2026, 3, 1))["freshness.md"]
    assert "<strong>100%</strong>" in page and "Every listing has been checked in the last 12 months" in page


def test_freshness_page_is_in_the_navigation(project):
    site, _ = load_site(project)
    assert "freshness.md" in repr(render.nav(site))


def test_stale_command_text(project):
    result = run_cli("stale", "--date", "2027-01-11", root=project)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 of 2 listings (50%) were checked in the 12 months before 11 January 2027" in out
    assert "Alpha Club (alpha-club, providers.yaml line 2)" in out
    assert "Last checked 10 January 2026 by Alpha Club; due 10 January 2027" in out
    assert "Phone: 01632 960100" in out and "Beta" not in out


def test_stale_command_csv_with_contacts(project):
    result = run_cli("stale", "--format", "csv", "--date", "2027-02-02", root=project)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["alpha-club", "beta-breaks"]
    assert rows[0]["phone"] == "01632 960100" and rows[0]["last_checked"] == "2026-01-10"
    assert rows[1]["email"] == "beta@example.org" and rows[1]["due"] == "2027-02-01"
    assert rows[1]["providers_yaml_line"] == "28"


def test_stale_command_months_option_and_source_date_epoch(project):
    import os
    import subprocess
    import sys

    from conftest import REPO
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch(date(2026, 7, 11)))
    result = subprocess.run([sys.executable, "-m", "sbsite", "--root", str(project), "stale", "--months", "6"],
                            capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert result.returncode == 0 and "Alpha Club (alpha-club" in result.stdout and "Beta" not in result.stdout
    assert "before 11 July 2026" in result.stdout


def test_stale_command_with_nothing_due(project):
    result = run_cli("stale", "--date", "2026-03-01", root=project)
    assert result.returncode == 0 and "No listings are due a check." in result.stdout


def test_stale_command_usage_and_data_errors(project):
    assert run_cli("stale", "--months", "0", root=project).returncode == 2
    assert run_cli("stale", "--date", "10/01/2027", root=project).returncode == 2
    assert run_cli("stale", "--format", "xlsx", root=project).returncode == 2
    replace_in(project / "providers.yaml", "ages: {min: 5, max: 11}", "ages: {min: 12, max: 11}")
    result = run_cli("stale", root=project)
    assert result.returncode == 1 and "providers.yaml, line 8" in result.stderr


def test_csv_cells_cannot_become_spreadsheet_formulas(project):
    replace_in(project / "providers.yaml", "name: Alpha Club", 'name: "=HYPERLINK(1)"')
    replace_in(project / "providers.yaml", "by: Alpha Club", 'by: "@SUM(1)"')
    site, problems = load_site(project)
    assert problems == []
    text = freshness.stale_csv(freshness.summary(site, date(2027, 2, 2)))
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == "alpha-club")
    assert row["name"] == "'=HYPERLINK(1)" and row["checked_by"] == "'@SUM(1)"
