"""Easy read: one idea on each line, a picture beside each idea, hard words explained.

Council pages (home, the statement, each tier, each Local Offer page) have their
easy read written by hand in content/easy-read/. Providers may write their own
`easy_read:` lines in providers.yaml; where they have not, we write a summary
from their structured fields (who, where, when, cost, how to book, who to call).

The checker (`check_text`, `check_picture`) runs on every line, hand-written or
generated, and reports Problems with file and line like any other mistake.

The journey: `load()` reads and checks the content (called by project.load_site
before the gate), `attach()` adds the generated provider versions to the built
Site, and `pages()` (a render feature) makes the easy read pages, the word list,
the printable statement booklet and the picture files.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml
from markupsafe import Markup

from sbsite import DATA
from sbsite.core.urls import url_dir
from sbsite.core import formats
from sbsite.core import markup
from sbsite.core import model, vocabulary
from sbsite.core.feature import PageSpec
from sbsite.core.memory import PreviewMemory
from sbsite.features import photos  # its face: a line about the provider's place shows their photo
from sbsite.load.loader import Loaded, load_file
from sbsite.core.problems import Problem, did_you_mean, show
from sbsite.load.validate import schema_problems

DATA_DIR = DATA
SCHEMA = "easy-read.schema.json"
GLOSSARY_FILE = "content/glossary.yaml"
CONTENT_DIR = "content/easy-read"
MAX_WORDS = 15
PICTURE_DIR = "easy-read/pictures"  # where the build puts the pictures it uses
LINK_PICTURE = "booklet"  # shown on the "Easy read" link of every standard page


# ---------------------------------------------------------------- data we ship

@lru_cache(maxsize=None)
def pictures() -> dict[str, dict]:
    """Picture name → {'icon': Material Design Icons name, 'alt': words}."""
    return yaml.safe_load((DATA_DIR / "pictures.yaml").read_text(encoding="utf-8"))["pictures"]


@lru_cache(maxsize=None)
def hard_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(word as listed, every form to look for) for each hard word."""
    raw = yaml.safe_load((DATA_DIR / "hard_words.yaml").read_text(encoding="utf-8"))["hard_words"]
    out = []
    for entry in raw:
        forms = tuple(f.strip() for f in str(entry).split("|") if f.strip())
        out.append((forms[0], forms))
    return tuple(out)


@lru_cache(maxsize=None)
def icon_dir() -> Path:
    """The Material Design Icons in use (Pictogrammers, Apache 2.0), kept in sbsite/data/icons/."""
    from sbsite.core.icons import ICON_DIR

    return ICON_DIR


def icon_exists(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)) and (icon_dir() / f"{name}.svg").is_file()


# ---------------------------------------------------------------- the model

@dataclass(frozen=True)
class Line:
    """One idea: a short sentence and the picture beside it."""
    text: str
    picture: str
    icon: str
    alt: str
    href: str = ""  # generated lines only: the whole line links here (a provider's form or website)
    # Generated lines about a provider's place show its own photo (model.Photo) instead of an
    # icon when it has one that fits: a real picture of where you will go beats a symbol.
    photo: object = None
    provider_id: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple


@dataclass(frozen=True)
class Doc:
    """The easy read version of the standard page `key` (such as 'tier:community')."""
    key: str
    title: str
    sections: tuple
    source: str  # the file it was written in, or 'generated'
    names: tuple = ()  # names of people and places: never flagged or linked


@dataclass(frozen=True)
class Word:
    word: str
    forms: tuple
    meaning: str
    icon: str
    alt: str

    @property
    def anchor(self) -> str:
        return "word-" + slug(self.word)


@dataclass(frozen=True)
class EasyRead:
    docs: dict  # standard page key → Doc
    words: tuple  # Word, A to Z
    glossary: "Glossary" = field(repr=False, default=None)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "word"


def twin_key(key: str) -> str:
    """The page key of the easy read version of a standard page."""
    return "easy:" + key


# ---------------------------------------------------------------- reading text

