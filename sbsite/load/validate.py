"""Turn schema errors and cross-file mistakes into Problems a forum member can act on."""
from __future__ import annotations

import re

from jsonschema import Draft202012Validator

from sbsite.core import formats
from sbsite.load import schemas
from sbsite.load.loader import Loaded
from sbsite.core.memory import PreviewMemory
from sbsite.core.problems import Problem, did_you_mean, show

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


# A quick yes/no check for the JSON Schema keywords our schemas use, so valid data (the
# usual case) skips jsonschema's much slower walk. jsonschema stays the authority: any
# keyword this does not know makes it answer "don't know", and every error message
# still comes from jsonschema. tests/test_validate.py checks the two always agree.
_ANNOTATIONS = {"description", "title", "$schema", "$id", "$defs", "default", "examples", "$comment"}
_KNOWN = _ANNOTATIONS | {"$ref", "type", "enum", "required", "properties", "additionalProperties", "items",
                         "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "minimum", "maximum",
                         "pattern", "format", "minProperties"}
_PY_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
             "array": (list,), "object": (dict,), "null": (type(None),)}


def _type_ok(value, wanted) -> bool:
    for name in ([wanted] if isinstance(wanted, str) else wanted):
        if name in ("integer", "number") and isinstance(value, bool):
            continue
        if name == "integer" and isinstance(value, float) and value.is_integer():
            return True
        if isinstance(value, _PY_TYPES[name]):
            return True
    return False


def quick_valid(value, schema: dict, base: str, checks: dict, valid: dict | None = None) -> bool | None:
    """True if `value` is valid, False if not, None if this check cannot tell.

    `valid` is the live preview's record of mappings found valid, by identity
    (PreviewMemory.valid): the loader hands back the very same objects for entries it
    reused, so a provider whose entry did not change is not checked again. None (the
    default, `sbsite build`) remembers nothing."""
    if valid is not None and isinstance(value, dict):
        known = valid.get(id(value))
        if known is not None and known[0] is value and known[1] is schema and known[2] == base:
            return True
        result = _quick_valid(value, schema, base, checks, valid)
        if result is True:
            if len(valid) > 500_000:  # old files' values: start again rather than grow for ever
                valid.clear()
            valid[id(value)] = (value, schema, base)  # holding `value` keeps its id from being reused
        return result
    return _quick_valid(value, schema, base, checks, valid)


def _quick_valid(value, schema: dict, base: str, checks: dict, valid: dict | None) -> bool | None:
    schema, base = schemas.resolve(schema, base)
    if not set(schema) <= _KNOWN:
        return None
    if "type" in schema and not _type_ok(value, schema["type"]):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            return False
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return False
        if "format" in schema:
            check = checks.get(schema["format"])
            if check is None:
                return None
            if not check(value):
                return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            return False
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            return False
        if schema.get("uniqueItems"):
            seen = [repr(v) for v in value]
            if len(set(seen)) != len(seen):
                return False
        if "items" in schema:
            for item in value:
                result = quick_valid(item, schema["items"], base, checks, valid)
                if result is not True:
                    return result
    if isinstance(value, dict):
        if len(value) < schema.get("minProperties", 0):
            return False
        if any(key not in value for key in schema.get("required", ())):
            return False
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                sub = props[key]
            elif extra is False:
                return False
            elif isinstance(extra, dict):
                sub = extra
            else:
                continue
            result = quick_valid(item, sub, base, checks, valid)
            if result is not True:
                return result
    return True


def schema_problems(loaded: Loaded, schema_name: str, pointer: str = "",
                    memory: PreviewMemory | None = None) -> list[Problem]:
    """Check `loaded.data` against a schema and explain each error in plain words.
    With the live preview's `memory`, values found valid before are not checked again."""
    root = schemas.schemas()[schema_name]
    schema = root if not pointer else {"$ref": f"{schema_name}#{pointer}"}
    valid = memory.valid if memory is not None else None
    if quick_valid(loaded.data, schema, schema_name, formats.CHECKS, valid) is True:
        return []
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
