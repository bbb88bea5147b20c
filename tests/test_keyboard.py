"""Keyboard, reflow, zoom, motion and print, checked in headless Chromium on the demo site.

- The skip link is the first thing Tab reaches, and it moves focus into the content.
- Every place Tab stops has a visible focus ring and is on screen, not hidden behind
  anything (WCAG 2.4.7, 2.4.11): at desktop width and at 320px, with the menu open.
- The menu, its sections and search work with a keyboard on a small screen.
- Material's one-key shortcuts are off (WCAG 2.1.4).
- At 320px wide (and at 200% zoom) nothing scrolls sideways (WCAG 1.4.10, 1.4.4).
- prefers-reduced-motion stops animations; printing leaves out the header, menus and footer.
"""
from __future__ import annotations

import pytest

from site_pages import page_kinds, url_of

pytestmark = pytest.mark.browser

FOCUS_STATE = """async () => {
  // Let scrolling and Material's sidebar resizing (next animation frame) settle first.
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (!!s.boxShadow && s.boxShadow !== 'none');
  const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 2, r.top + 2], [r.right - 2, r.top + 2],
                  [r.left + 2, r.bottom - 2], [r.right - 2, r.bottom - 2]];
  const onTop = points.some(([x, y]) => {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === e || e.contains(hit));
  });
  let opacity = 1;
  for (let n = e; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
  const name = (e.getAttribute('aria-label') || e.textContent || e.value || '').replace(/\\s+/g, ' ').trim().slice(0, 50);
  return {
    what: `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${String(e.className).trim().split(/\\s+/).join('.')} "${name}"`,
    ring, onTop, inSidebar: !!e.closest('.md-sidebar--primary'),
    visible: s.visibility === 'visible' && r.width > 0 && r.height > 0 && opacity > 0.5,
  };
}"""


@pytest.fixture
def kb(browser):
    """A page with animations off, so focus checks do not race Material's transitions."""
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    yield page
    context.close()


def _existing(demo_site, candidates):
    return [c for c in candidates if (demo_site / c / "index.html").exists() or (c == "" and (demo_site / "index.html").exists())]


def _a_provider(demo_site) -> str:
    return sorted(p.parent.name for p in (demo_site / "providers").glob("*/index.html"))[0]


def _walk(page, limit=150) -> list[dict]:
    """Press Tab until focus comes round again; return where it stopped each time."""
    stops, first = [], None
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or state["what"] == first:
            break
        first = first or state["what"]
        stops.append(state)
    return stops


def _hidden_focus(stops) -> list[str]:
    return [f"{s['what']}: {'no focus ring' if not s['ring'] else 'not visible on screen'}"
            for s in stops if not (s["ring"] and s["visible"] and s["onTop"])]


def test_skip_link_is_first_and_moves_focus_to_the_content(page, demo_server, demo_site):
    page.goto(demo_server + f"providers/{_a_provider(demo_site)}/")
    page.keyboard.press("Tab")
    page.wait_for_timeout(400)  # Material fades the skip link in
    state = page.evaluate(FOCUS_STATE)
    assert state and "md-skip" in state["what"] and "Skip to content" in state["what"], state
    assert state["visible"] and state["onTop"] and state["ring"], state
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('.md-content') !== null"), "focus did not move to the content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.md-content') !== null"), \
        "the next Tab after the skip link left the content: " + page.evaluate(FOCUS_STATE)["what"]


@pytest.mark.parametrize("width", [1280, 320])
def test_focus_is_visible_at_every_tab_stop(kb, demo_server, demo_site, width):
    kb.set_viewport_size({"width": width, "height": 720 if width > 400 else 640})
    pages = [f"providers/{_a_provider(demo_site)}"] + _existing(demo_site, ["", "finder", "eligibility-checker", "accessibility"])
    problems = []
    for rel in pages:
        kb.goto(demo_server + (rel + "/" if rel else ""))
        stops = _walk(kb)
        assert len(stops) > 5, f"{rel or 'home'}: Tab reached only {len(stops)} places"
        problems += [f"{rel or 'home'} at {width}px: {p}" for p in _hidden_focus(stops)]
    assert not problems, "Focus is not visible at these Tab stops:\n" + "\n".join(problems)


