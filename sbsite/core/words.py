"""Dates, ages and days as families read them on every page (GOV.UK style).

Kept in one place so a provider page, the finder, My list and easy read never
write the same fact two ways.
"""
from __future__ import annotations

from datetime import date

from sbsite.core import model


def long_date(d) -> str:
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} {d.strftime('%B %Y')}"


def ages_text(ages) -> str:
    low, high = ages
    return f"{low} to {high} years" if low != high else f"{low} years"


def join_words(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def days_text(days) -> str:
    names = [d.capitalize() for d in days]
    weekdays = list(model.DAYS[:5])
    if list(days) == list(model.DAYS):
        return "Every day"
    if list(days) == weekdays:
        return "Monday to Friday"
    return join_words(names)
