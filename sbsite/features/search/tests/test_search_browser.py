"""Site search at /search/: results in the browser, a shareable address, a kind empty
state, a readable page without JavaScript, and no axe problems in any of those states."""
import json

import pytest

from test_tools_axe import check, wait_until

pytestmark = pytest.mark.browser


def index(demo_site):
    text = (demo_site / "search" / "data.js").read_text()
    return json.loads(text[text.index("=") + 1: text.rindex(";")])["pages"]


@pytest.mark.parametrize("width", [320, 1280])
def test_results_empty_state_and_axe(page, demo_server, demo_site, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_server + "search/?q=direct+payments")
    wait_until(page, "document.querySelectorAll('.sb-search__list > li').length > 0")
    titles = page.locator(".sb-search__title a").all_inner_texts()
    expected = [p["t"] for p in index(demo_site) if "direct payments" in (p["t"] + " " + p["x"]).lower()]
    assert set(titles) >= {t for t in expected if "easy read" not in t.lower()}, (titles, expected)
    assert "match" in page.locator("#sb-search-count").inner_text()
    assert page.locator("#sb-search-all").is_hidden()
    assert "finder/?q=direct%20payments" in page.locator("a.sb-search__finder").get_attribute("href")
    check(page, axe, "search results")
    page.goto(demo_server + "search/?q=zzzxqy")
    wait_until(page, "document.getElementById('sb-search-count').textContent.length > 0")
    assert "No pages match" in page.locator("#sb-search-count").inner_text()
    check(page, axe, "search empty state")


def test_the_form_updates_the_address(page, demo_server):
    page.goto(demo_server + "search/")
    page.fill("#sb-search-q", "complaints")
    page.press("#sb-search-q", "Enter")
    wait_until(page, "document.querySelectorAll('.sb-search__list > li').length > 0")
    assert page.url.endswith("?q=complaints")
    page.reload()
    wait_until(page, "document.querySelectorAll('.sb-search__list > li').length > 0")
    assert page.locator("#sb-search-q").input_value() == "complaints"


def test_without_javascript_the_page_lists_every_local_offer_page(browser, demo_server, demo_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_server + "search/")
        assert page.locator("#sb-search-all").is_visible()
        links = page.locator("#sb-search-all a").count()
        assert links >= len(list((demo_site / "local-offer").glob("*/index.html")))
    finally:
        context.close()
