"""'What to expect' stories and parents' and young people's words, for each provider.

A story is a few steps in order (getting there, who meets you, the room, what
we do, food and drink, quiet space, going home), each with a picture and one
short sentence in easy read. Children read it with their family the night
before, so it has its own page, linked both ways from the provider's page, and
prints on A4.

The journey: `check()` (called by project.load_site) checks stories and quotes
with file and line, using the easy read checker from sbsite.easy_read;
`pages()` (a render feature) makes each story page and the pictures it uses.
"""
from __future__ import annotations

import html
import posixpath
import re
from datetime import date
from pathlib import Path

from markupsafe import Markup

from sbsite.features import easy_read, photos
from sbsite.core import model
from sbsite.core.feature import PageSpec, has
from sbsite.core.memory import PreviewMemory
from sbsite.core.urls import url_dir
from sbsite.load.loader import Loaded
from sbsite.core.problems import Problem, did_you_mean

# "Firstname Surname": quotes are credited with a first name at most, to keep families private.
_FULL_NAME = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)+$")


def _names(p: dict) -> tuple[str, ...]:
    """Names of the provider, its venues and contact: never flagged as hard words or acronyms."""
    names = [p.get("name"), p.get("organisation")]
    names += [v.get("name") for v in p.get("venues") or [] if isinstance(v, dict)]
    contact = p.get("contact")
    if isinstance(contact, dict):
        names.append(contact.get("name"))
    return tuple(n for n in names if isinstance(n, str) and n)


def check(root: Path, item: Loaded, memory: PreviewMemory | None = None) -> list[Problem]:
    """Problems in providers' quotes and stories: who said it, missing pictures, sentences that are not easy read."""
    out: list[Problem] = []
    data = item.data if isinstance(item.data, dict) else {}
    plist = data.get("providers") if isinstance(data.get("providers"), list) else []
    glossary = None

    def at(path, message, fix):
        line, col = item.locate(path)
        out.append(Problem(item.file, line, col, message, fix))

    for i, p in enumerate(plist):
        if not isinstance(p, dict):
            continue
        pid = p.get("id") if isinstance(p.get("id"), str) else f"provider {i + 1}"
        for j, q in enumerate(p.get("quotes") or [] if isinstance(p.get("quotes"), list) else []):
            who = q.get("who") if isinstance(q, dict) else None
            if isinstance(who, str) and _FULL_NAME.match(who.strip()):
                at(("providers", i, "quotes", j, "who"),
                   f"'{who}' looks like a full name. We credit quotes with a first name at most, to keep families private.",
                   "Write the first name only, or 'a parent', or 'a young person, 14', as the person agreed.")
        steps = p.get("story") if isinstance(p.get("story"), list) else []
        if not steps:
            continue
        photo_files = [ph.get("file") for ph in p.get("photos") or [] if isinstance(ph, dict) and isinstance(ph.get("file"), str)] \
            if isinstance(p.get("photos"), list) else []
        if glossary is None:
            glossary, _ = easy_read.load_glossary(Path(root), memory=memory)  # its own problems are reported by easy read
        names = _names(p)
        for j, s in enumerate(steps):
            if not isinstance(s, dict):
                continue
            base = ("providers", i, "story", j)
            photo, picture = s.get("photo"), s.get("picture")
            if photo is None and picture is None:
                at(base, f"Step {j + 1} of the 'what to expect' story for '{pid}' has no picture. Every step needs one.",
                   "Add 'photo:' with the file name of one of this provider's photos, or 'picture:' with a picture "
                   "name from sbsite/data/pictures.yaml, such as 'picture: car'.")
            elif photo is not None and picture is not None:
                at(base + ("picture",), f"Step {j + 1} of the story for '{pid}' has both a photo and a picture.",
                   "Keep one: delete the 'photo:' line or the 'picture:' line.")
            elif isinstance(photo, str) and photo not in photo_files:
                at(base + ("photo",), f"'{photo}' is not one of the photos listed for '{pid}'.{did_you_mean(photo, photo_files)}",
                   "List the photo under 'photos:' first, with its alt text, then use its file name here."
                   + (" The photos listed are: " + ", ".join(photo_files) + "." if photo_files else ""))
            elif isinstance(picture, str):
                _, _, found = easy_read.check_picture(picture, s.get("alt"))
                for message, fix in found:
                    at(base + ("picture",), message, fix)
            if isinstance(s.get("text"), str):
                for message, fix in easy_read.check_text(s["text"], glossary, names):
                    at(base + ("text",), f"The 'what to expect' story is in easy read. {message}", fix)
    return out


