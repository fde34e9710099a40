"""pre-commit pays for every import on every commit: the lint path stays off heavy packages.

These are behavioural checks on ``sys.modules`` after a real run in a fresh interpreter, not
timings (those belong in ``benchmarks/``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, TODAY_ARG

# Each costs 25-140 ms to import and none is needed to lint.
HEAVY = ("pydantic", "jsonschema", "ruamel", "mkdocs", "duckdb", "sqlglot", "jinja2", "hashlib")

PROBE = """
import json, sys
from profilespec.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def _modules_after(*args: str, cwd: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    marker = result.stderr.rsplit("MODULES ", 1)
    assert len(marker) == 2, result.stderr
    return set(json.loads(marker[1]))


def _heavy(modules: set[str]) -> set[str]:
    return {module for module in modules if module.split(".")[0] in HEAVY}


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "--no-cache", TODAY_ARG),
        ("lint", TODAY_ARG),
        ("lint", TODAY_ARG, "--format", "json"),
        ("lint", "--help"),
        ("--version",),
    ],
    ids=["lint-no-cache", "lint-cached", "lint-json", "lint-help", "version"],
)
def test_lint_path_imports_no_heavy_module(args: tuple[str, ...], tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "handbook"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".profilespec_cache"))
    if args[-1] == TODAY_ARG and "--no-cache" not in args:
        _modules_after(*args, cwd=root)  # fill the cache, then look at a warm run
    modules = _modules_after(*args, cwd=root)
    assert _heavy(modules) == set()
    assert "profilespec.commands.lint" in modules or args == ("--version",)


def test_lint_imports_only_the_reporter_it_uses(tmp_path: Path) -> None:
    modules = _modules_after("lint", "--no-cache", TODAY_ARG, str(EXAMPLES), cwd=tmp_path)
    reporters = {module for module in modules if module.startswith("profilespec.reporters.")}
    assert reporters == {"profilespec.reporters.text"}


def test_version_imports_no_command() -> None:
    modules = _modules_after("--version", cwd=EXAMPLES)
    assert not {module for module in modules if module.startswith("profilespec.commands")}
    assert "yaml" not in modules
