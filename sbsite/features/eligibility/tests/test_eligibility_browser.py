"""The eligibility checker in headless Chromium: one question per screen, answers as the data says."""
import copy
import itertools
import re

import pytest

from sbsite.features.eligibility import eligibility
from sbsite.features.finder import finder

from conftest import wait_until


pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def rules(demo):
    return eligibility.rules(demo)


def open_checker(page, base):
    page.goto(base + "eligibility-checker/")
    page.wait_for_load_state("networkidle")  # the browser's own late fetches (the favicon) are done
    wait_until(page, "window.sbChecker && !document.getElementById('sb-checker').hidden")


def focused(page) -> str:
    return page.evaluate("(document.activeElement.closest('form, #sb-checker-result') || {}).id || ''")


def answer(page, q, value):
    form = page.locator(f"#sb-q-{q['id']}")
    if q["type"] == "age":
        form.locator("input").fill(value)
    else:
        form.locator(f"#sb-a-{q['id']}-{value}").check()
    form.locator("button[type=submit]").click()


def run(page, rules, answers):
    """Answer every question the family is asked, checking progress and focus on each screen."""
    asked = eligibility.visible(rules, answers)
    so_far = {}
    for i, q in enumerate(asked):
        form = page.locator(f"#sb-q-{q['id']}")
        assert form.is_visible() and page.locator("form.sb-q:visible").count() == 1
        total = len(eligibility.visible(rules, so_far))
        assert form.locator(".sb-progress").inner_text() == f"Question {i + 1} of {total}:"
        if i:
            assert focused(page) == f"sb-q-{q['id']}"  # focus moved to the new question's heading
        answer(page, q, answers[q["id"]])
        so_far[q["id"]] = answers[q["id"]]
    assert page.locator("#sb-checker-result").is_visible()
    assert page.evaluate("document.activeElement.id") == "sb-result-title"
    shown = page.eval_on_selector_all("#sb-checker-result li[data-tier]",
                                      "els => els.filter(e => !e.hidden).map(e => [e.dataset.tier, e.dataset.status])")
    return dict(shown)


def cases(demo):
    young, oldest = demo.eligibility["age"]["max"], demo.eligibility["age"]["extended_max"]
    ok = {"residence": "yes", "needs": "benefit"}
    return [
        {"age": "9", **ok},
        {"age": str(young), "residence": "yes", "needs": "equivalent"},  # equivalent needs, no benefit
        {"age": str(young + 1), "age-extended": "yes", **ok},  # over 18, breaks that continue
        {"age": str(young + 1), "age-extended": "no", **ok},
        {"age": str(oldest), "age-extended": "unsure", "residence": "yes", "needs": "equivalent"},
        {"age": str(oldest + 1), **ok},  # older than any short break
        {"age": "9", "residence": "no", "needs": "no"},
        {"age": "4", "residence": "unsure", "needs": "benefit"},
    ]


def test_the_checker_reaches_the_right_answer_for_cases_from_the_data(page, demo_server, demo, rules):
    opened = [t.id for t in demo.tiers if t.access == "open"]
    seen = set()
    for answers in cases(demo):
        open_checker(page, demo_server)
        requests = []

        def record(request):
            # Chromium may still fetch the favicon on its own; that GET carries nothing the family typed.
            if not (request.method == "GET" and request.url.endswith("/assets/images/favicon.png")):
                requests.append((request.method, request.url))

        page.on("request", record)
        shown = run(page, rules, answers)
        page.remove_listener("request", record)
        assert requests == [], "answers never leave the browser"
        expected = eligibility.evaluate(rules, answers)
        assert shown == expected["tiers"], answers
        seen |= set(shown.values())
        result = page.locator("#sb-checker-result")
        text = result.inner_text()
        # Open tiers are always listed, a person to talk to is always offered, and "not eligible" is never said.
        for t in opened:
            assert result.locator(f"li[data-tier={t}][data-status=open]").is_visible()
        assert "Talk to a person" in text and demo.council["phone"] in text
        assert "not eligible" not in text.lower()
        if "not-met" in shown.values():
            li = result.locator("li[data-status=not-met]:visible")
            labels = {c["id"]: c["label"] for c in rules["criteria"]}
            assert all(labels[c] in li.inner_text() for c in expected["failed"])
            assert "You can still ask for a needs assessment" in li.inner_text()
        for note in rules["notes"]:
            assert result.locator(f"[data-note={note}]").is_visible() == (note in expected["notes"])
        # Links to the matching finder results carry the tiers and the child's age.
        age = int(answers["age"])
        link = result.locator("a[data-finder-open]").get_attribute("href")
        open_now = [t["id"] for t in rules["tiers"] if shown.get(t["id"]) in ("open", "met")]  # in tier order
        assert link == "../finder/?tier=" + ",".join(open_now) + (f"&age={age}" if age <= rules["oldest"] else "")
    assert seen == {"open", "met", "maybe", "not-met"}


def test_the_finder_link_shows_what_is_open_for_that_age(page, demo_server, demo, rules):
    answers = {"age": "12", "residence": "yes", "needs": "equivalent"}
    open_checker(page, demo_server)
    run(page, rules, answers)
    page.click("a[data-finder-open]")
    page.wait_for_url(re.compile(r"/finder/\?tier="))
    wait_until(page, "document.getElementById('sb-finder-count').textContent.length > 0")
    shown = page.eval_on_selector_all("#sb-finder-results [data-provider-id]", "els => els.map(e => e.dataset.providerId)")
    tiers = [t.id for t in demo.tiers]  # every tier is open or met for these answers
    expected = finder.filter_ids(demo, {"tier": tiers, "age": ["12"]})
    assert shown == expected[:finder.FinderConfig().page_size] and expected


