"""My list as a family uses it (issue 14, item 10): each saved short break shows its sessions'
days and times and its venue's address, on the screen and on the printout, and "Clear my list"
asks first, in the page, before anything is lost."""
import re

import pytest

from sbsite.features.shortlist import shortlist

from test_shortlist_browser import listed, open_list, stored, wait_until

pytestmark = pytest.mark.browser

# Three the demo has: one venue and one session; two venues with a session at each; no venue
# and no fixed sessions (times arranged with the family).
IDS = ["kestrel-vale-saturday-club", "fernvale-swim-school-inclusive-lessons", "fernvale-family-link-carers"]


def facts(page, pid):
    """{term: [line, ...]} of one item's details list, as the family sees it."""
    return page.eval_on_selector(f"#sb-shortlist-items [data-provider-id={pid}] dl", """dl => {
        const out = {}; let term = null;
        for (const el of dl.children) {
            if (el.tagName === 'DT') { term = el.textContent; out[term] = []; }
            else { const lis = el.querySelectorAll('li');
                   out[term].push(...(lis.length ? [...lis].map(li => li.textContent) : [el.textContent])); }
        }
        return out; }""")


def test_sessions_and_addresses_are_on_the_list_and_its_printout(page, demo_server, demo):
    by_id = {p.id: p for p in demo.providers}
    open_list(page, demo_server + "shortlist/?ids=" + ",".join(IDS))
    assert listed(page) == IDS
    for pid in IDS:
        p = by_id[pid]
        shown = facts(page, pid)
        # The lines are exactly the ones Python wrote (formats.time_range): the script adds nothing.
        assert shown["When"] == shortlist.session_lines(p), pid
        assert shown.get("Address", shown.get("Addresses", [])) == shortlist.venue_lines(demo, p), pid
    saturday = facts(page, "kestrel-vale-saturday-club")
    assert saturday["When"] == ["Saturday, 10am to 3pm. All year."]
    assert saturday["Address"] == ["Oakridge Children's Centre, 1 School Lane, Oakridge, Kestrel Vale, FV2 5CC"]
    swim = facts(page, "fernvale-swim-school-inclusive-lessons")
    assert swim["When"] == ["Tuesday and Thursday, 4pm to 5pm. Term time, at Fernvale Leisure Centre.",
                            "Saturday, 9am to 10am. Term time, at Kestrel Vale Pool."]
    assert len(swim["Addresses"]) == 2
    assert facts(page, "fernvale-family-link-carers")["When"] == ["Times arranged with your family."]
    text = page.locator("#sb-shortlist-items").inner_text()
    assert not re.search(r"\b\d\d:\d\d\b", text), "a time in 24-hour data form reached the page"

    page.emulate_media(media="print")
    for pid in IDS[:2]:
        item = page.locator(f"#sb-shortlist-items [data-provider-id={pid}]")
        for line in shortlist.session_lines(by_id[pid]) + shortlist.venue_lines(demo, by_id[pid]):
            assert item.get_by_text(line, exact=True).is_visible(), (pid, line)
    assert page.locator("#sb-shortlist-confirm").is_hidden() and page.locator("#sb-shortlist-clear").is_hidden()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_clear_my_list_asks_first_in_the_page(page, demo_server, demo):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_list(page, demo_server + "shortlist/?ids=" + ",".join(IDS))
    assert stored(page) == IDS  # nothing was stored, so the link's list became this device's list
    clear = page.get_by_role("button", name="Clear my list", exact=True)
    assert clear.get_attribute("aria-expanded") == "false"
    assert page.locator("#sb-shortlist-confirm").is_hidden()

    # Asked, and "No" keeps everything and puts focus back where it was.
    clear.click()
    box = page.get_by_role("group", name=re.compile("^Take every short break off your list"))
    assert box.is_visible() and clear.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "sb-shortlist-confirm-question"
    assert "all 3 short breaks" in box.inner_text()
    assert listed(page) == IDS and stored(page) == IDS
    page.get_by_role("button", name="No, keep my list").click()
    assert box.is_hidden() and page.evaluate("document.activeElement.id") == "sb-shortlist-clear"
    assert listed(page) == IDS and stored(page) == IDS and "ids=" in page.url

    # Escape is "No" too, for a keyboard user.
    page.keyboard.press("Enter")
    assert box.is_visible()
    page.keyboard.press("Escape")
    assert box.is_hidden() and page.evaluate("document.activeElement.id") == "sb-shortlist-clear"
    assert listed(page) == IDS

    # "Yes" clears the list, the stored copy and the address, and focus lands on what happened.
    clear.click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sb-shortlist-clear-yes"
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelectorAll('#sb-shortlist-items li').length === 0")
    assert stored(page) == [] and not page.url.split("/shortlist/")[1]
    assert page.evaluate("document.activeElement.id") == "sb-shortlist-count"
    assert page.locator("#sb-shortlist-count").inner_text() == "Your list is empty."
    assert box.is_hidden() and clear.is_disabled()
    assert dialogs == []  # never a browser pop-up (window.confirm)


def test_clearing_a_list_from_a_link_leaves_your_own_list_alone(page, demo_server, demo):
    open_list(page, demo_server + f"shortlist/?ids={IDS[0]}")
    assert stored(page) == [IDS[0]]
    open_list(page, demo_server + f"shortlist/?ids={IDS[1]},{IDS[2]}")
    page.get_by_role("button", name="Clear my list", exact=True).click()
    assert "Your own list on this device stays as it is." in page.locator("#sb-shortlist-confirm").inner_text()
    page.get_by_role("button", name="Yes, clear my list").click()
    wait_until(page, "document.querySelectorAll('#sb-shortlist-items li').length === 0")
    assert stored(page) == [IDS[0]]


def test_the_list_with_several_sessions_and_the_question_open_passes_axe(page, demo_server):
    from axe_playwright_python.sync_playwright import Axe

    from test_tools_axe import check
    page.set_viewport_size({"width": 320, "height": 900})
    open_list(page, demo_server + "shortlist/?ids=" + ",".join(IDS))
    page.get_by_role("button", name="Clear my list", exact=True).click()
    assert page.locator("#sb-shortlist-confirm").is_visible()
    check(page, Axe(), "my list, asking before it clears")
