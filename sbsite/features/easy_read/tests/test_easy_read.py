"""Easy read: the checker catches each kind of problem with file and line; every page of the
kinds the issue names has an easy read twin, linked both ways; pictures ship with the site."""
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from sbsite.features.easy_read import easy_read
from sbsite.render import engine as render
from sbsite.features.easy_read.easy_read import Glossary, Word, check_picture, check_text, sentences, word_count
from sbsite.pipeline import load_site

from conftest import axe_violations, REPO, run_cli, replace_in

STATEMENT = "content/easy-read/statement.yaml"


def glossary(*words):
    return Glossary([Word(w, (w,), "A meaning.", "information", "Information") for w in words])


def problems_for(root):
    site, problems = load_site(root)
    assert site is None, "expected problems"
    return problems


def find(problems, text, file=None):
    found = [p for p in problems if text in p.message and (file is None or p.file == file)]
    assert found, "\n".join(p.format() for p in problems)
    return found[0]


# ------------------------------------------------------------------ the rules, one by one

def test_sentence_and_word_counting():
    assert sentences("One idea. Then another! And a third?") == ["One idea.", "Then another!", "And a third?"]
    assert sentences("It costs £3.50 at 6.30pm. Email x@example.org.") == ["It costs £3.50 at 6.30pm.", "Email x@example.org."]
    assert word_count("Phone us on 01632 960000 today.") == 5  # a phone number is one word
    assert word_count("It runs on Monday - Friday.") == 5


def test_a_sentence_over_15_words_is_reported():
    ok = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen."
    assert check_text(ok, glossary()) == []
    found = check_text(ok.replace("fifteen", "fifteen sixteen"), glossary())
    assert len(found) == 1 and "16 words" in found[0][0] and "15 words or fewer" in found[0][0]


def test_a_line_with_two_sentences_is_reported():
    found = check_text("Come and play. It is fun.", glossary())
    assert len(found) == 1 and "2 sentences" in found[0][0] and "Split it into 2 lines" in found[0][1]


def test_an_unexplained_acronym_is_reported_unless_in_the_word_list_or_a_name():
    found = check_text("Ask the SLT for help.", glossary())
    assert len(found) == 1 and "'SLT'" in found[0][0] and "content/glossary.yaml" in found[0][1]
    assert check_text("Ask the SLT for help.", glossary("SLT")) == []
    assert check_text("Go to the BCCT Club.", glossary(), names=("BCCT Club",)) == []
    assert check_text("Write to FV1 1AA or email SEND@example.org.", glossary()) == []


def test_an_unexplained_hard_word_is_reported_unless_in_the_word_list():
    found = check_text("You may be eligible for a direct payment.", glossary())
    messages = " ".join(m for m, _ in found)
    assert "'eligible' is a hard word" in messages and "'direct payment' is a hard word" in messages
    assert "add 'eligibility'" in " ".join(f for _, f in found)  # names the word to list, not the form used
    assert check_text("You may be eligible for a direct payment.", glossary("eligible", "direct payment")) == []
    assert check_text("You can get Direct Payments.", glossary("direct payment")) == []  # plural, any case


def test_pictures_unknown_or_without_alt_text_are_reported():
    assert check_picture("phone", None)[:2] == ("phone", "A telephone")
    assert check_picture("phone", "An old phone")[1] == "An old phone"
    icon, alt, found = check_picture("phne", None)
    assert icon == "" and "no picture called 'phne'" in found[0][0] and "Did you mean 'phone'?" in found[0][0]
    icon, alt, found = check_picture("bus-school", None)  # a real icon, but not in our list: needs alt
    assert icon == "bus-school" and "no alt text" in found[0][0]
    assert check_picture("bus-school", "A school bus") == ("bus-school", "A school bus", [])


def test_every_listed_picture_exists_and_has_alt_text():
    for name, info in easy_read.pictures().items():
        assert easy_read.icon_exists(info["icon"]), name
        assert info["alt"].strip(), name


# ------------------------------------------------------------------ through sbsite check, with file and line

