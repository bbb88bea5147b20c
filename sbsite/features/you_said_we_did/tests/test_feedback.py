"""'You said, we did' (SEND Regulations reg 56): the page shows exactly what its data says."""
import copy
import re

import yaml

from sbsite.features.you_said_we_did import feedback
from sbsite.render import engine as render
from sbsite.load import schemas
from sbsite.pipeline import load_site

from conftest import REPO, replace_in


def tree_for(root):
    site, problems = load_site(root)
    assert problems == [], "\n".join(p.format() for p in problems)
    return site, render.render_tree(site)


def problems_for(root):
    site, problems = load_site(root)
    assert site is None
    return problems


def test_page_matches_its_data(project):
    data = yaml.safe_load((project / "content/you-said-we-did.yaml").read_text())
    site, tree = tree_for(project)
    page = tree["you-said-we-did.md"]
    assert len(data["items"]) == len(feedback.items(site)) == 2
    for item in data["items"]:
        section = page[page.index(f"{{ #ysw-{item['id']} }}"):]
        section = section[: section.find("{ #ysw-", 10)] if "{ #ysw-" in section[10:] else section
        for field in ("you_said", "response", "action"):
            assert item[field].strip() in section, (item["id"], field)
        label = feedback.STATUS_LABELS[item["status"]]
        assert f'<span class="sb-status sb-status--{item["status"]}">{label}</span>' in section
        assert item["date"].strftime("%B %Y") in section
        assert feedback.ACTION_HEADINGS[item["status"]] in section
        if item.get("updated"):
            assert f"Last updated {item['updated'].day} {item['updated'].strftime('%B %Y')}" in section
        if item.get("who"):
            assert item["who"] in section


def test_newest_first_with_status_counts(project):
    _, tree = tree_for(project)
    page = tree["you-said-we-did.md"]
    assert page.index("#ysw-too-far") < page.index("#ysw-handover")  # March 2026 before November 2025
    assert "<li><strong>In progress:</strong> 1</li>" in page and "<li><strong>Done:</strong> 1</li>" in page
    assert "<li><strong>Planned:</strong> 0</li>" in page


def test_statement_links_to_it_from_the_coproduction_section(project):
    _, tree = tree_for(project)
    statement = tree["statement.md"]
    section = statement[statement.index("{ #coproduction }"):]
    section = section[: section.index("\n## ")]
    assert "[You said, we did](you-said-we-did.md)" in section


def test_it_is_a_known_local_offer_requirement(project):
    site, _ = tree_for(project)
    assert "you-said-we-did" in {r["id"] for r in site.regulations["local_offer"]}
    assert "you_said_we_did" in repr(render.nav(site)) or "you-said-we-did.md" in repr(render.nav(site))


def test_demo_is_seeded_with_the_comments_families_made():
    site, problems = load_site(REPO)
    assert problems == []
    said = " ".join(i.you_said.lower() for i in feedback.items(site))
    assert "referral" in said and "near" in said and "non-verbal" in said
    assert {i.status for i in feedback.items(site)} == {"planned", "in-progress", "done"}


def test_empty_list_has_a_kind_message(project):
    text = (project / "content/you-said-we-did.yaml").read_text()
    (project / "content/you-said-we-did.yaml").write_text(text[: text.index("items:")] + "items: []\n")
    _, tree = tree_for(project)
    assert "We have not published any comments yet." in tree["you-said-we-did.md"]


def test_provider_style_text_is_escaped(project):
    replace_in(project / "content/you-said-we-did.yaml", "you_said: There is nothing near us.",
               'you_said: "<script>alert(1)</script> [x](javascript:alert(2))"')
    replace_in(project / "content/you-said-we-did.yaml", "topic: Sessions are too far away", 'topic: "<b>Far</b>"')
    _, tree = tree_for(project)
    page = tree["you-said-we-did.md"]
    assert "<script" not in page and "javascript:" not in page and "<b>" not in page


def test_mistakes_are_explained_with_file_and_line(project):
    replace_in(project / "content/you-said-we-did.yaml", "status: in-progress", "status: ongoing")
    replace_in(project / "content/you-said-we-did.yaml", "id: handover", "id: too-far")
    replace_in(project / "content/you-said-we-did.yaml", "updated: 2026-04-01", "updated: 2026-02-01")
    problems = {p.message: p for p in problems_for(project)}
    status = next(p for m, p in problems.items() if "'ongoing' is not one of the values allowed for 'status'" in m)
    assert status.file == "content/you-said-we-did.yaml" and status.line == 11 and "in-progress" in status.fix
    dup = next(p for m, p in problems.items() if "item id 'too-far' is used twice" in m)
    assert dup.line == 13 and "first on line 3" in dup.message
    assert any("'updated' (2026-02-01) is before the date families told us (2026-03-01)" in m for m in problems)


def test_missing_field_is_reported(project):
    replace_in(project / "content/you-said-we-did.yaml", "    response: We agree.\n", "")
    assert any("missing the field 'response'" in p.message and p.line == 3 for p in problems_for(project))


def test_schema_change_changes_validation(project, monkeypatch):
    """The schema is the single source of truth: requiring 'who' makes the second item fail, with no code change."""
    original = schemas.schemas()
    changed = dict(original)
    changed["you-said-we-did.schema.json"] = copy.deepcopy(original["you-said-we-did.schema.json"])
    changed["you-said-we-did.schema.json"]["$defs"]["item"]["required"].append("who")
    monkeypatch.setattr(schemas, "schemas", lambda: changed)
    found = [p for p in problems_for(project) if "missing the field 'who'" in p.message]
    assert len(found) == 1 and found[0].file == "content/you-said-we-did.yaml" and "'handover'" in found[0].message
    # And a new allowed status is accepted the moment the schema allows it.
    changed["you-said-we-did.schema.json"]["$defs"]["item"]["required"].remove("who")
    changed["you-said-we-did.schema.json"]["$defs"]["item"]["properties"]["status"]["enum"].append("ongoing")
    replace_in(project / "content/you-said-we-did.yaml", "status: in-progress", "status: ongoing")
    site, problems = load_site(project)
    assert problems == [] and re.search("ongoing", repr(site.files["content/you-said-we-did.yaml"]))
