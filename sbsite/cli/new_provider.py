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

import re
from datetime import date
from pathlib import Path

from jsonschema import Draft202012Validator

from sbsite.core import formats
from sbsite.core import model
from sbsite.load import crosschecks, schemas, yaml_text
from sbsite.load.loader import Loaded
from sbsite.core.problems import Problem
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
    """What the schema cannot see: the checks `sbsite check` runs on every entry (in its words),
    and ids or names that must not be used yet."""
    out = []
    for key, what, fix in (("id", "with the id", "Choose a different id, or edit that entry instead of adding a new one."),
                           ("name", "called", "Use a different name, or edit that entry instead.")):
        values = [getattr(p, key) for p in site.providers] + [entry.get(key)]
        for i, first, value in crosschecks.duplicates(values):
            if i == len(values) - 1:
                same = site.providers[first]
                where = f"{FILE}, line {same.line}" + (f": {same.name}" if key == "id" else "")
                out.append(f"There is already a provider {what} '{value}' ({where}). {fix}")
    tier_ids, area_ids = [t.id for t in site.tiers], [a.id for a in site.areas]
    out += [f"{message} {fix}" for _, message, fix in crosschecks.provider(entry, tier_ids, area_ids)]
    return out


# ---- Writing the entry (the YAML text itself is written by sbsite.load.yaml_text) ----

# Kept under their old names: other code and tests use them.
quoted = yaml_text.quoted
scalar = yaml_text.scalar
flow_list = yaml_text.flow_list


def block(value: str, indent: str) -> str:
    """Text that may run over several lines: a '|' block when it can be written exactly, else quoted."""
    return yaml_text.text_value(value, indent)


def _shaped(entry: dict) -> dict:
    """The fields to write, in the order a person reads them best."""
    out = {k: entry[k] for k in ("id", "name", "organisation") if k != "organisation" or entry.get(k)}
    out.update((k, entry[k]) for k in ("summary", "description", "tiers", "break_types"))
    out["ages"] = {"min": entry["ages"]["min"], "max": entry["ages"]["max"]}
    out["needs"] = entry["needs"]
    if entry.get("venues"):
        out["venues"] = [{k: v[k] for k in ("name", "address", "postcode", "area") if k in ("name", "area") or v.get(k)}
                         for v in entry["venues"]]
    if entry.get("areas_served"):
        out["areas_served"] = entry["areas_served"]
    cost = entry["cost"]
    out["cost"] = {"free": cost["free"], **({"amount": cost["amount"]} if cost.get("amount") is not None else {}),
                   **({"per": cost["per"]} if cost.get("per") else {})}
    out["booking"] = {k: entry["booking"][k] for k in ("route", "how", "url") if k != "url" or entry["booking"].get(k)}
    out["contact"] = {k: entry["contact"][k] for k in ("name", "phone", "email", "website") if entry["contact"].get(k)}
    out["reviewed"] = {"date": date.fromisoformat(entry["reviewed"]["date"]), "by": entry["reviewed"]["by"]}
    return out


def entry_text(entry: dict, item_indent: str = "  ", today: date | None = None) -> str:
    """The entry as YAML lines (without a trailing blank line), with helpful comments."""
    when = (today or date.today()).isoformat()
    shaped = _shaped(entry)
    after = {("needs",): ['# support: ["1:1"]      # add if it offers one-to-one ("1:1") or two-to-one ("2:1") support',
                          "# siblings_welcome: true  # add if brothers and sisters can come too"],
             ("cost", list(shaped["cost"])[-1]): ["# direct_payments: true  # add if families can pay with a direct payment"]}
    for j in range(len(shaped.get("venues") or ())):
        after[("venues", j, "area")] = ["# access: [parking, step-free, accessible-toilet]  # see the README for every access word"]
    where = next(((k,) for k in ("areas_served", "venues", "needs") if k in shaped))
    after[where] = after.get(where, []) + ["# sessions:  # when it runs; for example:", "#   - days: [saturday]",
                                          '#     start: "10:00"', '#     end: "12:00"', "#     when: term-time"]
    header = [f"# Added with 'sbsite new-provider' on {when}. Check every line, then run 'sbsite check'."]
    return "\n".join(yaml_text.entry_lines(shaped, item_indent, header=header, after=after))


# ---- Appending to the file ----

Target = yaml_text.Target


def inspect(root: Path) -> Target:
    """Read providers.yaml and work out how to append to it without touching what is there."""
    try:
        return yaml_text.inspect(Path(root) / FILE, name=FILE)
    except yaml_text.NotAppendable as exc:
        raise NewProviderError(str(exc)) from None


def append(target: Target, entry: dict, today: date | None = None) -> int:
    """Append `entry` after the last byte of the file; return the line its '- id:' is on."""
    first = yaml_text.append(target, entry_text(entry, target.item_indent, today) + "\n")
    return first + 1  # after the comment line


restore = yaml_text.restore
