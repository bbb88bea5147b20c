"""The activity finder without a browser: the projection, the filter rules, the no-JavaScript page, the size budget."""
import gzip
import html
import importlib.util
import json
import re
from pathlib import Path

import pytest

from sbsite import finder, render
from sbsite.project import load_site

from conftest import REPO, replace_in

BUDGET = 100 * 1024
# What MkDocs and Material add around the page's own Markdown (header, navigation, footer),
# measured at about 3.7 KB gzipped; bench/finder_bench.py measures the real built page.
THEME_ALLOWANCE = 8 * 1024


def gz(text) -> int:
    return len(gzip.compress(text.encode("utf-8") if isinstance(text, str) else text, 6, mtime=0))


@pytest.fixture(scope="module")
def demo():
    site, problems = load_site(REPO)
    assert problems == [], problems
    return site


def synthetic_site(site, n):
    spec = importlib.util.spec_from_file_location("finder_bench", REPO / "bench" / "finder_bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.synthetic_site(site, n)


def data_of(js: str) -> dict:
    assert js.startswith("window.sbFinderData=") and js.endswith(";\n")
    return json.loads(js[len("window.sbFinderData="):-2])


def test_projection_is_compact_deterministic_and_complete(demo):
    text = finder.data_js(demo)
    assert text == finder.data_js(demo)
    data = data_of(text)
    assert [r["i"] for r in data["p"]] == [p.id for p in demo.providers]
    # Sorted keys, no spaces: the same data gives the same bytes.
    body = text[len("window.sbFinderData="):-2]
    assert body == json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # Only what filtering and cards need: no descriptions, contacts or booking text.
    for p in demo.providers:
        assert p.description.split("\n")[0][:40] not in text
        for value in p.contact.values():
            assert str(value) not in text, value
    allowed = {"i", "n", "s", "c", "g", "t", "a", "e", "x", "w", "o", "k", "f"}
    assert all(set(r) <= allowed for r in data["p"])
    # Ids become positions in lookup tables.
    by_id = {p.id: p for p in demo.providers}
    for r in data["p"]:
        p = by_id[r["i"]]
        assert [data["tiers"][i][0] for i in r.get("t", [])] == list(p.tiers)
        assert [data["areas"][i][0] for i in r.get("a", [])] == list(p.areas)
        assert [data["needs"][i][0] for i in r.get("e", [])] == list(p.needs)
        assert [data["access"][i][0] for i in r.get("x", [])] == list(p.access)
        assert r["g"] == list(p.ages)
        assert len(r.get("w", [])) == len(p.sessions)


def test_low_cost_uses_the_councils_limit(project):
    site, _ = load_site(project)
    # Beta Breaks costs £4.50 a session; the fixture leaves the limit at its default, £5.
    assert site.settings["low_cost_max"] == 5
    assert finder.filter_ids(site, {"cost": ["low"]}) == ["alpha-club", "beta-breaks"]
    replace_in(project / "content" / "council.yaml", "site:", "site:\n  low_cost_max: 4", 1)
    site, problems = load_site(project)
    assert problems == []
    assert site.settings["low_cost_max"] == 4
    assert finder.filter_ids(site, {"cost": ["low"]}) == ["alpha-club"]  # free counts as low cost
    assert "Low cost (free or £4 or less)" in html.unescape(finder.standalone(site)[finder.PAGE])
    replace_in(project / "content" / "council.yaml", "low_cost_max: 4", "low_cost_max: 4.5")
    site, _ = load_site(project)
    assert finder.filter_ids(site, {"cost": ["low"]}) == ["alpha-club", "beta-breaks"]


def test_parse_and_clean_the_query_string(demo):
    params = finder.parse_query("?q=quiet+swim&area=brookford,nowhere&age=9,12&support=1%3A1&bogus=1&day=")
    assert params == {"q": ["quiet swim"], "area": ["brookford", "nowhere"], "age": ["9", "12"], "support": ["1:1"]}
    cleaned = finder.clean(params, demo)
    assert cleaned == {"q": ["quiet swim"], "area": ["brookford"], "age": ["9"], "support": ["1:1"]}
    assert finder.clean({"age": ["nine"], "q": ["  !! "], "tier": ["nope"]}, demo) == {}


def test_filter_rules_follow_the_data(demo):
    ids = lambda **kw: set(finder.filter_ids(demo, {k: v.split(",") if k != "q" else [v] for k, v in kw.items()}))  # noqa: E731
    everyone = {p.id for p in demo.providers}
    assert ids() == everyone
    assert ids(age="3") == {p.id for p in demo.providers if p.ages[0] <= 3 <= p.ages[1]}
    assert ids(area="brookford,kestrel-vale") == {p.id for p in demo.providers if {"brookford", "kestrel-vale"} & set(p.areas)}
    # Needs and access: every one chosen must be there.
    assert ids(need="autism,physical-disability") == {p.id for p in demo.providers if {"autism", "physical-disability"} <= set(p.needs)}
    assert ids(access="hoist,changing-places") == {p.id for p in demo.providers if {"hoist", "changing-places"} <= set(p.access)}
    # Day and term/holiday look at single sessions; breaks arranged with each family always pass.
    sat_hol = ids(day="saturday", when="holiday")
    for p in demo.providers:
        expected = not p.sessions or any("saturday" in s.days and s.when in ("school-holidays", "all-year") for s in p.sessions)
        assert (p.id in sat_hol) == expected, p.id
    assert ids(carer="free") == {p.id for p in demo.providers if p.cost.carer_free}
    assert ids(siblings="welcome") == {p.id for p in demo.providers if p.siblings_welcome}
    assert ids(support="2:1") == {p.id for p in demo.providers if "2:1" in p.support}
    assert ids(cost="free,direct-payments") == {p.id for p in demo.providers if p.cost.free and p.cost.direct_payments}
    # Keywords match the start of words in the name, organisation, summary and activities.
    swim = ids(q="swim")
    assert swim and all("swim" in finder.search_text(p) for p in demo.providers if p.id in swim)
    assert ids(q="wim") == {p.id for p in demo.providers if " wim" in finder.search_text(p)}  # not mid-word
    assert ids(q="quiet swim") == {p.id for p in demo.providers if {" quiet", " swim"} <= {w for w in (" quiet", " swim") if w in finder.search_text(p)}}


def test_relax_names_the_filter_whose_removal_shows_most(demo):
    params = {"area": ["brookford"], "age": ["2"], "access": ["changing-places"], "need": ["adhd"]}
    assert finder.filter_ids(demo, params) == []
    key, count = finder.relax(demo, params)
    counts = {k: len(finder.filter_ids(demo, {x: v for x, v in params.items() if x != k})) for k in params}
    assert count == max(counts.values()) > 0 and counts[key] == count
    assert finder.relax(demo, {"area": ["brookford"]}) is None or finder.filter_ids(demo, {"area": ["brookford"]})


def test_page_without_javascript_lists_every_provider_by_tier(demo):
    page = finder.standalone(demo)[finder.PAGE]
    listing = page[page.index('id="sb-finder-all"'):]
    for t in demo.tiers:
        assert f'<a href="../tiers/{t.id}/">Tier {t.number}: ' in listing
        section = listing[listing.index(f'id="tier-{t.id}"'):]
        for p in demo.providers_in_tier(t.id):
            assert f'data-provider-id="{p.id}"><a href="../providers/{p.id}/">' in section
    for a in demo.areas:
        assert f'<a href="../areas/{a.id}/">' in listing
    # The filters are hidden until the script shows them, and each has a label or legend.
    assert re.search(r'<div class="sb-finder" id="sb-finder" hidden', page)
    for name in ("area", "day", "when", "cost", "tier", "need", "access", "support", "carer", "siblings"):
        assert f'data-param="{name}">\n<legend>' in page, name
    assert '<label for="sb-q">' in page and '<label for="sb-age">' in page
    assert 'role="status" aria-live="polite"' in page


def test_provider_text_cannot_break_out_of_the_data_or_page(project):
    replace_in(project / "providers.yaml", "name: Alpha Club", 'name: "Alpha </script><script>alert(1)</script>"')
    replace_in(project / "providers.yaml", "summary: A small test club.", 'summary: "x\u2028<img src=x onerror=alert(2)>"')
    site, problems = load_site(project)
    assert problems == []
    out = finder.standalone(site)
    assert "</script" not in out[finder.DATA] and "\u2028" not in out[finder.DATA]
    assert data_of(out[finder.DATA])["p"][0]["n"] == "Alpha </script><script>alert(1)</script>"
    assert "<script" not in out[finder.PAGE] and "<img" not in out[finder.PAGE]


def test_links_between_the_finder_and_other_pages(demo):
    assert finder.page_url("finder/index.md", "providers/x.md") == "../providers/x/"
    assert finder.page_url("finder/index.md", "index.md") == "../"
    assert finder.page_url("statement.md", "finder/index.md") == "../finder/"
    assert finder.page_url("finder/index.md", "finder/index.md") == "./"
    nav = render.nav(demo)
    find = next(item["Find a short break"] for item in nav if "Find a short break" in item)
    assert find[0] == "finder/index.md"
    assert {"Can we get a short break?": "eligibility-checker/index.md"} in find and {"My list": "shortlist/index.md"} in find


def test_finder_stays_under_100_kb_gzipped_at_1000_providers(demo):
    site = synthetic_site(demo, 1000)
    assert len({p.id for p in site.providers}) == 1000
    out = finder.standalone(site)
    total = gz(out[finder.PAGE]) + gz(out[finder.DATA]) + gz((finder.ASSETS_DIR / "finder.js").read_bytes())
    assert total + THEME_ALLOWANCE < BUDGET, f"{(total + THEME_ALLOWANCE) / 1024:.1f} KB gzipped"
