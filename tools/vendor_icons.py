"""Copy the Material Design Icons sbsite uses into sbsite/data/icons/, with their licence.

Easy read pages and 'what to expect' stories show icons by name. sbsite keeps its own
copy of just the icons in use (sbsite.core.icons), so it does not read them from inside a
theme package. Run this after naming a new icon, then commit sbsite/data/icons/:

    .venv/bin/python tools/vendor_icons.py

The icons in use are every `icon:` in sbsite/data/pictures.yaml and every other name
written after `picture:` in the demo data, content/, sbsite/ and the tests (a story step
or easy read line can name any Material Design Icon, with its own alt text). They are
copied from the installed mkdocs-material package (the Pictogrammers icon set it ships);
icons no longer in use are removed. `--check` only says whether the folder is up to date.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEST = REPO / "sbsite" / "data" / "icons"
PICTURES = REPO / "sbsite" / "data" / "pictures.yaml"
SEARCHED = ("providers.yaml", "content", "sbsite", "tests", "bench")
SUFFIXES = {".yaml", ".yml", ".md", ".py"}
# `picture: car`, `"picture": "car"`, `picture="car"`
PICTURE = re.compile(r"""picture['"]?\s*[:=]\s*['"]?([a-z0-9]+(?:-[a-z0-9]+)*)""")


def source_dir() -> Path:
    import material  # only this script reads the theme's icons; sbsite itself never does

    return Path(material.__file__).parent / "templates" / ".icons" / "material"


def wanted(source: Path) -> set[str]:
    """Names of the icons in use: pictures.yaml's, and raw icon names used as pictures."""
    pictures = yaml.safe_load(PICTURES.read_text(encoding="utf-8"))["pictures"]
    names = {entry["icon"] for entry in pictures.values()}
    for top in SEARCHED:
        path = REPO / top
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES)
        for f in files:
            for name in PICTURE.findall(f.read_text(encoding="utf-8", errors="replace")):
                if name not in pictures and (source / f"{name}.svg").is_file():
                    names.add(name)  # a picture name that is not an icon (a typo in a test) is skipped
    return names


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only say whether sbsite/data/icons/ is up to date")
    args = ap.parse_args(argv)
    source = source_dir()
    names = wanted(source)
    missing = sorted(n for n in names if not (source / f"{n}.svg").is_file())
    if missing:
        print("Not in the installed icon set: " + ", ".join(missing), file=sys.stderr)
        return 1
    files = {f"{n}.svg": (source / f"{n}.svg").read_bytes() for n in names}
    files["LICENSE"] = (source / "LICENSE").read_bytes()
    have = {p.name: p.read_bytes() for p in DEST.glob("*")} if DEST.is_dir() else {}
    if args.check:
        stale = sorted(set(files) ^ set(have) | {n for n in files if have.get(n, files[n]) != files[n]})
        print("up to date" if not stale else "out of date: " + ", ".join(stale))
        return 1 if stale else 0
    DEST.mkdir(parents=True, exist_ok=True)
    for name in sorted(set(have) - set(files)):
        (DEST / name).unlink()
    for name, data in sorted(files.items()):
        if have.get(name) != data:
            (DEST / name).write_bytes(data)
    print(f"{len(names)} icons and their licence in {DEST.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
