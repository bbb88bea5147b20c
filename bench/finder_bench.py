"""Measure the activity finder at 1,000 and 10,000 providers and write the Finder section of BENCHMARKS.md.

    .venv/bin/python bench/finder_bench.py            # 1,000 and 10,000 (about a minute)
    .venv/bin/python bench/finder_bench.py --sizes 1000 --out /tmp/b.md

Not a test: it records numbers. For each size it

1. makes a synthetic Site in memory by copying the demo providers with new ids,
   names, ages and areas, and shuffled summaries (so gzip cannot just find the
   same sentence again and again, as it could with exact copies);
2. builds the finder page with MkDocs and Material exactly as the full build
   would (only the finder page and its files, so 10,000 provider pages are not
   needed), and measures the gzipped bytes of what its first view downloads (the
   page, finder.js, the index and the first text file) and of the text files
   loaded later;
3. opens the page in headless Chromium and times a filter change: from ticking a
   box (or typing a word) until the results list has been rebuilt and laid out.
"""
from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import http.server
import logging
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sbsite import pipeline
from sbsite.features.finder import finder  # noqa: E402
from sbsite.render import engine as render
from sbsite.pipeline import load_site  # noqa: E402

START, END = "<!-- bench:finder:start -->", "<!-- bench:finder:end -->"
BUDGET_KB = 100
BUDGET_L_KB = 300
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic_site(site, n: int, seed: int = 20261123):
    """`site` with `n` providers made from its own, varied so no two are the same: new ids,
    names, shuffled summaries, and filter fields (ages, areas, tiers, needs, access,
    sessions, cost, support) drawn at random, as varied as bench/generate.py's."""
    from sbsite.core import model
    rng = random.Random(seed)
    areas = [a.id for a in site.areas]
    tiers = [t.id for t in site.tiers]
    needs, access = list(model.NEED_LABELS), list(model.ACCESS_LABELS)

    def pick(items, low, high):
        return tuple(sorted(rng.sample(items, rng.randint(low, min(high, len(items)))), key=items.index))

    out = []
    for i in range(n):
        base = site.providers[i % len(site.providers)]
        words = base.summary.rstrip(".").split()
        rng.shuffle(words)
        low = rng.choice([0, 0, 3, 5, 8, 11, 14, 16, 18])
        high = min(25, low + rng.choice([3, 5, 8, 12, 25]))
        venues = tuple(dataclasses.replace(v, area=rng.choice(areas), access=pick(access, 1, 6)) for v in base.venues)
        served = tuple(sorted(rng.sample(areas, len(base.areas_served)), key=areas.index)) if base.areas_served else ()
        sessions = tuple(model.Session(days=pick(list(model.DAYS), 1, 3), when=rng.choice(["term-time", "school-holidays", "all-year"]),
                                       start="10:00", end="12:00") for _ in range(rng.randint(0, 3)))
        free = rng.random() < 0.45
        cost = dataclasses.replace(base.cost, free=free, amount=None if free else rng.choice([2, 3, 4.5, 5, 8, 12, 25]),
                                   per="" if free else "session", direct_payments=rng.random() < 0.5,
                                   carer_free=rng.random() < 0.5)
        out.append(dataclasses.replace(
            base, id=f"{base.id}-{i + 1}", name=f"{base.name} {i + 1}",
            summary=" ".join(words).capitalize() + ".", ages=(low, high), venues=venues, areas_served=served,
            tiers=pick(tiers, 1, 2), needs=pick(needs, 1, 5), sessions=sessions, cost=cost,
            support=pick(["1:1", "2:1"], 0, 2), siblings_welcome=rng.random() < 0.5))
    out.sort(key=lambda p: (p.name.lower(), p.id))
    return dataclasses.replace(site, providers=tuple(out))


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def build_finder(site, nav, out: Path, files: dict | None = None) -> Path:
    """Build only the finder page (and its scripts) with the real config and theme, through
    sbsite's builder (or only `files`, such as the shortlist's, instead)."""
    from sbsite import build, builder

    docs = out / "docs"
    for rel, text in (pipeline.finder_alone(site) if files is None else files).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    build.copy_assets(docs, site.features)
    facts = builder.SiteFacts(name=f"{site.council['short_name']} short breaks", url=site.settings["url"],
                              nav=nav, epoch=build.source_date_epoch(site))
    log = logging.getLogger("mkdocs")
    level = log.level
    log.setLevel(logging.ERROR)  # links to pages this cut-down build leaves out
    try:
        builder.build_site(REPO / "mkdocs.yml", docs, out / "site", facts, strict=False)
    finally:
        log.setLevel(level)  # the tests build with MkDocs too, and need its warnings
    return out / "site"


