"""Easy read speaks to the young person reading it, in sentences that read well, beside
pictures that show what each line says (issue 14, item 9).

A 15-year-old reading the easy read pages herself met "Your child must meet…", "You can do
saturday club, sensory play…", a sun for "spend the day", a smiley for "sensory room" and a
wheelchair for "hoist". These tests keep each of those from coming back.
"""
import re
from html import unescape

import pytest

from sbsite.features.easy_read import easy_read
from sbsite.pipeline import load_site

from conftest import replace_in

# The picture names that were wrong for these lines, and the ones that fit.
WRONG = {
    "There is a hoist to help lift people.": {"disabled-person", "wheelchair"},
    "There is a sensory room.": {"happy"},
    "You can spend the day there with the staff.": {"daytime"},
}
RIGHT = {
    "There is a hoist to help lift people.": "hoist",
    "There is a sensory room.": "sensory",
    "You can spend the day there with the staff.": "building",
    "You can book a place with them yourself.": "book",
}


def lines_of(site, key):
    return [line for s in site.easy_read.docs[key].sections for line in s.lines]


def generated(site):
    for p in site.providers:
        doc = site.easy_read.docs[f"provider:{p.id}"]
        # Providers who wrote their own lines keep them; the contact section is always generated.
        sections = doc.sections if doc.source == "generated" else doc.sections[-1:]
        for s in sections:
            for line in s.lines:
                yield p, line