BAD_STATEMENT = """\
title: "Our statement: easy read"
sections:
  - heading: What this is
    lines:
      - text: This statement tells you about short breaks.
        picture: document
      - text: This line has one sentence. And then it has another one.
        picture: document
      - text: This sentence goes on and on with far too many words for anyone to read it easily.
        picture: document
      - text: Ask the SLT for help.
        picture: ask
      - text: You may be eligible for more help.
        picture: help
      - text: There is a school bus.
        picture: bus-school
      - text: Phone us.
        picture: phne
      - text: Here is a line with no picture.
"""


@pytest.mark.parametrize("line, words", [
    (7, "2 sentences"),
    (9, "17 words"),
    (11, "'SLT' is a short form"),
    (13, "'eligible' is a hard word"),
    (16, "'bus-school' has no alt text"),
    (18, "no picture called 'phne'"),
    (19, "missing the field 'picture'"),
])
def test_each_problem_in_a_council_file_has_file_and_line(project, line, words):
    (project / STATEMENT).write_text(BAD_STATEMENT, encoding="utf-8")
    p = find(problems_for(project), words)
    assert (p.file, p.line) == (STATEMENT, line), p.format()
    assert p.fix


def test_the_good_line_is_not_reported(project):
    (project / STATEMENT).write_text(BAD_STATEMENT, encoding="utf-8")
    assert not [p for p in problems_for(project) if p.file == STATEMENT and p.line == 5]


