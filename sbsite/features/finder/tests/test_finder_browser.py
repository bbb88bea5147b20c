"""The activity finder in headless Chromium, checked against the filter rules computed in Python."""
import random
import re
import time

import pytest

from sbsite.features.finder import finder
from sbsite.core import model, vocabulary


pytestmark = pytest.mark.browser


def wait_until(page, expression, timeout=10.0):
    """Poll a JavaScript expression from Python (the site's Content Security Policy forbids
    the eval that page.wait_for_function relies on)."""
    end = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.03)


def open_finder(page, base, query=""):
    page.goto(base + "finder/" + (("?" + query) if query else ""))
    wait_until(page, "document.getElementById('sb-finder-count').textContent.length > 0")


def shown_ids(page):
    while page.locator("#sb-finder-more").is_visible():
        page.click("#sb-finder-more")
    return page.eval_on_selector_all(
        "#sb-finder-results [data-provider-id]",
        "els => els.filter(e => e.getClientRects().length).map(e => e.dataset.providerId)")


def count_in_status(page) -> int:
    text = page.locator("#sb-finder-count").inner_text()
    if text.startswith("No short breaks"):
        return 0
    return int(re.search(r"\d+", text).group())


def single_filters(demo):
    """One case per filter value worth trying, each taken from the data."""
    cases = ["q=swim", "q=youth+club", "age=3", "age=20", "day=saturday", "day=monday", "when=term", "when=holiday",
             "cost=free", "cost=low", "cost=direct-payments", "support=1:1", "support=2:1", "carer=free",
             "siblings=welcome", "need=autism", "need=complex-health", "access=hoist", "access=changing-places",
             "language=bsl", "language=makaton", "language=polish,urdu"]
    cases += [f"tier={t.id}" for t in demo.tiers] + [f"area={a.id}" for a in demo.areas]
    return cases


COMBINED = ["area=brookford,kestrel-vale&day=saturday", "need=autism,sensory&when=holiday",
            "cost=free&age=12&access=quiet-space", "tier=community,universal&area=saltmarsh-coast",
            "support=1:1,2:1&siblings=welcome", "q=club&age=9&cost=low", "language=bsl,makaton&age=4",
            "language=english&access=makaton&need=sensory"]


def test_each_filter_narrows_the_results_as_the_data_says(page, demo_server, demo):
    everyone = [p.id for p in demo.providers]
    for query in single_filters(demo) + COMBINED:
        expected = finder.filter_ids(demo, finder.parse_query(query))
        open_finder(page, demo_server, query)
        assert shown_ids(page) == expected, query
        assert 0 < len(expected) < len(everyone), f"{query} does not narrow the demo data: pick another value"
        assert count_in_status(page) == len(expected), query
    open_finder(page, demo_server)
    assert shown_ids(page) == everyone


def test_ticking_boxes_updates_the_results_and_the_address(page, demo_server, demo):
    open_finder(page, demo_server)
    page.get_by_label(re.compile(r"^Brookford \(")).check()
    page.get_by_label(re.compile(r"^Saturday \(")).check()
    page.get_by_label("Your child's age").select_option("8")
    wait_until(page, "location.search.includes('age=8')")
    assert page.url.endswith("/finder/?age=8&area=brookford&day=saturday")
    assert shown_ids(page) == finder.filter_ids(demo, {"area": ["brookford"], "day": ["saturday"], "age": ["8"]})
    assert page.get_attribute("#sb-finder-link", "href") == "?age=8&area=brookford&day=saturday"
    page.fill("#sb-q", "swim")
    wait_until(page, "location.search.includes('q=swim')")
    assert shown_ids(page) == finder.filter_ids(demo, {"q": ["swim"], "area": ["brookford"], "day": ["saturday"], "age": ["8"]})
    page.click("#sb-finder-clear")
    assert page.url.endswith("/finder/") and len(shown_ids(page)) == len(demo.providers)


def test_a_shared_link_restores_every_control_and_the_results(page, demo_server, demo):
    query = "q=club&age=12&area=brookford,kestrel-vale&cost=low&need=autism&carer=free"
    open_finder(page, demo_server, query)
    assert page.input_value("#sb-q") == "club"
    assert page.input_value("#sb-age") == "12"
    checked = page.eval_on_selector_all("#sb-finder-form input:checked", "els => els.map(e => e.name + '=' + e.value)")
    assert sorted(checked) == sorted(["area=brookford", "area=kestrel-vale", "cost=low", "need=autism", "carer=free"])
    assert page.eval_on_selector("#sb-more-filters", "d => d.open")  # a chosen filter is never hidden
    expected = finder.filter_ids(demo, finder.parse_query(query))
    assert shown_ids(page) == expected and expected
    page.reload()
    wait_until(page, "document.getElementById('sb-finder-count').textContent.length > 0")
    assert shown_ids(page) == expected and page.input_value("#sb-q") == "club"


def test_the_live_count_matches_the_cards_shown(page, demo_server, demo):
    assert page.goto(demo_server + "finder/")
    wait_until(page, "document.getElementById('sb-finder-count').textContent.length > 0")
    status = page.locator("#sb-finder-count")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    for label in (r"^Free \(", r"^Kestrel Vale \(", r"^Term time \(", r"^Sunday \("):
        page.get_by_label(re.compile(label)).check()
        assert count_in_status(page) == len(shown_ids(page)) == page.locator("#sb-finder-results > li").count()
    assert count_in_status(page) == len(finder.parse_query(page.url.split("?", 1)[1]) and
                                        finder.filter_ids(demo, finder.parse_query(page.url.split("?", 1)[1])))


