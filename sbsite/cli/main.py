"""The `sbsite` command: a thin shell over the library that prints and exits.

Exit codes: 0 all good, 1 the data has problems (or the build failed),
2 the command was used wrongly.
"""
from __future__ import annotations

import argparse
import os
import time
import sys
from pathlib import Path

from sbsite import __version__
from sbsite.cli import coproduction as cli_coproduction
from sbsite.cli import links as cli_links
from sbsite.cli import opendata as cli_opendata
from sbsite.cli.report import report_problems as _report
from sbsite.pipeline import load_site


def cmd_check(args) -> int:
    site, problems = load_site(args.root)
    if problems:
        _report(problems)
        return 1
    print(f"All good: {len(site.providers)} providers, {len(site.tiers)} tiers, {len(site.areas)} areas, "
          f"{len(site.pages)} Local Offer pages checked.")
    if getattr(args, "statutory", False):
        return cli_opendata.statutory(site)
    return 0


def _progress(args):
    """Stage messages with elapsed seconds on stderr, unless --quiet."""
    start = time.monotonic()
    if args.quiet:
        return lambda message: None
    return lambda message: print(f"[{time.monotonic() - start:5.1f}s] {message}", file=sys.stderr, flush=True)


def cmd_build(args) -> int:
    from sbsite.build import BuildError, build_project

    say = _progress(args)
    out = Path(args.out) if args.out else Path(args.root) / "site"
    try:
        problems, result = build_project(args.root, out, tree_dir=Path(args.root) / "build" / "docs", progress=say)
    except BuildError as exc:
        print("The site could not be built, so the last good site was kept.\n", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        print("\nThis usually means a link in content/ points to a page that does not exist. "
              "Fix the link named above and run the command again.", file=sys.stderr)
        return 1
    if problems:
        _report(problems)
        return 1
    print(f"Built {result['pages']} pages ({result['providers']} providers) into {out}")
    return 0


def cmd_serve(args) -> int:
    from sbsite.serve import serve

    return serve(Path(args.root), host=args.host, port=args.port)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="sbsite", description="Build a short breaks and Local Offer website from YAML.")
    ap.add_argument("--version", action="version", version=f"sbsite {__version__}")
    ap.add_argument("--root", default=".", type=Path, help="the project folder (default: the current folder)")
    ap.add_argument("--quiet", "-q", action="store_true", help="print only problems and the final result (for CI)")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser("build", help="check the data and build the site")
    b.add_argument("--out", help="where to put the site (default: site/)")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="check the data and list every problem, without building")
    c.add_argument("--statutory", action="store_true",
                   help="also check the statement and Local Offer cover everything the law asks for")
    c.set_defaults(func=cmd_check)
    s = sub.add_parser("serve", help="preview the site, rebuilding when files change")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
    cli_coproduction.add_commands(sub)  # new-provider, stale
    cli_opendata.add_commands(sub)  # import-oruk
    cli_links.add_commands(sub)  # linkcheck
    return ap


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in sbsite, not in the data: say so plainly
        if os.environ.get("SBSITE_DEBUG"):
            raise
        print(f"sbsite stopped because of a problem in sbsite itself, not in your data ({type(exc).__name__}: {exc}).\n"
              "Nothing was published; the last good site is unchanged. Please report this to the site's maintainers, "
              "or run again with SBSITE_DEBUG=1 to see the details.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