def test_sbsite_check_lists_easy_read_problems_like_other_errors(project):
    (project / STATEMENT).write_text(BAD_STATEMENT, encoding="utf-8")
    result = run_cli("check", root=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{STATEMENT}, line 7, column 15: This line has 2 sentences" in result.stderr
    assert "How to fix:" in result.stderr


def test_a_providers_own_easy_read_is_checked_with_its_line(project):
    replace_in(project / "providers.yaml", "    contact:\n      phone: 01632 960100",
               "    easy_read:\n"
               "      - text: Alpha Club is a club for children.\n"
               "        picture: child\n"
               "      - text: It is fun. You will like it.\n"
               "        picture: fun\n"
               "    contact:\n      phone: 01632 960100")
    p = find(problems_for(project), "2 sentences")
    assert (p.file, p.line) == ("providers.yaml", 26)


def test_a_council_page_without_easy_read_is_reported(project):
    (project / "content/easy-read/tiers/assessed-tier.yaml").unlink()
    p = find(problems_for(project), "no easy read version of the tier 'assessed-tier'")
    assert p.file == "content/easy-read/tiers/assessed-tier.yaml" and "Create" in p.fix


def test_an_easy_read_file_for_no_page_is_reported(project):
    (project / "content/easy-read/tiers/asessed-tier.yaml").write_text(
        (project / "content/easy-read/tiers/assessed-tier.yaml").read_text())
    p = find(problems_for(project), "'asessed-tier' is not a tier id")
    assert p.file == "content/easy-read/tiers/asessed-tier.yaml" and "Did you mean 'assessed-tier'?" in p.message


def test_word_list_meanings_are_checked_and_words_are_not_listed_twice(project):
    glossary_file = project / "content/glossary.yaml"
    glossary_file.write_text(glossary_file.read_text() +
                             "  - word: Statement\n    meaning: A paper from the council about eligibility.\n")
    problems = problems_for(project)
    assert find(problems, "'Statement' is in the word list twice").line == 18
    assert find(problems, "'eligibility' is a hard word").line == 19


def test_generated_text_that_breaks_the_rules_is_reported_against_the_provider(project):
    replace_in(project / "providers.yaml", "    break_types: [activities]", "    services: [SLT sessions]\n    break_types: [activities]")
    p = find(problems_for(project), "'SLT' is a short form")
    assert p.file == "providers.yaml" and p.line == 2 and "easy_read" in p.fix


# ------------------------------------------------------------------ what is generated

def test_demo_content_passes_the_checker():
    site, problems = load_site(REPO)
    assert problems == [], "\n".join(p.format() for p in problems)
    assert site.easy_read.words


def test_every_generated_provider_line_is_one_short_sentence_with_a_picture():
    site, _ = load_site(REPO)
    for p in site.providers:
        doc = site.easy_read.docs[f"provider:{p.id}"]
        lines = [line for s in doc.sections for line in s.lines]
        assert len(lines) >= 5, p.id
        for line in lines:
            assert len(sentences(line.text)) == 1 and word_count(line.text) <= 15, (p.id, line.text)
            assert (line.icon or line.photo) and line.alt, (p.id, line.text)
        text = " ".join(line.text for line in lines)
        if p.contact.get("phone"):
            assert p.contact["phone"] in text, p.id
        assert f"{p.reviewed_date:%B %Y}" in text, p.id


def test_each_language_but_english_has_its_own_line_and_picture():
    site, _ = load_site(REPO)

    def lines(pid):
        return [(line.text, line.picture) for s in site.easy_read.docs[f"provider:{pid}"].sections for line in s.lines]
    home = lines("hearthside-home-sitting-service")
    assert ("Staff can speak Polish.", "talk") in home and ("Staff can speak Urdu.", "talk") in home
    assert not any("English" in text for text, _ in home)  # the page itself is in English
    # Said once, even when the venue's access list says it too (BSL and Makaton at the library).
    rhyme = [text for text, _ in lines("library-signed-rhyme-time")]
    assert rhyme.count("Staff can use British Sign Language.") == 1 and rhyme.count("Staff can use Makaton signs.") == 1
    assert ("Staff can speak Punjabi.", "talk") in lines("fernvale-personal-assistants")


def test_generated_summary_is_accurate_to_the_fields(project):
    site, _ = load_site(project)
    alpha = " ".join(line.text for s in site.easy_read.docs["provider:alpha-club"].sections for line in s.lines)
    assert "aged 5 to 11" in alpha and "It is free." in alpha and "on Saturday, 10am to midday, in term time" in alpha
    assert "It happens at Alpha Hall in North." in alpha and "There is parking." in alpha
    assert "You can book a place with them yourself." in alpha and "Phone them on 01632 960100." in alpha
    beta = " ".join(line.text for s in site.easy_read.docs["provider:beta-breaks"].sections for line in s.lines)
    assert "It costs £4.50 a session." in beta and "direct payment" in beta
    # Overnight breaks away from home serve an area; they do not come to you.
    assert "It is for people who live in South." in beta and "come to you" not in beta
    assert "You can stay the night away from home." in beta and "You agree the days and times with them." in beta
    assert "A social worker must meet you first" in beta and "Email them at beta@example.org." in beta


def test_a_providers_own_easy_read_replaces_the_summary_and_keeps_contacts(project):
    replace_in(project / "providers.yaml", "    contact:\n      phone: 01632 960100",
               "    easy_read:\n      - text: Come and play games with us.\n        picture: games\n"
               "    contact:\n      phone: 01632 960100")
    site, problems = load_site(project)
    assert problems == []
    doc = site.easy_read.docs["provider:alpha-club"]
    texts = [line.text for s in doc.sections for line in s.lines]
    assert texts[0] == "Come and play games with us." and "Phone them on 01632 960100." in texts
    assert "It is free." not in texts


def test_day_and_time_words():
    assert easy_read.day_words(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]) == "Monday to Saturday"
    assert easy_read.day_words(["monday", "wednesday"]) == "Monday and Wednesday"
    assert easy_read.day_words(list(easy_read.model.DAYS)) == "every day"


# ------------------------------------------------------------------ rendering

def test_provider_text_is_escaped_in_easy_read(project):
    replace_in(project / "providers.yaml", "name: Alpha Club", 'name: "Alpha <b>Club</b> [x](javascript:y)"')
    replace_in(project / "providers.yaml", "    contact:\n      phone: 01632 960100",
               "    easy_read:\n"
               "      - text: \"Come <script>alert(1)</script> [here](javascript:alert(2)).\"\n"
               "        picture: bus-school\n"
               "        alt: 'A bus\" onerror=\"alert(3)'\n"
               "    contact:\n      phone: 01632 960100")
    site, problems = load_site(project)
    assert problems == [], "\n".join(p.format() for p in problems)
    tree = render.render_tree(site)
    front, page = tree["easy-read/providers/alpha-club.md"].split("\n---\n", 1)
    assert "<" not in front
    assert "<script" not in page and "](javascript" not in page and "<b>" not in page
    assert 'alt="A bus&quot; onerror=&quot;alert(3)"' in page


