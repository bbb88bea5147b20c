"""The JSON Schemas in sbsite/schemas/ are the one place each field is declared.

The validator, the loader's type handling (see loader.py) and editors such as
VS Code all read the same files, so a field is added in one place.
"""
from __future__ import annotations

from sbsite import SCHEMAS

import json
from functools import lru_cache

from referencing import Registry, Resource

SCHEMA_DIR = SCHEMAS


@lru_cache(maxsize=None)
def schemas() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMA_DIR.glob("*.schema.json"))}


def registry() -> Registry:
    return Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in schemas().items()
    )


def resolve(schema: dict, base: str) -> tuple[dict, str]:
    """Follow $ref until a schema with content is reached; return it and the file it lives in."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        file, _, pointer = ref.partition("#")
        base = file or base
        target = schemas()[base]
        for part in [p for p in pointer.split("/") if p]:
            target = target[part]
        # Keep a description written beside the $ref: it is usually more specific.
        if "description" in schema:
            target = {**target, "description": schema["description"]}
        schema = target
        seen += 1
        if seen > 20:
            raise ValueError(f"$ref loop at {ref}")
    return schema, base


def child(schema: dict, base: str, key) -> tuple[dict, str]:
    """The schema for a mapping key or list item inside `schema`."""
    schema, base = resolve(schema, base)
    if isinstance(key, int):
        items = schema.get("items", {})
        return resolve(items, base) if isinstance(items, dict) else ({}, base)
    props = schema.get("properties", {})
    if key in props:
        return resolve(props[key], base)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        return resolve(extra, base)
    return {}, base


def types_of(schema: dict) -> set[str]:
    t = schema.get("type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return set(t)
    if "enum" in schema and all(isinstance(v, str) for v in schema["enum"]):
        return {"string"}
    return set()


def fill_optional(data, schema: dict, base: str):
    """Give every optional field the schema declares a value (None or []), recursively.

    Templates can then ask for any declared field without guarding it, while a
    misspelt field name in a template still fails loudly.
    """
    schema, base = resolve(schema, base)
    if isinstance(data, dict):
        out = {}
        for key in schema.get("properties", {}):
            sub, sub_base = child(schema, base, key)
            if key in data:
                out[key] = fill_optional(data[key], sub, sub_base)
            else:
                out[key] = [] if sub.get("type") == "array" else None
        return out
    if isinstance(data, list):
        return [fill_optional(item, *child(schema, base, i)) for i, item in enumerate(data)]
    return data