def _tab_to(page, name: str, limit=10):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == name:
            return
    raise AssertionError(f"Tab never reached the '{name}' button")


def test_menu_works_by_keyboard_on_a_small_screen(kb, demo_server, demo_site):
    kb.set_viewport_size({"width": 320, "height": 640})
    kb.goto(demo_server + "statement/")
    _tab_to(kb, "Menu")
    menu = kb.locator('.md-header button[aria-label="Menu"]')
    assert menu.evaluate("b => b.tagName") == "BUTTON" and menu.get_attribute("aria-expanded") == "false"
    kb.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    state = kb.evaluate(FOCUS_STATE)
    assert state["inSidebar"] and state["visible"] and state["onTop"], state

    # Every stop in the open menu is visible; Tab past the end closes it.
    stops = []
    for _ in range(60):
        kb.keyboard.press("Tab")
        state = kb.evaluate(FOCUS_STATE)
        if not state["inSidebar"]:
            break
        stops.append(state)
    assert len(stops) >= 5 and not _hidden_focus(stops), _hidden_focus(stops)
    assert menu.get_attribute("aria-expanded") == "false", "leaving the menu should close it"

    # A section opens as a panel: focus goes into it, and its back button returns.
    kb.goto(demo_server + "statement/")
    _tab_to(kb, "Menu")
    kb.keyboard.press("Enter")
    toggle = kb.locator('.md-nav--primary button.sb-toggle[aria-label^="Show or hide the pages in"]').first
    name = toggle.get_attribute("aria-label")
    assert name.startswith("Show or hide the pages in "), name
    toggle.focus()
    kb.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    state = kb.evaluate(FOCUS_STATE)
    assert state["what"].startswith("button") and "Back from" in state["what"] and state["visible"], state
    kb.keyboard.press("Tab")
    assert kb.evaluate(FOCUS_STATE)["visible"]
    kb.keyboard.press("Shift+Tab")
    kb.keyboard.press("Enter")  # back
    assert toggle.get_attribute("aria-expanded") == "false"
    assert kb.evaluate("document.activeElement.getAttribute('aria-label')") == name

    kb.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert kb.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"


ACCESSIBLE_NAME = """() => { const e = document.activeElement;
    return (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText)
            || e.innerText || '').trim(); }"""


def _tab_to_named(page, name: str, limit=25):
    """Press Tab until the focused control's accessible name (label, aria-label or text) is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(ACCESSIBLE_NAME) == name:
            return
    raise AssertionError(f"Tab never reached '{name}'")


def test_search_works_by_keyboard_on_a_small_screen(kb, demo_server):
    kb.set_viewport_size({"width": 320, "height": 640})
    kb.goto(demo_server)
    _tab_to_named(kb, "Search")
    kb.keyboard.press("Enter")
    kb.wait_for_url("**/search/")
    _tab_to_named(kb, "Words to search for")
    kb.keyboard.type("direct payments")
    kb.keyboard.press("Enter")
    kb.wait_for_selector(".sb-search__list li", timeout=10_000)
    status = kb.locator('#sb-search-count[role="status"][aria-live="polite"]')
    assert "match" in status.inner_text()
    assert "q=direct+payments" in kb.url or "q=direct%20payments" in kb.url, "the search can be shared as a link"
    _tab_to_named(kb, kb.locator(".sb-search__list a").first.inner_text())
    kb.keyboard.press("Enter")
    kb.wait_for_url(lambda url: "/search/" not in url, timeout=10_000)


def test_one_key_shortcuts_are_switched_off(kb, demo_server):
    kb.goto(demo_server + "statement/")
    assert kb.locator("link[rel=next]").count() == 1, "the check needs a page Material's 'n' shortcut would leave"
    start = kb.url
    for key in ["n", ".", "p", ",", "s", "f", "/"]:
        kb.keyboard.press(key)
    kb.wait_for_timeout(300)
    assert kb.url == start, "a one-key shortcut changed the page"
    kb.goto(demo_server + "search/")
    kb.locator("#sb-search-q").focus()
    kb.keyboard.type("sfn")
    assert kb.locator("#sb-search-q").input_value() == "sfn", "typing in the search box must still work"


def test_no_sideways_scrolling_at_320px(kb, demo_server, demo_site):
    kb.set_viewport_size({"width": 320, "height": 640})
    wide = []
    for rel in page_kinds(demo_site):
        kb.goto(url_of(demo_server, rel))
        width = kb.evaluate("document.scrollingElement.scrollWidth")
        if width > 320:
            culprit = kb.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 321 && getComputedStyle(e).position !== 'fixed')
                .map(e => e.tagName.toLowerCase() + '.' + String(e.className).trim().split(/\\s+/).join('.')).slice(-1)[0]""")
            wide.append(f"{rel}: {width}px wide (widest: {culprit})")
    assert not wide, "These pages scroll sideways at 320px:\n" + "\n".join(wide)


