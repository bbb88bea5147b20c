"""Write the rendered tree to disk and have the builder (sbsite.builder) turn it into the site.

The tree goes to a fresh folder each time (never a folder MkDocs watches), and
the finished site replaces the old one only when the whole build has worked,
so a mistake in the data never leaves families with a broken or half site.
"""
from __future__ import annotations

import ctypes
import gc
import os
import pickle
import shutil
import tempfile
from datetime import datetime, time, timezone
from pathlib import Path

from sbsite import isolate
from sbsite.builder import BuildError, SiteFacts, build_site, write_config  # noqa: F401 - BuildError is the CLI's too
from sbsite.core.model import Site
from sbsite.features import ALL
from sbsite.features.photos import photos
from sbsite.pipeline import load_site
from sbsite.render import engine as render



def copy_assets(out: Path, features) -> None:
    """Our static assets (CSS, scripts, pictures) into the tree's assets/ folder."""
    for rel, source in render.asset_sources(features).items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / rel)


def write_tree(tree: dict[str, str], out: Path, features=ALL) -> None:
    """Write the page tree and our static assets into `out`, which must not exist yet."""
    out.mkdir(parents=True)
    for rel, text in sorted(tree.items()):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    copy_assets(out, features)


def write_files(files: dict[str, bytes], out: Path) -> None:
    """Write files the build made that are not text pages (resized photos) into the tree."""
    for rel, data in sorted(files.items()):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def source_date_epoch(site: Site) -> str:
    """A build date taken from the data, so the same data always builds the same bytes."""
    newest = max([site.statement["published"]] + [p.reviewed_date.isoformat() for p in site.providers])
    day = datetime.fromisoformat(newest).date()
    return str(int(datetime.combine(day, time(0), tzinfo=timezone.utc).timestamp()))


def sync_files(files: dict[str, bytes], out: Path, previous: dict[str, bytes] | None) -> int:
    """Make folder `out` hold exactly `files`, touching only files that changed (so a
    dirty MkDocs build redoes only those). Returns how many were written or removed."""
    previous = previous or {}
    changed = 0
    for rel in sorted(set(previous) - set(files)):
        (out / rel).unlink(missing_ok=True)
        changed += 1
    for rel, data in sorted(files.items()):
        if previous.get(rel) != data or not (out / rel).exists():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            changed += 1
    return changed


def asset_files(features) -> dict[str, bytes]:
    return {rel: source.read_bytes() for rel, source in render.asset_sources(features).items()}


def site_facts(site: Site, nav: list | None = None) -> SiteFacts:
    """What the builder needs from the data: small, so it can pass between processes."""
    return SiteFacts(name=f"{site.council['short_name']} short breaks", url=site.settings["url"],
                     nav=nav if nav is not None else render.nav(site), epoch=source_date_epoch(site))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` with `new` so that readers see the old site or the new one, never neither."""
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _remove_abandoned_work(parent: Path) -> None:
    """Tidy work folders left by builds that were killed (their process is gone)."""
    for work in parent.glob(".sbsite-*"):
        try:
            pid = int(work.name.split("-")[1])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(work, ignore_errors=True)
        except (ValueError, IndexError, PermissionError, OSError):
            continue


def _render_into(site: Site, root: Path, docs: Path, say) -> dict:
    """Render every page and write it, with the resized photos, into `docs`; return
    the facts MkDocs needs and the counts the command reports."""
    say(f"Rendering and writing the pages for {len(site.providers)} providers...")
    docs.mkdir(parents=True)
    pages = render.render_into(site, docs)
    copy_assets(docs, site.features)
    facts = site_facts(site)
    site.memo.clear()  # the page list: not needed again, and large at 10,000 providers
    say("Resizing photos (kept in build/cache/ for the next build)...")
    write_files(photos.assets(site, cache=root / "build" / "cache" / "photos"), docs)
    return {"facts": facts, "pages": pages, "providers": len(site.providers)}


def _publish(root: Path, out: Path, tree_dir: Path | None, say, make_docs) -> dict:
    """Have `make_docs(folder)` write the page tree, build it with the builder, and swap
    the new site into place only when all of that worked."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_work(out.parent)
    work = Path(tempfile.mkdtemp(prefix=f".sbsite-{os.getpid()}-", dir=out.parent))
    try:
        docs = work / "docs"
        made = make_docs(docs)
        say("Building the site with MkDocs...")
        build_site(root / "mkdocs.yml", docs, work / "site", made["facts"])
        say("Putting the new site in place...")
        swap_into_place(work / "site", out)
        if tree_dir is not None:  # keep the Markdown tree for inspection or another builder
            tree_dir = Path(tree_dir).resolve()
            tree_dir.parent.mkdir(parents=True, exist_ok=True)
            if tree_dir.exists():
                swap_into_place(docs, tree_dir)
            else:
                docs.rename(tree_dir)
            write_config(root / "mkdocs.yml", tree_dir.parent / "mkdocs.yml", tree_dir, tree_dir.parent / "site",
                         made["facts"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"pages": made["pages"], "providers": made["providers"]}


def build(site: Site, root: Path, out: Path, tree_dir: Path | None = None, progress=None) -> dict:
    """Build the whole site from a checked Site into `out`. Returns counts for the CLI to report.

    `progress(message)` is told each stage, so long builds can show where they are.
    """
    say = progress or (lambda message: None)
    root, out = Path(root).resolve(), Path(out).resolve()
    return _publish(root, out, tree_dir, say, lambda docs: _render_into(site, root, docs, say))


def _check(root: Path) -> tuple[list, bytes | None, dict | None]:
    site, problems = load_site(root)
    if problems:
        return problems, None, None
    counts = {"providers": len(site.providers), "tiers": len(site.tiers), "pages": len(site.pages)}
    return [], pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL), counts


def _render_checked(model: bytes, root: Path, docs: Path, say) -> dict:
    # Unpickling makes millions of objects that all stay: collecting while it runs would walk
    # them again and again (the same superlinear cost project.load_site avoids), and so would
    # every collection while the pages are listed. This process ends after rendering, so the
    # model is simply kept out of the collector's sight.
    gc.disable()
    try:
        site = pickle.loads(model)
        gc.freeze()
    finally:
        gc.enable()
    return _render_into(site, root, docs, say)


def build_project(root: Path, out: Path, tree_dir: Path | None = None, progress=None) -> tuple[list, dict | None]:
    """Check the data and build the site: (problems, None) or ([], counts).

    Checking and rendering each run in their own short-lived process (sbsite.isolate)
    and pass on only the checked model, so the memory that reading 10,000 providers
    needs is given back before MkDocs starts: the build's peak is the largest stage,
    not their sum.
    """
    say = progress or (lambda message: None)
    root, out = Path(root).resolve(), Path(out).resolve()
    say("Checking the data...")
    problems, model, counts = isolate.run(_check, root)
    if problems:
        return problems, None
    say(f"Checked {counts['providers']} providers, {counts['tiers']} tiers and {counts['pages']} Local Offer pages.")
    return [], _publish(root, out, tree_dir, say, lambda docs: isolate.run(_render_checked, model, root, docs, say))
