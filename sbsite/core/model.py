"""The typed model the templates read. Built only from data that passed validation."""
from __future__ import annotations

import functools

from dataclasses import dataclass, field
from datetime import date

from sbsite.core import vocabulary

# Labels of every word list, from the one vocabulary (sbsite/core/vocabulary.py).
DAYS = tuple(t.value for t in vocabulary.DAYS)
NEED_LABELS = vocabulary.labels(vocabulary.NEEDS)
ACCESS_LABELS = vocabulary.labels(vocabulary.ACCESS)
BREAK_LABELS = vocabulary.labels(vocabulary.BREAK_TYPES)
WHEN_LABELS = vocabulary.labels(vocabulary.WHEN)
ROUTE_LABELS = vocabulary.labels(vocabulary.ROUTES)
PER_LABELS = vocabulary.labels(vocabulary.PER)
# The session 'when' values that count as running in each period. A session that runs
# all year runs in term time and in the holidays.
PERIOD_WHENS = {"term-time": ("term-time", "all-year"), "school-holidays": ("school-holidays", "all-year")}
# Break types delivered in the family's own home: only these make a service "come to you".
AT_HOME = tuple(t.value for t in vocabulary.BREAK_TYPES if t.at_home)

AGE_BANDS = (
    ("under-5", "Under 5", 0, 4),
    ("5-to-10", "5 to 10", 5, 10),
    ("11-to-17", "11 to 17", 11, 17),
    ("18-to-25", "18 to 25", 18, 25),
)


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Tier:
    id: str
    number: int
    name: str
    access: str
    summary: str
    who_for: str
    how_to_access: str
    cost: str


@dataclass(frozen=True)
class Venue:
    name: str
    area: str
    address: str = ""
    postcode: str = ""
    access: tuple = ()
    access_notes: str = ""


@dataclass(frozen=True)
class Session:
    days: tuple
    when: str
    start: str = ""
    end: str = ""
    venue: str = ""
    overnight: bool = False
    notes: str = ""

    @property
    def evening(self) -> bool:
        return bool(self.end) and self.end > "17:30" or bool(self.start) and self.start >= "17:00"

    @property
    def weekend(self) -> bool:
        return any(d in ("saturday", "sunday") for d in self.days)

    def runs_in(self, period: str) -> bool:
        """Does this session run in `period` ("term-time" or "school-holidays")?"""
        return self.when in PERIOD_WHENS[period]


@dataclass(frozen=True)
class Cost:
    free: bool
    amount: float | None = None
    per: str = ""
    direct_payments: bool = False
    carer_free: bool = False
    notes: str = ""

    @property
    def text(self) -> str:
        if self.free:
            return "Free"
        if self.amount is not None:
            price = f"£{self.amount:,.2f}".replace(".00", "")
            return f"{price} {PER_LABELS.get(self.per, '')}".strip()
        return "There is a charge"


@dataclass(frozen=True)
class Photo:
    """A provider's photo: a file in content/providers/<id>/photos/ (see sbsite.photos)."""
    file: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Quote:
    """Words from a parent or young person, credited in the form they agreed to."""
    text: str
    who: str
    date: date


STORY_STEPS = {
    "getting-there": "Getting there", "who-meets-you": "Who meets you", "the-room": "The room",
    "what-we-do": "What we do", "food-and-drink": "Food and drink", "quiet-space": "Quiet space",
    "going-home": "Going home",
}


@dataclass(frozen=True)
class StoryStep:
    """One step of a 'what to expect' story: a picture (a photo or an icon) and one short sentence."""
    step: str
    text: str
    photo: Photo | None = None
    icon: str = ""  # a Material Design Icons name (see sbsite.easy_read)
    alt: str = ""

    @property
    def heading(self) -> str:
        return STORY_STEPS.get(self.step, self.step)


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    summary: str
    description: str
    tiers: tuple
    ages: tuple  # (min, max)
    needs: tuple
    break_types: tuple
    cost: Cost
    booking_route: str
    booking_how: str
    reviewed_date: date
    reviewed_by: str
    organisation: str = ""
    services: tuple = ()
    support: tuple = ()
    siblings_welcome: bool = False
    venues: tuple = ()
    areas_served: tuple = ()
    sessions: tuple = ()
    booking_url: str = ""
    eligibility: str = ""
    contact: dict = field(default_factory=dict)
    line: int = 0
    photos: tuple = ()
    quotes: tuple = ()
    story: tuple = ()
    # The provider's own easy read lines from providers.yaml, if any (see sbsite.easy_read).
    easy_read: tuple = ()
    # The lists declared in vocabulary.PROVIDER_LISTS (filled by the loader from the field of
    # the same name): the languages it is delivered in.
    languages: tuple = ()

    @property
    def initial(self) -> str:
        """The letter the A to Z list files this provider under."""
        first = next((c for c in self.name if c.isalnum()), "#").upper()
        return first if "A" <= first <= "Z" else "0 to 9" if first.isdigit() else "Other"

    @property
    def areas(self) -> tuple:
        """Every area the provider reaches, venues first, in a stable order."""
        seen = []
        for a in [v.area for v in self.venues] + list(self.areas_served):
            if a not in seen:
                seen.append(a)
        return tuple(seen)

    @property
    def lists(self) -> tuple:
        """(vocabulary.ProviderList, labels of this provider's values) for each declared list it has."""
        out = []
        for field in vocabulary.PROVIDER_LISTS:
            labels = vocabulary.labels(field.terms)
            have = set(getattr(self, field.name))
            if have:
                out.append((field, tuple(label for value, label in labels.items() if value in have)))
        return tuple(out)

    @property
    def access(self) -> tuple:
        found = {a for v in self.venues for a in v.access}
        return tuple(a for a in ACCESS_LABELS if a in found)

    @property
    def days(self) -> tuple:
        found = {d for s in self.sessions for d in s.days}
        return tuple(d for d in DAYS if d in found)

    @property
    def when(self) -> tuple:
        found = {s.when for s in self.sessions}
        return tuple(w for w in WHEN_LABELS if w in found)

    def runs_in(self, period: str) -> bool:
        """Does this break run in `period` ("term-time" or "school-holidays")?

        The one definition the statement's count, the compliance check, the gap matrix, the
        spreadsheet and the finder's filter all use, so they always agree. A break with no
        fixed sessions is arranged with each family, so it can happen in either period.
        """
        return not self.sessions or any(s.runs_in(period) for s in self.sessions)

    @property
    def comes_to_you(self) -> bool:
        """Is the break delivered in the family's own home? Only its break types say so:
        'areas_served' says where families can come from, not that staff visit (a family link
        carer covers every area but the child goes to the carer's home)."""
        return any(b in AT_HOME for b in self.break_types)


