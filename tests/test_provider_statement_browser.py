"""A family on a 360px phone: a provider page and the statement, in headless Chromium.

The statement's "Print or save as PDF" button prints, by mouse and by keyboard; it is hidden on
paper and where scripts are off (it could not work there); and showing it moves nothing."""
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SHOTS = Path(os.environ.get("SBSITE_SHOTS", "/tmp/shots-provider"))

# Counts calls to window.print instead of opening the print dialog, which headless Chromium
# cannot show. The page's own script still has to call it.
COUNT_PRINTS = "window.__prints = 0; window.print = function () { window.__prints += 1; };"

CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 1500);
})"""


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(COUNT_PRINTS)
    page = context.new_page()
    yield page
    context.close()


def test_print_button_prints_by_mouse_and_keyboard(phone, demo_server):
    phone.goto(demo_server + "statement/")
    button = phone.get_by_role("button", name="Print or save as PDF")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["y"] < PHONE["height"]  # on the first screen
    shot(phone, "statement-360-top")
    button.click()
    assert phone.evaluate("window.__prints") == 1
    button.focus()
    assert phone.evaluate("document.activeElement.textContent") == "Print or save as PDF"
    phone.keyboard.press("Enter")
    phone.keyboard.press("Space")
    assert phone.evaluate("window.__prints") == 3
    # Reached with Tab like any control, with a visible focus style.
    phone.evaluate("document.activeElement.blur()")
    phone.goto(demo_server + "statement/")
    for _ in range(40):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.hasAttribute('data-sb-print')"):
            break
    else:
        raise AssertionError("Tab never reached the print button")
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                             "getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none none", outline
    shot(phone, "statement-360-print-focus")


def test_print_button_is_not_on_paper(phone, demo_server):
    phone.goto(demo_server + "statement/")
    phone.emulate_media(media="print")
    assert not phone.get_by_role("button", name="Print or save as PDF").is_visible()


def test_without_javascript_there_is_no_dead_print_button(browser, demo_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_server + "statement/")
        assert page.locator("[data-sb-print]").count() == 1  # in the page, but not shown
        assert not page.locator("[data-sb-print]").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["statement/", "providers/fernvale-family-link-carers/"])
def test_the_pages_do_not_jump_or_scroll_sideways_at_360px(phone, demo_server, path):
    phone.goto(demo_server + path)
    assert phone.evaluate(CLS) < 0.05
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_provider_page_says_who_can_go_on_the_first_screen(phone, demo_server):
    phone.goto(demo_server + "providers/fernvale-family-link-carers/")
    box = phone.locator(".sb-who-can-go")
    assert box.is_visible()
    assert "Needs an assessment." in box.inner_text()
    shot(phone, "provider-link-carers-360-top")
    link = box.get_by_role("link", name="Check if your child can get it")
    link.click()
    phone.wait_for_url("**/eligibility-checker/")
    phone.goto(demo_server + "providers/riverside-inclusive-youth-club/")
    assert "Refer yourself." in phone.locator(".sb-who-can-go").inner_text()
    shot(phone, "provider-riverside-360-top")
    when = phone.locator("#when-it-runs")
    when.scroll_into_view_if_needed()
    shot(phone, "provider-riverside-360-when")
    text = phone.locator("article").inner_text()
    assert "6pm to 8:30pm" in text and "18:00" not in text
