"""Zero axe-core violations on every page of the demo site, in headless Chromium.

axe-core comes from the maintained axe-playwright-python package (it bundles axe.min.js).
Every .html file in the built site is scanned (found by walking the folder, so new kinds
of page are covered as soon as they exist) against WCAG 2.0, 2.1 and 2.2 levels A and
AA, plus the best-practice rules for Material's known defects (an unnamed search dialog,
roles a <label> may not have). One browser page is reused for speed.
"""
from __future__ import annotations

import time

import pytest

from site_pages import all_pages, page_kinds, url_of

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
EXTRA_RULES = ["aria-dialog-name", "aria-allowed-role", "landmark-one-main", "landmark-unique",
               "page-has-heading-one", "skip-link"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS},
           "rules": {rule: {"enabled": True} for rule in EXTRA_RULES},
           "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def axe_page(browser):
    """A page with axe-core loaded into every document before the site's own scripts run."""
    from axe_playwright_python.base import AXE_FILE_PATH

    context = browser.new_context()
    context.add_init_script(path=str(AXE_FILE_PATH))
    page = context.new_page()
    yield page
    context.close()


def _describe(rel: str, violations: list) -> list[str]:
    out = []
    for v in violations:
        nodes = "; ".join(f"{' '.join(map(str, n['target']))} → {' '.join(n['html'].split())[:160]}" for n in v["nodes"][:3])
        more = f" (and {len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        out.append(f"{rel}: {v['id']} ({v['impact']}): {v['help']}. {nodes}{more}")
    return out


def _scan(page, base: str, pages: list[str]) -> list[str]:
    problems = []
    for rel in pages:
        response = page.goto(url_of(base, rel))
        assert response is not None and (response.ok or rel == "404.html"), f"{rel} did not load"
        results = page.evaluate("options => axe.run(document, options)", OPTIONS)
        problems += _describe(rel, results["violations"])
    return problems


def test_every_page_has_no_axe_violations(axe_page, demo_server, demo_site):
    pages = all_pages(demo_site)
    assert len(pages) > 40, "the demo site should have dozens of pages"
    start = time.monotonic()
    problems = _scan(axe_page, demo_server, pages)
    took = time.monotonic() - start
    print(f"axe scanned {len(pages)} pages in {took:.0f}s")
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


def test_small_screen_pages_have_no_axe_violations(axe_page, demo_server, demo_site):
    """The phone layout (menu in a drawer, search behind a button) on one page of each kind."""
    axe_page.set_viewport_size({"width": 320, "height": 640})
    try:
        problems = _scan(axe_page, demo_server, page_kinds(demo_site))
    finally:
        axe_page.set_viewport_size({"width": 1280, "height": 720})
    assert not problems, f"{len(problems)} accessibility problems at 320px:\n" + "\n".join(problems)


def test_the_scan_finds_problems(axe_page, demo_server):
    """The scan is live: a page with an unlabelled field and low-contrast text fails it."""
    axe_page.goto(demo_server)
    axe_page.evaluate("""() => {
        const main = document.querySelector('.md-content__inner');
        main.insertAdjacentHTML('beforeend', '<input type="text" id="sb-test-unlabelled">');
        const p = document.createElement('p'); p.textContent = 'Faint text';
        p.style.color = '#dddddd'; main.appendChild(p);
    }""")
    results = axe_page.evaluate("options => axe.run(document, options)", OPTIONS)
    found = {v["id"] for v in results["violations"]}
    assert {"label", "color-contrast"} <= found, found