_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=\S)")
_ACRONYM = re.compile(r"(?<![\w@./'’-])([A-Z][A-Z&]*[A-Z])(s?)(?![\w@'’-])")
_PHONE = re.compile(r"(?<![\w+])((?:\+44\s?|0)\d{2,4}\s?\d{3}\s?\d{3,4})(?!\w)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Easy read speaks to the person reading it: a disabled child or young person, often reading
# alone (a parent reads the standard page). "Your child" would talk about them to someone else.
_NOT_YOU = re.compile(r"\byour (?:child|children|son|daughter)(?:'s|’s)?(?!\w)", re.I)
_ADDRESS = re.compile(_EMAIL.pattern + r"|https?://\S+|www\.\S+")  # never checked for hard words


def sentences(text: str) -> list[str]:
    """Split text into sentences at '.', '!' or '?' followed by a space."""
    text = " ".join(str(text).split())
    return [s for s in _SPLIT.split(text) if s]


def word_count(sentence: str) -> int:
    """Words in a sentence; a phone number written in groups counts as one word."""
    count, last_digits = 0, False
    for token in sentence.split():
        if not _HAS_WORD(token):
            continue
        digits = bool(_DIGITS(token))
        if not (digits and last_digits):
            count += 1
        last_digits = digits
    return count


_HAS_WORD = re.compile(r"[A-Za-z0-9]").search
_DIGITS = re.compile(r"[+(]?\d+[).,;:]?").fullmatch


def _form_pattern(form: str, plural: bool = True) -> str:
    return r"(?<![\w-])" + _form_body(form) + (r"(?:s|es)?" if plural else "") + r"(?![\w-])"


def _form_body(form: str) -> str:
    return r"\s+".join(re.escape(part) for part in form.split())


def _words_regex(exact, loose):
    """One regex finding any of the forms as whole words (with -s or -es): `exact` ones only
    in the same capitals, `loose` ones in any case. Longest forms first."""
    forms = [(f, True) for f in set(exact)] + [(f, False) for f in set(loose)]
    if not forms:
        return None
    parts = [_form_body(f) if same_case else "(?i:" + _form_body(f) + ")"
             for f, same_case in sorted(forms, key=lambda x: len(x[0]), reverse=True)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?:(?<=[^\W\d_])(?:s|es))?(?![\w-])")


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class Glossary:
    """The word list: finds where its words appear in a piece of text."""

    def __init__(self, words: list[Word]):
        self.words = tuple(sorted(words, key=lambda w: w.word.lower()))
        self._by_form: dict[str, Word] = {}
        exact, loose = [], []
        for w in self.words:
            for form in w.forms:
                if _is_acronym(form):
                    self._by_form.setdefault(form, w)
                    exact.append(form)
                else:
                    self._by_form.setdefault(form.lower(), w)
                    loose.append(form)
        self._regex = _words_regex(exact, loose)
        self.acronyms = frozenset(exact)

    def lookup(self, found: str) -> Word | None:
        found = " ".join(found.split())
        for candidate in (found, found.lower()):
            for cut in ("", "s", "es"):
                key = candidate[: -len(cut)] if cut and candidate.endswith(cut) else candidate
                if cut and not candidate.endswith(cut):
                    continue
                if key in self._by_form:
                    return self._by_form[key]
        return None

    def spans(self, text: str) -> list[tuple[int, int, Word]]:
        if self._regex is None:
            return []
        out = []
        for m in self._regex.finditer(text):
            word = self.lookup(m.group(0))
            if word is not None:
                out.append((m.start(), m.end(), word))
        return out


@lru_cache(maxsize=None)
def _hard_regex():
    return _words_regex((), {f for _, fs in hard_words() for f in fs})


def _name_spans(text: str, names) -> list[tuple[int, int]]:
    spans = []
    for name in sorted({n for n in names if n and len(n) > 1 and n in text}, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            whole = (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            if whole and not any(a < end and start < b for a, b in spans):
                spans.append((start, end))
            start = text.find(name, start + 1)
    return spans


def _inside(start: int, end: int, spans) -> bool:
    return any(a <= start and end <= b for a, b in spans)


# ---------------------------------------------------------------- the checker

def check_text(text: str, glossary: Glossary, names=(), one_sentence: bool = True, own_word: Word | None = None) -> list[tuple[str, str]]:
    """Everything wrong with one line of easy read, as (what is wrong, how to fix it) pairs."""
    found: list[tuple[str, str]] = []
    text = " ".join(str(text).split())
    parts = sentences(text)
    for m in _NOT_YOU.finditer(text):
        found.append((f"This line says '{m.group(0)}'. Easy read pages speak to the child or young person "
                      "who reads them, so they say 'you'.",
                      "Write it to the reader: 'You must live in Fernvale', not 'Your child must live in Fernvale'. "
                      "Call the adults 'your parent or carer' or 'your family'."))
    if one_sentence and len(parts) > 1:
        found.append((f"This line has {len(parts)} sentences: {show(text, 90)}. Easy read has one sentence on each line.",
                      f"Split it into {len(parts)} lines, each with its own picture."))
    for s in parts:
        n = word_count(s)
        if n > MAX_WORDS:
            found.append((f"This sentence has {n} words: {show(s, 90)}. Easy read sentences have {MAX_WORDS} words or fewer.",
                          "Make it shorter, or split it into two lines, each with its own picture."))
    protected = _name_spans(text, names) + [m.span() for m in _ADDRESS.finditer(text)]
    explained = [(a, b) for a, b, w in glossary.spans(text)]
    own = {f.lower() for f in own_word.forms} if own_word else set()
    seen = set()
    for m in _ACRONYM.finditer(text):
        short = m.group(1)
        if short in seen or _inside(m.start(), m.end(), protected) or _inside(m.start(), m.end(), explained):
            continue
        if short in glossary.acronyms or short.lower() in own:
            continue
        seen.add(short)
        found.append((f"'{short}' is a short form (an acronym) that is not explained.",
                      f"Write it out in full words, or add '{short}' to {GLOSSARY_FILE} with a plain meaning. "
                      "If it is an ordinary word in capital letters, write it in small letters."))
    for m in _hard_regex().finditer(text):
        word = m.group(0)
        if word.lower() in seen or _inside(m.start(), m.end(), protected) or _inside(m.start(), m.end(), explained):
            continue
        if own and (word.lower() in own or word.lower().rstrip("s") in own):
            continue
        seen.add(word.lower())
        listed = next((head for head, forms in hard_words()
                       if any(re.fullmatch(_form_pattern(f), word, re.I) for f in forms)), word.lower())
        found.append((f"'{word}' is a hard word, and the word list ({GLOSSARY_FILE}) does not explain it.",
                      f"Use an easier word, or add '{listed}' to {GLOSSARY_FILE} with a plain meaning."))
    return found


def check_picture(picture, alt) -> tuple[str, str, list[tuple[str, str]]]:
    """Return (icon file name, alt text, problems) for a line's picture."""
    if not isinstance(picture, str) or not picture:
        return "", "", [("This line has no picture. In easy read every idea has a picture beside it.",
                         "Add a line 'picture:' with a picture name from sbsite/data/pictures.yaml, such as 'picture: phone'.")]
    known = pictures()
    if picture in known:
        return known[picture]["icon"], (alt or known[picture]["alt"]), []
    if icon_exists(picture):
        if not alt:
            return picture, "", [(f"The picture '{picture}' has no alt text, the words that say what it shows for people who cannot see it.",
                                  "Add a line 'alt:' under 'picture:', such as 'alt: A school bus'. "
                                  "Or use a picture from sbsite/data/pictures.yaml, which already has alt text.")]
        return picture, alt, []
    return "", "", [(f"There is no picture called '{picture}'.{did_you_mean(picture, list(known))}",
                     "Use a picture name from sbsite/data/pictures.yaml, such as: " + ", ".join(list(known)[:12]) + ".")]


# ---------------------------------------------------------------- loading content

def _names_from(loaded: dict[str, Loaded]) -> tuple[str, ...]:
    council = loaded.get("content/council.yaml")
    data = council.data if council and isinstance(council.data, dict) else {}
    names = []
    for section, keys in (("council", ("name", "short_name")), ("lead_officer", ("name",)),
                          ("statement", ("coproduced_with",))):
        part = data.get(section)
        if isinstance(part, dict):
            names += [part.get(k) for k in keys if isinstance(part.get(k), str)]
    for a in data.get("areas") or [] if isinstance(data.get("areas"), list) else []:
        if isinstance(a, dict) and isinstance(a.get("name"), str):
            names.append(a["name"])
    return tuple(names)


def _provider_names(p: dict) -> tuple[str, ...]:
    names = [p.get("name"), p.get("organisation")]
    names += [v.get("name") for v in p.get("venues") or [] if isinstance(v, dict)]
    contact = p.get("contact")
    if isinstance(contact, dict):
        names.append(contact.get("name"))
    return tuple(n for n in names if isinstance(n, str))


def _lines(item: Loaded, path: tuple, raw, glossary: Glossary, names, problems: list) -> tuple:
    """Check each raw line and turn the good ones into Lines."""
    out = []
    for j, line in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(line, dict):
            continue
        here = path + (j,)
        text, picture, alt = line.get("text"), line.get("picture"), line.get("alt")
        if isinstance(text, str):
            at = item.locate(here + ("text",))
            for message, fix in check_text(text, glossary, names):
                problems.append(Problem(item.file, at[0], at[1], message, fix))
        if isinstance(picture, str) and picture:  # a missing 'picture' is reported by the schema
            icon, alt_text, found = check_picture(picture, alt if isinstance(alt, str) else "")
            at = item.locate(here + ("picture",))
            problems += [Problem(item.file, at[0], at[1], m, f) for m, f in found]
            if isinstance(text, str) and icon:
                out.append(Line(" ".join(text.split()), picture, icon, alt_text))
    return tuple(out)


def expected_files(loaded: dict[str, Loaded], pages: dict) -> dict[str, str]:
    """Easy read file each council page needs → the key of that page."""
    tiers = loaded.get("content/tiers.yaml")
    tier_list = tiers.data.get("tiers") if tiers and isinstance(tiers.data, dict) else None
    want = {f"{CONTENT_DIR}/home.yaml": "home", f"{CONTENT_DIR}/statement.yaml": "statement"}
    for t in tier_list if isinstance(tier_list, list) else []:
        if isinstance(t, dict) and isinstance(t.get("id"), str):
            want[f"{CONTENT_DIR}/tiers/{t['id']}.yaml"] = f"tier:{t['id']}"
    for slug_, _name, _data in pages.get("pages", []):
        want[f"{CONTENT_DIR}/local-offer/{slug_}.yaml"] = f"page:{slug_}"
    return want


def load_glossary(root: Path, names=(), memory: PreviewMemory | None = None) -> tuple[Glossary, list[Problem]]:
    item = load_file(root / GLOSSARY_FILE, GLOSSARY_FILE, "glossary.schema.json", memory=memory)
    problems = list(item.problems)
    if not problems:
        problems += schema_problems(item, "glossary.schema.json", memory=memory)
    raw = item.data.get("words") if isinstance(item.data, dict) else None
    words, first = [], {}
    for i, w in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(w, dict) or not isinstance(w.get("word"), str) or not isinstance(w.get("meaning"), str):
            continue
        forms = [w["word"]] + [a for a in (w.get("also") or []) if isinstance(a, str)]
        for form in forms:
            key = form if _is_acronym(form) else form.lower()
            if key in first:
                line, col = item.locate(("words", i, "word"))
                problems.append(Problem(item.file, line, col,
                                        f"The word '{form}' is in the word list twice (first on line {first[key]}).",
                                        "Keep one entry for it and delete the other."))
            else:
                first[key] = item.locate(("words", i, "word"))[0]
        icon, alt, found = check_picture(w.get("picture") or "word-list", w.get("alt"))
        if found:
            line, col = item.locate(("words", i, "picture"))
            problems += [Problem(item.file, line, col, m, f) for m, f in found]
        words.append(Word(w["word"], tuple(forms), " ".join(w["meaning"].split()), icon or "book-alphabet", alt or "A book with letters on it"))
    glossary = Glossary(words)
    for i, w in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(w, dict) and isinstance(w.get("meaning"), str):
            own = next((x for x in glossary.words if x.word == w.get("word")), None)
            line, col = item.locate(("words", i, "meaning"))
            for message, fix in check_text(w["meaning"], glossary, names, one_sentence=False, own_word=own):
                problems.append(Problem(item.file, line, col, message, fix))
    return glossary, problems


def load(root: Path, loaded: dict[str, Loaded], pages: dict,
         memory: PreviewMemory | None = None) -> tuple[EasyRead, list[Problem]]:
    """Read the word list, the council's easy read files and providers' own easy read lines.

    Returns what was read (docs keyed by the standard page's key) and every problem.
    The live preview's `memory` lets the files be read as the load stage reads its own.
    """
    root = Path(root)
    names = _names_from(loaded)
    glossary, problems = load_glossary(root, names, memory)
    docs: dict[str, Doc] = {}
    want = expected_files(loaded, pages)
    folder = root / CONTENT_DIR
    present = sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.yml")) if folder.is_dir() else []
    for path in present:
        name = path.relative_to(root).as_posix()
        if name not in want:
            problems.append(_stray(name, want))
            continue
        item = load_file(path, name, SCHEMA, memory=memory)
        problems += item.problems
        if item.problems:
            continue
        problems += schema_problems(item, SCHEMA, memory=memory)
        data = item.data if isinstance(item.data, dict) else {}
        sections = []
        for i, s in enumerate(data.get("sections") or [] if isinstance(data.get("sections"), list) else []):
            if isinstance(s, dict) and isinstance(s.get("heading"), str):
                lines = _lines(item, ("sections", i, "lines"), s.get("lines"), glossary, names, problems)
                if lines:
                    sections.append(Section(s["heading"], lines))
        if isinstance(data.get("title"), str) and sections:
            docs[want[name]] = Doc(want[name], data["title"], tuple(sections), name, names)
    for name, key in want.items():
        if not (root / name).is_file():
            what = {"home": "the home page", "statement": "the Short Breaks Services Statement"}.get(key)
            what = what or (f"the tier '{key[5:]}'" if key.startswith("tier:") else f"the Local Offer page '{key[5:]}'")
            problems.append(Problem(name, None, None, f"There is no easy read version of {what}. Every council page needs one.",
                                    f"Create {name}: copy another file in {CONTENT_DIR}/ and write the page in easy words, "
                                    "one idea and one picture on each line."))
    providers = loaded.get("providers.yaml")
    plist = providers.data.get("providers") if providers and isinstance(providers.data, dict) else None
    for i, p in enumerate(plist if isinstance(plist, list) else []):
        if isinstance(p, dict) and isinstance(p.get("id"), str) and p.get("easy_read") is not None:
            lines = _lines(providers, ("providers", i, "easy_read"), p["easy_read"], glossary,
                           names + _provider_names(p), problems)
            if lines:
                docs[f"provider:{p['id']}"] = Doc(f"provider:{p['id']}", "", (Section("", lines),), "providers.yaml",
                                                  names + _provider_names(p))
    return EasyRead(docs, glossary.words, glossary), problems


def _stray(name: str, want: dict) -> Problem:
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    folder = name.rsplit("/", 1)[0]
    choices = [w for w in want if w.rsplit("/", 1)[0] == folder]
    hint = did_you_mean(stem, [c.rsplit("/", 1)[-1].rsplit(".", 1)[0] for c in choices])
    if folder.endswith("/tiers"):
        what = f"'{stem}' is not a tier id in content/tiers.yaml."
    elif folder.endswith("/local-offer"):
        what = f"There is no Local Offer page called '{stem}.md' in content/pages/."
    else:
        what = "This file is not one sbsite knows."
    return Problem(name, None, None, f"{what}{hint} So this easy read file would never be shown.",
                   "Rename it to match its page (" + ", ".join(sorted(choices)) + "), or delete it.")


# ---------------------------------------------------------------- provider summaries

# What easy read says and shows for each value: from the one vocabulary, written to the
# child or young person reading it. A "there" sentence needs a place to point at: without a
# venue, a break's `easy_no_venue` sentence is used.
_NEEDS = {t.value: t.easy for t in vocabulary.NEEDS}
_BREAKS = {t.value: (t.easy, t.picture) for t in vocabulary.BREAK_TYPES if t.easy}
_BREAKS_NO_VENUE = {t.value: (t.easy_no_venue, t.picture) for t in vocabulary.BREAK_TYPES if t.easy_no_venue}
_ACCESS = {t.value: (t.easy, t.picture) for t in vocabulary.ACCESS}
# Words in a provider's photo alt text that show the thing a line is about. A photo whose
# alt text says "sensory room" shows their sensory room: better than any symbol.
_ACCESS_PHOTO_WORDS = {t.value: t.photo_words for t in vocabulary.ACCESS if t.photo_words}
_BREAK_PHOTO_WORDS = {t.value: t.photo_words for t in vocabulary.BREAK_TYPES if t.photo_words}
_ROUTES = {t.value: (t.easy, t.picture) for t in vocabulary.ROUTES}
_WHEN = {t.value: t.easy for t in vocabulary.WHEN}

# The picture for each thing a provider offers (its `services:`), by the first words found in
# it. Checked in order, so "wheelchair basketball" is basketball, not a wheelchair. Anything
# not listed gets the general 'activities' picture.
_SERVICE_PICTURES = (
    (("role-playing", "board game", "gaming", "games"), "games"),
    (("basketball",), "basketball"), (("bowling",), "bowling"), (("gym",), "gym"),
    (("football", "sport"), "sport"),
    (("hydrotherapy", "swim", "warm water", "splash"), "swimming"),
    (("sailing", "watersport"), "sailing"), (("rock pooling", "beach wheelchair"), "beach"),
    (("yoga", "relaxation", "breathing"), "yoga"),
    (("music", "drum", "singing", "recording"), "music"),
    (("drama", "puppet"), "drama"),
    (("art", "clay", "printing", "comics", "craft"), "art"),
    (("campfire",), "campfire"), (("badges",), "badge"), (("camping", "scouts"), "camping"),
    (("outdoor cooking", "forest school", "bushcraft", "outdoor skills", "outdoor play"), "outdoors"),
    (("cooking",), "cooking"), (("hot meal",), "meal"), (("cafe", "tea "), "cafe"),
    (("tractor", "farm"), "farm"), (("animals",), "animals"),
    (("cinema", "screening"), "cinema"), (("theme park", "rides", "ride access"), "theme-park"),
    (("rhyme time", "stories", "library"), "stories"),
    (("sensory",), "sensory"), (("soft play",), "soft-play"),
    (("stay and play", "play and learn", "play bus", "play"), "play"),
    (("sign", "makaton", "bsl"), "sign-language"),
    (("trips", "days out", "minibus", "transport", "travel training"), "trips"),
    (("life skills", "work experience"), "work"), (("adulthood",), "grow-up"),
    (("mentoring", "peer support", "workshops"), "talk"),
    (("siblings",), "brothers-sisters"), (("family",), "family"), (("creche", "day care"), "child"),
    (("quiet", "relaxed"), "quiet"), (("discount card",), "card"), (("ticket",), "ticket"),
    (("overnight", "residential", "sleep"), "overnight"),
    (("home visits", "home ideas", "portage", "sitting"), "home-visit"),
    (("nursing",), "health"),
    (("personal assistant", "support", "packages", "payroll", "link carers"), "helper"),
    (("club", "scheme", "group"), "club"),
)
_DAY_NAMES = tuple(d.capitalize() for d in model.DAYS)


def _line(text: str, picture: str, href: str = "") -> Line:
    info = pictures()[picture]
    return Line(text, picture, info["icon"], info["alt"], href)


def _photo_line(text: str, picture: str, p: model.Provider, photo) -> Line:
    """A line about the provider's place: its own photo if it has one, else the picture."""
    if photo is None:
        return _line(text, picture)
    return replace(_line(text, picture), photo=photo, provider_id=p.id, alt=photo.alt)


def _photo_with(p: model.Provider, words, used=()) -> object:
    """The provider's first photo (not in `used`) whose alt text or caption names one of `words`."""
    for ph in p.photos:
        if ph in used:
            continue
        said = f" {ph.alt} {ph.caption} ".lower()
        if any(w in said for w in words):
            return ph
    return None


def service_picture(service: str) -> str:
    """The picture for one thing a provider offers, from the words in it."""
    said = " " + " ".join(service.lower().split()) + " "
    for words, picture in _SERVICE_PICTURES:
        if any(re.search(r"(?<![a-z])" + re.escape(w), said) for w in words):
            return picture
    return "activities"


def service_words(service: str) -> str:
    """A provider's service as one line of easy read: a capital first letter, day names
    capitalised ('saturday club' → 'Saturday club'), short forms and names left as written."""
    words = " ".join(str(service).split()).split(" ")
    words = [w.capitalize() if w.lower() in {d.lower() for d in _DAY_NAMES} else w for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _join(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _packed(first: str, more: str, items, end: str = ".") -> list[str]:
    """Sentences listing `items`, each of MAX_WORDS words or fewer: 'first a, b and c.', 'more d.'"""
    out, chunk = [], []
    for item in items:
        prefix = more if out else first
        if chunk and word_count(prefix + " " + _join(chunk + [item]) + end) > MAX_WORDS:
            out.append(prefix + " " + _join(chunk) + end)
            chunk = []
        chunk.append(item)
    if chunk:
        out.append((more if out else first) + " " + _join(chunk) + end)
    return out


def day_words(days) -> str:
    """['monday', ..., 'friday'] → 'Monday to Friday'; runs of three or more days are joined."""
    idx = sorted(model.DAYS.index(d) for d in days)
    if len(idx) == 7:
        return "every day"
    groups, run = [], [idx[0]]
    for i in idx[1:]:
        if i == run[-1] + 1:
            run.append(i)
        else:
            groups.append(run)
            run = [i]
    groups.append(run)
    parts = []
    for g in groups:
        if len(g) >= 3:
            parts.append(f"{model.DAYS[g[0]].capitalize()} to {model.DAYS[g[-1]].capitalize()}")
        else:
            parts += [model.DAYS[i].capitalize() for i in g]
    return _join(parts)


def _session_lines(s: model.Session) -> list[Line]:
    picture = "overnight" if s.overnight else "evening" if s.evening else "weekend" if s.weekend else (
        "holiday" if s.when == "school-holidays" else "calendar")
    days = day_words(s.days)
    times = formats.time_range(s.start, s.end)
    on = "" if days == "every day" else "on "
    text = f"It runs {on}{days}, {times}, {_WHEN[s.when]}." if times else f"It runs {on}{days} {_WHEN[s.when]}."
    if word_count(text) <= MAX_WORDS:
        return [_line(text, picture)]
    return [_line(f"It runs {on}{days}.", picture), _line(f"It is {times} {_WHEN[s.when]}.", "time")]


def generate(site: model.Site, p: model.Provider) -> tuple:
    """The sections of a provider's easy read, written from its fields. Every fact comes from the data.

    Written to the child or young person reading it ("you"); one idea and one picture a line;
    where a line is about the provider's place, its own photo is the picture.
    """
    # Photos show one place, so they are used only when the provider has one venue; each photo once.
    one_place = bool(p.photos) and len(p.venues) == 1
    used: list = []

    def photo_for(words):
        found = _photo_with(p, words, used) if one_place else None
        if found is not None:
            used.append(found)
        return found

    what = [_line(f"This page is about {p.name}.", "information")]
    if "activities" in p.break_types:
        if p.services:
            shown = p.services[:4]
            what.append(_line("They offer these things:" if len(shown) > 1 else "They offer this:", "activities"))
            what += [_line(service_words(s), service_picture(s)) for s in shown]
        else:
            what.append(_line("There are fun things to do.", "activities"))
    for b in p.break_types:
        if b not in _BREAKS:
            continue
        text, picture = _BREAKS[b] if p.venues or b not in _BREAKS_NO_VENUE else _BREAKS_NO_VENUE[b]
        what.append(_photo_line(text, picture, p, photo_for(_BREAK_PHOTO_WORDS.get(b, ()))))

    low, high = p.ages
    people = "young adults" if low >= 18 else "children and young people" if high >= 12 else "children"
    ages = f"aged {low}" if low == high else f"aged {low} to {high}"
    who = [_line(f"It is for {people} {ages}.", "young-person" if low >= 11 else "child")]
    who += [_line(t, "helper") for t in _packed("It helps people with", "It also helps people with",
                                                [_NEEDS[n] for n in p.needs if n in _NEEDS])]
    if "1:1" in p.support and "2:1" in p.support:
        who.append(_line("One or two workers can be with you all the time.", "one-to-one"))
    elif "1:1" in p.support:
        who.append(_line("One worker can be with just you.", "one-to-one"))
    elif "2:1" in p.support:
        who.append(_line("Two workers can be with you.", "one-to-one"))
    if p.siblings_welcome:
        who.append(_line("Brothers and sisters can come too.", "brothers-sisters"))
    # Each declared list (vocabulary.PROVIDER_LISTS: languages): a line for each value with an
    # easy read sentence, unless the venue's access lines already say it (BSL, Makaton).
    said = {_ACCESS[a][0] for a in p.access if a in _ACCESS}
    for field in vocabulary.PROVIDER_LISTS:
        have = set(getattr(p, field.name))
        who += [_line(t.easy, t.picture) for t in field.terms if t.value in have and t.easy and t.easy not in said]

    access = [_photo_line(*_ACCESS[a], p, photo_for(_ACCESS_PHOTO_WORDS.get(a, ()))) for a in p.access if a in _ACCESS]
    where = []
    for v in p.venues[:3]:
        # The one place's own photo: the first one no other line shows.
        place_photo = next((ph for ph in p.photos if ph not in used), None) if one_place else None
        where.append(_photo_line(f"It happens at {v.name} in {site.area(v.area).name}.", "place", p, place_photo))
    if len(p.venues) > 3:
        others = len(p.venues) - 3
        where.append(_line(f"It also happens at {others} other {'place' if others == 1 else 'places'}.", "place"))
    if p.areas_served:
        places = [site.area(a).name for a in p.areas_served]
        if p.comes_to_you:
            first = "Workers can also come to you in" if p.venues else "Workers come to you in"
            where += [_line(t, "home-visit") for t in _packed(first, "They also come to", places)]
        else:
            where += [_line(t, "map") for t in _packed("It is for people who live in", "It is also for people in", places)]
    where += access

    when = []
    for s in p.sessions[:4]:
        when += _session_lines(s)
    if len(p.sessions) > 4:
        when.append(_line("Ask them about other times.", "time"))
    if not p.sessions:
        when.append(_line("You agree the days and times with them.", "calendar"))

    cost = []
    if p.cost.free:
        cost.append(_line("It is free.", "free"))
    elif p.cost.amount is not None:
        cost.append(_line(f"It costs {p.cost.text}.", "price"))
    else:
        cost.append(_line("Ask them how much it costs.", "price"))
    if p.cost.direct_payments:
        cost.append(_line("Your family can use a direct payment to pay.", "direct-payment"))
    if p.cost.carer_free:
        cost.append(_line("A parent or carer can go with you for free or pay less.", "parent"))

    get = [_line(*_ROUTES[p.booking_route])]
    if p.booking_url and markup.safe_url(p.booking_url):
        get.append(_line("You can fill in the form on their website.", "form", p.booking_url))

    sections = [Section("What it is", tuple(what)), Section("Who it is for", tuple(who)),
                Section("Where it is", tuple(where)), Section("When it is", tuple(when)),
                Section("What it costs", tuple(cost)), Section("How to get a place", tuple(get))]
    return tuple(sections)


_ROLE_WORDS = {"leader", "manager", "coordinator", "team", "officer", "worker", "coach", "adviser", "advisor",
               "tutor", "teacher", "librarian", "reception", "office", "bookings", "services", "volunteer"}


def _ask_for(name: str) -> str:
    """'Club leader' → 'Ask for the club leader.'; a person's name ('Priya Shah') stays as written."""
    words = name.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words) and words[-1].lower() not in _ROLE_WORDS:  # a person's name, or a title in capitals
        return f"Ask to speak to {name}."
    first = words[0]
    keep = first.isupper() or first in _DAY_NAMES or (len(words) > 1 and words[1][:1].isupper())
    role = " ".join([first if keep else first.lower()] + words[1:])
    plural = words[-1].lower().endswith("s") and not words[-1].lower().endswith("ss")  # "Bookings", "Guest services"
    return f"Ask for {role}." if plural or len(words) == 1 else f"Ask for the {role}."


def contact_section(p: model.Provider) -> Section:
    c = p.contact
    lines = []
    if c.get("name"):
        lines.append(_line(_ask_for(c["name"]), "talk"))
    if c.get("phone"):
        lines.append(_line(f"Phone them on {c['phone']}.", "phone"))
    if c.get("email"):
        lines.append(_line(f"Email them at {c['email']}.", "email"))
    if c.get("website") and markup.safe_url(c["website"]):
        lines.append(_line("Look at their website.", "website", c["website"]))
    lines.append(_line(f"We checked this page in {p.reviewed_date.strftime('%B %Y')}.", "checked"))
    return Section("Who to contact", tuple(lines))


def statement_extra(site: model.Site) -> tuple:
    """Dates and contacts for the statement, from council.yaml, so they never drift."""
    from datetime import date

    c, lead, st = site.council, site.lead_officer, site.statement
    month = lambda d: date.fromisoformat(d).strftime("%B %Y")  # noqa: E731
    dates = [_line(f"We wrote this statement in {month(st['published'])}.", "write"),
             _line(f"We will check it again by {month(st['next_review'])}.", "review-date")]
    if st.get("coproduced_with"):
        dates.append(_line(f"We wrote it with {st['coproduced_with']}.", "forum"))
    contact = [_line(f"Phone the Short Breaks Team on {c['phone']}.", "phone"),
               _line(f"Email them at {c['email']}.", "email")]
    if c.get("address"):
        contact.append(_line(f"Write to {c['address']}.", "letter"))
    contact.append(_line(f"{lead['name']} is in charge of short breaks.", "worker"))
    return (Section("When we wrote this", tuple(dates)), Section("Who to contact", tuple(contact)))


def _names_of(site: model.Site, p: model.Provider | None = None) -> tuple:
    names = [site.council["name"], site.council["short_name"], site.lead_officer["name"]]
    names += [a.name for a in site.areas]
    if site.statement.get("coproduced_with"):
        names.append(site.statement["coproduced_with"])
    if site.council.get("address"):
        names.append(site.council["address"])
    if p is not None:
        names += [p.name, p.organisation, p.contact.get("name") or ""] + [v.name for v in p.venues]
    return tuple(n for n in names if n)


def attach(site: model.Site, easy: EasyRead, memory: PreviewMemory | None = None) -> tuple[model.Site, list[Problem]]:
    """Complete the easy read versions with what is worked out from the data, and check it.

    With the live preview's `memory`, the lines written for providers that did not change
    are not checked again after an edit (PreviewMemory.easy_read, kept while the word list
    is the same); without it (`sbsite build`) every line is checked."""
    docs = dict(easy.docs)
    problems: list[Problem] = []
    glossary = easy.glossary
    site_names = _names_of(site)
    checked: dict = {}
    if memory is not None:  # the live preview: keep what was checked while the word list is the same
        if glossary.words not in memory.easy_read:
            memory.easy_read.clear()
        checked = memory.easy_read.setdefault(glossary.words, {})
    # A provider's own lines go on the Provider too, so that a change to them alone is a
    # change to the provider (the live preview redoes pages whose providers changed).
    providers = tuple(replace(p, easy_read=docs[f"provider:{p.id}"].sections[0].lines)
                      if f"provider:{p.id}" in docs else p for p in site.providers)
    for p in providers:
        key = f"provider:{p.id}"
        names = _names_of(site, p)
        own = docs.get(key)
        body = own.sections if own else generate(site, p)
        if own:
            body = (Section("About " + p.name, own.sections[0].lines),)
        sections = body + (contact_section(p),)
        generated = sections if not own else sections[-1:]
        for section in generated:
            for line in section.lines:
                # Most generated lines are the same for many providers: check each text once.
                seen_key = (line.text, tuple(n for n in names if n in line.text))
                if seen_key not in checked:
                    checked[seen_key] = check_text(line.text, glossary, names)
                for message, fix in checked[seen_key]:
                    problems.append(Problem("providers.yaml", p.line or None, None,
                                            f"The easy read summary we write for '{p.id}' has a problem: {message}",
                                            "Add your own 'easy_read:' lines to this provider (see the README), "
                                            f"or {fix[0].lower() + fix[1:]}"))
        docs[key] = Doc(key, f"{p.name}: easy read", sections, own.source if own else "generated", names)
    st = docs.get("statement")
    if st is not None:
        extra = statement_extra(site)
        for section in extra:
            for line in section.lines:
                for message, fix in check_text(line.text, glossary, site_names):
                    problems.append(Problem("content/council.yaml", None, None,
                                            f"The easy read statement's contact details have a problem: {message}", fix))
        docs["statement"] = replace(st, sections=st.sections + extra, names=site_names)
    return replace(site, providers=providers, easy_read=EasyRead(docs, easy.words, glossary)), problems


# ---------------------------------------------------------------- rendering

class View:
    """What the easy read templates call to write a line: escaped text, glossary links, pictures."""

    def __init__(self, site: model.Site):
        self.site = site
        self.glossary: Glossary = site.easy_read.glossary

    def picture(self, icon: str, alt: str, page_path: str, size: int = 96) -> Markup:
        src = posixpath.relpath(f"{PICTURE_DIR}/{icon}.svg", url_dir(page_path) or ".")
        return Markup(f'<img class="sb-easy__picture" src="{html.escape(src)}" alt="{html.escape(alt, quote=True)}" '
                      f'width="{size}" height="{size}">')

    def text(self, text: str, to, names=(), skip: Word | None = None, href: str = "") -> Markup:
        """Escape a line of easy read, linking glossary words, phone numbers and email addresses."""
        if href:
            return markup.link(href, text)
        protected = _name_spans(text, names)
        marks: list[tuple[int, int, str, object]] = []
        linked = set()
        for a, b, word in self.glossary.spans(text):
            if word == skip or word.word in linked or _inside(a, b, protected):
                continue
            linked.add(word.word)
            marks.append((a, b, "word", word))
        for m in _PHONE.finditer(text):
            if formats.is_uk_phone(m.group(1)):
                marks.append((m.start(1), m.end(1), "phone", None))
        for m in _EMAIL.finditer(text):
            if formats.is_email(m.group(0)):
                marks.append((m.start(), m.end(), "email", None))
        marks.sort(key=lambda x: (x[0], -x[1]))
        out, pos = [], 0
        for a, b, kind, word in marks:
            if a < pos:
                continue
            out.append(_plain(text[pos:a]))
            piece = text[a:b]
            if kind == "word":
                out.append(f"[{markup.inline(piece)}]({to('easy:words', word.anchor)})")
            elif kind == "phone":
                out.append(str(markup.link(formats.tel_href(piece), piece)))
            else:
                out.append(str(markup.link("mailto:" + piece, piece)))
            pos = b
        out.append(_plain(text[pos:]))
        return Markup("".join(out))

    def line(self, line: Line, to, page_path: str, names=()) -> Markup:
        if line.photo is not None:  # the provider's own photo of its place (escaped by sbsite.photos)
            pic = photos.picture(self.site, line.provider_id, line.photo, page_path, "story")
            return Markup(
                '<div class="sb-easy__line sb-easy__line--photo" markdown>\n'
                f'<div class="sb-easy__pic sb-easy__pic--photo">{pic}</div>\n'
                f'<p class="sb-easy__text" markdown>{self.text(line.text, to, names, href=line.href)}</p>\n'
                '</div>\n')
        return Markup(
            '<div class="sb-easy__line" markdown>\n'
            f'<div class="sb-easy__pic">{self.picture(line.icon, line.alt, page_path)}</div>\n'
            f'<p class="sb-easy__text" markdown>{self.text(line.text, to, names, href=line.href)}</p>\n'
            '</div>\n')

    def word(self, w: Word, to, page_path: str) -> Markup:
        return Markup(
            f'<div class="sb-easy__line sb-easy__entry" id="{w.anchor}" markdown>\n'
            f'<div class="sb-easy__pic">{self.picture(w.icon, w.alt, page_path)}</div>\n'
            '<div class="sb-easy__text" markdown>\n'
            f'<h2 class="sb-easy__term">{html.escape(w.word[:1].upper() + w.word[1:])}</h2>\n'
            f'<p markdown>{self.text(w.meaning, to, skip=w)}</p>\n'
            '</div>\n</div>\n')


def _plain(piece: str) -> str:
    """Escape plain text between links, keeping the single spaces at its edges."""
    if not piece:
        return ""
    if not piece.strip():
        return " "
    return (" " if piece[0].isspace() else "") + str(markup.inline(piece)) + (" " if piece[-1].isspace() else "")


def used_icons(site: model.Site) -> list[str]:
    icons = {pictures()[LINK_PICTURE]["icon"]}
    for doc in site.easy_read.docs.values():
        for section in doc.sections:
            icons.update(line.icon for line in section.lines if line.photo is None)
    icons.update(w.icon for w in site.easy_read.words)
    return sorted(icons)


def svg(icon: str) -> str:
    """An icon file ready to ship: dark on light, with its source named inside."""
    text = (icon_dir() / f"{icon}.svg").read_text(encoding="utf-8").strip()
    text = text.replace("<svg ", '<svg fill="#0b0c0c" ', 1)
    return f"<!-- {icon}: Material Design Icons by Pictogrammers, Apache 2.0 (see LICENSE.txt) -->\n{text}\n"


def pages(site: model.Site) -> list:
    """The easy read pages: one for each council page and provider, a word list, a booklet, the pictures."""

    easy = getattr(site, "easy_read", None)
    if easy is None:
        return []
    view = View(site)
    paths = {"home": "easy-read/index.md", "statement": "easy-read/statement.md"}
    specs = []
    order = ["home", "statement"] + [f"tier:{t.id}" for t in site.tiers] + \
            [f"page:{pg.slug}" for pg in site.pages] + [f"provider:{p.id}" for p in site.providers]
    for key in order:
        doc = easy.docs.get(key)
        if doc is None:
            continue
        kind, _, ident = key.partition(":")
        path = paths.get(key) or {"tier": f"easy-read/tiers/{ident}.md", "page": f"easy-read/local-offer/{ident}.md",
                                  "provider": f"easy-read/providers/{ident}.md"}[kind]
        specs.append(PageSpec(twin_key(key), path, "easy_read.md.j2", {"doc": doc, "easy": view}))
    specs.append(PageSpec("easy:words", "easy-read/words.md", "easy_read_words.md.j2", {"easy": view}))
    parts = [easy.docs["statement"]] if "statement" in easy.docs else []
    parts += [easy.docs[f"tier:{t.id}"] for t in site.tiers if f"tier:{t.id}" in easy.docs]
    specs.append(PageSpec("easy:booklet", "easy-read/statement-booklet.md", "easy_read_booklet.md.j2",
                          {"parts": parts, "easy": view}))
    for icon in used_icons(site):
        specs.append(PageSpec(f"easy:picture:{icon}", f"{PICTURE_DIR}/{icon}.svg", text=svg(icon)))
    specs.append(licence_page())
    return specs


def licence_page() -> PageSpec:
    """The pictures' licence, beside them (easy read's pages and stories both show them)."""
    licence = (icon_dir() / "LICENSE").read_text(encoding="utf-8")
    return PageSpec("easy:picture-licence", f"{PICTURE_DIR}/LICENSE.txt",
                    text="The pictures in this folder are Material Design Icons by Pictogrammers.\n"
                         "Their licence follows.\n\n" + licence)