def visible_text(html: str) -> str:
    main = html.split('<article', 1)[-1].split('</article>', 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


# ------------------------------------------------------------------ who is spoken to

def test_no_built_easy_read_page_talks_about_your_child(demo_site):
    """Every easy read page is read by the child or young person: it says "you"."""
    pages = sorted((demo_site / "easy-read").rglob("index.html"))
    assert len(pages) > 60
    for page in pages:
        text = visible_text(page.read_text())
        assert not re.search(r"\byour (child|children|son|daughter)", text, re.I), (page, re.search(
            r".{0,60}\byour (child|children|son|daughter).{0,40}", text, re.I).group(0))


def test_generated_twins_say_you(demo):
    said = {line.text for _, line in generated(demo)}
    assert "One worker can be with just you." in said
    assert "One or two workers can be with you all the time." in said
    assert "A worker helps you go out and do things." in said
    assert "A carer looks after you at home in the day." in said
    saturday = [line.text for line in lines_of(demo, "provider:kestrel-vale-saturday-club")]
    assert "You can spend the day there with the staff." in saturday


def test_tier_and_statement_twins_say_you(demo):
    tier4 = [line.text for line in lines_of(demo, "tier:targeted-specialist")]
    assert "You must meet the eligibility rules." in tier4
    statement = [line.text for line in lines_of(demo, "statement")]
    assert "You must be aged 17 or under." in statement and "You must live in Fernvale." in statement


def test_the_checker_reports_your_child_with_file_and_line(project):
    replace_in(project / "content/easy-read/statement.yaml", "text: Some short breaks need an assessment first.",
               "text: Your child needs an assessment first.")
    site, problems = load_site(project)
    assert site is None
    found = [p for p in problems if "'Your child'" in p.message]
    assert found, "\n".join(p.format() for p in problems)
    assert found[0].file == "content/easy-read/statement.yaml" and found[0].line
    assert "You must live in Fernvale" in found[0].fix


def test_the_rule_catches_the_forms_and_leaves_you_alone():
    g = easy_read.Glossary([])
    flagged = lambda t: any("speak to the child" in m for m, _ in easy_read.check_text(t, g))  # noqa: E731
    assert flagged("Your child must live in Fernvale.")
    assert flagged("Making a complaint will not stop your child's short breaks.")
    assert flagged("Tell them what your daughter needs.")
    assert not flagged("You must live in Fernvale.")
    assert not flagged("Your family can use a direct payment to pay.")
    assert not flagged("Some children can get free transport.")


# ------------------------------------------------------------------ sentences that read well

def test_services_are_one_a_line_capitalised_each_with_its_own_picture(demo):
    assert easy_read.service_words("saturday club") == "Saturday club"
    assert easy_read.service_words("BSL") == "BSL"
    assert easy_read.service_words("  sensory   play ") == "Sensory play"
    texts = [(line.text, line.picture) for line in lines_of(demo, "provider:kestrel-vale-saturday-club")]
    start = texts.index(("They offer these things:", "activities"))
    assert texts[start + 1:start + 5] == [("Saturday club", "club"), ("Sensory play", "sensory"),
                                         ("Music", "music"), ("Soft play", "soft-play")]
    for _, line in generated(demo):
        assert not line.text.startswith("You can do"), line.text


def test_every_generated_line_is_short_and_starts_with_a_capital(demo):
    for p, line in generated(demo):
        assert line.text[:1].isupper() or line.text[:1].isdigit(), (p.id, line.text)
        assert len(easy_read.sentences(line.text)) == 1, (p.id, line.text)
        assert easy_read.word_count(line.text) <= easy_read.MAX_WORDS, (p.id, line.text)
        # Day names keep their capital letter wherever they are in the line.
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
            assert not re.search(rf"\b{day}\b", line.text), (p.id, line.text)


def test_times_are_written_the_gov_uk_way(demo):
    times = [line.text for _, line in generated(demo) if line.text.startswith("It runs")]
    assert times
    for text in times:
        assert not re.search(r"\d\.\d\d\s?[ap]m|12 noon|\d\d:\d\d(?![ap]m)", text), text
    assert "It runs on Friday, 10:30am to 11am, in term time." in times
    assert "It runs on Sunday, 10am to midday, all year." in times


def test_contacts_read_as_asking_for_a_person(demo):
    said = {line.text for _, line in generated(demo)}
    assert "Ask for the club leader." in said and "Ask for reception." in said
    assert "Ask for guest services." in said and "Ask for the Saturday Club leader." in said
    assert not any(t.startswith("Ask to speak to") and t.split()[-1][:1].islower() for t in said)
    assert easy_read._ask_for("Priya Shah") == "Ask to speak to Priya Shah."


def test_only_breaks_at_home_come_to_you(demo):
    family_link = " ".join(line.text for line in lines_of(demo, "provider:fernvale-family-link-carers"))
    assert "come to you" not in family_link and "It is for people who live in" in family_link
    assert "You can stay the night away from home." in family_link
    hearthside = " ".join(line.text for line in lines_of(demo, "provider:hearthside-home-sitting-service"))
    assert "Workers come to you in" in hearthside


# ------------------------------------------------------------------ pictures that match

def test_the_pictures_the_issue_named_are_fixed(demo):
    seen = {}
    for p, line in generated(demo):
        if line.text in WRONG:
            assert line.picture not in WRONG[line.text], (p.id, line.text, line.picture)
        if line.text in RIGHT:
            assert line.picture == RIGHT[line.text], (p.id, line.text, line.picture)
            seen[line.text] = line.picture
    assert set(seen) == set(RIGHT)
    # The palette is for art; clubs have a group of people.
    for p, line in generated(demo):
        if line.picture == "art":
            assert re.search(r"art|clay|print|comic|craft", line.text, re.I), (p.id, line.text)
        if re.fullmatch(r"[\w' -]* club", line.text):  # a service line: "Youth club", "Saturday club"
            assert line.picture == "club", (p.id, line.text, line.picture)
    pics = easy_read.pictures()
    assert pics["sensory"]["icon"] != pics["happy"]["icon"]
    assert pics["hoist"]["icon"] not in {pics["wheelchair"]["icon"], pics["disabled-person"]["icon"]}
    assert pics["building"]["icon"] != pics["daytime"]["icon"]
    assert pics["activities"]["icon"] != "palette" and pics["art"]["icon"] == "palette"


@pytest.mark.parametrize("service, picture", [
    ("wheelchair basketball", "basketball"), ("forest school", "outdoors"), ("swimming lessons", "swimming"),
    ("role-playing games", "games"), ("youth club", "club"), ("art", "art"), ("tea", "cafe"),
    ("relaxed screenings", "cinema"), ("family sign class", "sign-language"), ("team building", "activities"),
])
def test_service_pictures(service, picture):
    assert easy_read.service_picture(service) == picture


def test_every_glossary_and_hand_written_picture_name_still_exists(demo):
    for doc in demo.easy_read.docs.values():
        for s in doc.sections:
            for line in s.lines:
                assert line.photo or easy_read.icon_exists(line.icon), (doc.key, line.text)


# ------------------------------------------------------------------ the provider's own photos

def test_lines_about_the_place_use_the_providers_own_photo(demo):
    by_text = lambda key: {line.text: line for line in lines_of(demo, key)}  # noqa: E731
    jungle = by_text("provider:jungle-tumble-sensory-soft-play")
    assert jungle["There is a sensory room."].photo.file == "sensory-room.webp"
    assert jungle["It happens at Jungle Tumble in Kestrel Vale."].photo.file == "soft-play.png"
    willow = by_text("provider:willow-house-residential-short-breaks")
    assert willow["You can stay the night there."].photo.file == "bedroom.png"
    saturday = by_text("provider:kestrel-vale-saturday-club")
    assert saturday["You can spend the day there with the staff."].photo.file == "playroom.png"
    assert saturday["It happens at Oakridge Children's Centre in Kestrel Vale."].photo.file == "garden.jpg"
    # The photo's alt text is the provider's own description of it.
    assert jungle["There is a sensory room."].alt.startswith("A dark sensory room")
    # A photo shows one place: a provider with no photos, or several venues, keeps the icons.
    for p, line in generated(demo):
        if line.photo is not None:
            assert len(p.venues) == 1 and line.photo in p.photos, p.id


def test_each_photo_is_used_once_on_a_page(demo):
    for p in demo.providers:
        used = [line.photo.file for line in lines_of(demo, f"provider:{p.id}") if line.photo is not None]
        assert len(used) == len(set(used)), (p.id, used)


def test_the_photo_is_in_the_built_page_beside_its_line(demo_site):
    html = (demo_site / "easy-read/providers/jungle-tumble-sensory-soft-play/index.html").read_text()
    line = re.search(r'<div class="sb-easy__line sb-easy__line--photo">(.*?)</div>\s*</div>', html, re.S)
    assert line, "no photo line"
    photo_lines = re.findall(r'<div class="sb-easy__line sb-easy__line--photo">.*?</p>', html, re.S)
    sensory = [chunk for chunk in photo_lines if "sensory-room" in chunk]
    assert len(sensory) == 1 and "There is a" in sensory[0] and "sensory room" in sensory[0]
    src = re.search(r'<img class="sb-photo sb-photo--story" src="([^"]+)"', sensory[0]).group(1)
    page_dir = demo_site / "easy-read/providers/jungle-tumble-sensory-soft-play"
    assert (page_dir / src).resolve().is_file(), src
    assert 'alt="A dark sensory room' in sensory[0]


@pytest.mark.browser
def test_a_provider_twin_with_photos_on_a_360px_phone(page, demo_server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(demo_server + "easy-read/providers/jungle-tumble-sensory-soft-play/")
    page.wait_for_load_state("load")
    lines = page.locator(".sb-easy__line--photo")
    assert lines.count() >= 2
    for i in range(lines.count()):
        lines.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("el => { const i = el.querySelector('img'); return i.complete && i.naturalWidth > 0 }",
                               arg=lines.nth(i).element_handle())
        box = lines.nth(i).evaluate("""line => {
            const img = line.querySelector('img').getBoundingClientRect();
            const text = line.querySelector('.sb-easy__text').getBoundingClientRect();
            return {imgRight: img.right, textLeft: text.left, imgWidth: img.width, textWidth: text.width};
        }""")
        assert box["imgRight"] <= box["textLeft"] and box["imgWidth"] >= 96 and box["textWidth"] >= 160, box
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
