"""`sbsite new-provider`: add a provider to providers.yaml by answering a few questions.

The answers are checked against the same JSON Schema and formats `sbsite check`
uses, then written as a commented entry *appended* to providers.yaml as text:
every existing byte of the file, comments and layout included, stays as it was.
After writing, the whole project is checked again; if that fails the file is
put back exactly as it was.

The CLI layer (cli.py) turns the answers into prompts or flags; everything
here returns values or raises NewProviderError with a message to print.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from sbsite.core import formats
from sbsite.core import model
from sbsite.load import schemas
from sbsite.load.loader import Loaded
from sbsite.core.problems import Problem, did_you_mean
from sbsite.load.validate import _explain

FILE = "providers.yaml"


class NewProviderError(Exception):
    """Something the person must fix; `code` is the exit code (1 data, 2 usage)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


# ---- Checking answers with the schema ----

def problems(entry: dict, prefix: tuple = ()) -> list[Problem]:
    """Schema problems in `entry` (a provider), only those under `prefix` if given."""
    loaded = Loaded("your answers", data=entry)
    validator = Draft202012Validator({"$ref": "providers.schema.json#/$defs/provider"},
                                     registry=schemas.registry(), format_checker=formats.checker())
    out = []
    for err in validator.iter_errors(entry):
        path = tuple(err.absolute_path)
        if prefix and (path[: len(prefix)] != prefix or err.validator == "required" and len(path) < len(prefix)):
            continue
        out += _explain(err, loaded)
    return out


def explain(found: list[Problem]) -> str:
    return "\n".join(f"{p.message}" + (f"\n    How to fix: {p.fix}" if p.fix else "") for p in found)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80].strip("-")


def cross_problems(entry: dict, site: model.Site) -> list[str]:
    """What the schema cannot see: ids that must exist, or must not exist yet."""
    out = []
    same = next((p for p in site.providers if p.id == entry.get("id")), None)
    if same:
        out.append(f"There is already a provider with the id '{same.id}' ({FILE}, line {same.line}: {same.name}). "
                   "Choose a different id, or edit that entry instead of adding a new one.")
    named = next((p for p in site.providers if p.name == entry.get("name")), None)
    if named:
        out.append(f"There is already a provider called '{named.name}' ({FILE}, line {named.line}). "
                   "Use a different name, or edit that entry instead.")
    tier_ids = [t.id for t in site.tiers]
    for t in entry.get("tiers") or []:
        if t not in tier_ids:
            out.append(f"'{t}' is not a tier in content/tiers.yaml.{did_you_mean(t, tier_ids)} Use one of: {', '.join(tier_ids)}.")
    area_ids = [a.id for a in site.areas]
    for a in [v.get("area") for v in entry.get("venues") or []] + list(entry.get("areas_served") or []):
        if a not in area_ids:
            out.append(f"'{a}' is not an area in content/council.yaml.{did_you_mean(a, area_ids)} Use one of: {', '.join(area_ids)}.")
    ages = entry.get("ages") or {}
    if isinstance(ages.get("min"), int) and isinstance(ages.get("max"), int) and ages["min"] > ages["max"]:
        out.append(f"The youngest age ({ages['min']}) is more than the oldest age ({ages['max']}). Swap them.")
    contact = entry.get("contact") or {}
    if not any(contact.get(k) for k in ("phone", "email", "website")):
        out.append("Give at least one way to contact the provider: a phone number, an email address or a website.")
    return out


# ---- Writing YAML text by hand, so nothing else in the file changes ----

_SPECIAL_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ""}
_PLAIN = re.compile(r"^[A-Za-z0-9£][^\n\r\t]*$")
_NUMBERISH = re.compile(r"^[-+]?[0-9][0-9_.:eE+-]*$")


def _needs_escape(c: str) -> bool:
    o = ord(c)
    return o < 0x20 or 0x7F <= o <= 0x9F or c in "\u2028\u2029\ufeff\ufffe\uffff" or 0xD800 <= o <= 0xDFFF