def test_when_nothing_matches_it_says_which_filter_to_remove(page, demo_server, demo):
    query = "area=brookford&age=2&access=changing-places&need=adhd"
    params = finder.parse_query(query)
    assert finder.filter_ids(demo, params) == []
    key, count = finder.relax(demo, params)
    open_finder(page, demo_server, query)
    assert page.locator("#sb-finder-empty").is_visible()
    assert page.locator("#sb-finder-results > li").count() == 0
    status = page.locator("#sb-finder-count").inner_text()
    assert status.startswith("No short breaks match") and finder.PARAMS[key]["label"] in status and f"{count} short break" in status
    assert demo.council["phone"] in page.locator("#sb-finder-empty").inner_text()
    page.click(f"[data-relax={key}]")
    rest = {k: v for k, v in params.items() if k != key}
    assert shown_ids(page) == finder.filter_ids(demo, rest) and len(shown_ids(page)) == count
    assert page.evaluate("document.activeElement.id") == "sb-finder-count"


def test_keyboard_only(page, demo_server, demo):
    open_finder(page, demo_server)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "sb-q":
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type("club")
    page.keyboard.press("Enter")  # Enter in the search box moves to the results count
    assert page.evaluate("document.activeElement.id") == "sb-finder-count"
    page.focus("#sb-q")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sb-age"
    first_area = demo.areas[0].id
    # The youngest age with results for "club" in the first area: that many presses of the down arrow.
    age = next(a for a in range(26) if finder.filter_ids(demo, {"q": ["club"], "age": [str(a)], "area": [first_area]}))
    for _ in range(age + 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first area
    wait_until(page, f"location.search.includes('area={first_area}')")
    assert page.input_value("#sb-age") == str(age)
    expected = finder.filter_ids(demo, {"q": ["club"], "age": [str(age)], "area": [first_area]})
    assert shown_ids(page) == expected
    # Tab on to the first result and open it with Enter.
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#sb-finder-results') !== null"):
            break
    assert page.evaluate("document.activeElement.tagName") == "A"
    name = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/providers/" + expected[0] + "/$"))
    assert page.locator("h1").inner_text() == name


def test_without_javascript_every_provider_is_listed_by_tier(browser, demo_server, demo):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_server + "finder/")
        assert not page.locator("#sb-finder").is_visible()
        listed = page.eval_on_selector_all("#sb-finder-all [data-provider-id]", "els => els.map(e => e.dataset.providerId)")
        assert set(listed) == {p.id for p in demo.providers}
        assert len(listed) == sum(len(p.tiers) for p in demo.providers)
        for t in demo.tiers:
            link = page.locator(f"#tier-{t.id} a")
            assert link.is_visible() and link.get_attribute("href") == f"../tiers/{t.id}/"
        for a in demo.areas:
            assert page.locator(f"#sb-finder-all a[href='../areas/{a.id}/']").is_visible()
        page.locator("#sb-finder-all [data-provider-id] a").first.click()
        assert page.locator("h1").inner_text() == demo.providers_in_tier(demo.tiers[0].id)[0].name
    finally:
        context.close()


def test_cards_link_to_provider_pages(page, demo_server, demo):
    open_finder(page, demo_server, "area=ashdown-rural")
    cards = page.locator("#sb-finder-results [data-provider-id]")
    for i in range(cards.count()):
        pid = cards.nth(i).get_attribute("data-provider-id")
        assert cards.nth(i).locator("h3 a").get_attribute("href") == f"../providers/{pid}/"
    first = cards.first
    pid = first.get_attribute("data-provider-id")
    first.locator("h3 a").click()
    assert page.url.endswith(f"/providers/{pid}/")


def test_the_script_and_python_agree_on_many_combinations(page, demo_server, demo):
    rng = random.Random(4)
    values = {
        "q": ["swim", "club", "quiet", "art", "zz", "youth club"], "age": [str(a) for a in range(0, 27, 2)],
        "tier": [t.id for t in demo.tiers], "area": [a.id for a in demo.areas], "day": list(model.DAYS),
        "when": ["term", "holiday"], "cost": list(finder.COST_VALUES), "need": list(model.NEED_LABELS),
        "access": list(model.ACCESS_LABELS), "support": ["1:1", "2:1"], "carer": ["free"], "siblings": ["welcome"],
        "language": [t.value for t in vocabulary.LANGUAGES],
    }
    cases = []
    for _ in range(300):
        case = {}
        for key in rng.sample(sorted(values), rng.randint(1, 4)):
            case[key] = [rng.choice(values[key])] if key in ("q", "age") else rng.sample(values[key], rng.randint(1, min(3, len(values[key]))))
        cases.append(case)
    open_finder(page, demo_server)
    got = page.evaluate("async cases => { await sbFinder.loadAll(sbFinderData); "
                        "return cases.map(c => [sbFinder.filter(sbFinderData, c).map(r => r.i), sbFinder.relax(sbFinderData, c)]); }", cases)
    for case, (ids, relaxed) in zip(cases, got):
        assert ids == finder.filter_ids(demo, case), case
        if not ids:
            best = finder.relax(demo, case)
            assert (relaxed and (relaxed["key"], relaxed["count"])) == (best or None), case
    assert sum(1 for ids, _ in got if ids) > 100 and sum(1 for ids, _ in got if not ids) > 20
    # The address bar form round-trips too.
    for case in cases[:50]:
        query = page.evaluate("c => sbFinder.serialize(c)", case)
        assert finder.clean(finder.parse_query(query), demo) == finder.clean(case, demo), query
