"""What's changed: recent changes to listings and pages, read from the git history.

Only committed history is used (never the working copy), so the same commit
always gives the same page. Each provider's "last changed" date comes from
`git blame` of providers.yaml at HEAD: the newest commit that touched any line
of its entry. Merges are read along the main line (first parent), so a change
made in a pull request counts from the day it was merged.

An entry untouched since the commit that first added providers.yaml is "not
changed since" that date (its content is older than the history), and lines
older than a shallow clone's history give no date at all rather than a wrong one.

Without git, outside a git repository (a tarball), or when providers.yaml has
never been committed, `history()` says why history is not available and a
listing says nothing about when it changed (its "last checked" date still shows).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

from sbsite.core import model

TRACKED = ("providers.yaml", "content")
MAX_COMMITS = 100  # how far back the page looks
MAX_PER_COMMIT = 12  # more changes than this in one commit are summarised
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ZERO = "0" * 40

FILE_WORDS = {
    "content/council.yaml": "The council's contact details and site settings were updated",
    "content/tiers.yaml": "The types of short break were updated",
    "content/eligibility.yaml": "Who can get targeted and specialist short breaks was updated",
    "content/you-said-we-did.yaml": "You said, we did was updated",
    "content/glossary.yaml": "The easy read word list was updated",
    "content/accessibility.yaml": "The accessibility statement was updated",
}
FILE_KEYS = {"content/tiers.yaml": "tiers", "content/eligibility.yaml": "statement",
             "content/you-said-we-did.yaml": "you_said_we_did"}


@dataclass(frozen=True)
class Change:
    when: date
    text: str
    key: str | None = None  # the page it links to, when that page still exists
    anchor: str = ""


@dataclass(frozen=True)
class History:
    available: bool
    reason: str = ""  # why not, in plain words
    head: str = ""
    shallow: bool = False
    changes: tuple = ()  # newest first
    provider_changed: dict = field(default_factory=dict)  # provider id -> date its entry last changed
    provider_since: dict = field(default_factory=dict)  # provider id -> date published, unchanged since


class _GitError(Exception):
    pass


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX")}
    env.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, input=stdin,
                              capture_output=True, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _GitError(str(exc)) from None
    if done.returncode != 0:
        raise _GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def _commit_date(iso: str) -> date:
    return datetime.fromisoformat(iso).date()


def history(root: Path | None, providers_now: dict | None = None, pages_now: set | None = None) -> History:
    """Read the history of providers.yaml and content/ under `root`.

    `providers_now` (id -> name) and `pages_now` (content file paths) say which
    pages exist in this build, so changes link only to pages that are there.
    """
    if root is None:
        return History(False, "this copy of the site was built without its project folder")
    root = Path(root)
    if shutil.which("git") is None:
        return History(False, "git is not installed where this site was built")
    try:
        shallow, prefix, head = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD") \
            .decode().split("\n")[:3]
        _git(root, "cat-file", "-e", f"HEAD:{prefix}providers.yaml")
    except (_GitError, ValueError):
        return History(False, "this copy of the site has no git history (for example, it came from a download)")
    try:
        log = _git(root, "log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--relative",
                   "--raw", "--no-abbrev", f"-n{MAX_COMMITS}", "--format=commit %H %cI", "--", *TRACKED).decode()
        commits = _parse_log(log)
        patches = _provider_patches(root, [sha for sha, _, files in commits
                                           if any(f[3] == "providers.yaml" and f[0] == "M" for f in files)])
        published = _published_counts(root, prefix, [sha for sha, _, files in commits
                                                      if any(f[3] == "providers.yaml" and f[0] == "A" for f in files)])
        blobs = _read_blobs(root, {b for c in commits for _, old, new, path in c[2] for b in (old, new)
                                   if b != _ZERO and (path.endswith(".md") or path == "content/you-said-we-did.yaml")})
        changed, since = _last_changed(root, prefix, shallow == "true")
    except (_GitError, UnicodeDecodeError) as exc:
        return History(False, f"git could not read the history ({str(exc)[:200]})")
    changes: list[Change] = []
    for sha, when, files in commits:
        changes += _describe(when, files, blobs, providers_now or {}, pages_now or set(),
                             patches.get(sha) or _Patch(new_file=sha in published, count=published.get(sha, 0)))
    return History(True, head=head, shallow=shallow == "true", changes=tuple(changes), provider_changed=changed,
                   provider_since=since)


def _parse_log(text: str) -> list:
    commits = []
    for line in text.splitlines():
        if line.startswith("commit "):
            _, sha, iso = line.split(" ", 2)
            commits.append((sha, _commit_date(iso), []))
        elif line.startswith(":") and commits:
            meta, _, path = line.partition("\t")
            parts = meta.split()
            commits[-1][2].append((parts[4][0], parts[2], parts[3], path))
    return [c for c in commits if c[2]]


def _read_blobs(root: Path, shas: set) -> dict:
    if not shas:
        return {}
    order = sorted(shas)
    out = _git(root, "cat-file", "--batch", stdin=("\n".join(order) + "\n").encode())
    blobs, pos = {}, 0
    for sha in order:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        blobs[sha] = out[pos:pos + size].decode("utf-8", "replace")
        pos += size + 1
    return blobs


_TITLE = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def _title(text: str | None, path: str) -> str:
    if text:
        m = _TITLE.match(text.replace("\r\n", "\n"))
        if m:
            try:
                front = yaml.load(m.group(1), Loader=_LOADER)
                if isinstance(front, dict) and isinstance(front.get("title"), str):
                    return front["title"]
            except yaml.YAMLError:
                pass
    return Path(path).stem.replace("-", " ").capitalize()


def _summarise(when: date, items: list[Change], many: str) -> list[Change]:
    if len(items) <= MAX_PER_COMMIT:
        return items
    names = [c.text for c in items[:3]]
    return [Change(when, f"{len(items)} {many}, including: " + "; ".join(names) + ".")]


def _describe(when: date, files: list, blobs: dict, providers_now: dict, pages_now: set,
              patch: "_Patch | None" = None) -> list[Change]:
    """One commit's changes in plain words: listings first, then pages, then everything else."""
    listings, pages, other = [], [], []
    easy_read, pictures = False, []
    for status, old, new, path in sorted(files, key=lambda f: f[3]):
        before, after = blobs.get(old), blobs.get(new)
        if path == "providers.yaml":
            listings += _provider_changes(when, status, patch, providers_now)
        elif path.endswith(".md") and path.startswith(("content/pages/", "content/statement/")):
            statement = path.startswith("content/statement/")
            title = _title(after if status != "D" else before, path)
            slug = Path(path).stem
            key = "statement" if statement else (f"page:{slug}" if path in pages_now else None)
            if statement:
                text = {"A": "New section in the Short Breaks Services Statement: ",
                        "D": "Section removed from the Short Breaks Services Statement: "}.get(
                    status, "Short Breaks Services Statement updated: ") + title
            else:
                text = {"A": "New page: ", "D": "Page removed: "}.get(status, "Page updated: ") + title
            pages.append(Change(when, text, key if status != "D" else None))
        elif path == "content/you-said-we-did.yaml":
            pages += _feedback_changes(when, before, after)
        elif path in FILE_WORDS:
            other.append(Change(when, FILE_WORDS[path], FILE_KEYS.get(path)))
        elif path.startswith("content/easy-read/"):
            easy_read = True
        elif path.startswith("content/providers/") and path.count("/") >= 3:
            ident = path.split("/")[2]  # content/providers/<id>/photos/...: a provider's own pictures
            if ident not in pictures:
                pictures.append(ident)
        elif path.startswith("content/") and path.endswith((".yaml", ".md")) and path.count("/") == 1:
            other.append(Change(when, f"{Path(path).stem.replace('-', ' ').capitalize()} was updated"))
    if easy_read:
        other.append(Change(when, "The easy read pages were updated"))
    other += [Change(when, f"Photos and pictures updated for {providers_now.get(i, i)}",
                     f"provider:{i}" if i in providers_now else None)
              for i in sorted(pictures, key=lambda i: (str(providers_now.get(i, i)).lower(), i))]
    return listings + pages + other


