"""Commands for open data and evidence: `sbsite import-oruk` and `sbsite check --statutory`.

A thin layer: the work is in oruk_import.py and compliance.py; this file prints and exits.
"""
from __future__ import annotations

from sbsite import SCHEMAS

import os
import sys
from pathlib import Path

import yaml


def add_commands(sub) -> None:
    i = sub.add_parser("import-oruk", help="turn Open Referral UK services into entries in providers.yaml")
    i.add_argument("source", metavar="FILE_OR_DIR", type=Path,
                   help="a JSON file (a page of the service list, a list of services or one service), or a folder of them")
    i.add_argument("--out", type=Path, help="write a new providers file here instead of adding to providers.yaml")
    i.add_argument("--map", type=Path, dest="mapping",
                   help="a YAML file that matches the other directory's terms to ours, under 'tiers:', 'needs:' and 'areas:'")
    i.set_defaults(func=cmd_import_oruk)


def _mapping(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SystemExit(_fail(f"The mapping file {path} could not be read ({exc}).",
                               "Check the path, and that it is YAML with 'tiers:', 'needs:' or 'areas:' sections."))
    bad = [k for k in data if k not in ("tiers", "needs", "areas")] if isinstance(data, dict) else ["(not a set of sections)"]
    if bad or not all(isinstance(v, dict) for v in data.values()):
        raise SystemExit(_fail(f"The mapping file {path} has sections it does not understand: {', '.join(map(str, bad)) or 'a section that is not a list of pairs'}.",
                               "Use only 'tiers:', 'needs:' and 'areas:', each with lines like  \"Their term\": our-id"))
    return data


def _fail(message: str, fix: str) -> int:
    print(f"{message}\n    How to fix: {fix}", file=sys.stderr)
    return 1


def cmd_import_oruk(args) -> int:
    from sbsite.features.open_data import oruk_import
    from sbsite.load.loader import load_text
    from sbsite.pipeline import load_site
    from sbsite.load.validate import schema_problems

    root = Path(args.root)
    try:
        result = oruk_import.import_services(root, args.source, _mapping(args.mapping))
    except oruk_import.ImportError_ as exc:
        return _fail(str(exc), "Point the command at an Open Referral UK JSON file or folder, for example: "
                               "sbsite import-oruk their-services.json")
    if args.out:
        out = Path(args.out)
        if out.exists():
            return _fail(f"{out} already exists, and import-oruk does not overwrite files.",
                         "Choose a new file name with --out, or leave out --out to add the entries to providers.yaml.")
        schema = os.path.relpath(SCHEMAS / "providers.schema.json", out.resolve().parent)
        text = oruk_import.standalone(result.text, schema.replace(os.sep, "/"))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8", newline="\n")
        where = f"{out}"
    else:
        target = root / "providers.yaml"
        try:
            first, last = oruk_import.append_to(target, result.text)
        except oruk_import.ImportError_ as exc:
            return _fail(str(exc), "Or write the entries to a file of their own with --out, and copy them in.")
        where = f"providers.yaml (lines {first} to {last}; everything above is unchanged)"

    print(f"Imported {result.count} service{'s' if result.count != 1 else ''} from {len(result.files)} "
          f"file{'s' if len(result.files) != 1 else ''} into {where}.")
    if result.skipped:
        print(f"{result.skipped} service{'s were' if result.skipped != 1 else ' was'} already listed and left out.")
    if result.notes:
        print(f"\n{len(result.notes)} thing{'s' if len(result.notes) != 1 else ''} could not be mapped exactly. "
              "Lines with a guess are marked '# TODO check' in the file:\n")
        for n in result.notes:
            print("- " + n.format())
    if args.out:
        loaded = load_text(Path(args.out).read_text(encoding="utf-8"), str(args.out), "providers.schema.json")
        problems = loaded.problems or schema_problems(loaded, "providers.schema.json")
    else:
        problems = load_site(root)[1]
    if problems:
        print(f"\nThe data now has {len(problems)} problem{'s' if len(problems) != 1 else ''} to fix before it can be built:\n",
              file=sys.stderr)
        for p in problems:
            print(p.format() + "\n", file=sys.stderr)
        return 1
    print("\nNext: check each '# TODO check' line, then run 'sbsite check' and 'sbsite build'.")
    return 0


def statutory(site) -> int:
    """`sbsite check --statutory`: every legal requirement, what meets it, and what is missing."""
    from sbsite.features.compliance import compliance
    from sbsite.render import engine as render

    items = compliance.report(site, {s.key for s in render.all_pages(site)})
    missing = compliance.problems(items)
    print(f"\nStatutory check: {len(items) - len(missing)} of {len(items)} requirements are met.\n")
    for group, title in compliance.GROUP_TITLES.items():
        rows = [it for it in items if it.group == group and it.ok]
        if rows:
            print(f"{title}:")
            for it in rows:
                print(f"  - {it.text}\n      met by: {'; '.join(m.title for m in it.met)}")
            print()
    if missing:
        print(f"{len(missing)} requirement{'s are' if len(missing) != 1 else ' is'} not met:\n", file=sys.stderr)
        for p in missing:
            print(p.format() + "\n", file=sys.stderr)
        print("Add what is missing, then run 'sbsite check --statutory' again. The site's /compliance/ page shows the same list.",
              file=sys.stderr)
        return 1
    print("Everything the law asks for is covered.")
    return 0