def weigh(built: Path) -> dict:
    """Gzipped bytes of what the finder downloads on first view (the page and the scripts
    its data-sb-scripts names: the index, the first text file, finder.js), and of the text
    files it loads later, only when needed."""
    page = built / "finder" / "index.html"
    first = [page]
    for attr in re.findall(r'data-sb-scripts="([^"]+)"', page.read_text(encoding="utf-8")):
        first += [(page.parent / ref.split("?")[0]).resolve() for ref in attr.split()]
    later = [t for t in sorted((built / "finder").glob("text-*.js")) if t.resolve() not in first]
    return {"page": gz(page.read_bytes()), "script": gz((built / "assets" / "finder.js").read_bytes()),
            "data": gz((built / "finder" / "data.js").read_bytes()),
            "data_raw": (built / "finder" / "data.js").stat().st_size,
            "text0": gz((built / "finder" / "text-0.js").read_bytes()) if (built / "finder" / "text-0.js").exists() else 0,
            "first": sum(gz(f.read_bytes()) for f in dict.fromkeys(first)),
            "later": sum(gz(f.read_bytes()) for f in later), "later_files": len(later)}


MEASURE = """async ([mode, runs]) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const tick = () => new Promise(r => setTimeout(r, 0));
  const list = document.getElementById('sb-finder-results');
  const box = document.querySelector('#sb-finder-form input[name=area]');
  const q = document.querySelector('#sb-q');
  const times = [];
  for (let i = 0; i < runs; i++) {
    await frame();
    const t = performance.now();
    if (mode === 'box') { box.click(); }
    else if (mode === 'word') { q.value = i % 2 ? 'club' : 'swim'; q.form.dispatchEvent(new Event('submit', {cancelable: true})); }
    else { q.value = i % 2 ? 'zzzz' : 'qqqq'; q.form.dispatchEvent(new Event('submit', {cancelable: true})); }
    while (list.hasAttribute('aria-busy')) await tick();  // text files still loading
    document.body.offsetHeight;  // include style and layout of the new results
    times.push(performance.now() - t);
  }
  return times;
}"""


def time_filters(built: Path, runs: int = 15) -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/finder/")
            page.wait_for_selector("#sb-finder-results [data-provider-id]")
            load = page.evaluate("performance.getEntriesByName('sb-finder-ready')[0].startTime")
            result = {"load_ms": load}
            # The first word typed loads every text file (once): time that on its own.
            result["first_word"] = page.evaluate(MEASURE, ["word", 1])[0]
            for mode in ("box", "word", "none"):
                times = page.evaluate(MEASURE, [mode, runs])[2:]  # the first runs warm up the JIT
                result[mode] = statistics.median(times)
                result[mode + "_max"] = max(times)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return result


