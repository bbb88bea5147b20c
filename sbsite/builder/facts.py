"""What the builder is given and what it raises: plain data, no MkDocs."""
from __future__ import annotations

from dataclasses import dataclass


class BuildError(Exception):
    """The builder refused the generated pages (for example a broken link in content/)."""


@dataclass(frozen=True)
class SiteFacts:
    """What the builder needs from the data: small, so it can pass between processes.

    name: the site's name ("Fernvale short breaks"); url: its address; nav: the
    navigation as MkDocs writes it (a list of {"Title": "page.md"} and sections);
    epoch: the build date as seconds since 1970 (SOURCE_DATE_EPOCH), taken from the
    data so the same data always builds the same bytes.
    """

    name: str
    url: str
    nav: list
    epoch: str
