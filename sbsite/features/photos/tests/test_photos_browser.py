"""In a real browser: no photo is downloaded much larger than it is shown, the first view of a
provider page with photos stays within its budget, and a story prints on A4."""
import gzip
import re

import pytest

pytestmark = pytest.mark.browser

from conftest import axe_violations

PROVIDER = "providers/riverside-inclusive-youth-club/"
STORY = PROVIDER + "what-to-expect/"
BUDGET = 100 * 1024  # bytes, gzipped, for the first view

SIZES = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('img')) {
    if (!img.currentSrc || img.currentSrc.endsWith('.svg')) continue;
    const probe = new Image();
    probe.src = img.currentSrc;
    await probe.decode();
    out.push({src: img.currentSrc, file: probe.naturalWidth, shown: img.getBoundingClientRect().width,
              dpr: window.devicePixelRatio});
  }
  return out;
}"""


def open_page(browser, url, width, dpr, height=800):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=dpr)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page


def load_every_image(page):
    for img in page.query_selector_all("img"):
        img.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=15000)


@pytest.mark.parametrize("width,dpr", [(320, 2), (320, 1), (1280, 1)], ids=["phone-320-2x", "320-1x", "desktop-1280"])
@pytest.mark.parametrize("path", [PROVIDER, STORY], ids=["provider", "story"])
def test_no_image_is_downloaded_much_larger_than_it_is_shown(browser, demo_server, path, width, dpr):
    context, page = open_page(browser, demo_server + path, width, dpr)
    try:
        load_every_image(page)
        found = page.evaluate(SIZES)
        assert len(found) >= (3 if path == PROVIDER else 3), found
        for img in found:
            needed = img["shown"] * img["dpr"]
            assert img["src"].endswith(".webp"), img  # the modern format where the browser has it
            assert img["file"] <= 1.5 * needed + 1, f"{img['src']} is {img['file']}px wide but shown at {needed:.0f}px"
            assert img["file"] >= min(needed, 960) - 1, f"{img['src']} is too small: {img['file']}px for {needed:.0f}px"
        # Width and height are set, so nothing moves while photos load.
        assert page.evaluate("() => [...document.querySelectorAll('img.sb-photo')].every(i => i.getAttribute('width') && i.getAttribute('height'))")
    finally:
        context.close()


def first_view_bytes(browser, url, width, dpr, height):
    """Gzipped bytes fetched for the first view, by kind; images below the fold are left out."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=dpr)
    got = []
    context.on("response", lambda r: got.append(r))
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        below = set(page.evaluate("""() => [...document.images]
            .filter(i => i.currentSrc && i.getBoundingClientRect().top >= window.innerHeight)
            .map(i => i.currentSrc)"""))
        sizes = {}
        for r in got:
            if r.url in below or r.status != 200:
                continue
            body = r.body()
            kind = "search index" if "search_index" in r.url or "search/data.js" in r.url else r.request.resource_type
            size = min(len(body), len(gzip.compress(body, 6)))
            sizes[kind] = sizes.get(kind, 0) + size
        return sizes
    finally:
        context.close()


VIEWS = pytest.mark.parametrize("width,dpr,height", [(320, 2, 640), (1280, 1, 800)], ids=["phone", "desktop"])


@VIEWS
def test_provider_page_with_photos_first_view_is_within_100kb_gzipped(browser, demo_server, width, dpr, height):
    """Everything the first view downloads: HTML, CSS, JavaScript, icons and the photo above
    the fold. There is no search index to count: only /search/ loads one."""
    sizes = first_view_bytes(browser, demo_server + PROVIDER, width, dpr, height)
    total = sum(sizes.values())
    print(f"\nfirst view at {width}px x{dpr}: {total / 1024:.1f} KB gzipped: "
          + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(sizes.items())))
    assert "search index" not in sizes
    assert sizes.get("image", 0) > 0, "the first photo is above the fold and should be counted"
    assert sizes["image"] < 20 * 1024, "the photo above the fold should be a small share of the budget"
    assert total <= BUDGET, sizes


def test_story_prints_on_a4(browser, demo_server):
    context, page = open_page(browser, demo_server + STORY, 1280, 1)
    try:
        load_every_image(page)
        page.emulate_media(media="print")
        a4_height_px = (297 - 24) / 25.4 * 96  # A4 less the 12 mm margins, in CSS pixels
        steps = page.evaluate("() => [...document.querySelectorAll('.sb-story__step')].map(s => s.getBoundingClientRect().height)")
        assert len(steps) == 7 and all(0 < h < a4_height_px / 3 for h in steps), steps
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.sb-story__links']
            .map(sel => document.querySelector(sel)).filter(Boolean).map(el => getComputedStyle(el).display)""")
        assert hidden and all(d == "none" for d in hidden), hidden
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert 1 <= pages <= 3, f"the story takes {pages} A4 pages"
        sizes = {tuple(round(float(x)) for x in m) for m in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)}
        assert sizes == {(595, 842)}, sizes  # A4 in points
    finally:
        context.close()


def test_provider_and_story_pages_pass_axe(page, demo_server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in (PROVIDER, STORY):
        for width in (320, 1280):
            assert axe_violations(axe, page, demo_server + path, width) == [], (path, width)
