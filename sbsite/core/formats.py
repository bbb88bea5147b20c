"""Checks for the 'format' values used in our schemas.

Kept strict on purpose: a link or phone number that looks odd here will
look odd to a family, and a link that is not http(s) is never published.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from jsonschema import FormatChecker

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and ".." not in value


# Characters a web address may not contain unencoded (RFC 3986); a quote or angle bracket
# in a "link" is almost always an attempt to break out of the page's HTML. ({ and } are
# allowed: the council's repository addresses use {path} as a placeholder.)
_NOT_IN_URLS = set('"<>\\^`|')


def is_web_url(value: str) -> bool:
    if any(c.isspace() for c in value) or any(ord(c) < 32 for c in value) or _NOT_IN_URLS & set(value):
        return False
    parts = urlsplit(value)
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not host.startswith(".")


def phone_digits(value: str) -> str:
    return re.sub(r"[\s()-]", "", value)


def is_uk_phone(value: str) -> bool:
    digits = phone_digits(value)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    return bool(re.fullmatch(r"0[0-9]{9,10}", digits)) or bool(re.fullmatch(r"1[0-9]{2}|999|116[0-9]{3}", digits))


def tel_href(value: str) -> str:
    digits = phone_digits(value)
    return "tel:" + ("+44" + digits[1:] if digits.startswith("0") else digits)


def is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_time(value: str) -> bool:
    return bool(_TIME.match(value))


CHECKS = {"email": is_email, "web-url": is_web_url, "uk-phone": is_uk_phone, "date": is_date, "time-of-day": is_time}


def checker() -> FormatChecker:
    fc = FormatChecker(formats=())
    for name, func in CHECKS.items():
        fc.checks(name)(lambda v, f=func: not isinstance(v, str) or f(v))
    return fc


def clock(value: str) -> str:
    """A 24-hour "HH:MM" as families read it on GOV.UK: 10am, 9:30am, midday, 5:30pm, midnight.

    Data keeps "HH:MM" because it sorts, validates and exports to Open Referral and
    iCalendar unchanged; only what a family reads is written this way.
    """
    hours, minutes = (int(part) for part in value.split(":"))
    if minutes == 0 and hours in (0, 12):
        return "midnight" if hours == 0 else "midday"
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours}{suffix}" if minutes == 0 else f"{hours}:{minutes:02d}{suffix}"


def time_range(start: str | None, end: str | None = None) -> str:
    """'10am to 3pm', or 'from 10am' with no end: the GOV.UK way of writing a span of time."""
    if not start:
        return ""
    return f"{clock(start)} to {clock(end)}" if end else f"from {clock(start)}"
