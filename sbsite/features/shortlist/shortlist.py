"""The shortlist ("My list"): the short breaks a family picked, kept in the page address.

A family adds short breaks with "Add to my list" on finder cards and provider
pages (templates/assets/sbsite-tools.js, loaded on every page). The list lives in
the address of the shortlist page (`/shortlist/?ids=a,b`), so it can be shared,
bookmarked and printed, and is mirrored in the browser's local storage. There
are no cookies and no accounts, and nothing is sent anywhere.

What the printed summary needs for each provider (name, the key facts and
contact details) is in shard files, `shortlist/data-K.js`, so the page
downloads only the few files holding the short breaks on the list, however big
the directory. A provider's shard is a hash of its id (`shard_of`, written again
in sbsite-tools.js: the tests check both agree); the number of shards is a power
of two chosen from the number of providers (`shard_count`), about PER_SHARD
providers a file (3 to 5 KB gzipped, sessions and venue addresses included). The
page names the files with one version for them all (`data-{n}.js?v=...`) and how
many there are.
"""
from __future__ import annotations

import posixpath

from sbsite.core import formats
from sbsite.core import markup
from sbsite.core import model
from sbsite.core.urls import dumps, page_url, versioned
from sbsite.core.words import ages_text, days_text

PAGE = "shortlist/index.md"
PER_SHARD = 32  # providers a shard file holds at most on average (between half and all of this): 3 to 5 KB gzipped


def shard_name(k: int) -> str:
    return f"data-{k}.js"


def shard_count(n: int) -> int:
    """How many shard files for `n` providers: one up to PER_SHARD, then the smallest power
    of two that keeps each at PER_SHARD or fewer on average. A power of two, so providers
    only move between files when the directory doubles or halves."""
    count = 1
    while count * PER_SHARD < n:
        count *= 2
    return count


def id_hash(pid: str) -> int:
    """A 32-bit hash of a provider id (FNV-1a over its characters, then MurmurHash3's final
    mix so every bit depends on every character). Ids are ASCII slugs; sbsite-tools.js
    `idHash` computes the same number with Math.imul."""
    h = 0x811C9DC5
    for ch in pid:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def shard_of(pid: str, count: int) -> int:
    return id_hash(pid) % count


def session_lines(p: model.Provider) -> list[str]:
    """Each session as a family reads it on the printout, times written by `formats.time_range`
    here so the page's script never formats a time: "Saturday, 10am to 3pm. Term time." The
    venue is named only when the provider has more than one, so the line says which address."""
    named = len(p.venues) > 1
    lines = []
    for s in p.sessions:
        text = days_text(s.days)
        if s.start:
            text += ", " + formats.time_range(s.start, s.end)
        if s.overnight:
            text += ", overnight"
        text += ". " + model.WHEN_LABELS.get(s.when, s.when)
        if named and s.venue:
            text += ", at " + s.venue
        lines.append(text + ".")
    return lines or ["Times arranged with your family."]


def venue_lines(site: model.Site, p: model.Provider) -> list[str]:
    """Each venue's name and full address, so a printed list is enough to get there."""
    lines = []
    for v in p.venues:
        where = ", ".join(x for x in (v.address, v.postcode) if x) or site.area(v.area).name
        lines.append(f"{v.name}, {where}")
    return lines


def entry(site: model.Site, p: model.Provider) -> dict:
    """A provider's row in its shard file: short keys, and only the fields it has, because
    every byte is downloaded by each family whose list includes a provider of that file."""
    c = p.contact
    row = {
        "n": p.name, "s": p.summary, "g": ages_text(p.ages), "c": p.cost.text,
        "a": ", ".join(site.area(a).name for a in p.areas) or "Ask the provider",
        "d": session_lines(p), "v": venue_lines(site, p),
        "b": model.ROUTE_LABELS.get(p.booking_route, ""),
        "bu": markup.safe_url(p.booking_url) or "" if p.booking_url else "",
        "cn": c.get("name") or "", "ph": c.get("phone") or "",
        "pt": formats.tel_href(c["phone"]) if c.get("phone") else "",
        "em": c.get("email") or "", "w": markup.safe_url(c["website"]) or "" if c.get("website") else "",
    }
    return {k: v for k, v in row.items() if v}


def shards(site: model.Site) -> list[dict]:
    """Each shard's providers: {id: entry}, every shard present even if empty."""
    count = shard_count(len(site.providers))
    out: list[dict] = [{} for _ in range(count)]
    for p in site.providers:
        out[shard_of(p.id, count)][p.id] = entry(site, p)
    return out


def shard_js(k: int, rows: dict) -> str:
    return f"(window.sbShortlistData=window.sbShortlistData||{{}})[{k}]={dumps(rows)};\n"


def data_files(site: model.Site) -> dict[str, str]:
    """Every shard file's path and contents, in shard order."""
    return {f"shortlist/{shard_name(k)}": shard_js(k, rows) for k, rows in enumerate(shards(site))}


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec
    files = data_files(site)
    context = {
        "data_src": versioned("data-{n}.js", "".join(files.values())),  # one version for every shard
        "shards": len(files),
        "provider_base": page_url(PAGE, "providers/x.md")[: -len("x/")],
    }
    # Keys end in ".js", which no provider id can, so the live preview never takes a shard
    # for a page about one provider (render._about) and always remakes it.
    return [PageSpec("shortlist", PAGE, "shortlist.md.j2", context)] + [
        PageSpec(f"shortlist:{posixpath.basename(path)}", path, text=text) for path, text in files.items()]


def first_view(site: model.Site, ids: list[str]) -> list[str]:
    """The shortlist's own files a browser downloads to show a list of `ids`: the page and the
    shard files holding them (sbsite-tools.js, loaded on every page, is not counted)."""
    count = shard_count(len(site.providers))
    needed = sorted({shard_of(pid, count) for pid in ids})
    return [PAGE] + [f"shortlist/{shard_name(k)}" for k in needed]
