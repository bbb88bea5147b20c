"""Atomic and reproducible builds: a failed or killed build leaves the last site untouched,
and the same data always builds the same bytes."""
import os
import signal
import shutil
import subprocess
import sys
import time

from conftest import REPO, replace_in, run_cli

IGNORE = shutil.ignore_patterns(".venv*", "site", "build", ".git", ".preview", "tests", ".sbsite-*")


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path, demo_site):
    out = tmp_path / "again"
    result = run_cli("build", "--out", str(out), root=REPO)
    assert result.returncode == 0, result.stderr
    first, second = snapshot(demo_site), snapshot(out)
    assert first.keys() == second.keys()
    different = [str(k) for k in first if first[k] != second[k]]
    assert different == []
    assert {"sitemap.xml", "search/data.js"} <= {str(k) for k in first}


def test_source_date_epoch_sets_the_sitemap_date(tmp_path):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    out = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "sbsite", "build", "--out", str(out)], cwd=REPO, env=env, check=True,
                   capture_output=True)
    assert "<lastmod>2023-11-14</lastmod>" in (out / "sitemap.xml").read_text()


def test_a_killed_build_leaves_the_previous_site_byte_identical(tmp_path, demo_site):
    root = tmp_path / "proj"
    shutil.copytree(REPO, root, ignore=IGNORE)
    out = tmp_path / "site"
    shutil.copytree(demo_site, out)
    before = snapshot(out)
    replace_in(root / "providers.yaml", "name: Riverside Inclusive Youth Club", "name: Riverside Changed Club")
    proc = subprocess.Popen([sys.executable, "-m", "sbsite", "--root", str(root), "build", "--out", str(out)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if any((w / "site").is_dir() for w in tmp_path.glob(".sbsite-*")):
            break  # MkDocs has started writing the new site
        time.sleep(0.005)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(out) == before
    # The next build tidies the abandoned work folder and succeeds.
    assert run_cli("build", "--out", str(out), root=root).returncode == 0
    assert "Riverside Changed Club" in (out / "providers/riverside-inclusive-youth-club/index.html").read_text()
    assert list(tmp_path.glob(".sbsite-*")) == []