@dataclass(frozen=True)
class Page:
    """A Markdown page written by the council or forum in content/."""
    slug: str
    title: str
    summary: str
    order: int
    body: str
    source: str
    covers: tuple = ()


@dataclass(frozen=True)
class WhoCanGo:
    """How a family gets a place: `kind` is open, book-direct, self-referral, professional-referral
    or assessment; `criteria` is "all" when every tier it is in has criteria, "some" when only
    some do (an open tier too), "" when none do."""
    kind: str
    criteria: str = ""

    @property
    def headline(self) -> str:
        return {"open": "Open to everyone", "book-direct": "Book directly", "self-referral": "Refer yourself",
                "professional-referral": "Needs a referral from a professional",
                "assessment": "Needs an assessment"}[self.kind]


@dataclass(frozen=True)
class Site:
    council: dict
    lead_officer: dict
    statement: dict
    settings: dict
    areas: tuple
    tiers: tuple
    eligibility: dict
    providers: tuple
    pages: tuple
    statement_sections: tuple
    regulations: dict
    # Every data file's validated values with optional fields filled in (file name → data),
    # for features that read a file of their own, and the project folder it came from.
    files: dict = field(default_factory=dict, compare=False, repr=False)
    root: object = field(default=None, compare=False, repr=False)
    # The easy read versions of pages and the word list (sbsite.easy_read.EasyRead).
    easy_read: object = field(default=None, compare=False, repr=False)
    # The features this site is built with (sbsite.core.feature.Feature), in page order:
    # every stage reads them from here, so they are chosen once, by whoever loads the site.
    features: tuple = field(default=(), compare=False, repr=False)
    # The live preview's memory between builds (sbsite.core.memory.PreviewMemory), handed
    # to load_site and kept here for the render stage (the search index); None in a build.
    memory: object = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def memo(self) -> dict:
        """What one build works out once and every page reuses (the page list, the
        history of the data, the build date), by name. It belongs to this Site: a new
        Site (after an edit) starts with none, so nothing is kept in module globals."""
        return {}

    def tier(self, tier_id: str) -> Tier:
        return next(t for t in self.tiers if t.id == tier_id)

    def who_can_go(self, p: Provider) -> "WhoCanGo":
        """Who can go to `p` and how, for the top of its page: from its tiers' access and its booking route."""
        access = {self.tier(t).access for t in p.tiers}
        route = p.booking_route
        if route == "assessment" or access == {"assessment"}:
            kind = "assessment"
        elif route in ("professional-referral", "self-referral"):
            kind = route
        else:
            kind = "open" if "open" in access else "book-direct"
        criteria = "all" if "open" not in access else "some" if access - {"open"} else ""
        return WhoCanGo(kind, criteria)

    @functools.cached_property
    def _providers_by_id(self) -> dict:
        return {p.id: p for p in self.providers}

    def provider(self, provider_id: str):
        """The provider with this id, or None. Looked up by id, not by searching the list:
        a page per provider each searching every provider made 10,000 providers a minute slower."""
        return self._providers_by_id.get(provider_id)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def providers_in_tier(self, tier_id: str) -> list:
        return [p for p in self.providers if tier_id in p.tiers]

    def providers_in_area(self, area_id: str) -> list:
        return [p for p in self.providers if area_id in p.areas]

    def providers_for_ages(self, low: int, high: int) -> list:
        return [p for p in self.providers if p.ages[0] <= high and p.ages[1] >= low]
