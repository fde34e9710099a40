"""The house style holds: ruff (lint and format) and mypy --strict, as a contributor runs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

CHECKS = {
    "ruff lint": [sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "scripts"],
    "ruff format": [
        sys.executable,
        "-m",
        "ruff",
        "format",
        "--check",
        "src",
        "tests",
        "benchmarks",
        "scripts",
    ],
    "mypy --strict": [sys.executable, "-m", "mypy", "--strict", "src"],
}


@pytest.mark.parametrize("name", CHECKS)
def test_house_style(name: str) -> None:
    done = subprocess.run(CHECKS[name], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