def section(results: list[dict]) -> str:
    lines = [START, "## Finder", "",
             f"Measured {date.today().isoformat()} on {platform.machine()} with {os.cpu_count()} cores "
             "(shared with other work), headless Chromium, by `bench/finder_bench.py`. Synthetic providers are "
             "copies of the demo providers with new ids and names, shuffled summaries, and ages, areas, tiers, "
             "needs, access, sessions, cost and support drawn at random.",
             "", "What a family downloads for the finder on first view (gzipped): the page, finder.js, the index "
             "(`finder/data.js`: everything filtering needs, as short codes) and the first text file "
             f"(`finder/text-0.js`: names, summaries and words of the first {finder.FinderConfig().shard} short breaks A to Z, "
             "enough for the first results). Material's own CSS and JavaScript are shared by every page and "
             "cached, so they are not counted here.",
             "", "| Providers | page | finder.js | index (raw) | first text file | first view total | budget | text files loaded later, only when needed | filter change (median / worst) | typing a word | first word typed (loads every text file) | nothing matches (with suggestion) | finder ready after opening the page |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        total = r["first"] / 1024
        limit = BUDGET_KB if r["n"] <= 1000 else BUDGET_L_KB
        budget = f"within {limit} KB" if total <= limit else f"over {limit} KB"
        t = r.get("timing")
        cell = (lambda k: f"{t[k]:.0f} ms / {t[k + '_max']:.0f} ms") if t else (lambda k: "not measured")
        lines.append(f"| {r['n']:,} | {r['page'] / 1024:.1f} KB | {r['script'] / 1024:.1f} KB | "
                     f"{r['data'] / 1024:.1f} KB ({r['data_raw'] / 1024:.0f} KB) | {r['text0'] / 1024:.1f} KB | "
                     f"{total:.1f} KB | {budget} | {r['later'] / 1024:.0f} KB in {r['later_files']} file{'' if r['later_files'] == 1 else 's'} | "
                     f"{cell('box')} | {cell('word')} | {(str(round(t['first_word'])) + ' ms') if t else 'not measured'} | "
                     f"{cell('none')} | {(str(round(t['load_ms'])) + ' ms') if t else 'not measured'} |")
    lines += ["", "A filter change is timed from ticking an area box (or submitting a word) until the new "
              "results are in the page and laid out; the finder shows the first 50 cards and a "
              "\"Show more\" button. \"Nothing matches\" also works out which one filter to remove "
              "(one extra pass over the data per active filter). \"Finder ready\" is from the start of "
              "loading the page until the filters and first results are showing, served from this machine.",
              "", "**Loaded later, only when needed** (not in the first-view figures): the other text files, "
              f"{finder.FinderConfig().shard} short breaks each. A card's text file loads when that card is first shown "
              "(filters whose first matches are far down the A to Z list, or \"Show more\"); every text file "
              "loads the first time a family clicks into the word search box or opens a link with words "
              "in it (`?q=`), because a word can match any short break. The timings above include that "
              "loading, from this machine (a phone on a slow connection takes longer for the first word).",
              "", f"Without JavaScript, the finder page lists every short break by type up to {finder.FinderConfig().list_all_max:,} "
              "short breaks; above that it links to the type, area, age and A to Z pages (with counts), "
              "which hold the full lists, so the finder page stays small.",
              "", "`tests/test_finder.py` checks the first view stays under 100 KB gzipped at 1,000 providers, and "
              "that the cost of each extra provider is small enough for 10,000 to fit in 300 KB (measured at "
              "2,000 and 4,000), on every test run (sizes, so not affected by machine speed).", "", END]
    return "\n".join(lines)


def write(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = old[: old.index(START)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    ap.add_argument("--no-browser", action="store_true", help="only measure sizes")
    ap.add_argument("--root", type=Path, default=REPO, help="the project whose providers are copied (the demo)")
    args = ap.parse_args(argv)
    demo, problems = load_site(args.root)
    if problems:
        raise SystemExit("The demo data has problems; run `sbsite check`.")
    nav = render.nav(demo)
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        site = synthetic_site(demo, n)
        with tempfile.TemporaryDirectory(prefix="sbsite-finder-bench-") as tmp:
            built = build_finder(site, nav, Path(tmp))
            r = {"n": n, **weigh(built)}
            if not args.no_browser:
                r["timing"] = time_filters(built)
        results.append(r)
        print(f"{n:>6} providers: first view {r['first'] / 1024:.1f} KB (page {r['page'] / 1024:.1f} KB, "
              f"finder.js {r['script'] / 1024:.1f} KB, index {r['data'] / 1024:.1f} KB, text-0 {r['text0'] / 1024:.1f} KB) "
              f"gzipped, later {r['later'] / 1024:.0f} KB" + (
                  f"; filter change {r['timing']['box']:.0f} ms, word {r['timing']['word']:.0f} ms, "
                  f"no match {r['timing']['none']:.0f} ms" if "timing" in r else ""))
    write(args.out, section(results))
    print(f"Wrote the Finder section of {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
