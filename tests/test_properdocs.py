"""The Markdown tree sbsite writes builds the same site with ProperDocs, the maintained fork of
MkDocs 1.6 (README: "Other builders"), from the config sbsite writes beside the tree.

ProperDocs lives in its own virtualenv, .venv-properdocs, which `make test` installs (with the
same mkdocs-material as .venv). Every file must be byte-identical apart from the generator tag
and dates.
"""
import gzip
import os
import re
import subprocess

import pytest

from sbsite import build

from conftest import REPO

PROPERDOCS = REPO / ".venv-properdocs" / "bin" / "properdocs"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
DATE = re.compile(rb"\d{4}-\d\d-\d\d")


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def normalised(name: str, data: bytes) -> bytes:
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    if name.endswith((".html", ".xml", ".xml.gz")):
        data = DATE.sub(b"DATE", GENERATOR.sub(b"GENERATOR", data))
    return data


@pytest.mark.slow
def test_properdocs_builds_the_same_site_from_our_tree(tmp_path):
    if not PROPERDOCS.exists():
        message = f"ProperDocs is not installed in {PROPERDOCS.parent.parent.name}/: run `make properdocs` (make test does)"
        if os.environ.get("MAKELEVEL"):
            pytest.fail(message)  # under make, the Makefile should have installed it
        pytest.skip(message)
    tree = tmp_path / "tree" / "docs"
    problems, _ = build.build_project(REPO, tmp_path / "sbsite-site", tree_dir=tree)
    assert problems == []
    config = tree.parent / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\ndocs_dir: docs\n" in text and "\nsite_dir: site\n" in text  # relative to the config's folder

    from sbsite.pipeline import load_site

    site, _ = load_site(REPO)
    env = dict(os.environ, SOURCE_DATE_EPOCH=build.source_date_epoch(site), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([str(PROPERDOCS), "build", "--quiet", "-f", str(config)], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    ours, theirs = files_of(tmp_path / "sbsite-site"), files_of(tree.parent / "site")
    assert sorted(set(ours) ^ set(theirs)) == []
    assert len(ours) > 300
    different = [name for name in sorted(ours) if normalised(name, ours[name]) != normalised(name, theirs[name])]
    assert different == []
    # What the normalising hides is only the generator tag (both builds have the same dates).
    tags = {m for name in theirs if name.endswith(".html") for m in GENERATOR.findall(theirs[name])}
    assert len(tags) == 1 and b"ProperDocs" in next(iter(tags))
