"""The eligibility checker: questions and answer rules made from the council's own data.

`rules(site)` turns content/eligibility.yaml and each tier's `access` field
(open, criteria or assessment) into plain data: the questions to ask, what
each answer means for each criterion, and which tiers each criterion applies to.
`evaluate(rules, answers)` is the whole answer logic. The same rules are shipped
to the browser in `eligibility-checker/rules.js`, where
`templates/assets/checker.js` runs the same steps; the browser tests check that
both give the same answer for every combination. Answers never leave the browser.

Every criterion answer means "yes", "no" or "unsure"; an age answer can also
mean "ask" (ask the follow-up question about breaks that continue to an older age).
A tier's status is:
  open        anyone can use it (access: open)
  met         the answers meet every criterion that applies (access: criteria)
  assessment  the answers meet the criteria; a needs assessment decides (access: assessment)
  maybe       no answer rules it out, but one or more was "I am not sure"
  not-met     an answer does not meet a criterion. The page still lists the open
              tiers and how to ask for a needs assessment anyway: it never says
              "not eligible".
"""
from __future__ import annotations

from pathlib import Path

from sbsite.core import model
from sbsite.core.urls import dumps, page_url, versioned

PAGE = "eligibility-checker/index.md"
RULES = "eligibility-checker/rules.js"
YES_NO = [
    {"value": "yes", "label": "Yes", "means": "yes"},
    {"value": "no", "label": "No", "means": "no"},
    {"value": "unsure", "label": "I am not sure", "means": "unsure"},
]


def rules(site: model.Site) -> dict:
    e = site.eligibility
    council = site.council["short_name"]
    young = e["age"]["max"]
    oldest = e["age"]["extended_max"] or young
    gated = [t.id for t in site.tiers if t.access != "open"]
    notes = {
        "too-old": f"Short breaks in {council} are for children and young people up to {oldest}. "
                   "Talk to us about support for adults: we will tell you who can help.",
        "elsewhere": "If your family lives somewhere else, your own council's Local Offer lists short breaks near you. "
                     "Tiers that are open to everyone may still welcome you.",
    }
    needs = e["needs"]
    no_benefit = {}
    if needs.get("examples") or needs.get("claiming"):
        # For families who do not get the benefits (or are not sure): what "needs at the same
        # level" means, and where to get help to claim. The page shows the examples and this
        # Markdown text.
        notes["same-level"] = needs.get("claiming") or ""
        no_benefit = {"note": "same-level"}
    bands = [{"max": young, "means": "yes"}]
    questions = [{
        "id": "age", "type": "age", "criterion": "age",
        "text": "How old is your child or young person?", "summary": "Age",
        "hint": "In whole years, for example 9. If you are asking about more than one child, answer for one at a time.",
        "bands": bands,
    }]
    if oldest > young:
        if e["age"]["extended_note"]:
            bands.append({"max": oldest, "means": "ask"})
            questions.append({
                "id": "age-extended", "type": "choice", "criterion": "age", "show_if": "age",
                "text": f"Most of these breaks are for children aged {young} or under. Does this apply to your young person?",
                "summary": f"Can keep their breaks up to age {oldest}",
                "detail": e["age"]["extended_note"], "options": YES_NO,
            })
        else:
            bands.append({"max": oldest, "means": "unsure"})
    bands.append({"means": "no", "note": "too-old"})
    questions.append({
        "id": "residence", "type": "choice", "criterion": "residence",
        "text": "Is this true for your child?", "detail": e["residence"], "summary": e["residence"],
        "options": [YES_NO[0], {**YES_NO[1], "note": "elsewhere"}, YES_NO[2]],
    })
    questions.append({
        "id": "needs", "type": "choice", "criterion": "needs",
        "text": "Does your child get one of these benefits, or have needs at the same level?",
        "summary": "Benefits, or needs at the same level",
        "list": list(needs["benefits"]), "detail": needs["equivalent"], "examples": list(needs.get("examples") or []),
        "options": [
            {"value": "benefit", "label": "Yes, they get one of these benefits", "means": "yes"},
            {"value": "equivalent", "label": "We do not get these benefits, but my child's needs are at the same level", "means": "yes", **no_benefit},
            {"value": "no", "label": "No", "means": "no"},
            {"value": "unsure", "label": "I am not sure", "means": "unsure", **no_benefit},
        ],
    })
    criteria = [
        {"id": "age", "label": "your child's age", "tiers": gated},
        {"id": "residence", "label": "where your child lives", "tiers": gated},
        {"id": "needs", "label": "the level of your child's needs", "tiers": gated},
    ]
    for i, extra in enumerate(e.get("extra") or []):
        if not extra.get("question"):
            continue  # information only: shown with the criteria, not asked
        cid = f"extra-{i + 1}"
        applies = [t for t in (extra.get("applies_to") or gated) if t in gated]
        questions.append({"id": cid, "type": "choice", "criterion": cid, "text": extra["question"], "summary": extra["question"],
                          "detail": extra["text"], "options": YES_NO})
        criteria.append({"id": cid, "label": extra["question"].rstrip("?").lower(), "tiers": applies})
    return {
        "questions": questions, "criteria": criteria, "notes": notes, "oldest": oldest,
        "tiers": [{"id": t.id, "number": t.number, "name": t.name, "access": t.access} for t in site.tiers],
    }


