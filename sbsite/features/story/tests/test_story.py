"""'What to expect' stories and parents' words: checks with file and line, pages linked both ways."""
import re

import pytest

from sbsite.features.easy_read import easy_read
from sbsite.render import engine as render
from sbsite.pipeline import load_site

from conftest import REPO, replace_in
from test_photos import ALPHA_COST, GOOD, add_photos, line_of, only, problems_for

STORY = """    story:
      - step: getting-there
        picture: car
        text: Your family brings you to Alpha Hall.
      - step: the-room
        photo: hall.jpg
        text: The hall has tables and chairs.
      - step: food-and-drink
        picture: silverware-fork-knife
        alt: A knife and fork
        text: We have a snack at eleven o'clock.
      - step: going-home
        picture: home
        text: Your family picks you up at twelve o'clock.
"""
QUOTES = """    quotes:
      - text: My daughter loves it here.
        who: a parent
        date: 2026-01-05
      - text: "I like the <b>games</b> & the snacks."
        who: a young person, 12
        date: 2026-01-06
"""


def with_story(root, story=STORY, quotes=QUOTES):
    add_photos(root, GOOD + quotes + story, ["hall.jpg", "garden.png"])


def load(root):
    site, problems = load_site(root)
    assert problems == [], "\n".join(p.format() for p in problems)
    return site


def test_story_and_quotes_load_into_the_model(project):
    with_story(project)
    alpha = next(p for p in load(project).providers if p.id == "alpha-club")
    assert [s.heading for s in alpha.story] == ["Getting there", "The room", "Food and drink", "Going home"]
    car, room, food, _ = alpha.story
    assert (car.icon, car.alt, car.photo) == ("car", "A car", None)  # name and alt text from the easy read pictures
    assert room.photo.file == "hall.jpg" and room.alt == "A bright hall with tables and chairs"
    assert (food.icon, food.alt) == ("silverware-fork-knife", "A knife and fork")
    assert [q.who for q in alpha.quotes] == ["a parent", "a young person, 12"]
    assert alpha.quotes[0].date.isoformat() == "2026-01-05"


def test_a_step_without_a_picture(project):
    with_story(project, STORY.replace("        picture: home\n", ""))
    p = only(problems_for(project), "Step 4 of the 'what to expect' story for 'alpha-club' has no picture")
    assert p.file == "providers.yaml" and p.line == line_of(project, "- step: going-home")
    assert "'photo:'" in p.fix and "'picture:'" in p.fix


def test_a_step_with_a_photo_that_is_not_listed(project):
    with_story(project, STORY.replace("photo: hall.jpg", "photo: hal.jpg"))
    p = only(problems_for(project), "'hal.jpg' is not one of the photos listed for 'alpha-club'")
    assert "Did you mean 'hall.jpg'?" in p.message and p.line == line_of(project, "photo: hal.jpg")
    assert "hall.jpg, garden.png" in p.fix


def test_a_step_with_both_kinds_of_picture(project):
    with_story(project, STORY.replace("        photo: hall.jpg\n", "        photo: hall.jpg\n        picture: home\n"))
    only(problems_for(project), "has both a photo and a picture")


def test_unknown_picture_and_icon_without_alt_text(project):
    with_story(project, STORY.replace("picture: car", "picture: carr"))
    p = only(problems_for(project), "There is no picture called 'carr'")
    assert "Did you mean 'car'?" in p.message and p.line == line_of(project, "picture: carr")
    replace_in(project / "providers.yaml", "picture: carr", "picture: walk")
    only(problems_for(project), "The picture 'walk' has no alt text")


def test_step_text_must_pass_the_easy_read_checker(project):
    long = "When you arrive at the hall you will see a big door and a friendly person who says hello to you."
    with_story(project, STORY.replace("text: Your family brings you to Alpha Hall.", f"text: {long}"))
    p = only(problems_for(project), "The 'what to expect' story is in easy read. This sentence has 21 words")
    assert p.line == line_of(project, "When you arrive")
    replace_in(project / "providers.yaml", long, "You arrive. The SENCO meets you.")
    problems = problems_for(project)
    only(problems, "This line has 2 sentences")
    only(problems, "'SENCO' is a short form (an acronym)")


def test_story_needs_three_steps_and_a_known_step(project):
    with_story(project, "    story:\n      - step: getting-there\n        picture: car\n        text: We go by car.\n")
    only(problems_for(project), "'story' needs at least 3 entries")
    replace_in(project / "providers.yaml", "- step: getting-there", "- step: gettin-there")
    p = only(problems_for(project), "'gettin-there' is not one of the values allowed for 'step'")
    assert "Did you mean 'getting-there'?" in p.message


