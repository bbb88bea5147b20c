"""A problem found in the data, told the way a helpful colleague would tell it.

Loaders and validators return lists of these instead of raising, so that every
problem in every file can be shown at once and only the CLI decides how to print.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    message: str
    fix: str = ""

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f"\n    How to fix: {self.fix}"
        return text


def did_you_mean(value: object, choices) -> str:
    """Return " Did you mean 'x'?" for the closest choice, or "" if none is close."""
    if not isinstance(value, str):
        return ""
    lowered = {str(c).lower(): str(c) for c in choices}
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f" Did you mean '{lowered[match[0]]}'?" if match else ""


def show(value: object, limit: int = 60) -> str:
    """Quote a value for a message, shortened so a huge value cannot flood the screen."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a group of fields"
    text = str(value).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def sort_problems(problems):
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.message))