# One provider entry starts at a '- id:' line (the form the README, the schema and
# `sbsite new-provider` all use), so changes can be read from the diff alone,
# whatever the size of the file: nothing is parsed but the changed lines.
_ID_LINE = re.compile(r"""^(\s*)-\s+id:\s*["']?([^"'\s#]+)["']?\s*(#.*)?$""")
_NAME_LINE = re.compile(r"^\s+name:\s*(.+?)\s*$")
_REVIEW_LINE = re.compile(r"^\s+(date|by):")
_ATTRS = "providers.yaml diff=sbsite-providers\n"


@dataclass
class _Patch:
    new_file: bool = False
    count: int = 0  # entries in the file, when it was new
    deleted: bool = False
    hunks: list = field(default_factory=list)  # (id named in the hunk header, [(sign, text)])


def _published_counts(root: Path, prefix: str, shas: list) -> dict:
    """sha -> how many entries providers.yaml had when it was first added (counted by git, not read here)."""
    out = {}
    for sha in shas:
        text = _git(root, "grep", "-c", "-E", r"^[[:space:]]*-[[:space:]]+id:", sha, "--", "providers.yaml").decode()
        out[sha] = sum(int(line.rsplit(":", 1)[1]) for line in text.splitlines() if line.rsplit(":", 1)[-1].isdigit())
    return out