def quoted(text: str) -> str:
    """A YAML double-quoted string that reads back as exactly `text`."""
    out = []
    for c in text:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif _needs_escape(c):
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def scalar(value) -> str:
    """One value on one line: plain when that is safe and unambiguous, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    plain = (_PLAIN.match(text) and text == text.strip() and ": " not in text and " #" not in text
             and not text.endswith(":") and text.lower() not in _SPECIAL_WORDS and not _NUMBERISH.match(text)
             and not any(c in text for c in "{}[]&*!|>%@`\"'") and not any(_needs_escape(c) for c in text))
    return text if plain else quoted(text)


def block(value: str, indent: str) -> str:
    """Text that may run over several lines: a '|' block when it can be written exactly, else quoted."""
    if "\n" not in value:
        return scalar(value)
    body, chomp = (value[:-1], "|") if value.endswith("\n") else (value, "|-")
    lines = body.split("\n")
    exact = (not body.endswith("\n") and lines[0][:1] not in (" ", "") and "\t" not in body
             and all(line == line.rstrip() for line in lines) and not any(_needs_escape(c) for c in body if c != "\n"))
    if not exact:
        return quoted(value)
    return chomp + "\n" + "\n".join(indent + line if line else "" for line in lines)


def flow_list(items) -> str:
    return "[" + ", ".join(scalar(i) for i in items) + "]"


def entry_text(entry: dict, item_indent: str = "  ", today: date | None = None) -> str:
    """The entry as YAML lines (without a trailing blank line), with helpful comments."""
    i0, i1 = item_indent, item_indent + "  "
    i2, i3 = i1 + "  ", i1 + "    "
    when = (today or date.today()).isoformat()
    out = [f"{i0}# Added with 'sbsite new-provider' on {when}. Check every line, then run 'sbsite check'.",
           f"{i0}- id: {scalar(entry['id'])}", f"{i1}name: {scalar(entry['name'])}"]
    if entry.get("organisation"):
        out.append(f"{i1}organisation: {scalar(entry['organisation'])}")
    out.append(f"{i1}summary: {scalar(entry['summary'])}")
    out.append(f"{i1}description: {block(entry['description'], i2)}")
    out.append(f"{i1}tiers: {flow_list(entry['tiers'])}")
    out.append(f"{i1}break_types: {flow_list(entry['break_types'])}")
    out.append(f"{i1}ages: {{min: {entry['ages']['min']}, max: {entry['ages']['max']}}}")
    out.append(f"{i1}needs: {flow_list(entry['needs'])}")
    out.append(f"{i1}# support: [\"1:1\"]      # add if it offers one-to-one (\"1:1\") or two-to-one (\"2:1\") support")
    out.append(f"{i1}# siblings_welcome: true  # add if brothers and sisters can come too")
    if entry.get("venues"):
        out.append(f"{i1}venues:")
        for v in entry["venues"]:
            out.append(f"{i2}- name: {scalar(v['name'])}")
            for key in ("address", "postcode"):
                if v.get(key):
                    out.append(f"{i3}{key}: {scalar(v[key])}")
            out.append(f"{i3}area: {scalar(v['area'])}")
            out.append(f"{i3}# access: [parking, step-free, accessible-toilet]  # see the README for every access word")
    if entry.get("areas_served"):
        out.append(f"{i1}areas_served: {flow_list(entry['areas_served'])}")
    out += [f"{i1}# sessions:  # when it runs; for example:",
            f"{i1}#   - days: [saturday]",
            f"{i1}#     start: \"10:00\"",
            f"{i1}#     end: \"12:00\"",
            f"{i1}#     when: term-time"]
    cost = entry["cost"]
    out.append(f"{i1}cost:")
    out.append(f"{i2}free: {scalar(cost['free'])}")
    if cost.get("amount") is not None:
        out.append(f"{i2}amount: {scalar(cost['amount'])}")
    if cost.get("per"):
        out.append(f"{i2}per: {scalar(cost['per'])}")
    out.append(f"{i2}# direct_payments: true  # add if families can pay with a direct payment")
    out.append(f"{i1}booking:")
    out.append(f"{i2}route: {scalar(entry['booking']['route'])}")
    out.append(f"{i2}how: {block(entry['booking']['how'], i3)}")
    if entry["booking"].get("url"):
        out.append(f"{i2}url: {scalar(entry['booking']['url'])}")
    out.append(f"{i1}contact:")
    for key in ("name", "phone", "email", "website"):
        if entry["contact"].get(key):
            out.append(f"{i2}{key}: {scalar(entry['contact'][key])}")
    out.append(f"{i1}reviewed:")
    out.append(f"{i2}date: {entry['reviewed']['date']}")
    out.append(f"{i2}by: {scalar(entry['reviewed']['by'])}")
    return "\n".join(out)


# ---- Appending to the file ----

@dataclass
class Target:
    path: Path
    raw: bytes
    newline: str = "\n"
    item_indent: str = "  "
    lines: int = 0
    notes: list = field(default_factory=list)


def inspect(root: Path) -> Target:
    """Read providers.yaml and work out how to append to it without touching what is there."""
    path = Path(root) / FILE
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NewProviderError(f"{FILE} could not be read ({exc.strerror}). Check the project folder.") from None
    text = raw.decode("utf-8-sig", "replace")
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    seq = None
    if isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value]
        if keys and keys[-1] == "providers":
            seq = node.value[-1][1]
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        raise NewProviderError(f"{FILE} does not end with the list of providers written one '- id:' entry at a time, "
                               "so a new entry cannot be added to the end. Add it by hand: copy an entry, then run 'sbsite check'.")
    match = re.search(r"^( *)- ", text[seq.start_mark.index - seq.start_mark.column:], re.M)
    indent = match.group(1) if match else "  "
    return Target(path, raw, newline, indent, text.count("\n") + (0 if text.endswith("\n") or not text else 1))


def append(target: Target, entry: dict, today: date | None = None) -> int:
    """Append `entry` after the last byte of the file; return the line its '- id:' is on."""
    body = entry_text(entry, target.item_indent, today)
    text = target.raw.decode("utf-8-sig", "replace")
    lead = "" if text.endswith(("\n", "\r")) or not text else target.newline
    addition = (lead + target.newline + body + "\n").replace("\n", target.newline) if target.newline != "\n" \
        else lead + "\n" + body + "\n"
    data = target.raw + addition.encode("utf-8")
    # Write a sibling file and move it into place, so the file is never half-written.
    fd, tmp = tempfile.mkstemp(prefix=".providers-", suffix=".yaml", dir=target.path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            os.chmod(tmp, target.path.stat().st_mode & 0o777)
        except OSError:
            pass
        os.replace(tmp, target.path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    # The '- id:' line: the existing lines, the blank separator line, the comment line.
    return target.lines + (1 if lead else 0) + 3


def restore(target: Target) -> None:
    target.path.write_bytes(target.raw)