def test_text_fits_at_200_percent_zoom(browser, demo_server, demo_site):
    """200% zoom of a 1280 by 720 window lays out as a 640 by 360 one at twice the pixel size."""
    context = browser.new_context(viewport={"width": 640, "height": 360}, device_scale_factor=2)
    page = context.new_page()
    try:
        problems = []
        for rel in page_kinds(demo_site):
            page.goto(url_of(demo_server, rel))
            width = page.evaluate("document.scrollingElement.scrollWidth")
            h1 = page.evaluate("(() => { const h = document.querySelector('h1'); return h ? h.getBoundingClientRect().right : 0; })()")
            if width > 640 or h1 > 640:
                problems.append(f"{rel}: page {width}px wide, heading ends at {h1:.0f}px")
        assert not problems, "Text does not fit at 200% zoom:\n" + "\n".join(problems)
    finally:
        context.close()


ANIMATED = """() => [...document.querySelectorAll('*')].filter(e => {
  const s = getComputedStyle(e);
  const moving = d => d.split(',').some(x => parseFloat(x) > 0);
  return moving(s.transitionDuration) || (s.animationName !== 'none' && moving(s.animationDuration));
}).length"""


def test_reduced_motion_switches_animation_off(browser, demo_server):
    for motion, expect_some in (("no-preference", True), ("reduce", False)):
        context = browser.new_context(reduced_motion=motion, viewport={"width": 320, "height": 640})
        page = context.new_page()
        try:
            page.goto(demo_server + "statement/")
            animated = page.evaluate(ANIMATED)
            if expect_some:
                assert animated > 0, "nothing animates normally, so this test could not see a change"
            else:
                assert animated == 0, f"{animated} elements still animate with prefers-reduced-motion: reduce"
                assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
        finally:
            context.close()


HIDDEN_IN_PRINT = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-skip"]


def test_print_leaves_out_menus_and_keeps_the_content(page, demo_server, demo_site):
    pages = [f"providers/{_a_provider(demo_site)}/", "statement/", "accessibility/"]
    page.emulate_media(media="print")
    try:
        for rel in pages:
            page.goto(demo_server + rel)
            for selector in HIDDEN_IN_PRINT:
                shown = page.evaluate(f"[...document.querySelectorAll('{selector}')].some(e => getComputedStyle(e).display !== 'none')")
                assert not shown, f"{rel}: {selector} is printed"
            assert page.locator("article h1").is_visible(), f"{rel}: the content is not printed"
        # Web addresses are printed after their links, so a paper copy still says where to go.
        page.goto(demo_server + "accessibility/")
        after = page.evaluate("""getComputedStyle(document.querySelector('.md-content a[href^="https://"]'), '::after').content""")
        assert "https://" in after, after
    finally:
        page.emulate_media(media="screen")