def test_glossary_words_phone_numbers_and_emails_become_links(project):
    site, _ = load_site(project)
    tree = render.render_tree(site)
    statement = tree["easy-read/statement.md"]
    assert "[short breaks](words.md#word-short-break)" in statement
    assert "[assessment](words.md#word-assessment)" in statement
    assert '<a href="tel:+441632960000">01632 960000</a>' in tree["easy-read/index.md"]
    assert '<a href="mailto:test@example.org">test@example.org</a>' in statement  # from council.yaml


def test_pictures_and_their_licence_are_shipped(project):
    site, _ = load_site(project)
    tree = render.render_tree(site)
    for icon in easy_read.used_icons(site):
        assert tree[f"easy-read/pictures/{icon}.svg"].lstrip().startswith("<!--"), icon
        assert "<svg" in tree[f"easy-read/pictures/{icon}.svg"]
    assert "Apache" in tree["easy-read/pictures/LICENSE.txt"]


# ------------------------------------------------------------------ the built demo site

def _links(html: str, cls: str) -> list[str]:
    return re.findall(r'<a class="' + cls + r'" href="([^"]+)"', html)


def _url(site_dir: Path, page_url: str) -> Path:
    return site_dir / urlsplit(page_url).path.lstrip("/") / "index.html"


def test_every_page_of_those_kinds_has_its_twin_linked_both_ways(demo_site):
    site, _ = load_site(REPO)
    standard = {"home": "", "statement": "statement/"}
    standard.update({f"tier:{t.id}": f"tiers/{t.id}/" for t in site.tiers})
    standard.update({f"page:{pg.slug}": f"local-offer/{pg.slug}/" for pg in site.pages})
    standard.update({f"provider:{p.id}": f"providers/{p.id}/" for p in site.providers})
    assert len(standard) == 2 + len(site.tiers) + len(site.pages) + len(site.providers)
    for key, url in standard.items():
        html = _url(demo_site, "/" + url).read_text()
        links = _links(html, "sb-easy-link")
        assert len(links) == 1, key
        twin = urljoin("/" + url, links[0])
        assert twin.startswith("/easy-read/"), (key, twin)
        twin_html = _url(demo_site, twin).read_text()
        back = [urljoin(twin, h) for h in _links(twin_html, "sb-easy-switch__link")]
        assert "/" + url in back, (key, back)
        # The link sits near the top: straight after the page's heading.
        assert html.index("sb-easy-link") - html.index("</h1>") < 300, key


