"""Every word list of the data in one place: for each value a provider may write, what
families read, what easy read says and shows, and the other words people use for it.

The schema (sbsite/schemas/providers.schema.json) says which values are allowed; this
module says what each one means to a reader. tests/test_vocabulary.py checks that the
two agree, so a value added to the schema without its words here fails the tests.
Labels, easy read lines, Open Referral terms, the finder's options and the importers'
synonyms are all read from here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    value: str                    # as written in the data
    label: str                    # what families read on pages and in the finder
    easy: str = ""                # easy read: the sentence (or, for needs, the words) about it
    picture: str = ""             # easy read picture (a name in sbsite/data/pictures.yaml)
    words: tuple[str, ...] = ()   # other words for it, lower case: imports, and searches
    photo_words: tuple[str, ...] = ()  # words in a photo's alt text that show it (easy read uses the photo)


def labels(terms: tuple[Term, ...]) -> dict[str, str]:
    return {t.value: t.label for t in terms}


def by_value(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {t.value: t for t in terms}


DAYS = tuple(Term(d, d.capitalize()) for d in
             ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))

NEEDS = (
    Term("autism", "Autism", "autism", words=("autistic", "asd", "asc", "autism spectrum")),
    Term("learning-disability", "Learning disability", "a learning disability",
         words=("learning disabilities", "ld", "learning difficulty", "learning difficulties")),
    Term("physical-disability", "Physical disability", "a physical disability",
         words=("physical disabilities", "mobility", "wheelchair user")),
    Term("semh", "Social, emotional and mental health", "mental health needs",
         words=("social emotional and mental health", "mental health", "emotional")),
    Term("complex-health", "Complex health needs", "health needs",
         words=("complex health", "medical needs", "pmld", "profound and multiple learning disabilities")),
    Term("sensory", "Sensory impairment (sight or hearing)", "sight or hearing loss",
         words=("sensory impairment", "visual impairment", "hearing impairment", "deaf", "blind")),
    Term("speech-language", "Speech, language and communication", "talking or communication needs",
         words=("speech and language", "slcn", "communication")),
    Term("adhd", "ADHD", "ADHD", words=("attention deficit",)),
)

ACCESS = (
    Term("parking", "Parking", "There is parking.", "parking", words=("parking", "car park"),
         photo_words=("car park", "parking")),
    Term("step-free", "Step-free access", "You can get in without using steps.", "wheelchair",
         words=("wheelchair", "step free", "ramp", "lift")),
    Term("accessible-toilet", "Accessible toilet", "There is a toilet for disabled people.", "toilet",
         words=("disabled toilet", "accessible toilet")),
    Term("changing-places", "Changing Places toilet", "There is a Changing Places toilet.", "changing-places",
         words=("changing places",), photo_words=("changing places",)),
    Term("hoist", "Hoist", "There is a hoist to help lift people.", "hoist", words=("hoist",), photo_words=("hoist",)),
    Term("hearing-loop", "Hearing loop", "There is a hearing loop.", "hearing-loop",
         words=("hearing loop", "induction loop")),
    Term("quiet-space", "Quiet space", "There is a quiet room.", "quiet", words=("quiet",),
         photo_words=("quiet room",)),
    Term("sensory-room", "Sensory room", "There is a sensory room.", "sensory", words=("sensory room",),
         photo_words=("sensory room",)),
    Term("bsl", "British Sign Language (BSL)", "Staff can use British Sign Language.", "sign-language",
         words=("bsl", "british sign language")),
    Term("makaton", "Makaton", "Staff can use Makaton signs.", "sign-language", words=("makaton",)),
    Term("public-transport", "Near public transport", "You can get there by bus or train.", "travel",
         words=("bus", "train")),
)


@dataclass(frozen=True)
class BreakType(Term):
    # Whether the break is delivered in the family's own home: only these services "come to
    # you" (a provider page, its calendar and its easy read twin all ask Provider.comes_to_you).
    at_home: bool = False
    easy_no_venue: str = ""       # the easy read sentence when there is no place to point at


BREAK_TYPES = (
    BreakType("day-care-at-home", "Day care in your home", "A carer looks after you at home in the day.",
              "home-visit", words=("day care at home", "sitting service", "home support"), at_home=True),
    BreakType("day-care-elsewhere", "Day care somewhere else", "You can spend the day there with the staff.",
              "building", words=("day care", "day centre", "holiday scheme", "playscheme"),
              photo_words=("playroom", "lounge", "hall"),
              easy_no_venue="You can spend the day away from home with the staff."),
    BreakType("overnight-at-home", "Overnight care in your home", "A carer can stay the night at your home.",
              "overnight", words=("overnight at home", "night sitting"), at_home=True),
    BreakType("overnight-elsewhere", "Overnight care somewhere else", "You can stay the night there.", "overnight",
              words=("overnight", "overnights", "respite", "sleepover", "short stay", "residential"),
              photo_words=("bedroom", "bed "), easy_no_venue="You can stay the night away from home."),
    BreakType("activities", "Activities outside the home", words=("activities", "clubs", "leisure", "play")),
    BreakType("support-in-community", "Support to go out in the community", "A worker helps you go out and do things.",
              "out-and-about", words=("community support", "personal assistant", "befriending")),
)

ROUTES = (
    Term("book-direct", "Book directly", "You can book a place with them yourself.", "book",
         words=("book direct", "book online", "booking")),
    Term("self-referral", "Refer yourself", "You can contact them yourself to ask for a place.", "ask",
         words=("self referral", "self-refer", "refer yourself")),
    Term("professional-referral", "Referral by a professional",
         "A doctor, teacher or other worker must ask for a place for you.", "doctor",
         words=("professional referral", "referral")),
    Term("assessment", "After a needs assessment", "A social worker must meet you first to check what you need.",
         "social-worker", words=("assessment", "needs assessment", "social care assessment")),
)

WHEN = (
    Term("term-time", "Term time", "in term time", words=("term time", "term-time", "school term")),
    Term("school-holidays", "School holidays", "in the school holidays",
         words=("school holidays", "holidays", "holiday")),
    Term("all-year", "All year", "all year", words=("all year", "all year round", "year round")),
)

SUPPORT = (
    Term("1:1", "One-to-one support (one member of staff for one child)", words=("1:1", "one to one", "one-to-one")),
    Term("2:1", "Two-to-one support (two members of staff for one child)", words=("2:1", "two to one", "two-to-one")),
)

@dataclass(frozen=True)
class Language(Term):
    # The ISO 639 code Open Referral wants (ISO 639-1 where there is one, else 639-3:
    # British Sign Language is "bfi"). Makaton has none, so its code is "".
    code: str = ""


# The languages a service is delivered in (a provider's `languages:`). English has no easy
# read line: it is the language of the page itself.
LANGUAGES = (
    Language("english", "English", code="en"),
    Language("bsl", "British Sign Language (BSL)", "Staff can use British Sign Language.", "sign-language",
             words=("bsl", "british sign language", "sign language"), code="bfi"),
    Language("makaton", "Makaton", "Staff can use Makaton signs.", "sign-language",
             words=("makaton",)),
    Language("welsh", "Welsh", "Staff can speak Welsh.", "talk", words=("cymraeg",), code="cy"),
    Language("polish", "Polish", "Staff can speak Polish.", "talk", words=("polski",), code="pl"),
    Language("urdu", "Urdu", "Staff can speak Urdu.", "talk", code="ur"),
    Language("punjabi", "Punjabi", "Staff can speak Punjabi.", "talk", words=("panjabi",), code="pa"),
    Language("bengali", "Bengali", "Staff can speak Bengali.", "talk", words=("bangla", "sylheti"), code="bn"),
    Language("gujarati", "Gujarati", "Staff can speak Gujarati.", "talk", code="gu"),
    Language("arabic", "Arabic", "Staff can speak Arabic.", "talk", code="ar"),
    Language("somali", "Somali", "Staff can speak Somali.", "talk", code="so"),
    Language("romanian", "Romanian", "Staff can speak Romanian.", "talk", code="ro"),
    Language("portuguese", "Portuguese", "Staff can speak Portuguese.", "talk", code="pt"),
    Language("spanish", "Spanish", "Staff can speak Spanish.", "talk", code="es"),
    Language("french", "French", "Staff can speak French.", "talk", code="fr"),
    Language("chinese", "Chinese (Cantonese or Mandarin)", "Staff can speak Chinese.", "talk",
             words=("cantonese", "mandarin", "chinese"), code="zh"),
    Language("tamil", "Tamil", "Staff can speak Tamil.", "talk", code="ta"),
    Language("turkish", "Turkish", "Staff can speak Turkish.", "talk", code="tr"),
)

PER = tuple(Term(value, label) for value, label in (
    ("session", "a session"), ("hour", "an hour"), ("day", "a day"), ("week", "a week"),
    ("term", "a term"), ("year", "a year"), ("visit", "a visit")))

# The schema's enum for each list above ($defs name, or a property path), for the test
# that keeps this module and the schema in step.
SCHEMA_ENUMS = {
    "day": DAYS, "need": NEEDS, "access": ACCESS, "break_type": BREAK_TYPES,
    "when": WHEN, "route": ROUTES, "support": SUPPORT, "per": PER, "language": LANGUAGES,
}


@dataclass(frozen=True)
class ProviderList:
    """A provider field that is a list of one word list's values, and nothing more.

    Declaring one here is all most of the site needs: the loader fills the model.Provider
    attribute of that name, the provider page shows it in the key facts, easy read gives
    each value with an `easy` sentence a line and its picture, the finder has a filter
    group for it (with counts, in Python and in finder.js) and the spreadsheet a column.
    What is left is the schema, the model's attribute, and Open Referral, whose tables
    differ for each field.
    """
    name: str                     # the key in providers.yaml, and the model.Provider attribute
    terms: tuple[Term, ...]
    label: str                    # the key fact on the provider page: "Languages"
    filter_label: str             # the finder's filter group: "Language"
    param: str                    # the finder's query-string parameter
    match: str = "any"            # finder: "any" (one value is enough) or "all" (every value)


PROVIDER_LISTS = (
    ProviderList("languages", LANGUAGES, "Languages", "Language", "language"),
)


def synonyms(terms: tuple[Term, ...]) -> dict[str, str]:
    """Every word people use for a value (its label and value too), lower case → value,
    longest first so the most specific words are tried first."""
    found: dict[str, str] = {}
    for t in terms:
        for word in (t.value.replace("-", " "), t.label.lower(), *t.words):
            found.setdefault(word.lower(), t.value)
    return dict(sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0])))