def _provider_patches(root: Path, shas: list) -> dict:
    """sha -> _Patch for providers.yaml, from one `git log -p -U0` (hunk headers name the entry).

    Only commits that changed the file are asked for, so the size of the whole file never matters.
    """
    if not shas:
        return {}
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".gitattributes", delete=False) as f:
        f.write(_ATTRS)
    try:
        text = _git(root, "-c", f"core.attributesFile={f.name}",
                    "-c", "diff.sbsite-providers.xfuncname=^[ \t]*- id:.*$",
                    "log", "--no-walk=unsorted", "--diff-merges=first-parent", "--no-renames", "--relative", "-p",
                    "-U0", "--no-color", "--no-ext-diff", "--format=commit %H", *shas,
                    "--", "providers.yaml").decode("utf-8", "replace")
    finally:
        os.unlink(f.name)
    patches: dict = {}
    current = None
    for line in text.split("\n"):
        if line.startswith("commit ") and len(line) == 47:
            current = patches.setdefault(line[7:], _Patch()) if line[7:] in shas else None
        elif current is None:
            continue
        elif line.startswith("--- /dev/null"):
            current.new_file = True
        elif line.startswith("+++ /dev/null"):
            current.deleted = True
        elif line.startswith("@@"):
            header = line.split("@@", 2)[2] if line.count("@@") >= 2 else ""
            m = _ID_LINE.match(header.strip())
            current.hunks.append((m.group(2) if m else None, []))
        elif line[:1] in ("+", "-") and not line.startswith(("+++ ", "--- ")) and current.hunks:
            current.hunks[-1][1].append((line[0], line[1:]))
    return patches


def _unquote(text: str) -> str:
    try:
        value = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, str) else text


