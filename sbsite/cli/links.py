"""`sbsite linkcheck`: check every link in the built site, or providers' own web addresses.

Exit codes: 0 every link works, 1 some links are broken (each listed), 2 the command
was used wrongly or LinkChecker is missing, 3 (--external only) nothing could be
reached, probably because this computer is offline: no link was marked dead.
"""
from __future__ import annotations

import sys
from pathlib import Path

OFFLINE = 3


def cmd_linkcheck(args) -> int:
    from sbsite.cli import linkcheck

    if args.external:
        return _external(args)
    site_dir = Path(args.site) if args.site else Path(args.root) / "site"
    try:
        broken = linkcheck.check_internal(site_dir)
    except FileNotFoundError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except linkcheck.LinkcheckUnavailable as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not broken:
        print(f"All good: every link and #anchor in {site_dir} works.")
        return 0
    n = len(broken)
    print(f"Found {n} broken link{'s' if n != 1 else ''} in {site_dir}:\n", file=sys.stderr)
    for b in broken:
        print("  " + b.format(), file=sys.stderr)
    print("\nLinks in content/*.md: fix the file the page is made from. Links in templates/: fix the template, "
          "then run 'sbsite build' and this command again.", file=sys.stderr)
    return 1


def _external(args) -> int:
    from sbsite.cli.report import report_problems as _report
    from sbsite.cli.linkcheck import check_external
    from sbsite.pipeline import load_site

    site, problems = load_site(args.root)
    if problems:
        _report(problems)
        return 1
    print("Checking providers' web addresses (this needs an internet connection)...", file=sys.stderr)
    report = check_external(site, timeout=args.timeout)
    if report.offline:
        print("None of the providers' web addresses could be reached, so none were checked.\n"
              "This computer is probably offline. Connect to the internet and run 'make linkcheck-external' again.",
              file=sys.stderr)
        return OFFLINE
    if not report.dead:
        print(f"All good: all {report.checked} providers' web addresses work.")
        return 0
    n = sum(len(bad) for _, bad in report.dead)
    print(f"{n} of {report.checked} web addresses did not work, for {len(report.dead)} "
          f"provider{'s' if len(report.dead) != 1 else ''}:\n")
    for p, results in report.dead:
        print(f"{p.name} (providers.yaml, line {p.line}, id '{p.id}')")
        for r in results:
            print(f"    {r.url}\n      {r.reason}")
        print()
    print("Ask each provider for its new web address and update providers.yaml, or remove the link.")
    return 1


def add_commands(sub) -> None:
    lc = sub.add_parser("linkcheck", help="check every link in the built site (or, with --external, providers' web addresses)")
    lc.add_argument("--site", help="the built site to check (default: site/)")
    lc.add_argument("--external", action="store_true",
                    help="check providers' own websites and booking forms instead (needs the internet)")
    lc.add_argument("--timeout", type=float, default=10, help="seconds to wait for each website (default 10)")
    lc.set_defaults(func=cmd_linkcheck)
