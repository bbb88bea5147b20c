"""The finder's form and a shared filtered link, with JavaScript on and off (issue 14, item 11).

A static site cannot filter without JavaScript, and cannot even tell whether the address held
filters; what it must not do is show the whole list as if it were the answer. So without
JavaScript the page says so plainly and offers the age, area and type lists; with JavaScript the
form's real submit button applies the filters and takes the family to the results."""
import re

import pytest

from sbsite.features.finder import finder
from sbsite.core import model

from test_finder_browser import open_finder, shown_ids, wait_until

pytestmark = pytest.mark.browser
SHARED = "age=9&day=saturday"


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def test_a_shared_filtered_link_without_javascript_says_the_filters_were_not_applied(no_js_page, demo_server, demo):
    page = no_js_page
    page.goto(demo_server + "finder/?" + SHARED)
    note = page.locator("#sb-finder-nojs")
    assert note.is_visible()
    text = note.inner_text()
    assert "JavaScript is turned off" in text and "choices could not be used" in text
    # It comes before the full list, so it is read before anyone takes the list for the answer.
    assert page.evaluate("""document.getElementById('sb-finder-nojs').compareDocumentPosition(
        document.getElementById('sb-finder-all')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    # Every age band, area and tier list is offered, with where it goes.
    for band in model.AGE_BANDS:
        assert note.get_by_role("link", name=band[1], exact=True).get_attribute("href") == f"../ages/{band[0]}/"
    for a in demo.areas:
        assert note.get_by_role("link", name=a.name, exact=True).get_attribute("href") == f"../areas/{a.id}/"
    for t in demo.tiers:
        link = note.get_by_role("link", name=f"Tier {t.number}: {t.name}", exact=True)
        assert link.get_attribute("href") == f"../tiers/{t.id}/"
    # The form cannot work here, so it is not shown (no dead controls), and the page fits a phone.
    assert not page.locator("#sb-finder-form").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # And a list link works without JavaScript.
    note.get_by_role("link", name="5 to 10", exact=True).click()
    assert page.url.endswith("/ages/5-to-10/")


def test_the_form_has_a_real_submit_button(no_js_page, demo_server):
    """HTML_CodeSniffer's error (WCAG 3.2.2, H32.2): a form needs a submit button."""
    page = no_js_page
    page.goto(demo_server + "finder/")
    buttons = page.locator("#sb-finder-form button[type=submit], #sb-finder-form input[type=submit]")
    assert buttons.count() == 1
    assert buttons.first.inner_text() == "Show short breaks"


def test_with_javascript_the_note_is_absent_and_the_link_is_applied(page, demo_server, demo):
    open_finder(page, demo_server, SHARED)
    assert page.locator("#sb-finder-nojs").count() == 0
    assert page.get_by_text("JavaScript is turned off").count() == 0
    assert shown_ids(page) == finder.filter_ids(demo, finder.parse_query(SHARED))


def test_with_javascript_the_submit_button_applies_the_filters_and_moves_to_the_results(page, demo_server, demo):
    open_finder(page, demo_server)
    # A mark on this document: a reload (the form's GET submit) would lose it; replaceState does not.
    page.evaluate("window.sbSameDocument = true")
    # Type a word (the list waits for typing to pause), then press the button at once.
    page.fill("#sb-q", "swim")
    page.get_by_label("Your child's age").select_option("9")
    submit = page.get_by_role("button", name="Show short breaks")
    submit.click()
    wait_until(page, "location.search.includes('q=swim')")
    assert page.evaluate("window.sbSameDocument === true")  # the page did not reload
    assert page.evaluate("document.activeElement.id") == "sb-finder-count"
    expected = finder.filter_ids(demo, {"q": ["swim"], "age": ["9"]})
    assert 0 < len(expected) < len(demo.providers)
    assert shown_ids(page) == expected
    assert page.url.endswith("/finder/?q=swim&age=9")
    # Enter in the word box does the same.
    page.fill("#sb-q", "club")
    page.press("#sb-q", "Enter")
    wait_until(page, "location.search.includes('q=club')")
    assert page.evaluate("window.sbSameDocument === true")
    assert page.evaluate("document.activeElement.id") == "sb-finder-count"
    assert shown_ids(page) == finder.filter_ids(demo, {"q": ["club"], "age": ["9"]})
    assert re.match(r"^\d+ short breaks? match", page.locator("#sb-finder-count").inner_text())
