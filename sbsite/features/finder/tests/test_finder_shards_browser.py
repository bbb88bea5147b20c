"""The finder as a big directory sees it: text in many shards loaded when needed, and a
no-JavaScript page that links to the long lists. The demo data with tiny shard, page and
list limits, so it runs in seconds (only the finder page is built, as bench/finder_bench.py does)."""
import dataclasses
import re

import pytest

from sbsite.features.finder import finder
from sbsite.render import engine as render

from conftest import finder_bench, serve_folder
from test_finder_browser import count_in_status, open_finder, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sharded_server(demo, tmp_path_factory):
    bench = finder_bench()
    # The finder's own settings (its typed config), small enough to shard the demo.
    small = finder.FinderConfig(page_size=5, shard=8, list_all_max=10)
    site = dataclasses.replace(demo, features=tuple(
        dataclasses.replace(f, config=small) if f.name == "finder" else f for f in demo.features))
    built = bench.build_finder(site, render.nav(site), tmp_path_factory.mktemp("sharded"))
    assert (built / "finder" / f"text-{(len(demo.providers) - 1) // 8}.js").exists()

    yield from serve_folder(built)


def shown_ids(page):
    """Every result, pressing "Show more" until it goes, waiting for text files to load."""
    while True:
        wait_until(page, "!document.getElementById('sb-finder-results').hasAttribute('aria-busy')")
        if not page.locator("#sb-finder-more").is_visible():
            break
        page.click("#sb-finder-more")
    return page.eval_on_selector_all("#sb-finder-results [data-provider-id]", "els => els.map(e => e.dataset.providerId)")


def text_requests(page) -> list[str]:
    seen = []
    page.on("request", lambda r: seen.append(re.sub(r"\?.*", "", r.url.rsplit("/", 1)[1]))
            if "/finder/text-" in r.url else None)
    return seen


def test_first_view_loads_only_the_first_text_file(page, sharded_server, demo):
    seen = text_requests(page)
    open_finder(page, sharded_server)
    assert seen == ["text-0.js"]
    assert page.locator("#sb-finder-results > li").count() == 5
    assert "Showing all" in page.locator("#sb-finder-count").inner_text()
    # "Show more" fetches the next file when the next cards need it.
    assert shown_ids(page) == [p.id for p in demo.providers]
    assert seen == [f"text-{k}.js" for k in range((len(demo.providers) - 1) // 8 + 1)]


def test_filters_load_the_text_of_the_cards_they_show(page, sharded_server, demo):
    last = demo.providers[-1]
    query = f"area={last.areas[0]}&age={last.ages[0]}"
    seen = text_requests(page)
    open_finder(page, sharded_server, query)
    expected = finder.filter_ids(demo, finder.parse_query(query))
    assert shown_ids(page) == expected and last.id in expected
    assert count_in_status(page) == len(expected)
    assert len(seen) == len(set(seen))  # each file once


def test_keyword_search_loads_every_text_file_and_agrees_with_python(page, sharded_server, demo):
    seen = text_requests(page)
    for query in ("q=swim", "q=club&age=9", "q=zzzz"):
        open_finder(page, sharded_server, query)
        expected = finder.filter_ids(demo, finder.parse_query(query))
        assert shown_ids(page) == expected, query
        assert count_in_status(page) == len(expected)
    assert set(seen) == {f"text-{k}.js" for k in range((len(demo.providers) - 1) // 8 + 1)}
    # Typing into the box after the page opened works the same.
    open_finder(page, sharded_server)
    page.fill("#sb-q", "youth club")
    page.keyboard.press("Enter")
    expected = finder.filter_ids(demo, {"q": ["youth club"]})
    page.wait_for_url(re.compile(r"q=youth\+club"))
    assert shown_ids(page) == expected and count_in_status(page) == len(expected)


def test_without_javascript_a_big_directory_links_to_its_lists(browser, sharded_server, demo):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sharded_server + "finder/")
        assert not page.locator("#sb-finder").is_visible()
        assert page.locator("#sb-finder-all [data-provider-id]").count() == 0
        text = page.locator("#sb-finder-all").inner_text()
        assert f"There are {len(demo.providers)} short breaks" in text
        for t in demo.tiers:
            link = page.locator(f"#tier-{t.id} a")
            assert link.is_visible() and link.get_attribute("href") == f"../tiers/{t.id}/"
            assert f"({len(demo.providers_in_tier(t.id))})" in page.locator(f"#tier-{t.id}").inner_text()
        for a in demo.areas:
            assert page.locator(f"#sb-finder-all a[href='../areas/{a.id}/']").is_visible()
        assert page.locator("#sb-finder-all a[href='../ages/under-5/']").is_visible()
        assert page.locator("#sb-finder-all a[href='../providers/']").is_visible()
    finally:
        context.close()