def test_quote_checks(project):
    with_story(project, quotes=QUOTES.replace("who: a parent", "who: Sarah Jones"))
    p = only(problems_for(project), "'Sarah Jones' looks like a full name")
    assert p.line == line_of(project, "who: Sarah Jones") and "first name only" in p.fix
    replace_in(project / "providers.yaml", "who: Sarah Jones\n        date: 2026-01-05\n", "who: Sarah\n")
    p = only(problems_for(project), "is missing the field 'date'")
    assert "1st quote" in p.message


def test_story_page_is_linked_both_ways_and_escaped(project):
    with_story(project)
    site = load(project)
    tree = render.render_tree(site)
    provider, story = tree["providers/alpha-club.md"], tree["providers/alpha-club/what-to-expect.md"]
    assert "[What to expect at Alpha Club](alpha-club/what-to-expect.md)" in provider.replace("&#32;", " ")
    assert "[Back to Alpha Club](../alpha-club.md)" in story.replace("&#32;", " ")
    assert story.count('class="sb-story__step"') == 4
    assert re.search(r'<img class="sb-story__icon" src="\.\./\.\./\.\./easy-read/pictures/car\.svg" alt="A car"', story)
    assert 'class="sb-photo sb-photo--story"' in story and 'fetchpriority="high"' not in story.split("sb-story__step")[2]
    assert "easy-read/pictures/silverware-fork-knife.svg" in tree  # icons the easy read pages do not use are added
    assert "phone" in story and "01632 960100" in story
    # Quotes: shown on the provider page, escaped, with who said it and when.
    assert "<b>" not in provider and "&#60;b&#62;games&#60;/b&#62; &#38; the snacks" in provider
    assert "<figcaption>a young person, 12, January 2026</figcaption>" in provider.replace("&#44;", ",")
    assert "providers/beta-breaks/what-to-expect.md" not in tree


def test_without_a_story_there_is_no_link(project):
    add_photos(project, GOOD, ["hall.jpg", "garden.png"])
    tree = render.render_tree(load(project))
    assert "what-to-expect" not in tree["providers/alpha-club.md"]
    assert not any("what-to-expect" in path for path in tree)


# ---------------------------------------------------------------- the demo

@pytest.fixture(scope="module")
def demo():
    return load(REPO)


def test_demo_has_photos_quotes_and_stories_for_at_least_five_providers(demo):
    with_all = [p for p in demo.providers if p.photos and p.story and p.quotes]
    assert len(with_all) >= 5
    for p in with_all:
        assert {s.step for s in p.story} >= {"getting-there", "who-meets-you", "the-room", "going-home"}, p.id
        assert all(s.photo or s.icon for s in p.story)


def test_every_demo_story_passes_the_easy_read_checker(demo):
    glossary = demo.easy_read.glossary
    for p in demo.providers:
        for s in p.story:
            names = (p.name, p.organisation) + tuple(v.name for v in p.venues)
            assert easy_read.check_text(s.text, glossary, names) == [], (p.id, s.text)


def test_demo_story_pages_are_linked_both_ways(demo_site, demo):
    for p in (p for p in demo.providers if p.story):
        provider = (demo_site / f"providers/{p.id}/index.html").read_text()
        story = (demo_site / f"providers/{p.id}/what-to-expect/index.html").read_text()
        assert 'href="what-to-expect/"' in provider, p.id
        assert 'href="../"' in story, p.id
        assert f'href="../../../easy-read/providers/{p.id}/"' in story, p.id  # and its easy read version,
        easy = (demo_site / f"easy-read/providers/{p.id}/index.html").read_text()
        assert f'href="../../../providers/{p.id}/what-to-expect/"' in easy, p.id  # which links back
        for src in re.findall(r'<img[^>]* src="([^"]+)"', story):  # every picture in the story is there
            assert (demo_site / f"providers/{p.id}/what-to-expect" / src).resolve().is_file(), src


def test_demo_photo_files_are_all_in_the_built_site(demo_site, demo):
    for p in demo.providers:
        page = (demo_site / f"providers/{p.id}/index.html").read_text()
        for url in re.findall(r'(?:src|srcset)="([^"]+)"', page):
            for part in url.split(", "):
                path = part.split(" ")[0]
                if "photos/" in path:
                    assert (demo_site / f"providers/{p.id}" / path).resolve().is_file(), path


def test_committed_demo_pictures_are_small_and_licensed():
    folder = REPO / "content/providers"
    total = sum(f.stat().st_size for f in folder.rglob("photos/*"))
    assert total < 400_000
    assert "CC0" in (folder / "LICENSE.md").read_text()