def test_errors_back_button_and_starting_again(page, demo_server, demo, rules):
    young = demo.eligibility["age"]["max"]
    open_checker(page, demo_server)
    age_form = page.locator("#sb-q-age")
    age_form.locator("button[type=submit]").click()
    assert age_form.locator(".sb-error").is_visible()
    assert age_form.locator("input").get_attribute("aria-invalid") == "true"
    assert "sb-a-age-error" in age_form.locator("input").get_attribute("aria-describedby")
    assert page.evaluate("document.activeElement.id") == "sb-a-age"
    age_form.locator("input").fill("nine")
    age_form.locator("button[type=submit]").click()
    assert age_form.locator(".sb-error").is_visible()
    answer(page, rules["questions"][0], str(young + 1))
    assert age_form.locator(".sb-error").is_hidden()
    ext = page.locator("#sb-q-age-extended")
    assert ext.locator(".sb-progress").inner_text() == "Question 2 of 4:"
    ext.locator("[data-back]").click()
    assert age_form.is_visible() and age_form.locator("input").input_value() == str(young + 1)
    assert age_form.locator("[data-back]").is_hidden()
    assert focused(page) == "sb-q-age"
    answer(page, rules["questions"][0], "9")  # now the follow-up is skipped
    assert page.locator("#sb-q-residence .sb-progress").inner_text() == "Question 2 of 3:"
    page.locator("#sb-q-residence button[type=submit]").click()  # nothing chosen
    assert page.locator("#sb-q-residence .sb-error").is_visible()
    assert page.evaluate("document.activeElement.type") == "radio"
    answer(page, {"id": "residence", "type": "choice"}, "yes")
    answer(page, {"id": "needs", "type": "choice"}, "benefit")
    assert page.locator("#sb-checker-result").is_visible()
    page.click("#sb-checker-change")
    assert page.locator("#sb-q-needs").is_visible() and page.locator("#sb-a-needs-benefit").is_checked()
    answer(page, {"id": "needs", "type": "choice"}, "no")
    assert page.locator("#sb-checker-result li[data-status=not-met]").is_visible()
    page.click("#sb-checker-restart")
    assert age_form.is_visible() and age_form.locator("input").input_value() == ""
    assert focused(page) == "sb-q-age"


def test_keyboard_only(page, demo_server, demo, rules):
    open_checker(page, demo_server)
    page.focus("#sb-a-age")
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    assert focused(page) == "sb-q-residence"
    page.keyboard.press("Tab")  # into the radio group
    page.keyboard.press("Space")
    assert page.locator("#sb-a-residence-yes").is_checked()
    page.keyboard.press("Enter")
    assert focused(page) == "sb-q-needs"
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the second choice: equivalent needs
    assert page.locator("#sb-a-needs-equivalent").is_checked()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "sb-result-title"
    assert page.locator("li[data-tier=targeted-specialist][data-status=met]").is_visible()


def test_without_javascript_the_criteria_are_a_readable_list(browser, demo_server, demo):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_server + "eligibility-checker/")
        assert not page.locator("#sb-checker").is_visible()
        text = " ".join(page.locator("#sb-checker-criteria").inner_text().split())
        e = demo.eligibility
        for line in [e["residence"], e["needs"]["equivalent"], *e["needs"]["benefits"], demo.council["phone"]]:
            assert " ".join(line.split()) in text
        for t in demo.tiers:
            assert page.locator(f"#sb-checker-criteria a[href='../tiers/{t.id}/']").is_visible()
    finally:
        context.close()


def test_the_script_and_python_agree_on_every_combination(page, demo_server, demo, rules):
    young, oldest = demo.eligibility["age"]["max"], demo.eligibility["age"]["extended_max"]
    # The demo rules, and the same rules with an assessed tier and an extra question, as another council might have.
    other = copy.deepcopy(rules)
    other["tiers"].append({"id": "assessed", "number": 5, "name": "Assessed", "access": "assessment"})
    other["questions"].append({"id": "extra-1", "type": "choice", "criterion": "extra-1", "text": "Known to social care?",
                               "detail": "x", "options": eligibility.YES_NO})
    other["criteria"] = [{**c, "tiers": c["tiers"] + ["assessed"]} for c in other["criteria"]]
    other["criteria"].append({"id": "extra-1", "label": "social care", "tiers": ["assessed"]})
    combos = []
    for age, ext, res, needs, extra in itertools.product(
            ["", "x", "0", str(young), str(young + 1), str(oldest), str(oldest + 1), "150", "-1"],
            [None, "yes", "no", "unsure"], [None, "yes", "no", "unsure"],
            [None, "benefit", "equivalent", "no", "unsure"], [None, "yes", "no"]):
        combos.append({k: v for k, v in {"age": age, "age-extended": ext, "residence": res, "needs": needs,
                                         "extra-1": extra}.items() if v is not None})
    open_checker(page, demo_server)
    for r in (rules, other):
        got = page.evaluate("([r, cs]) => cs.map(c => [sbChecker.evaluate(r, c), sbChecker.visible(r, c).map(q => q.id)])",
                            [r, combos])
        for answers, (out, asked) in zip(combos, got):
            assert out == eligibility.evaluate(r, answers), answers
            assert asked == [q["id"] for q in eligibility.visible(r, answers)], answers