def _choice(question: dict, answer):
    return next((o for o in question.get("options", []) if o["value"] == answer), None)


def meaning(question: dict, answer) -> tuple[str | None, str | None]:
    """What one answer means for its criterion, and any note to show: (means, note)."""
    if answer is None or answer == "":
        return None, None
    if question["type"] == "age":
        text = str(answer).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 3:
            return None, None
        age = int(text)
        band = next(b for b in question["bands"] if "max" not in b or age <= b["max"])
        return band["means"], band.get("note")
    option = _choice(question, answer)
    return (option["means"], option.get("note")) if option else (None, None)


def visible(r: dict, answers: dict) -> list[dict]:
    """The questions this family is asked, in order, given the answers so far."""
    out = []
    for q in r["questions"]:
        if q.get("show_if"):
            parent = next(p for p in r["questions"] if p["id"] == q["show_if"])
            if meaning(parent, answers.get(parent["id"]))[0] != "ask":
                continue
        out.append(q)
    return out


def evaluate(r: dict, answers: dict) -> dict:
    """The answer: each tier's status, the criteria not met, and notes to show."""
    means: dict[str, str] = {}
    notes: list[str] = []
    for q in visible(r, answers):
        m, note = meaning(q, answers.get(q["id"]))
        if m and m != "ask":
            means[q["criterion"]] = m
        if note and note not in notes:
            notes.append(note)
    tiers, failed = {}, []
    for t in r["tiers"]:
        if t["access"] == "open":
            tiers[t["id"]] = "open"
            continue
        values = {c["id"]: means.get(c["id"], "unsure") for c in r["criteria"] if t["id"] in c["tiers"]}
        if "no" in values.values():
            tiers[t["id"]] = "not-met"
            failed += [c for c, v in values.items() if v == "no" and c not in failed]
        elif "unsure" in values.values():
            tiers[t["id"]] = "maybe"
        else:
            tiers[t["id"]] = "assessment" if t["access"] == "assessment" else "met"
    return {"tiers": tiers, "failed": failed, "notes": notes}


def how_many(r: dict, site: model.Site) -> str:
    """The intro's promise of how many questions, true for every family: the follow-up about
    breaks that continue to an older age is only asked of young people between the two ages."""
    always = [q for q in r["questions"] if not q.get("show_if")]
    sometimes = len(r["questions"]) - len(always)
    text = f"Answer {len(always)} short question{'s' if len(always) != 1 else ''}"
    if sometimes:
        young = site.eligibility["age"]["max"]
        text += f" ({len(always) + sometimes} if your young person is {young + 1} to {r['oldest']})"
    return text


def rules_js(r: dict) -> str:
    return "window.sbCheckerRules=" + dumps(r) + ";\n"


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec
    r = rules(site)
    text = rules_js(r)
    finder = page_url(PAGE, "finder/index.md")
    context = {
        "rules": r, "how_many": how_many(r, site), "rules_src": versioned("rules.js", text), "script_src": "../assets/" + versioned("checker.js", folder=Path(__file__).parent),
        "finder_url": finder, "tier_url": lambda tid: page_url(PAGE, f"tiers/{tid}.md"), "criteria_labels": {c["id"]: c["label"] for c in r["criteria"]},
        "info_extras": [x for x in site.eligibility.get("extra") or [] if not x.get("question")],
        "asked_extras": [x for x in site.eligibility.get("extra") or [] if x.get("question")],
    }
    return [PageSpec("eligibility_checker", PAGE, "eligibility_checker.md.j2", context, source="content/eligibility.yaml"),
            PageSpec("eligibility_checker:rules", RULES, text=text)]

