"""A first look through a real browser: the demo home page loads and links work."""
import pytest

pytestmark = pytest.mark.browser


def test_home_page_loads_and_reaches_a_provider(page, demo_server):
    page.goto(demo_server)
    assert "Short breaks in" in page.locator("h1").inner_text()
    page.goto(demo_server + "providers/")
    first = page.locator("[data-provider-id] a").first
    first.click()
    assert page.locator("text=This listing was last checked").count() == 1
