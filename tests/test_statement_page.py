"""The Short Breaks Services Statement as a family reads it (issue 14, item 8): each criterion its
own bullet, the easy read sentence derived from the easy read, one count of school-holiday breaks
shared with the finder, and a Print or save as PDF button that works and is never a dead button."""
import dataclasses
import html as html_lib
import re

from sbsite.features.compliance import compliance
from sbsite.features.finder import finder
from sbsite.features.gaps import gaps
from sbsite.render import engine as render
from sbsite.core import statement
from sbsite.pipeline import load_site

from conftest import replace_in


def statement_md(site):
    return render.render_tree(site)["statement.md"]


def criteria_items(page_html):
    """The top-level bullets of the statement's list of criteria, as text."""
    start = page_html.index("can get these breaks if:")
    ul = page_html[page_html.index("<ul>", start):]
    ul = ul[:ul.index("<p>")]
    return [html_lib.unescape(t) for t in re.findall(r"^<li>(.*?)(?:</li>|<ul>)", ul, flags=re.M)]


def test_each_criterion_is_its_own_bullet(demo_site):
    page = (demo_site / "statement" / "index.html").read_text()
    items = criteria_items(page)
    assert items[0] == "they are aged 17 or under (or up to 25 for some breaks)"
    assert items[1].startswith("Your child lives in Fernvale")
    assert items[2].startswith("they get one of these benefits")
    assert not any(re.search(r"\)\s*- |[a-z]- [A-Z]", i) for i in items), items


def test_criteria_stay_separate_without_the_extended_age(project):
    """The minimal project has no extended age: the line must still end before the next criterion."""
    site, problems = load_site(project)
    assert problems == []
    md = statement_md(site)
    assert "- they are aged 17 or under\n- Lives in Testshire&#46;" in md
    replace_in(project / "content/eligibility.yaml", "age: {max: 17}", "age: {max: 17, extended_max: 25}")
    site, problems = load_site(project)
    assert problems == []
    assert "- they are aged 17 or under (or up to 25 for some breaks)\n- Lives in Testshire&#46;" in statement_md(site)


def test_the_statement_says_the_easy_read_exists_when_it_does(demo_site, demo):
    page = html_lib.unescape((demo_site / "statement" / "index.html").read_text())
    assert "We are writing an easy read" not in page
    assert re.search(r'There is an <a href="../easy-read/statement/">easy read version of this statement</a>', page)
    # Worked out from the easy read, not written in: without it the statement says it is coming.
    easy = dataclasses.replace(demo.easy_read, docs={k: v for k, v in demo.easy_read.docs.items() if k != "statement"})
    specs = render.all_pages(demo)
    text = render.render_alone(dataclasses.replace(demo, easy_read=easy), specs, "statement", "\0",
                               render.page_paths(demo, specs))["statement.md"]
    assert "We are writing an easy read version of this statement." in text
    assert "easy read version of this statement](" not in text


def test_school_holiday_count_is_the_finders(demo):
    facts = statement.range_of_breaks(demo)
    in_finder = finder.filter_ids(demo, {"when": ["holiday"]})
    assert facts["holidays"] == len(in_finder) == 31
    assert compliance._range_counts(demo)["range-holidays"][0] == facts["holidays"]
    assert {p.id for p in demo.providers if gaps.runs_in(p, "school-holidays")} == set(in_finder)
    # Breaks arranged with each family have no fixed sessions: they count, and the statement says so.
    assert facts["holidays_arranged"] == sum(1 for p in demo.providers if not p.sessions) > 0