def test_easy_read_pictures_resolve_and_have_alt_text(demo_site):
    pages = list((demo_site / "easy-read").rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text()
        for tag in re.findall(r"<img [^>]*>", html):
            src = re.search(r'src="([^"]+)"', tag).group(1)
            assert not re.match(r"(https?:)?//", src), (page, src)
            assert (page.parent / src).resolve().is_file(), (page, src)
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt.group(1).strip(), (page, tag)
    assert (demo_site / "easy-read" / "pictures" / "LICENSE.txt").is_file()
    css = (demo_site / "assets" / "easy-read.css").read_text()
    for ref in re.findall(r'url\("([^"]+)"\)', css):
        assert (demo_site / "assets" / ref).resolve().is_file(), ref


def test_glossary_links_reach_a_meaning(demo_site):
    words = (demo_site / "easy-read" / "words" / "index.html").read_text()
    anchors = set(re.findall(r'id="(word-[^"]+)"', words))
    statement = (demo_site / "easy-read" / "statement" / "index.html").read_text()
    linked = set(re.findall(r'href="\.\./words/#(word-[^"]+)"', statement))
    assert {"word-short-break", "word-direct-payment", "word-diagnosis"} <= linked
    assert linked <= anchors


def test_the_booklet_has_the_whole_statement_and_every_tier(demo_site):
    site, _ = load_site(REPO)
    html = (demo_site / "easy-read" / "statement-booklet" / "index.html").read_text()
    parts = html.count('class="sb-booklet__part"')
    assert parts == 1 + len(site.tiers) + 1  # the statement, each tier, the word list
    text = unescape(re.sub(r"<[^>]+>", "", html))
    for doc in [site.easy_read.docs["statement"]] + [site.easy_read.docs[f"tier:{t.id}"] for t in site.tiers]:
        assert doc.title in text
        for section in doc.sections:
            assert section.heading in text, section.heading
            for line in section.lines:
                assert line.text in text, line.text


# ------------------------------------------------------------------ in a real browser

@pytest.mark.browser
def test_easy_read_provider_page_on_a_phone_and_a_desktop(page, demo_server, tmp_path):
    site, _ = load_site(REPO)
    outside = []
    page.on("request", lambda r: None if r.url.startswith(demo_server) else outside.append(r.url))
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(demo_server + f"easy-read/providers/{site.providers[0].id}/")
        page.wait_for_load_state("load")
        shot = tmp_path / f"easy-read-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        pictures = page.evaluate("""() => [...document.querySelectorAll('img.sb-easy__picture')].map(img => ({
            loaded: img.complete && img.naturalWidth > 0, alt: img.getAttribute('alt') || '',
            sameSite: new URL(img.src).origin === location.origin, width: img.getBoundingClientRect().width}))""")
        assert len(pictures) >= 5
        for pic in pictures:
            assert pic["loaded"] and pic["sameSite"] and pic["alt"].strip(), pic
            assert pic["width"] >= 64, pic  # large pictures, even on a phone
        layout = page.evaluate("""() => [...document.querySelectorAll('.sb-easy__line')].map(line => {
            const pic = line.querySelector('img').getBoundingClientRect();
            const text = line.querySelector('.sb-easy__text');
            return {left: pic.right <= text.getBoundingClientRect().left,
                    size: parseFloat(getComputedStyle(text).fontSize),
                    height: parseFloat(getComputedStyle(text).lineHeight) / parseFloat(getComputedStyle(text).fontSize)};
        })""")
        for line in layout:
            assert line["left"], "picture should be on the left of the words"
            assert line["size"] >= 19 and line["height"] >= 1.5, line
    assert outside == []


@pytest.mark.browser
def test_easy_read_pages_have_no_horizontal_scroll_at_320px(page, demo_server):
    page.set_viewport_size({"width": 320, "height": 700})
    for path in ("easy-read/", "easy-read/statement/", "easy-read/words/", "easy-read/statement-booklet/",
                 "easy-read/local-offer/sendiass/"):
        page.goto(demo_server + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


@pytest.mark.browser
def test_the_booklet_prints_on_a4_with_each_part_on_a_new_page(page, demo_server):
    site, _ = load_site(REPO)
    page.goto(demo_server + "easy-read/statement-booklet/")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.sb-easy-switch__link')).display") == "none"
    tops = page.evaluate("[...document.querySelectorAll('.sb-booklet__part')].map(p => getComputedStyle(p).breakBefore)")
    assert tops and set(tops) == {"page"}
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 2 + len(site.tiers), pages
    sizes = {tuple(round(float(x)) for x in m) for m in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)}
    assert sizes == {(595, 842)}, sizes  # A4 in points


@pytest.mark.browser
def test_easy_read_pages_pass_axe(page, demo_server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in ("easy-read/providers/fernvale-access-card/", "easy-read/words/", "easy-read/statement-booklet/",
                 "easy-read/", "providers/fernvale-access-card/"):
        for width in (320, 1280):
            assert axe_violations(axe, page, demo_server + path, width) == [], (path, width)


def test_live_preview_redoes_a_twin_when_only_the_providers_own_easy_read_changes(project):
    replace_in(project / "providers.yaml", "    contact:\n      phone: 01632 960100",
               "    easy_read:\n      - text: Come and play games with us.\n        picture: games\n"
               "    contact:\n      phone: 01632 960100")
    site, _ = load_site(project)
    tree, state = render.render_incremental(site, None)
    assert "Come and play games with us" in tree["easy-read/providers/alpha-club.md"]
    replace_in(project / "providers.yaml", "Come and play games with us.", "Come and paint with us.")
    site, _ = load_site(project)
    tree, _ = render.render_incremental(site, state)
    assert "Come and paint with us" in tree["easy-read/providers/alpha-club.md"]
