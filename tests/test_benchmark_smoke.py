"""The benchmark still runs end to end on a tiny corpus, so it cannot rot between releases.

No timing is asserted: only that every command ran and the table was printed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_benchmark_runs_on_a_tiny_corpus() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "lint.py"), "--sizes", "5", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "### 5 files" in lines
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines if line.startswith("| ")}
    for label in (
        "python -c pass",
        "check-jsonschema",
        "yamllint",
        "profilespec cold",
        "profilespec warm",
        "profilespec one file changed",
    ):
        assert label in rows, result.stdout
    # The profilespec runs exit 0 or 1 (findings), never 2 (a crash or a usage error).
    for label, row in rows.items():
        if label.startswith("profilespec"):
            assert row.rstrip(" |").endswith(("| 0", "| 1")), row
