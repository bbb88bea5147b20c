"""The `sbsite new-provider` and `sbsite stale` commands (the CLI side: prompts, flags, printing).

Exit codes as for every sbsite command: 0 done, 1 the data or an answer has a
problem (each one explained), 2 the command was used wrongly (for example a
required answer missing with --yes).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sbsite.features.freshness import freshness
from sbsite.core import model
from sbsite.cli import new_provider as np
from sbsite.core.problems import did_you_mean
from sbsite.pipeline import load_site


# ---- sbsite stale ----

def cmd_stale(args) -> int:
    from sbsite.cli.report import report_problems as _report

    site, problems = load_site(args.root)
    if problems:
        _report(problems)
        return 1
    today = args.date or freshness.build_date()
    summary = freshness.summary(site, today, args.months)
    sys.stdout.write(freshness.stale_csv(summary) if args.format == "csv" else freshness.stale_text(summary))
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD, such as 2026-09-14") from None


def _months(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 60:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of months from 1 to 60")
    return int(text)


# ---- sbsite new-provider ----

@dataclass
class Question:
    flag: str  # the option name without dashes; also the key in args
    path: tuple  # where the answer goes in the entry
    prompt: str
    kind: str = "text"  # text, int, number, yesno, one, many
    required: bool = True
    choices: tuple = ()  # (id, label) pairs for 'one' and 'many'


def questions(site: model.Site) -> list[Question]:
    tiers = tuple((t.id, f"Tier {t.number}: {t.name}") for t in site.tiers)
    areas = tuple((a.id, a.name) for a in site.areas)
    return [
        Question("name", ("name",), "The provider's name, as families know it"),
        Question("id", ("id",), "A short id for its web address: lower-case letters, numbers and dashes"),
        Question("organisation", ("organisation",), "The organisation that runs it, if different (press Enter to skip)",
                 required=False),
        Question("summary", ("summary",), "One plain sentence about it, at most 200 characters"),
        Question("description", ("description",), "A few sentences describing it (press Enter to use the summary)"),
        Question("tier", ("tiers",), "Which type of short break is it? Type a number or id (several: separate with commas)",
                 "many", choices=tiers),
        Question("break_type", ("break_types",), "What kind of break is it? (several: separate with commas)", "many",
                 choices=tuple(model.BREAK_LABELS.items())),
        Question("min_age", ("ages", "min"), "The youngest age it takes, in years", "int"),
        Question("max_age", ("ages", "max"), "The oldest age it takes, in years", "int"),
        Question("needs", ("needs",), "Which needs does it support? (several: separate with commas)", "many",
                 choices=tuple(model.NEED_LABELS.items())),
        Question("area", ("area",), "Which area is it in, or does it cover?", "one", choices=areas),
        Question("venue", ("venues", 0, "name"),
                 "The venue's name (press Enter if the service comes to families' homes)", required=False),
        Question("address", ("venues", 0, "address"), "The venue's street address, on one line (press Enter to skip)",
                 required=False),
        Question("postcode", ("venues", 0, "postcode"), "The venue's postcode, such as FV1 2AB (press Enter to skip)",
                 required=False),
        Question("free", ("cost", "free"), "Is it free for families? (yes or no)", "yesno"),
        Question("cost", ("cost", "amount"), "The price in pounds, such as 4.50 (press Enter to skip)", "number",
                 required=False),
        Question("per", ("cost", "per"), "What is the price for?", "one", required=False,
                 choices=tuple(model.PER_LABELS.items())),
        Question("booking_route", ("booking", "route"), "How do families get a place?", "one",
                 choices=tuple(model.ROUTE_LABELS.items())),
        Question("booking_how", ("booking", "how"), "The steps to book or be referred, in plain words"),
        Question("booking_url", ("booking", "url"), "A booking or referral form's web address (press Enter to skip)",
                 required=False),
        Question("contact_name", ("contact", "name"), "Who families should ask for (press Enter to skip)", required=False),
        Question("phone", ("contact", "phone"), "Phone number (press Enter to skip)", required=False),
        Question("email", ("contact", "email"), "Email address (press Enter to skip)", required=False),
        Question("website", ("contact", "website"), "Website (press Enter to skip)", required=False),
        Question("reviewed_by", ("reviewed", "by"), "Who checked these details? (press Enter for the provider)"),
    ]


class _Invalid(Exception):
    pass


def _convert(q: Question, raw):
    """Turn a typed answer into the value stored, or raise _Invalid with what to do."""
    if raw is None:
        return None
    if q.kind in ("int", "number") and not isinstance(raw, str):
        return raw
    text = str(raw).strip()
    if text == "":
        return None
    if q.kind == "int":
        if not text.isdigit():
            raise _Invalid(f"'{text}' is not a whole number. Type just the number, such as 8.")
        return int(text)
    if q.kind == "number":
        try:
            value = float(text.lstrip("£"))
        except ValueError:
            raise _Invalid(f"'{text}' is not a number. Type just the price, such as 4.50.") from None
        return int(value) if value.is_integer() else value
    if q.kind == "yesno":
        if text.lower() in ("y", "yes", "true"):
            return True
        if text.lower() in ("n", "no", "false"):
            return False
        raise _Invalid("Type yes or no.")
    if q.kind in ("one", "many"):
        ids = [c[0] for c in q.choices]
        picked = []
        for part in [p for p in text.replace(",", " ").split() if p]:
            if part.isdigit() and 1 <= int(part) <= len(ids):
                part = ids[int(part) - 1]
            if part not in ids:
                raise _Invalid(f"'{part}' is not one of the choices.{did_you_mean(part, ids)} "
                               f"Type a number from 1 to {len(ids)}, or one of: {', '.join(ids)}.")
            if part not in picked:
                picked.append(part)
        if q.kind == "one":
            if len(picked) != 1:
                raise _Invalid("Choose just one.")
            return picked[0]
        return picked
    return text


def _set(entry: dict, path: tuple, value) -> None:
    node = entry
    for step, nxt in zip(path, path[1:]):
        if isinstance(step, int):
            node = node[step]
        else:
            node = node.setdefault(step, [{}] if isinstance(nxt, int) else {})
    node[path[-1]] = value


def _shape(answers: dict, today: date) -> dict:
    """The provider entry the answers describe, in the order the schema reads best."""
    a = answers
    entry: dict = {"id": a["id"], "name": a["name"]}
    if a.get("organisation"):
        entry["organisation"] = a["organisation"]
    entry.update(summary=a["summary"], description=a.get("description") or a["summary"], tiers=a["tier"],
                 break_types=a["break_type"], ages={"min": a["min_age"], "max": a["max_age"]}, needs=a["needs"])
    if a.get("venue"):
        venue = {"name": a["venue"]}
        for key in ("address", "postcode"):
            if a.get(key):
                venue[key] = a[key]
        venue["area"] = a["area"]
        entry["venues"] = [venue]
    else:
        entry["areas_served"] = [a["area"]]
    cost = {"free": a["free"]}
    if a.get("cost") is not None:
        cost["amount"] = a["cost"]
    if a.get("per"):
        cost["per"] = a["per"]
    entry["cost"] = cost
    entry["booking"] = {"route": a["booking_route"], "how": a["booking_how"]}
    if a.get("booking_url"):
        entry["booking"]["url"] = a["booking_url"]
    entry["contact"] = {k: a[f] for k, f in (("name", "contact_name"), ("phone", "phone"), ("email", "email"),
                                              ("website", "website")) if a.get(f)}
    entry["reviewed"] = {"date": today.isoformat(), "by": a.get("reviewed_by") or a.get("organisation") or a["name"]}
    return entry


def _check_one(q: Question, value, answers: dict, site: model.Site) -> list[str]:
    """Problems with one answer, in words, using the schema for its field."""
    if value is None:
        if q.required:
            return ["This answer is needed."]
        return []
    draft: dict = {}
    _set(draft, ("area",) if q.flag == "area" else q.path, value)
    if q.flag == "area":
        return [m for m in np.cross_problems({"areas_served": [value], "contact": {"phone": "x"}}, site)
                if "not an area" in m]
    found = [p.message + (f" {p.fix}" if p.fix else "") for p in np.problems(draft, q.path)]
    if found:
        return found
    if q.flag in ("id", "name"):
        return [m for m in np.cross_problems({q.flag: value, "contact": {"phone": "x"}}, site) if "already" in m]
    if q.flag == "tier":
        return [m for m in np.cross_problems({"tiers": value, "contact": {"phone": "x"}}, site) if "not a tier" in m]
    if q.flag == "max_age" and isinstance(answers.get("min_age"), int) and value < answers["min_age"]:
        return [f"The oldest age ({value}) is less than the youngest age ({answers['min_age']})."]
    return []


def _ask(q: Question, default, out) -> str | None:
    if q.choices:
        print("", file=out)
        for n, (ident, label) in enumerate(q.choices, 1):
            print(f"  {n}. {ident}: {label}", file=out)
    shown = f" [{default}]" if default not in (None, "") else ""
    print(f"{q.prompt}{shown}: ", end="", file=out, flush=True)
    line = sys.stdin.readline()
    if line == "":
        raise np.NewProviderError(f"Stopped before every question was answered (no answer for '{q.flag}'). "
                                  "Nothing was added.", code=2)
    line = line.rstrip("\n")
    return line if line.strip() or default in (None, "") else str(default)


def _default(q: Question, answers: dict):
    if q.flag == "id" and answers.get("name"):
        return np.slugify(answers["name"])
    if q.flag == "description":
        return answers.get("summary")
    if q.flag == "reviewed_by":
        return answers.get("organisation") or answers.get("name")
    return None


def _skip(q: Question, answers: dict) -> bool:
    """Questions that do not apply given earlier answers."""
    if q.flag in ("address", "postcode"):
        return not answers.get("venue")
    if q.flag == "cost":
        return answers.get("free") is True
    if q.flag == "per":
        return answers.get("free") is True or answers.get("cost") is None
    return False


CONTACT = ("phone", "email", "website")


def gather(site: model.Site, given: dict, interactive: bool, out=sys.stderr) -> dict:
    """Answers from flags, defaults and (when interactive) questions, each checked as it comes."""
    answers: dict = {}
    errors: list[str] = []
    missing: list[str] = []

    def answer(q: Question, raw) -> None:
        default = _default(q, answers)
        while True:
            if raw is None and interactive:
                raw = _ask(q, default, out)
            elif raw is None:
                raw = default
            try:
                value = _convert(q, raw)
                found = _check_one(q, value, answers, site)
            except _Invalid as exc:
                value, found = None, [str(exc)]
            if not found:
                answers[q.flag] = value
                return
            if raw is None and not interactive:
                if q.flag == "free":
                    missing.append("--free (or --cost)")
                elif not (q.flag == "description" and "summary" not in answers):
                    missing.append("--" + q.flag.replace("_", "-"))
                return
            if not interactive:
                errors.append(f"--{q.flag.replace('_', '-')}: " + " ".join(found))
                return
            for message in found:
                print(f"  {message}", file=out)
            raw = None

    all_questions = questions(site)
    for q in all_questions:
        if not _skip(q, answers):
            answer(q, given.get(q.flag))
        if q.flag == "website" and interactive:
            while not any(answers.get(k) for k in CONTACT):
                print("  Give at least one way to contact the provider: a phone number, an email address or a website.",
                      file=out)
                for c in [c for c in all_questions if c.flag in CONTACT]:
                    answer(c, None)
    if missing:
        raise np.NewProviderError("These answers are missing: " + ", ".join(missing) + ". Give them as options, "
                                  "or leave out --yes to be asked.", code=2)
    if not any(answers.get(k) or given.get(k) for k in CONTACT):
        errors.append("Give at least one way to contact the provider: --phone, --email or --website.")
    if errors:
        raise np.NewProviderError("Some answers need changing. Nothing was added.\n" + "\n".join(errors))
    return answers


def cmd_new_provider(args) -> int:
    from sbsite.cli.report import report_problems as _report

    site, problems = load_site(args.root)
    if problems:
        _report(problems)
        print("Fix these first, so the new provider can be checked with the rest.", file=sys.stderr)
        return 1
    names = [q.flag for q in questions(site)]
    given = {k: getattr(args, k) for k in names if k != "free" and getattr(args, k, None) is not None}
    if args.free:
        given["free"] = "yes"
    elif given.get("cost") is not None:
        given.setdefault("free", "no")
    required = [q.flag for q in questions(site) if q.required and q.flag not in ("id", "description", "reviewed_by")]
    has_contact = any(given.get(k) for k in ("phone", "email", "website"))
    interactive = not args.yes and not (all(k in given for k in required) and has_contact)
    try:
        target = np.inspect(Path(args.root))
        if interactive:
            print("Answer each question, then press Enter. Press Ctrl+C to stop without adding anything.\n",
                  file=sys.stderr)
        answers = gather(site, given, interactive)
        today = freshness.build_date()
        entry = _shape(answers, today)
        found = np.problems(entry)
        words = np.cross_problems(entry, site)
        if found or words:
            raise np.NewProviderError("The new entry would not pass the checks. Nothing was added.\n"
                                      + "\n".join([np.explain(found)] if found else []) + "\n".join(words))
        line = np.append(target, entry, today)
    except np.NewProviderError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    after, problems = load_site(args.root)
    if problems:
        np.restore(target)
        _report(problems)
        print(f"{np.FILE} was put back as it was.", file=sys.stderr)
        return 1
    print(f"Added {entry['name']} to {np.FILE} at line {line}. All {len(after.providers)} providers pass the checks.\n"
          "Next: open the file, add when it runs ('sessions') and the venue's access features, then run 'sbsite check'.")
    return 0


def add_commands(sub) -> None:
    """Add `new-provider` and `stale` to the sbsite command (called from cli.parser)."""
    st = sub.add_parser("stale", help="list listings not checked in the last 12 months, with contact details")
    st.add_argument("--format", choices=("text", "csv"), default="text", help="text (default) or csv for a spreadsheet")
    st.add_argument("--months", type=_months, help="months before a listing is due a check "
                    "(default: site.review_months in content/council.yaml, or 12)")
    st.add_argument("--date", type=_iso_date, help="work it out as if today were this date, YYYY-MM-DD "
                    "(default: SOURCE_DATE_EPOCH if set, else today)")
    st.set_defaults(func=cmd_stale)

    n = sub.add_parser("new-provider", help="add a provider to providers.yaml by answering a few questions",
                       description="Add a provider to providers.yaml. Asks for anything not given as an option; "
                       "with every required option (or --yes) it asks nothing.")
    n.add_argument("--yes", "-y", action="store_true", help="do not ask questions; use the options and defaults")
    n.add_argument("--free", action="store_true", default=None, help="it is free for families")
    for flag, kind in (("name", str), ("id", str), ("organisation", str), ("summary", str), ("description", str),
                       ("tier", str), ("break-type", str), ("min-age", str), ("max-age", str), ("needs", str),
                       ("area", str), ("venue", str), ("address", str), ("postcode", str), ("cost", str),
                       ("per", str), ("booking-route", str), ("booking-how", str), ("booking-url", str),
                       ("contact-name", str), ("phone", str), ("email", str), ("website", str),
                       ("reviewed-by", str)):
        n.add_argument("--" + flag, type=kind, metavar=flag.split("-")[-1].upper())
    n.set_defaults(func=cmd_new_provider)
