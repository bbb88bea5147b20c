"""axe checks of the co-production pages and the parts they add to other pages, in a real browser."""
import pytest

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGES = ["you-said-we-did/", "changes/", "freshness/", "statement/",
         "providers/ashdown-play-ranger-bus/",  # checked January 2025: shows the notice whatever today is
         "providers/riverside-inclusive-youth-club/"]


@pytest.mark.parametrize("width", [320, 1280])
def test_pages_pass_axe(page, demo_server, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        page.goto(demo_server + path)
        page.evaluate("window.scrollTo(0, 0)")
        results = axe.run(page, context=".md-content", options={"runOnly": {"type": "tag", "values": TAGS}})
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
        assert violations == [], (path, violations)


def test_notice_and_suggest_link_are_visible_and_reachable(page, demo_server):
    page.goto(demo_server + "providers/ashdown-play-ranger-bus/")
    notice = page.locator(".sb-notice")
    assert notice.is_visible() and "may be out of date" in notice.inner_text()
    assert page.get_by_role("heading", name="Something wrong on this page? Tell us").is_visible()
    assert page.locator(".sb-suggest a[href^='tel:']").is_visible()
    link = page.locator(".sb-editors").get_by_role("link", name="Edit the file on GitHub")
    assert link.is_visible() and "/edit/main/providers.yaml" in link.get_attribute("href")
    page.goto(demo_server + "you-said-we-did/")
    assert page.locator(".sb-status").first.inner_text() in ("Done", "In progress", "Planned")
