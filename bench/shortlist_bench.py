"""Measure what the My list page downloads at 1,000 and 10,000 providers (not a test: it prints numbers).

    .venv/bin/python bench/shortlist_bench.py                 # 1,000 and 10,000 (about a minute)
    .venv/bin/python bench/shortlist_bench.py --sizes 1000

Makes a synthetic Site from the demo (bench/finder_bench.py `synthetic_site`), renders only the
shortlist page and its data files (sbsite/shortlist.py `standalone`), and prints the gzipped
bytes of: a list of 3 short breaks on first view (the page's Markdown and the data files holding
the 3, averaged over 20 random lists), one data file (average and largest), all the data files
together, and what the page used to download (every provider in one file). sbsite-tools.js is
loaded on every page, so it is not counted. The figures go in BENCHMARKS.md's notes by hand.
"""
from __future__ import annotations

import argparse
import gzip
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from finder_bench import synthetic_site  # noqa: E402
from sbsite import pipeline
from sbsite.features.finder import finder  # noqa: E402
from sbsite.features.shortlist import shortlist
from sbsite.pipeline import load_site  # noqa: E402


def gz(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), 6, mtime=0))


def measure(site) -> dict:
    files = pipeline.shortlist_alone(site)
    page = files.pop(shortlist.PAGE)
    sizes = {path: gz(text) for path, text in files.items()}
    rng = random.Random(3)
    views = []
    for _ in range(20):
        ids = [p.id for p in rng.sample(site.providers, 3)]
        views.append(gz(page) + sum(sizes[f] for f in shortlist.first_view(site, ids)[1:]))
    old = "window.sbShortlistData=" + finder.dumps(
        {"pb": "../providers/", "p": {p.id: shortlist.entry(site, p) for p in site.providers}}) + ";\n"
    return {"files": len(files), "page": gz(page), "view3": sum(views) / len(views),
            "shard_avg": sum(sizes.values()) / len(sizes), "shard_max": max(sizes.values()),
            "all": sum(sizes.values()), "old_raw": len(old.encode("utf-8")), "old_gz": gz(old)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    demo, problems = load_site(REPO)
    assert not problems, problems
    for n in args.sizes:
        r = measure(synthetic_site(demo, n))
        print(f"{n:>6} providers: {r['files']} data files; a list of 3 on first view {r['view3'] / 1024:.1f} KB gzipped "
              f"(page {r['page'] / 1024:.1f} KB); a data file {r['shard_avg'] / 1024:.1f} KB average, "
              f"{r['shard_max'] / 1024:.1f} KB largest; all {r['all'] / 1024:.0f} KB; "
              f"one file as before: {r['old_raw'] / 1024 / 1024:.2f} MB raw, {r['old_gz'] / 1024:.0f} KB gzipped")


if __name__ == "__main__":
    main()
