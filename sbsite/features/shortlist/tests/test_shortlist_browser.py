"""My list in headless Chromium: add from the finder and provider pages, share, reload, print. No cookies."""
import re
import time

import pytest



pytestmark = pytest.mark.browser
KEY = "sbsite-shortlist"


def wait_until(page, expression, timeout=10.0):
    """Poll a JavaScript expression; while a link's page is still loading, its elements may not
    be there yet (or the old page is going), so errors then count as "not yet"."""
    end = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
        except Exception as e:  # playwright's Error: "Cannot read properties of null", "context was destroyed"
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {expression}: {e}") from e
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.03)


def open_list(page, url):
    page.goto(url)
    wait_until(page, "!document.getElementById('sb-shortlist').hidden")


def listed(page):
    return page.eval_on_selector_all("#sb-shortlist-items [data-provider-id]", "els => els.map(e => e.dataset.providerId)")


def stored(page):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}') || '[]')")


def test_add_share_reload_and_remove(page, demo_server, demo):
    by_id = {p.id: p for p in demo.providers}
    page.goto(demo_server + "finder/?area=brookford")
    wait_until(page, "document.querySelectorAll('#sb-finder-results [data-provider-id]').length > 1")
    cards = page.locator("#sb-finder-results [data-provider-id]")
    first, second = cards.nth(0).get_attribute("data-provider-id"), cards.nth(1).get_attribute("data-provider-id")
    cards.nth(0).get_by_role("button", name=re.compile("^Add to my list")).click()
    cards.nth(1).get_by_role("button", name=re.compile("^Add to my list")).click()
    assert cards.nth(0).get_by_role("button").inner_text().startswith("Remove from my list")
    assert page.locator(".sb-finder__links .sb-mylist-link").inner_text() == "My list (2)"
    assert "2" in page.locator(".sb-header-mylist").inner_text()  # and the header's My list, on every page
    wait_until(page, "[...document.querySelectorAll('[role=status]')].some(e => e.textContent.includes('Your list has 2'))")
    # And from a provider's own page.
    third = next(p.id for p in demo.providers if p.id not in (first, second))
    page.goto(demo_server + f"providers/{third}/")
    button = page.get_by_role("button", name=re.compile("^Add to my list"))
    assert button.is_visible()
    button.click()
    assert stored(page) == [first, second, third]
    page.click("a.sb-header-mylist")
    wait_until(page, "!document.getElementById('sb-shortlist').hidden")
    assert page.url.endswith(f"/shortlist/?ids={first},{second},{third}")
    assert listed(page) == [first, second, third]
    item = page.locator(f"#sb-shortlist-items [data-provider-id={first}]")
    contact = by_id[first].contact
    for value in [by_id[first].name, contact.get("phone"), contact.get("email")]:
        if value:
            assert value in item.inner_text()
    # The list survives a reload, and a visit without the address uses this device's copy.
    page.reload()
    wait_until(page, "!document.getElementById('sb-shortlist').hidden")
    assert listed(page) == [first, second, third]
    open_list(page, demo_server + "shortlist/")
    assert listed(page) == [first, second, third]
    assert page.url.endswith(f"?ids={first},{second},{third}")
    page.get_by_role("button", name=re.compile(r"^Remove from my list\W+" + re.escape(by_id[second].name))).click()
    assert listed(page) == [first, third] and stored(page) == [first, third]
    assert page.url.endswith(f"/shortlist/?ids={first},{third}")
    assert page.locator("#sb-shortlist-count").inner_text() == "Your list has 2 short breaks."
    assert page.context.cookies() == []


def test_a_shared_list_does_not_replace_your_own_until_you_say(page, demo_server, demo):
    ids = [p.id for p in demo.providers]
    open_list(page, demo_server + f"shortlist/?ids={ids[0]}")
    assert stored(page) == [ids[0]]  # nothing stored yet, so the link's list is kept
    open_list(page, demo_server + f"shortlist/?ids={ids[1]},{ids[2]},no-such-provider,{ids[1]}")
    assert listed(page) == [ids[1], ids[2]]
    assert page.locator("#sb-shortlist-missing").inner_text() == "1 short break on this list is no longer listed."
    assert page.locator("#sb-shortlist-other").is_visible() and stored(page) == [ids[0]]
    page.click("#sb-shortlist-keep")
    assert stored(page) == [ids[1], ids[2], "no-such-provider"]
    assert page.locator("#sb-shortlist-other").is_hidden()


def test_the_list_prints_on_one_page_with_contact_details(page, demo_server, demo):
    ids = [p.id for p in demo.providers][:6]  # six short breaks still fit on one sheet of A4
    open_list(page, demo_server + "shortlist/?ids=" + ",".join(ids))
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", "#sb-shortlist-print", ".sb-shortlist__items button"):
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
    assert page.locator(".sb-print-only").is_visible()
    assert demo.council["phone"] in page.locator(".sb-print-only").inner_text()
    for pid in ids:
        assert page.locator(f"#sb-shortlist-items [data-provider-id={pid}] dl").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_without_javascript_there_are_no_dead_buttons(browser, demo_server, demo):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_server + f"providers/{demo.providers[0].id}/")
        assert page.locator("[data-shortlist-id]").count() == 1
        assert not page.locator("[data-shortlist-id]").is_visible()
        assert page.get_by_role("button", name=re.compile("my list")).count() == 0
        page.goto(demo_server + "shortlist/")
        assert not page.locator("#sb-shortlist").is_visible()
        assert page.get_by_role("link", name="the list of all short breaks").is_visible()
    finally:
        context.close()
