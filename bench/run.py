"""Measure sbsite against plain MkDocs at several sizes and write BENCHMARKS.md.

    python bench/run.py                 # S, M and L, 3 runs each (what `make bench` runs)
    python bench/run.py --sizes S --runs 1 --out /tmp/b.md   # the smoke run in `make test`

Everything runs on this machine in one go: cold `sbsite build`, plain `mkdocs build` of
the very same Markdown tree and config (the reference), a rebuild after one provider
is edited (in `sbsite build` and in `sbsite serve`), output size, and gzipped page weights.
Times are medians of several runs. Peak memory is measured in one more cold build, sampled
every 50 ms as the proportional set size (PSS) of all the build's processes together, so
pages that forked workers share with their parent count once; the largest single process's
peak RSS is shown beside it. (Sampling slows a build, so timed runs are not sampled.)
"""
from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SIZES = {"S": 100, "M": 1000, "L": 10000}
TARGETS = {
    "ratio_M": 1.15, "peak_L_mb": 1024, "provider_html_kb": 14, "first_view_kb": 100,
    "finder_M_kb": 100, "finder_L_kb": 300, "serve_M_s": 2.0,
}
START, END = "<!-- bench:build:start -->", "<!-- bench:build:end -->"


def _tree_pss_kb(root: int) -> int:
    """Proportional memory (PSS) of every process below `root`: forked workers share
    pages with their parent, so adding their RSS would count those pages twice."""
    pids, total, i = [root], 0, 0
    while i < len(pids):
        pid = pids[i]
        i += 1
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    pids += [int(x) for x in f.read().split()]
            if pid != root:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed(cmd, cwd, env=None, sample: bool = False) -> tuple[float, float, float]:
    """Run a command; return (seconds, peak RSS in MB of its largest process, peak MB of
    all its processes together, sampled every 50 ms when `sample`, else 0).

    Sampling reads every process's page tables 20 times a second, which slows a big
    multi-process build on 2 cores noticeably: so timed runs are never sampled, and memory
    is measured in a run of its own."""
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:]);d=time.perf_counter()-t;"
               "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
               "print(f'{d} {m}',file=sys.stderr);sys.exit(r.returncode)")
    proc = subprocess.Popen([sys.executable, "-c", wrapper, *map(str, cmd)], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def watch():
        while sample and proc.poll() is None:
            peak[0] = max(peak[0], _tree_pss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=watch, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{err[-3000:]}")
    seconds, kb = err.strip().splitlines()[-1].split()
    return float(seconds), int(kb) / 1024, peak[0] / 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_assets(site: Path, page: Path) -> list[Path]:
    """The files a first visit to `page` downloads: CSS, scripts, the search worker and index."""
    html = page.read_text(encoding="utf-8")
    found = []
    for ref in re.findall(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', html):
        if ref.startswith(("http:", "https:", "//")):
            continue
        target = (page.parent / ref.split("?")[0]).resolve()
        if target.is_file():
            found.append(target)
    if (site / "search" / "search_index.json").exists() and "md-search" in html:
        found.append(site / "search" / "search_index.json")
        found += sorted((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    return list(dict.fromkeys(found))


def weights(site: Path) -> dict:
    providers = sorted((site / "providers").glob("*/index.html"))
    sample = providers[len(providers) // 2]
    html = gz(sample.read_bytes())
    first_view = html + sum(gz(p.read_bytes()) for p in page_assets(site, sample))
    result = {"provider_html_kb": html / 1024, "first_view_kb": first_view / 1024,
              "search_index_kb": gz((site / "search" / "search_index.json").read_bytes()) / 1024
              if (site / "search" / "search_index.json").exists() else 0.0}
    finder = site / "finder" / "index.html"
    if finder.exists():
        # The finder page, its own scripts and its data (issue 4's budget); the site-wide
        # CSS and JavaScript every page shares are counted in the first view above.
        html = finder.read_text(encoding="utf-8")
        own = [finder]
        for attr in re.findall(r'data-sb-scripts="([^"]+)"', html):
            for ref in attr.split():
                target = (finder.parent / ref.split("?")[0]).resolve()
                if target.is_file():
                    own.append(target)
        result["finder_kb"] = sum(gz(p.read_bytes()) for p in dict.fromkeys(own)) / 1024
        result["finder_first_view_kb"] = result["finder_kb"] + sum(gz(p.read_bytes()) for p in page_assets(site, finder)) / 1024
    files = [p for p in site.rglob("*") if p.is_file()]
    result["files"] = len(files)
    result["output_mb"] = sum(p.stat().st_size for p in files) / 1024 / 1024
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_rebuild(project: Path) -> float:
    """Seconds from saving an edited providers.yaml to `sbsite serve` showing the change."""
    port = free_port()
    proc = subprocess.Popen([str(BIN / "sbsite"), "serve", "--port", str(port)], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/providers/provider-00000/"
    try:
        deadline = time.time() + 900
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        path = project / "providers.yaml"
        text = path.read_text(encoding="utf-8")
        marker = f"Edited {time.time_ns()}"
        path.write_text(text.replace("name: ", f"name: {marker} ", 1), encoding="utf-8")
        start = time.perf_counter()
        while time.perf_counter() - start < 900:
            try:
                if marker in urllib.request.urlopen(url, timeout=5).read().decode():
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("serve never showed the change")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        path.write_text(text, encoding="utf-8")


def measure(size: str, runs: int, workdir: Path) -> dict:
    count = SIZES[size]
    project = generate(workdir / f"project-{size}", count)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    ours, peaks, totals, plain, plain_peaks = [], [], [], [], []
    for _ in range(runs):
        for folder in ("site", "build"):
            subprocess.run(["rm", "-rf", str(project / folder)], check=True)
        seconds, peak, _ = timed([str(BIN / "sbsite"), "--quiet", "build"], project, env)
        ours.append(seconds)
        peaks.append(peak)
        epoch = env.get("SOURCE_DATE_EPOCH")
        seconds, peak, _ = timed([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(project / "build" / "mkdocs.yml")],
                                 project, dict(env, SOURCE_DATE_EPOCH=epoch or "0"))
        plain.append(seconds)
        plain_peaks.append(peak)
    for folder in ("site", "build"):  # one more cold build, sampled, for the memory of all its processes
        subprocess.run(["rm", "-rf", str(project / folder)], check=True)
    _, peak, total = timed([str(BIN / "sbsite"), "--quiet", "build"], project, env, sample=True)
    peaks.append(peak)
    totals.append(total)
    result = {"size": size, "providers": count, "ours_s": statistics.median(ours), "peak_mb": max(peaks), "total_mb": max(totals),
              "plain_s": statistics.median(plain), "plain_peak_mb": max(plain_peaks)}
    result["ratio"] = result["ours_s"] / result["plain_s"]
    result.update(weights(project / "site"))
    path = project / "providers.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: ", "name: Edited ", 1), encoding="utf-8")
    result["rebuild_build_s"], _, _ = timed([str(BIN / "sbsite"), "--quiet", "build"], project, env)
    path.write_text(text, encoding="utf-8")
    result["rebuild_serve_s"] = serve_rebuild(project)
    return result


def verdict(value, target, smaller=True) -> str:
    if value is None:
        return "not measured"
    return "met" if (value <= target if smaller else value >= target) else "**not met**"


def report(results: list[dict], runs: int, command: str) -> str:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    lines = [START, "## Build speed, memory and page weight", "",
             f"Measured {date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB memory, "
             f"Python {platform.python_version()}, by `{command}`; times are the median of {runs} run(s) "
             "(one run at L); peak memory of all processes together (PSS) is sampled in one more cold build, "
             "because sampling slows a build.",
             "Synthetic data from `bench/generate.py` (seeded; about 2.5 KB of YAML per provider). "
             "The reference is plain `mkdocs build` of the same Markdown tree with the same config "
             "(`build/mkdocs.yml`, written by every `sbsite build`).", "",
             "| Size | Providers | sbsite build | plain MkDocs | ratio | peak memory: ours, all processes (largest one) / plain | rebuild after one edit: build / serve | files | output |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r['size']} | {r['providers']:,} | {r['ours_s']:.1f} s | {r['plain_s']:.1f} s | {r['ratio']:.2f}× | "
                     f"{r['total_mb']:.0f} ({r['peak_mb']:.0f}) / {r['plain_peak_mb']:.0f} MB | {r['rebuild_build_s']:.1f} s / {r['rebuild_serve_s']:.1f} s | "
                     f"{r['files']:,} | {r['output_mb']:.0f} MB |")
    lines += ["", "| Size | provider page HTML (gzip) | provider page first view (gzip: HTML, CSS, JS, any search index) | finder page, its scripts and data (gzip) | finder first view with the site's CSS and JS (gzip) |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for r in results:
        finder = f"{r['finder_kb']:.0f} KB" if "finder_kb" in r else "no finder yet"
        finder_all = f"{r['finder_first_view_kb']:.0f} KB" if "finder_first_view_kb" in r else "—"
        lines.append(f"| {r['size']} | {r['provider_html_kb']:.1f} KB | {r['first_view_kb']:.0f} KB | {finder} | {finder_all} |")
    by = {r["size"]: r for r in results}
    m, big = by.get("M"), by.get("L")
    rows = [
        ("Build at M at most 1.15× plain MkDocs", f"{m['ratio']:.2f}×" if m else None, verdict(m and m["ratio"], TARGETS["ratio_M"])),
        ("Peak memory at L under 1 GB (all the build's processes together)", f"{big['total_mb']:.0f} MB" if big else None,
         verdict(big and big["total_mb"], TARGETS["peak_L_mb"])),
        ("Time from M to L no worse than linear (≤ 10× for 10× providers)",
         f"{big['ours_s'] / m['ours_s']:.1f}×" if m and big else None, verdict(m and big and big["ours_s"] / m["ours_s"], 10.0)),
        ("Provider page at most 14 KB gzipped", f"{max(r['provider_html_kb'] for r in results):.1f} KB",
         verdict(max(r["provider_html_kb"] for r in results), TARGETS["provider_html_kb"])),
        ("Provider page first view at most 100 KB gzipped", f"{max(r['first_view_kb'] for r in results):.0f} KB",
         verdict(max(r["first_view_kb"] for r in results), TARGETS["first_view_kb"])),
        ("Finder at most 100 KB gzipped at M", f"{m['finder_kb']:.0f} KB" if m and "finder_kb" in m else None,
         verdict(m and m.get("finder_kb"), TARGETS["finder_M_kb"])),
        ("Finder at most 300 KB gzipped at L", f"{big['finder_kb']:.0f} KB" if big and "finder_kb" in big else None,
         verdict(big and big.get("finder_kb"), TARGETS["finder_L_kb"])),
        ("`sbsite serve` shows an edit within 2 s at M", f"{m['rebuild_serve_s']:.1f} s" if m else None,
         verdict(m and m["rebuild_serve_s"], TARGETS["serve_M_s"])),
    ]
    lines += ["", "| Target | Measured | |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value or '—'} | {status} |" for name, value, status in rows]
    lines += ["", END]
    return "\n".join(lines)


def write(path: Path, section: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if START in old and END in old:
        new = old[: old.index(START)] + section + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="S,M,L")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--large-runs", type=int, default=1, help="runs at L, which takes minutes each")
    ap.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/sbsite-bench"))
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes.split(","):
        print(f"Measuring {size} ({SIZES[size]:,} providers)...", file=sys.stderr, flush=True)
        results.append(measure(size, args.large_runs if size == "L" else args.runs, args.workdir))
        print(f"  {results[-1]}", file=sys.stderr, flush=True)
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    write(args.out, report(results, args.runs, command.strip()))
    print(f"Wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
