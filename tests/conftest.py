"""Shared fixtures: a tiny valid project to break on purpose, and the demo project."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def project(tmp_path):
    """A copy of the minimal valid project that a test may edit freely."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


def run_cli(*args, root: Path | None = None):
    """Run the real `sbsite` command as a forum member would, capturing what it prints."""
    cmd = [sys.executable, "-m", "sbsite"]
    if root is not None:
        cmd += ["--root", str(root)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=REPO, timeout=300)


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
