"""axe checks of the finder, the eligibility checker and My list in the states only JavaScript reaches:
results, the empty state, a question with an error, an answer, a list with items."""

import pytest

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

from conftest import wait_until  # noqa: F401 (other tests import it from here)


def check(page, axe, state):
    page.evaluate("window.scrollTo(0, 0)")  # else Material's fixed header "obscures" whatever is under it
    results = axe.run(page, context=".md-content", options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == [], (state, violations)


@pytest.mark.parametrize("width", [320, 1280])
def test_interactive_states_pass_axe(page, demo_server, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_server + "finder/?area=brookford&need=autism")
    wait_until(page, "document.querySelectorAll('#sb-finder-results [data-provider-id]').length > 0")
    page.click("#sb-more-filters > summary")
    check(page, axe, "finder results")
    page.goto(demo_server + "finder/?area=brookford&age=2&access=changing-places&need=adhd")
    wait_until(page, "!document.getElementById('sb-finder-empty').hidden")
    check(page, axe, "finder empty state")

    page.goto(demo_server + "eligibility-checker/")
    wait_until(page, "window.sbChecker && !document.getElementById('sb-checker').hidden")
    page.fill("#sb-a-age", "19")
    page.click("#sb-q-age button[type=submit]")
    page.click("#sb-q-age-extended button[type=submit]")  # no answer: the error shows
    check(page, axe, "checker question with an error")
    page.check("#sb-a-age-extended-no")
    page.click("#sb-q-age-extended button[type=submit]")
    page.check("#sb-a-residence-yes")
    page.click("#sb-q-residence button[type=submit]")
    page.check("#sb-a-needs-unsure")
    page.click("#sb-q-needs button[type=submit]")
    check(page, axe, "checker answer")

    page.goto(demo_server + "shortlist/?ids=fernvale-access-card,riverside-inclusive-youth-club")
    wait_until(page, "!document.getElementById('sb-shortlist').hidden")
    check(page, axe, "my list")
    page.goto(demo_server + "providers/fernvale-access-card/")
    wait_until(page, "!document.querySelector('[data-shortlist-id]').hidden")
    check(page, axe, "provider page with its Add to my list button")
