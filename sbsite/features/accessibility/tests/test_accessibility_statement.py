"""The accessibility statement: made from content/accessibility.yaml in the format UK public
sector bodies publish, checked like every other file, and linked from every page's footer."""
from __future__ import annotations

import html
import posixpath
import re

from conftest import replace_in
from sbsite.render import engine as render
from sbsite.pipeline import load_site
from site_pages import all_pages

SECTIONS = ["How accessible this website is", "What to do if you cannot use part of this website",
            "Reporting accessibility problems with this website", "Enforcement procedure",
            "Technical information about this website's accessibility", "Compliance status",
            "Non-accessible content", "Preparation of this accessibility statement"]


def test_the_demo_statement_has_every_section(demo_site):
    page = html.unescape((demo_site / "accessibility" / "index.html").read_text(encoding="utf-8"))
    headings = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page)
    missing = [s for s in SECTIONS if not any(s in h for h in headings)]
    assert not missing, (missing, headings)
    assert "partially compliant with the" in page
    assert "Equality and Human Rights Commission (EHRC)" in page and "equalityadvisoryservice.com" in page
    assert "Without JavaScript, the menu on small screens" in page and "2.1.1" in page
    assert "This statement was prepared on 1 April 2026" in page
    assert "within 10 working days" in page
    assert 'href="mailto:shortbreaks@example.org"' in page  # the council's own email when none is given


def test_every_page_links_to_the_statement_from_its_footer(demo_site):
    missing = []
    for rel in all_pages(demo_site):
        text = (demo_site / rel).read_text(encoding="utf-8")
        footer = text[text.find("<footer"):]
        links = re.findall(r'<a href="([^"]*)"[^>]*>Accessibility statement</a>', footer)
        here = posixpath.dirname(rel)
        targets = {posixpath.normpath(link.lstrip("/") if link.startswith("/") else posixpath.join(here, link)) for link in links}
        if "accessibility" not in targets:
            missing.append(f"{rel} links to {links or 'nothing'}")
    assert not missing, "No footer link to the accessibility statement:\n" + "\n".join(missing)


def _statement(project) -> str:
    site, problems = load_site(project)
    assert not problems, [p.format() for p in problems]
    return html.unescape(render.render_tree(site)["accessibility/index.md"])


def test_fully_compliant_statement_from_the_minimal_project(project):
    text = _statement(project)
    assert "This website is fully compliant with the" in text
    assert "We do not know of any part of this website that is not accessible" in text
    assert "within 5 working days" in text
    assert "Testshire Council" in text


def test_northern_ireland_names_the_equality_commission(project):
    replace_in(project / "content" / "accessibility.yaml", "country: england", "country: northern-ireland")
    text = _statement(project)
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert "Equality and Human Rights Commission" not in text and "equalityni.org" in text


def _problems(project):
    site, problems = load_site(project)
    assert site is None
    return [p for p in problems if p.file == "content/accessibility.yaml"]


def test_status_must_agree_with_the_known_issues(project):
    path = project / "content" / "accessibility.yaml"
    replace_in(path, "  status: fully-compliant\n", "  status: fully-compliant\n  known_issues:\n"
               "    - summary: The map has no text version.\n      detail: Use the list of areas instead.\n"
               "      criteria: [\"1.1.1\"]\n")
    problems = _problems(project)
    assert len(problems) == 1 and problems[0].line == 2, problems
    assert "fully-compliant, but 1 known issue is listed" in problems[0].message
    assert "partially-compliant" in problems[0].fix

    replace_in(path, "status: fully-compliant", "status: partially-compliant")
    assert load_site(project)[1] == []
    assert "partially compliant with the" in _statement(project)

    path.write_text(path.read_text(encoding="utf-8").split("  known_issues:")[0] + path.read_text(encoding="utf-8").split("criteria: [\"1.1.1\"]\n")[1],
                    encoding="utf-8")
    problems = _problems(project)
    assert len(problems) == 1 and "no known issues are listed" in problems[0].message


def test_mistakes_are_reported_with_line_and_fix(project):
    path = project / "content" / "accessibility.yaml"
    replace_in(path, "country: england", "country: englnd")
    replace_in(path, "  reviewed: 2026-01-01", "  reviewed: 2025-06-01")
    problems = _problems(project)
    by_line = {p.line: p for p in problems}
    assert "englnd" in by_line[3].message and "england" in by_line[3].fix + by_line[3].message
    assert "before it was prepared" in by_line[11].message


def test_the_statement_file_is_required(project):
    (project / "content" / "accessibility.yaml").unlink()
    problems = _problems(project)
    assert problems and problems[0].fix, problems
