"""The benchmark at size S, once, so the script cannot rot (its figures are not judged here)."""
import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.slow
def test_benchmark_runs_at_size_s(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    result = subprocess.run([sys.executable, "bench/run.py", "--sizes", "S", "--runs", "1", "--out", str(out),
                             "--workdir", str(tmp_path / "work")], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    text = out.read_text()
    assert "| S | 100 |" in text and "Provider page at most 14 KB gzipped" in text