def _provider_changes(when, status, patch: "_Patch | None", providers_now) -> list[Change]:
    if status == "D" or (patch and patch.deleted):
        return [Change(when, "The list of providers was removed")]
    if patch is None:
        return [Change(when, "Provider listings were updated")]
    if status == "A" or patch.new_file:
        n = patch.count or sum(1 for _, lines in patch.hunks for sign, text in lines
                               if sign == "+" and _ID_LINE.match(text))
        return [Change(when, f"The directory was published with {n} listing{'s' if n != 1 else ''}", "providers")]
    added, removed, names = [], [], {}
    touched: dict = {}  # id -> the changed lines inside its entry
    readdressed: dict = {}  # new id -> old id, when only an entry's id line changed
    known = list(providers_now)
    for header, lines in patch.hunks:
        if header and header not in providers_now:  # git shortens long hunk headers
            header = next((k for k in known if k.startswith(header)), header)
        side = {"-": header, "+": header}
        last = None
        for sign, text in lines:
            if not text.strip() or text.strip().startswith("#"):
                continue  # blank lines and comments are not changes a family would see
            m = _ID_LINE.match(text)
            if m:
                side[sign] = m.group(2)
                (added if sign == "+" else removed).append(m.group(2))
                if sign == "+" and last and last[0] == "-" and _ID_LINE.match(last[1]):
                    readdressed[m.group(2)] = _ID_LINE.match(last[1]).group(2)
                last = (sign, text)
                continue
            last = (sign, text)
            name = _NAME_LINE.match(text)
            if name and side[sign] and (side[sign], sign) not in names:
                names[(side[sign], sign)] = _unquote(name.group(1))
            if side[sign]:
                touched.setdefault(side[sign], []).append(text)
    moved = set(added) & set(removed)
    # An id line replaced by another with no new name: the same listing at a new web address.
    readdressed = {new: old for new, old in readdressed.items()
                   if new not in moved and old not in moved and (new, "+") not in names}
    new_ids = [i for i in dict.fromkeys(added) if i not in moved and i not in readdressed]
    gone_ids = [i for i in dict.fromkeys(removed) if i not in moved and i not in readdressed.values()]

    def name(i, sign="+"):
        return providers_now.get(i) or names.get((i, sign)) or names.get((i, "-" if sign == "+" else "+")) or i

    def link(i):
        return f"provider:{i}" if i in providers_now else None

    def by_name(ids, sign="+"):
        return sorted(ids, key=lambda i: (str(name(i, sign)).lower(), i))

    new = [Change(when, f"New provider: {name(i)}", link(i)) for i in by_name(new_ids)]
    gone = [Change(when, f"{name(i, '-')} listing removed") for i in by_name(gone_ids, "-")]
    updated, checked = [], []
    for i in by_name(set(touched) - set(new_ids) - set(gone_ids) - set(readdressed.values()) | moved | set(readdressed)):
        lines = touched.get(i, [])
        if i in readdressed:
            updated.append(Change(when, f"{name(i)} listing updated (its web address changed)", link(i)))
        elif lines and all(_REVIEW_LINE.match(x) for x in lines) and i not in moved:
            checked.append(Change(when, f"{name(i)} listing checked and still up to date", link(i)))
        else:
            updated.append(Change(when, f"{name(i)} listing updated", link(i)))
    return (_summarise(when, new, "new providers") + _summarise(when, updated, "listings updated")
            + _summarise(when, checked, "listings checked") + _summarise(when, gone, "listings removed"))


def _feedback_changes(when, before, after) -> list[Change]:
    def items(text):
        try:
            data = yaml.load(text, Loader=_LOADER) if text else {}
        except yaml.YAMLError:
            return None
        got = data.get("items") if isinstance(data, dict) else None
        return {str(i["id"]): i for i in got if isinstance(i, dict) and "id" in i} if isinstance(got, list) else {}

    new, old = items(after), items(before) or {}
    if new is None:
        return [Change(when, FILE_WORDS["content/you-said-we-did.yaml"], "you_said_we_did")]
    out = []
    for i, item in new.items():
        topic = item.get("topic", i)
        if i not in old:
            out.append(Change(when, f"You said, we did: new item, {topic}", "you_said_we_did", f"ysw-{i}"))
        elif item != old[i]:
            status = str(item.get("status", "")).replace("-", " ")
            moved = item.get("status") != old[i].get("status")
            text = f"You said, we did: {topic} is now {status}" if moved else f"You said, we did: {topic} updated"
            out.append(Change(when, text, "you_said_we_did", f"ysw-{i}"))
    return out or [Change(when, FILE_WORDS["content/you-said-we-did.yaml"], "you_said_we_did")]


