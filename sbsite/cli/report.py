"""How every command lists the problems it found: one place, so they all read the same."""
from __future__ import annotations

import sys

from sbsite.core.problems import Problem


def report_problems(problems: list[Problem]) -> None:
    n = len(problems)
    print(f"Found {n} problem{'s' if n != 1 else ''} in the data. Nothing was published.\n", file=sys.stderr)
    for p in problems:
        print(p.format() + "\n", file=sys.stderr)
    print("Fix these, then run the command again. The README's 'When the build fails' section explains more.",
          file=sys.stderr)
