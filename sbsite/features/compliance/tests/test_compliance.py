"""`sbsite check --statutory` and /compliance/: every legal requirement and what meets it."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import REPO, replace_in, run_cli
from sbsite.features.compliance import compliance
from sbsite.render import engine as render
from sbsite.pipeline import load_site


@pytest.fixture
def demo_copy(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv*", "site", "build", ".git", ".preview", "tests"))
    return root


def test_every_element_of_the_law_is_listed():
    site, _ = load_site(REPO)
    ids = {g: [r["id"] for r in site.regulations[g]] for g in ("statement", "local_offer", "provision")}
    # 2011 regulations: the statement's contents (reg 4) and the range the council provides (reg 3)
    assert {"range", "eligibility", "not-mechanical", "meeting-carers-needs", "publication-review", "coproduction"} <= set(ids["statement"])
    assert set(ids["provision"]) == {"range-day-care", "range-overnight", "range-activities", "range-evenings",
                                     "range-weekends", "range-holidays"}
    # SEND Regulations 2014 Schedule 2, regs 56 and 57
    assert {"education", "identifying-sen", "health", "social-care", "short-breaks", "childcare", "leisure",
            "ehc-needs-assessment", "travel", "preparing-for-adulthood", "sendiass", "parent-carer-forum",
            "complaints-mediation", "you-said-we-did", "other-formats"} <= set(ids["local_offer"])
    every = [i for g in ids.values() for i in g]
    assert len(set(every)) >= len(every) - 1  # only 'preparing-for-adulthood' is in two groups


def test_demo_meets_every_requirement():
    result = run_cli("check", "--statutory", root=REPO)
    assert result.returncode == 0, result.stderr
    assert "Everything the law asks for is covered." in result.stdout
    site, _ = load_site(REPO)
    items = compliance.report(site, {s.key for s in render.all_pages(site)})
    assert all(it.ok for it in items)
    assert f"{len(items)} of {len(items)} requirements are met" in result.stdout


def test_removing_a_local_offer_page_fails_and_names_it(demo_copy):
    (demo_copy / "content/pages/childcare.md").unlink()
    (demo_copy / "content/easy-read/local-offer/childcare.yaml").unlink()
    assert run_cli("check", root=demo_copy).returncode == 0  # an ordinary check does not need the whole Local Offer
    result = run_cli("check", "--statutory", root=demo_copy)
    assert result.returncode == 1
    assert "content/pages/childcare.md: The Local Offer does not cover: Childcare" in result.stderr
    assert "covers: [childcare]" in result.stderr
    assert "1 requirement is not met" in result.stderr


def test_removing_a_covers_entry_fails_and_names_it(demo_copy):
    replace_in(demo_copy / "content/pages/education.md", "covers: [education, identifying-sen]", "covers: [education]")
    result = run_cli("check", "--statutory", root=demo_copy)
    assert result.returncode == 1
    assert "does not cover: How nurseries, schools and colleges identify special educational needs" in result.stderr
    assert "content/pages/identifying-sen.md" in result.stderr


def test_removing_a_statement_element_fails_and_names_it(demo_copy):
    replace_in(demo_copy / "content/statement/direct-payments.md", "covers: [direct-payments]", "covers: []")
    result = run_cli("check", "--statutory", root=demo_copy)
    assert result.returncode == 1
    # the ordinary check already insists on the statement, so it stops there and says where to add it
    assert "does not cover: Direct payments as a way to arrange breaks" in result.stderr
    assert "content/statement/" in result.stderr and "covers: [direct-payments]" in result.stderr


def test_a_missing_kind_of_break_fails(demo_copy):
    text = (demo_copy / "providers.yaml").read_text(encoding="utf-8")
    text = re.sub(r"overnight-(at-home|elsewhere)", "day-care-elsewhere", text)
    text = re.sub(r"break_types: \[day-care-elsewhere, day-care-elsewhere\]", "break_types: [day-care-elsewhere]", text)
    (demo_copy / "providers.yaml").write_text(text, encoding="utf-8")
    site, problems = load_site(demo_copy)
    assert problems == [], problems
    missing = [p for p in compliance.problems(compliance.report(site)) if p.file == "providers.yaml"]
    assert len(missing) == 1 and "Overnight care" in missing[0].message and "overnight-at-home" in missing[0].fix


def test_compliance_page_links_each_item_to_its_page(demo_site):
    html = (demo_site / "compliance/index.html").read_text(encoding="utf-8")
    assert "Not covered yet" not in html and "everything is covered" in html
    assert 'href="../local-offer/childcare/"' in html
    assert 'href="../statement/#direct-payments"' in html
    assert 'href="../you-said-we-did/"' in html
    assert "reg 3(d)" in html.replace("&#40;", "(").replace("&#41;", ")")


def test_compliance_page_shows_what_is_missing(demo_copy):
    (demo_copy / "content/pages/leisure.md").unlink()
    (demo_copy / "content/easy-read/local-offer/leisure.yaml").unlink()
    site, problems = load_site(demo_copy)
    assert not problems
    page = render.render_tree(site)["compliance.md"]
    assert "1 thing is not covered yet" in page and "**Not covered yet.**" in page


def test_evidence_pages_are_linked_from_home_and_every_footer(demo_site):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'href="professionals/"' in home
    pro = (demo_site / "professionals/index.html").read_text(encoding="utf-8")
    for href in ('href="../compliance/"', 'href="../gaps/"', 'href="../open-data/"', 'href="../open-data/providers.csv"',
                 'href="../open-data/services/index.json"'):
        assert href in pro, href
    provider = (demo_site / "providers/riverside-inclusive-youth-club/index.html").read_text(encoding="utf-8")
    assert 'href="../../professionals/">Open data and evidence</a>' in provider