def _last_changed(root: Path, prefix: str, shallow: bool = False) -> tuple[dict, dict]:
    """When each entry in HEAD's providers.yaml last changed, from `git blame` of its own lines.

    Returns (changed, since): `changed` is provider id -> the date of the newest commit that
    touched a line of its entry (blank lines and comments are not changes a family would see);
    `since` is provider id -> the date providers.yaml was first published, for entries whose
    lines all come from that commit. Those were written before the history starts, so the
    publication date is not when they changed: the page says "not changed since" instead.
    Lines git cannot date (a shallow clone's cut-off) give neither, rather than a wrong date.
    """
    text = _git(root, "cat-file", "blob", f"HEAD:{prefix}providers.yaml").decode("utf-8", "replace")
    lines = text.split("\n")
    found = [(n, m.group(1), m.group(2)) for n, m in
             ((n, _ID_LINE.match(line)) for n, line in enumerate(lines, 1)) if m]
    indent = min((len(i) for _, i, _ in found), default=0)
    starts = [(n, ident) for n, i, ident in found if len(i) == indent]
    if not starts:
        return {}, {}
    blame = _git(root, "blame", "--porcelain", "--first-parent", "HEAD", "--", "providers.yaml").decode("utf-8", "replace")
    # The commits that added providers.yaml (usually one: the directory's publication).
    published = set(_git(root, "log", "--first-parent", "--diff-filter=A", "--no-renames", "--format=%H",
                         "HEAD", "--", "providers.yaml").decode().split())
    line_commit: dict[int, str] = {}
    times: dict[str, list] = defaultdict(lambda: [0, "+0000"])
    boundary: set = set()
    current = None
    for line in blame.split("\n"):
        if not line or line.startswith("\t"):
            continue
        parts = line.split(" ")
        if len(parts[0]) == 40 and len(parts) >= 3 and parts[1].isdigit() and parts[2].isdigit():
            current = parts[0]
            line_commit[int(parts[2])] = current
        elif parts[0] == "committer-time" and current:
            times[current][0] = int(parts[1])
        elif parts[0] == "committer-tz" and current:
            times[current][1] = parts[1]
        elif parts[0] == "boundary" and current:
            boundary.add(current)  # the first commit, or where a shallow clone's history is cut off
    dates = {sha: _local_date(t, tz) for sha, (t, tz) in times.items()}
    ends = [s for s, _ in starts[1:]] + [len(lines) + 1]
    changed, since = {}, {}
    for (start, ident), end in zip(starts, ends):
        shas = {line_commit[n] for n in range(start, end) if n in line_commit
                and lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")}
        if shallow:  # lines from a shallow clone's cut-off changed at some unknown time before it
            shas -= boundary
        if not shas:
            continue
        newest = max(shas, key=lambda sha: (times[sha][0], sha))
        if newest in published:
            since[ident] = dates[newest]
        else:
            changed[ident] = dates[newest]
    return changed, since


def _local_date(epoch: int, tz: str) -> date:
    sign = -1 if tz.startswith("-") else 1
    offset = timedelta(hours=int(tz[1:3] or 0), minutes=int(tz[3:5] or 0)) * sign
    return datetime.fromtimestamp(epoch, tz=timezone(offset)).date()


# ---- Wiring into the site ----

def site_history(site: model.Site) -> History:
    """The history for this loaded Site, read once per build (kept in site.memo) and shared by every page."""
    if "changes.history" not in site.memo:
        pages_now = {pg.source for pg in site.pages}
        site.memo["changes.history"] = history(getattr(site, "root", None),
                                               {p.id: p.name for p in site.providers}, pages_now)
    return site.memo["changes.history"]


def last_changed(site: model.Site, p: model.Provider) -> tuple[date | None, str]:
    """When a listing's entry in providers.yaml last changed, and how sure we are.

    ("changed", d): a commit on d changed the entry. ("since", d): the entry has not changed
    since the directory was published on d (its content is older than the history).
    (None, ""): no history to tell, so the page says nothing about changes rather than
    guess; the "last checked" date is on the page already.
    """
    h = site_history(site)
    if p.id in h.provider_changed:
        return h.provider_changed[p.id], "changed"
    if p.id in h.provider_since:
        return h.provider_since[p.id], "since"
    return None, ""


def grouped(changes) -> list:
    """[(date, [Change...])], newest date first, keeping the order within a day."""
    days: dict = {}
    for c in changes:
        days.setdefault(c.when, []).append(c)
    return sorted(days.items(), key=lambda kv: kv[0], reverse=True)


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    h = site_history(site)
    return [PageSpec("changes", "changes.md", "changes.md.j2", {"history": h, "days": grouped(h.changes)},
                     source="providers.yaml")]
