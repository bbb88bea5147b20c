"""Measure the activity finder at 1,000 and 10,000 providers and write the Finder section of BENCHMARKS.md.

    .venv/bin/python bench/finder_bench.py            # 1,000 and 10,000 (about a minute)
    .venv/bin/python bench/finder_bench.py --sizes 1000 --out /tmp/b.md

Not a test: it records numbers. For each size it

1. makes a synthetic Site in memory by copying the demo providers with new ids,
   names, ages and areas, and shuffled summaries (so gzip cannot just find the
   same sentence again and again, as it could with exact copies);
2. builds the finder page with MkDocs and Material exactly as the full build
   would (only the finder page and its files, so 10,000 provider pages are not
   needed), and measures the gzipped bytes of the page, finder.js and data.js;
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
import shutil
import statistics
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sbsite import finder, render  # noqa: E402
from sbsite.project import load_site  # noqa: E402

START, END = "<!-- bench:finder:start -->", "<!-- bench:finder:end -->"
BUDGET_KB = 100
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic_site(site, n: int, seed: int = 20261123):
    """`site` with `n` providers made from its own, varied so no two are the same."""
    rng = random.Random(seed)
    areas = [a.id for a in site.areas]
    out = []
    for i in range(n):
        base = site.providers[i % len(site.providers)]
        words = base.summary.rstrip(".").split()
        rng.shuffle(words)
        low = rng.choice([0, 0, 3, 5, 8, 11, 14, 16, 18])
        high = min(25, low + rng.choice([3, 5, 8, 12, 25]))
        venues = tuple(dataclasses.replace(v, area=rng.choice(areas)) for v in base.venues)
        served = tuple(sorted(rng.sample(areas, len(base.areas_served)), key=areas.index)) if base.areas_served else ()
        out.append(dataclasses.replace(
            base, id=f"{base.id}-{i + 1}", name=f"{base.name} {i + 1}",
            summary=" ".join(words).capitalize() + ".", ages=(low, high), venues=venues, areas_served=served))
    out.sort(key=lambda p: (p.name.lower(), p.id))
    return dataclasses.replace(site, providers=tuple(out))


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def build_finder(site, nav, out: Path) -> Path:
    """Build only the finder page (and its scripts) with the real MkDocs config and theme."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    docs = out / "docs"
    for rel, text in finder.standalone(site).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    shutil.copytree(render.TEMPLATES / "assets", docs / "assets")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # links to pages this cut-down build leaves out
    cfg = load_config(config_file=str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(out / "site"),
                      site_name=f"{site.council['short_name']} short breaks", site_url=site.settings["url"],
                      nav=nav, strict=False)
    mk_build(cfg)
    return out / "site"


def weigh(built: Path) -> dict:
    page = (built / "finder" / "index.html").read_bytes()
    return {"page": gz(page), "script": gz((built / "assets" / "finder.js").read_bytes()),
            "data": gz((built / "finder" / "data.js").read_bytes()),
            "data_raw": (built / "finder" / "data.js").stat().st_size}


MEASURE = """async ([mode, runs]) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const box = document.querySelector('#sb-finder-form input[name=area]');
  const q = document.querySelector('#sb-q');
  const times = [];
  for (let i = 0; i < runs; i++) {
    await frame();
    const t = performance.now();
    if (mode === 'box') { box.click(); }
    else if (mode === 'word') { q.value = i % 2 ? 'club' : 'swim'; q.form.dispatchEvent(new Event('submit', {cancelable: true})); }
    else { q.value = i % 2 ? 'zzzz' : 'qqqq'; q.form.dispatchEvent(new Event('submit', {cancelable: true})); }
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
             "copies of the demo providers with new ids, names, ages and areas and shuffled summaries.",
             "", "What a family downloads for the finder (gzipped): the page, finder.js and the data.",
             "Material's own CSS and JavaScript are shared by every page and cached, so they are not counted here.", "",
             "| Providers | page | finder.js | data.js (raw) | total | budget | filter change (median / worst) | typing a word | nothing matches (with suggestion) | finder ready after opening the page |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        total = (r["page"] + r["script"] + r["data"]) / 1024
        budget = ("within 100 KB" if total <= BUDGET_KB else "over 100 KB") if r["n"] <= 1000 else "no budget set"
        t = r.get("timing")
        cell = (lambda k: f"{t[k]:.0f} ms / {t[k + '_max']:.0f} ms") if t else (lambda k: "not measured")
        lines.append(f"| {r['n']:,} | {r['page'] / 1024:.1f} KB | {r['script'] / 1024:.1f} KB | "
                     f"{r['data'] / 1024:.1f} KB ({r['data_raw'] / 1024:.0f} KB) | {total:.1f} KB | {budget} | "
                     f"{cell('box')} | {cell('word')} | {cell('none')} | "
                     f"{(str(round(t['load_ms'])) + ' ms') if t else 'not measured'} |")
    lines += ["", "A filter change is timed from ticking an area box (or submitting a word) until the new "
              "results are in the page and laid out; the finder shows the first 50 cards and a "
              "\"Show more\" button. \"Nothing matches\" also works out which one filter to remove "
              "(one extra pass over the data per active filter). \"Finder ready\" is from the start of "
              "loading the page until the filters and first results are showing, served from this machine.",
              "", "`tests/test_finder.py` checks the page, script and data stay under 100 KB gzipped at 1,000 "
              "providers on every test run (a size, so it is not affected by machine speed).", "", END]
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
        print(f"{n:>6} providers: page {r['page'] / 1024:.1f} KB, finder.js {r['script'] / 1024:.1f} KB, "
              f"data {r['data'] / 1024:.1f} KB gzipped" + (
                  f"; filter change {r['timing']['box']:.0f} ms, word {r['timing']['word']:.0f} ms, "
                  f"no match {r['timing']['none']:.0f} ms" if "timing" in r else ""))
    write(args.out, section(results))
    print(f"Wrote the Finder section of {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
