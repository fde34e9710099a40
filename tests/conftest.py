"""Shared fixtures: a fixed 'today', handbook builders, and the real CLI as a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "profiles"
# Every date-dependent test pins today; nothing reads the real clock.
TODAY = dt.date(2026, 11, 1)
TODAY_ARG = f"--today={TODAY.isoformat()}"

MINIMAL_HANDBOOK = """\
apiVersion: profilespec/v1
kind: Handbook
metadata:
  id: test-handbook
  title: Test handbook
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite the expected.txt files of rule fixtures from the current output",
    )


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text, dedented) under ``root``; returns ``root``."""
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def handbook(tmp_path: Path) -> Callable[..., Path]:
    """Build a handbook in a temporary directory: ``handbook({"icps/a.yaml": "..."})``."""

    def build(files: dict[str, str], *, config: str = MINIMAL_HANDBOOK) -> Path:
        return write_tree(tmp_path, {"profilespec.yaml": config, **files})

    return build


def run_cli(
    *args: str, cwd: Path | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI in a fresh process, as a user would."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "profilespec", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input_text,
        env=env,
        timeout=120,
        check=False,
    )
