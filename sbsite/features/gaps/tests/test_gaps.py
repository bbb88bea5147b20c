"""The provision gap matrix: counts checked against the data, and an accessible table."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from conftest import REPO
from sbsite.features.gaps import gaps
from sbsite.core import model
from sbsite.pipeline import load_site


def expected_counts() -> dict[str, int]:
    """Counted straight from the YAML files, without sbsite's model, so the two can disagree."""
    providers = yaml.safe_load((REPO / "providers.yaml").read_text(encoding="utf-8"))["providers"]
    tiers = [t["id"] for t in yaml.safe_load((REPO / "content/tiers.yaml").read_text(encoding="utf-8"))["tiers"]]
    areas = [a["id"] for a in yaml.safe_load((REPO / "content/council.yaml").read_text(encoding="utf-8"))["areas"]]
    bands = {"under-5": (0, 4), "5-to-10": (5, 10), "11-to-17": (11, 17), "18-to-25": (18, 25)}
    out = {}
    for t in tiers:
        for band, (low, high) in bands.items():
            for a in areas:
                for period in ("term-time", "school-holidays"):
                    n = 0
                    for p in providers:
                        where = {v["area"] for v in p.get("venues") or []} | set(p.get("areas_served") or [])
                        whens = {s["when"] for s in p.get("sessions") or []}
                        runs = not whens or bool(whens & {period, "all-year"})
                        if t in p["tiers"] and p["ages"]["min"] <= high and p["ages"]["max"] >= low and a in where and runs:
                            n += 1
                    out[f"{t}|{band}|{a}|{period}"] = n
    return out


class Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.key, self.tables, self.captions, self.scopes, self.in_caption = {}, None, 0, [], [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-key" in a:
            self.key = a["data-key"]
            self.cells[self.key] = {"class": a.get("class", ""), "text": ""}
        if tag == "table" and "sb-gaps" in a.get("class", ""):
            self.tables += 1
        if tag == "caption":
            self.in_caption = True
            self.captions.append("")
        if tag == "th":
            self.scopes.append(a.get("scope"))

    def handle_endtag(self, tag):
        if tag == "td":
            self.key = None
        if tag == "caption":
            self.in_caption = False

    def handle_data(self, data):
        if self.key:
            self.cells[self.key]["text"] += data
        if self.in_caption:
            self.captions[-1] += data


@pytest.fixture(scope="module")
def page(demo_site):
    parser = Cells()
    parser.feed((demo_site / "gaps/index.html").read_text(encoding="utf-8"))
    return parser


def test_every_count_matches_the_data(page):
    want = expected_counts()
    assert len(want) == 4 * 4 * 5 * 2
    got = {k: 0 if v["text"] == "None" else int(v["text"]) for k, v in page.cells.items()}
    assert got == want
    assert any(n == 0 for n in want.values()) and any(n >= 4 for n in want.values())  # the demo shows both ends


def test_empty_boxes_say_none_and_are_marked(page):
    for key, cell in page.cells.items():
        n = 0 if cell["text"] == "None" else int(cell["text"])
        css = {0: "none", 1: "one", 2: "some", 3: "some"}.get(n, "many")
        assert f"sb-gap--{css}" in cell["class"], key
        assert (cell["text"] == "None") == (n == 0)


def test_tables_are_accessible(page, demo_site):
    site, _ = load_site(REPO)
    assert page.tables == len(site.tiers)
    assert all(c.startswith("Tier ") for c in page.captions) and len(page.captions) == len(site.tiers)
    assert set(page.scopes) == {"col", "colgroup", "row"}
    html = (demo_site / "gaps/index.html").read_text(encoding="utf-8")
    # the scrolling wrapper can be reached by keyboard and is named by its caption
    assert len(re.findall(r'role="region" aria-labelledby="gaps-[a-z0-9-]+-caption" tabindex="0"', html)) == len(site.tiers)


def test_summary_counts_the_empty_boxes(demo_site):
    site, _ = load_site(REPO)
    cells = gaps.matrix(site)
    empty = sum(1 for v in cells.values() if not v)
    assert empty == sum(1 for n in expected_counts().values() if n == 0)
    html = (demo_site / "gaps/index.html").read_text(encoding="utf-8")
    assert f"<strong>{empty} have no short breaks</strong>" in html


def test_listings_without_sessions_count_in_both_periods():
    site, _ = load_site(REPO)
    card = next(p for p in site.providers if p.id == "fernvale-access-card")
    assert gaps.runs_in(card, "term-time") and gaps.runs_in(card, "school-holidays")
    assert gaps.serves_band(card, model.AGE_BANDS[0]) and gaps.serves_band(card, model.AGE_BANDS[-1])


def test_heat_map_colours_meet_contrast():
    css = (REPO / "templates/assets/sbsite.css").read_text(encoding="utf-8")

    def lum(h):
        r, g, b = (int(h[i:i + 2], 16) / 255 for i in (1, 3, 5))
        f = lambda c: c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4  # noqa: E731
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)

    for level in ("none", "one", "some", "many"):
        rule = re.search(r"\.sb-gap--" + level + r" \{([^}]*)\}", css).group(1)
        fg = re.search(r"color: (#[0-9a-f]{6}|#fff)\b", rule).group(1)
        fg = "#ffffff" if fg == "#fff" else fg
        for bg in re.findall(r"#[0-9a-f]{6}", rule.split("color:")[0]):
            hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
            assert (hi + 0.05) / (lo + 0.05) >= 4.5, (level, fg, bg)