def steps_for(p: dict, photo_list: tuple) -> tuple:
    """The model's StoryStep objects for a provider's validated `story:` entries."""
    by_file = {ph.file: ph for ph in photo_list}
    out = []
    for s in p.get("story") or []:
        if s.get("photo"):
            ph = by_file[s["photo"]]
            out.append(model.StoryStep(s["step"], s["text"], photo=ph, alt=s.get("alt") or ph.alt))
        else:
            icon, alt, _ = easy_read.check_picture(s["picture"], s.get("alt"))
            out.append(model.StoryStep(s["step"], s["text"], icon=icon, alt=alt))
    return tuple(out)


def from_data(p: dict) -> dict:
    """The photos, quotes and story fields of model.Provider, from a provider's validated data."""
    photo_list = tuple(model.Photo(ph["file"], ph["alt"], ph.get("caption") or "") for ph in p.get("photos") or [])
    quotes = tuple(model.Quote(q["text"], q["who"], date.fromisoformat(q["date"])) for q in p.get("quotes") or [])
    return {"photos": photo_list, "quotes": quotes, "story": steps_for(p, photo_list)}


# ---------------------------------------------------------------- rendering

def step_picture(site, p: model.Provider, step: model.StoryStep, page_path: str, eager: bool = False) -> Markup:
    """The picture beside a story step: the provider's photo, or an icon from the easy read set."""
    if step.photo is not None:
        return photos.picture(site, p.id, model.Photo(step.photo.file, step.alt), page_path, "story", eager)
    src = posixpath.relpath(f"{easy_read.PICTURE_DIR}/{step.icon}.svg", url_dir(page_path) or ".")
    return Markup(f'<img class="sb-story__icon" src="{html.escape(src)}" alt="{html.escape(step.alt, quote=True)}" '
                  'width="128" height="128">')


def story_key(provider_id: str) -> str:
    return f"story:{provider_id}"


def story_for(site: model.Site, page_key: str) -> str | None:
    """The key of the story page for a provider's page ('provider:x' or its easy read twin), if it has one."""
    if "story.keys" not in site.memo:
        site.memo["story.keys"] = {f"provider:{p.id}": story_key(p.id) for p in site.providers if p.story}
    return site.memo["story.keys"].get(page_key.removeprefix("easy:"))


def pages(site: model.Site) -> list:
    """A 'what to expect' page for each provider with a story, and the icons they use."""
    specs = []
    easy_pages = has(site.features, "easy_read") and site.easy_read is not None
    for p in site.providers:
        if not p.story:
            continue
        twin = None
        if easy_pages and f"provider:{p.id}" in site.easy_read.docs:
            twin = easy_read.twin_key(f"provider:{p.id}")
        specs.append(PageSpec(story_key(p.id), f"providers/{p.id}/what-to-expect.md", "story.md.j2",
                                     {"p": p, "easy_key": twin}, source=("providers.yaml", p.line)))
    # Icons go where easy read puts its pictures; we add only those it does not already ship.
    shipped = set(easy_read.used_icons(site)) if easy_pages else set()
    for icon in sorted({s.icon for p in site.providers for s in p.story if s.icon} - shipped):
        specs.append(PageSpec(f"easy:picture:{icon}", f"{easy_read.PICTURE_DIR}/{icon}.svg", text=easy_read.svg(icon)))
    if specs and not easy_pages:
        specs.append(easy_read.licence_page())
    return specs
