"""The eligibility checker's questions and answers, made from content/eligibility.yaml and the tiers."""
import html
import itertools
import json

import pytest

from sbsite.features.eligibility import eligibility
from sbsite.render import engine as render
from sbsite.pipeline import load_site

from conftest import replace_in


@pytest.fixture(scope="module")
def rules(demo):
    return eligibility.rules(demo)


def statuses(rules, **answers):
    return eligibility.evaluate(rules, {k.replace("_", "-"): v for k, v in answers.items()})


def test_questions_come_from_the_data_and_never_ask_for_a_diagnosis(demo, rules):
    e = demo.eligibility
    assert [q["id"] for q in rules["questions"]] == ["age", "age-extended", "residence", "needs"]
    by_id = {q["id"]: q for q in rules["questions"]}
    assert by_id["residence"]["detail"] == e["residence"]
    assert by_id["needs"]["list"] == e["needs"]["benefits"]
    assert by_id["needs"]["detail"] == e["needs"]["equivalent"]
    assert by_id["age-extended"]["detail"] == e["age"]["extended_note"]
    assert [b.get("max") for b in by_id["age"]["bands"]] == [e["age"]["max"], e["age"]["extended_max"], None]
    for q in rules["questions"]:
        asked = q["text"] + " ".join(o["label"] for o in q.get("options", []))
        assert "diagnos" not in asked.lower(), q["id"]
        assert not any(label.lower() in asked.lower() for label in ("autism", "adhd", "learning disability")), q["id"]
    # Only tiers that are not open have criteria.
    gated = [t.id for t in demo.tiers if t.access != "open"]
    assert gated == ["targeted-specialist"]
    assert all(c["tiers"] == gated for c in rules["criteria"])


def test_cases_from_the_data(demo, rules):
    young, oldest = demo.eligibility["age"]["max"], demo.eligibility["age"]["extended_max"]
    open_tiers = {t.id: "open" for t in demo.tiers if t.access == "open"}
    ok = dict(residence="yes", needs="benefit")
    assert statuses(rules, age=str(young), **ok)["tiers"] == {**open_tiers, "targeted-specialist": "met"}
    assert statuses(rules, age="0", **ok)["tiers"]["targeted-specialist"] == "met"
    # Equivalent needs, no benefit: the same answer.
    assert statuses(rules, age="9", residence="yes", needs="equivalent")["tiers"]["targeted-specialist"] == "met"
    # Over the usual age: the follow-up question decides.
    assert [q["id"] for q in eligibility.visible(rules, {"age": str(young + 1)})] == ["age", "age-extended", "residence", "needs"]
    assert [q["id"] for q in eligibility.visible(rules, {"age": str(young)})] == ["age", "residence", "needs"]
    assert statuses(rules, age=str(young + 1), age_extended="yes", **ok)["tiers"]["targeted-specialist"] == "met"
    assert statuses(rules, age=str(oldest), age_extended="unsure", **ok)["tiers"]["targeted-specialist"] == "maybe"
    no = statuses(rules, age=str(young + 1), age_extended="no", **ok)
    assert no["tiers"] == {**open_tiers, "targeted-specialist": "not-met"} and no["failed"] == ["age"]
    # Over the oldest age: not asked the follow-up; a note says who can help.
    old = statuses(rules, age=str(oldest + 1), age_extended="yes", **ok)
    assert old["tiers"]["targeted-specialist"] == "not-met" and old["notes"] == ["too-old"]
    assert "age-extended" not in [q["id"] for q in eligibility.visible(rules, {"age": str(oldest + 1)})]
    # Living elsewhere, not sure about needs, needs below the level.
    away = statuses(rules, age="9", residence="no", needs="benefit")
    assert away["failed"] == ["residence"] and away["notes"] == ["elsewhere"]
    assert statuses(rules, age="9", residence="yes", needs="unsure")["tiers"]["targeted-specialist"] == "maybe"
    assert statuses(rules, age="9", residence="yes", needs="no")["failed"] == ["needs"]
    # Nothing answered is "not sure", never "not met".
    assert statuses(rules)["tiers"]["targeted-specialist"] == "maybe"


def test_open_tiers_are_open_whatever_the_answers(demo, rules):
    opened = [t.id for t in demo.tiers if t.access == "open"]
    ages = ["0", "17", "18", "25", "26", "99", "", "x"]
    for age, ext, res, needs in itertools.product(ages, ["yes", "no", "unsure", None], ["yes", "no", "unsure", None],
                                                  ["benefit", "equivalent", "no", "unsure", None]):
        out = eligibility.evaluate(rules, {"age": age, "age-extended": ext, "residence": res, "needs": needs})
        assert all(out["tiers"][t] == "open" for t in opened)
        assert set(out["tiers"].values()) <= {"open", "met", "maybe", "not-met", "assessment"}


def test_extra_criteria_with_a_question_and_assessed_tiers(project):
    replace_in(project / "content" / "eligibility.yaml", "  not_mechanical:",
               "  extra:\n"
               "    - text: Your child is known to children's social care.\n"
               "      question: Is your child known to children's social care?\n"
               "      applies_to: [assessed-tier]\n"
               "    - text: Information only, not asked.\n"
               "  not_mechanical:")
    site, problems = load_site(project)
    assert problems == []
    r = eligibility.rules(site)
    assert [q["id"] for q in r["questions"]] == ["age", "residence", "needs", "extra-1"]
    assert r["criteria"][-1] == {"id": "extra-1", "label": "is your child known to children's social care", "tiers": ["assessed-tier"]}
    base = {"age": "10", "residence": "yes", "needs": "benefit"}
    assert eligibility.evaluate(r, {**base, "extra-1": "yes"})["tiers"] == {"open-tier": "open", "assessed-tier": "assessment"}
    assert eligibility.evaluate(r, {**base, "extra-1": "no"})["tiers"]["assessed-tier"] == "not-met"
    page = html.unescape(render.render_tree(site)[eligibility.PAGE])
    assert "Is your child known to children's social care?" in page
    assert "Information only, not asked." in page  # shown with the criteria


def test_page_without_javascript_is_a_readable_list_of_the_criteria(demo):
    page = html.unescape(render.render_tree(demo)[eligibility.PAGE])
    criteria = page[page.index('<div id="sb-checker-criteria" markdown>'):]
    e = demo.eligibility
    for text in [e["residence"], e["needs"]["equivalent"], e["age"]["extended_note"], *e["needs"]["benefits"],
                 demo.council["phone"], f"aged {e['age']['max']} or under"]:
        assert " ".join(text.split()) in " ".join(criteria.split()), text
    for t in demo.tiers:
        assert f"Tier {t.number}: {t.name}" in criteria
    assert '<div class="sb-checker" id="sb-checker" hidden' in page
    # Every result says what is still open and how to ask for an assessment; it never says "not eligible".
    assert "not eligible" not in page.lower()
    not_met = page[page.index('data-status="not-met"'):]
    assert "You can still ask for a needs assessment" in not_met and demo.council["phone"] in not_met


def test_rules_file_is_deterministic_json(demo):
    text = eligibility.rules_js(eligibility.rules(demo))
    assert text == eligibility.rules_js(eligibility.rules(demo))
    body = text[len("window.sbCheckerRules="):-2]
    assert json.loads(body) == eligibility.rules(demo)
