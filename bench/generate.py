"""Seeded synthetic data for benchmarks: a whole sbsite project with N providers.

Realistic variety (tiers, areas, ages, needs, schedules, text lengths) at about
2.5 KB of YAML per provider, built from the demo's council content so the rest
of the site is the same as the demo. The same seed always gives the same files.
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

WORDS = ("friendly supported inclusive sensory outdoor creative calm active small group trained staff young people "
         "children families parents carers games music art cooking swimming climbing drama dance football yoga "
         "forest gardening trips club session holiday weekend evening play safe quiet space routine visual timetable "
         "communication support together confidence friends independence skills choice fun relaxed welcoming").split()
SERVICES = ["swimming", "art", "cooking", "music", "drama", "football", "yoga", "forest school", "climbing",
            "gardening", "trips", "games", "dance", "sensory play", "life skills", "cycling"]
NEEDS = ["autism", "learning-disability", "physical-disability", "semh", "complex-health", "sensory",
         "speech-language", "adhd"]
ACCESS = ["parking", "step-free", "accessible-toilet", "changing-places", "hoist", "hearing-loop", "quiet-space",
          "sensory-room", "bsl", "makaton", "public-transport"]
BREAKS = ["activities", "day-care-elsewhere", "day-care-at-home", "overnight-elsewhere", "overnight-at-home",
          "support-in-community"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences):
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def provider(rng: random.Random, i: int, tiers: list[str], areas: list[str]) -> dict:
    low = rng.choice([0, 0, 3, 5, 8, 11, 14, 16, 18])
    high = min(25, low + rng.choice([4, 6, 8, 10, 14, 25]))
    sessions = []
    for _ in range(rng.randint(0, 3)):
        start = rng.choice(["09:00", "10:00", "13:30", "16:00", "17:30", "18:00", "19:00"])
        end = f"{int(start[:2]) + rng.choice([1, 2, 3]):02d}:{start[3:]}"
        sessions.append({"days": sorted(rng.sample(DAYS, rng.randint(1, 3)), key=DAYS.index),
                         "start": start, "end": end,
                         "when": rng.choice(["term-time", "school-holidays", "all-year"])})
    free = rng.random() < 0.45
    cost = {"free": free}
    if not free:
        cost.update(amount=rng.choice([2, 3, 4.5, 5, 8, 12, 25]), per=rng.choice(["session", "hour", "day"]))
    cost.update(direct_payments=rng.random() < 0.5, carer_free=rng.random() < 0.5)
    venues = [{"name": f"{sentence(rng, 2)[:-1]} Centre {i}-{v}", "address": f"{rng.randint(1, 200)} {rng.choice(WORDS).title()} Road",
               "postcode": f"FV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
               "area": rng.choice(areas), "access": sorted(rng.sample(ACCESS, rng.randint(1, 6)), key=ACCESS.index)}
              for v in range(rng.randint(1, 2))]
    entry = {
        "id": f"provider-{i:05d}",
        "name": f"{rng.choice(WORDS).title()} {rng.choice(SERVICES).title()} {rng.choice(['Club', 'Group', 'Scheme', 'Breaks', 'Project'])} {i}",
        "summary": sentence(rng, rng.randint(10, 20))[:190],
        "description": "\n\n".join(paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(2, 4))),
        "tiers": sorted(rng.sample(tiers, rng.choice([1, 1, 1, 2])), key=tiers.index),
        "services": sorted(rng.sample(SERVICES, rng.randint(1, 4))),
        "break_types": sorted(rng.sample(BREAKS, rng.randint(1, 2)), key=BREAKS.index),
        "ages": {"min": low, "max": high},
        "needs": sorted(rng.sample(NEEDS, rng.randint(1, 5)), key=NEEDS.index),
        "support": sorted(rng.sample(["1:1", "2:1"], rng.randint(0, 2))),
        "siblings_welcome": rng.random() < 0.5,
        "venues": venues,
        "sessions": sessions,
        "cost": cost,
        "booking": {"route": rng.choice(["book-direct", "self-referral", "professional-referral", "assessment"]),
                    "how": paragraph(rng, 2)},
        "eligibility": paragraph(rng, 1),
        "contact": {"phone": f"01632 960{rng.randint(0, 999):03d}", "email": f"provider{i}@example.org",
                    "website": f"https://example.org/provider-{i}"},
        "reviewed": {"date": f"20{rng.choice([25, 26])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     "by": "Benchmark data"},
    }
    if not entry["support"]:
        del entry["support"]
    if not sessions:
        del entry["sessions"]
    return entry


def generate(out: Path, count: int, seed: int = 20261123) -> Path:
    """Write a project with `count` synthetic providers into `out` (replaced if present)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # The demo's council content, without the demo providers' own folders (photos, stories).
    shutil.copytree(REPO / "content", out / "content", ignore=shutil.ignore_patterns("__pycache__", "providers"))
    shutil.copytree(REPO / "templates", out / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "mkdocs.yml", out / "mkdocs.yml")
    council = yaml.safe_load((REPO / "content" / "council.yaml").read_text(encoding="utf-8"))
    tiers = [t["id"] for t in yaml.safe_load((REPO / "content" / "tiers.yaml").read_text(encoding="utf-8"))["tiers"]]
    areas = [a["id"] for a in council["areas"]]
    providers = [provider(rng, i, tiers, areas) for i in range(count)]
    text = "# Synthetic benchmark data (bench/generate.py). Not real.\n" + yaml.safe_dump(
        {"providers": providers}, sort_keys=False, allow_unicode=True, width=100)
    (out / "providers.yaml").write_text(text, encoding="utf-8")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("count", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=20261123)
    args = ap.parse_args()
    path = generate(args.out, args.count, args.seed)
    size = (path / "providers.yaml").stat().st_size
    print(f"{args.count} providers, {size / args.count:.0f} bytes each, in {path}")
