"""Turn schema errors and cross-file mistakes into Problems a forum member can act on."""
from __future__ import annotations

from jsonschema import Draft202012Validator

from . import formats, schemas
from .loader import Loaded
from .problems import Problem, did_you_mean, show

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number",
    "boolean": "true or false", "array": "a list", "object": "a group of fields (each on its own line as 'name: value')",
    "null": "empty",
}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(data, path) -> str:
    """Name a place in the data in words: provider 'x' → 2nd venue → area."""
    words = []
    node = data
    for step in path:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            noun = words.pop()[1:-1] if words else "entry"
            noun = noun[:-1] if noun.endswith("s") else "entry"
            if isinstance(ident, str) and ident:
                words.append(f"{noun} '{ident}'")
            else:
                words.append(f"{_ordinal(step + 1)} {noun}")
            node = item
        else:
            words.append(f"'{step}'")
            node = node.get(step) if isinstance(node, dict) else None
    return " → ".join(words) if words else "the top of the file"


_FORMAT_FIXES = {
    "web-url": "Write the full web address, starting with https:// (for example https://example.org/club).",
    "email": "Write the whole email address, for example hello@example.org.",
    "uk-phone": "Write a UK phone number with its area code, for example 01632 960123.",
    "date": "Write the date as year-month-day, for example 2026-09-14 for 14 September 2026.",
    "time-of-day": "Write the time on the 24-hour clock in quotes, for example \"18:30\" for half past six in the evening.",
}


def _fix_from(schema: dict) -> str:
    desc = schema.get("description", "").strip()
    if not desc:
        return ""
    if desc[0].isupper():
        return desc if desc.endswith(".") else desc + "."
    return f"Write {desc}."


def schema_problems(loaded: Loaded, schema_name: str, pointer: str = "") -> list[Problem]:
    """Check `loaded.data` against a schema and explain each error in plain words."""
    root = schemas.schemas()[schema_name]
    schema = root if not pointer else {"$ref": f"{schema_name}#{pointer}"}
    validator = Draft202012Validator(schema, registry=schemas.registry(), format_checker=formats.checker())
    problems = []
    for err in validator.iter_errors(loaded.data):
        problems.extend(_explain(err, loaded))
    return problems


def _explain(err, loaded: Loaded) -> list[Problem]:
    path = tuple(err.absolute_path)
    line, col = loaded.locate(path)
    where = describe(loaded.data, path)
    key = path[-1] if path and isinstance(path[-1], str) else None
    name = f"'{key}'" if key else where
    schema = err.schema if isinstance(err.schema, dict) else {}
    kind = err.validator
    value = err.instance
    p = lambda msg, fix="": [Problem(loaded.file, line, col, msg, fix)]  # noqa: E731

    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else str(err.validator_value)
        prop = schema.get("properties", {}).get(missing, {})
        prop, _ = schemas.resolve(prop, "providers.schema.json") if "$ref" in prop else (prop, "")
        desc = prop.get("description", "")
        return p(f"{where} is missing the field '{missing}'.",
                 f"Add a line '{missing}:'" + (f" with {desc}." if desc else "."))
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        out = []
        for extra in sorted(set(value) - set(allowed)):
            kl, kc = loaded.key_where.get(path + (extra,), (line, col))
            out.append(Problem(loaded.file, kl, kc,
                               f"'{extra}' is not a field we know in {where}.{did_you_mean(extra, allowed)}",
                               "Check the spelling, or remove the line. The fields allowed here are: " + ", ".join(allowed) + "."))
        return out
    if kind == "type":
        wanted = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        if value is None:
            return p(f"{where} is empty.", _fix_from(schema) or f"Write {words} after the colon, or remove the line.")
        extra = ""
        if "boolean" in wanted:
            extra = " Write true or false (yes and no also work)."
        elif "array" in wanted:
            extra = " Write a list, for example [saturday, sunday], or put each item on its own line starting with '- '."
        elif "integer" in wanted or "number" in wanted:
            extra = " Write just the number, without quotes or words."
        context = "" if name == where else f" ({where})"
        return p(f"{name} should be {words}, but it is {show(value)}{context}.", (_fix_from(schema) + extra).strip())
    if kind == "enum":
        allowed = [str(v) for v in err.validator_value]
        return p(f"{show(value)} is not one of the values allowed for {name}.{did_you_mean(value, allowed)}",
                 "Use one of: " + ", ".join(allowed) + ".")
    if kind == "format":
        return p(f"{show(value)} does not look like {schema.get('description') or err.validator_value} ({where}).",
                 _FORMAT_FIXES.get(err.validator_value, "Correct the value."))
    if kind == "pattern":
        return p(f"{show(value)} is not in the right form for {name} ({where}).", _fix_from(schema))
    if kind in ("minimum", "exclusiveMinimum"):
        return p(f"{name} is {show(value)}, but it must be at least {err.validator_value} ({where}).", _fix_from(schema))
    if kind in ("maximum", "exclusiveMaximum"):
        return p(f"{name} is {show(value)}, but it must be at most {err.validator_value} ({where}).", _fix_from(schema))
    if kind == "minLength":
        return p(f"{name} is empty in {where}.", _fix_from(schema) or "Write something, or remove the line.")
    if kind == "maxLength":
        return p(f"{name} is {len(value)} characters long; the most we allow is {err.validator_value} ({where}).",
                 "Shorten it. Put longer text in 'description'." if key == "summary" else "Shorten it.")
    if kind == "minItems":
        context = "" if name == where else f" ({where})"
        return p(f"{name} needs at least {err.validator_value} entr{'y' if err.validator_value == 1 else 'ies'}{context}.",
                 _fix_from(schema))
    if kind == "uniqueItems":
        return p(f"{name} lists the same value more than once ({where}).", "Remove the repeated value.")
    if kind == "minProperties":
        return p(f"{name} is empty ({where}).", _fix_from(schema))
    return p(f"{name} has a problem: {err.message} ({where}).", _fix_from(schema))
