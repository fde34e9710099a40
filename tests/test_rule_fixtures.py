"""Data-driven rule tests: every folder under tests/rules/<CODE>/ is one case.

A case folder is a small handbook (``profilespec.yaml`` optional; a minimal one is used when
absent). ``fail_*`` cases must produce exactly the findings of that code listed in
``expected.txt`` (``path:line:col CODE``, one per line); ``pass_*`` cases must produce none
of that code. An optional ``args.txt`` adds lint flags. Run pytest with
``--update-expected`` to rewrite the expected files after an intended change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL_HANDBOOK, TODAY
from profilespec.config import Overrides
from profilespec.engine import lint
from profilespec.rules import all_rules

RULE_CASES = Path(__file__).parent / "rules"


def _cases() -> list[tuple[str, Path]]:
    if not RULE_CASES.is_dir():
        return []
    return [
        (code_dir.name, case)
        for code_dir in sorted(RULE_CASES.iterdir())
        if code_dir.is_dir()
        for case in sorted(code_dir.iterdir())
        if case.is_dir() and case.name.startswith(("pass_", "fail_"))
    ]


def _lint_case(case: Path, tmp_path: Path) -> list[str]:
    work = tmp_path / case.name
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("expected.txt", "args.txt"))
    if not (work / "profilespec.yaml").exists():
        (work / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
    overrides = Overrides()
    args_file = case / "args.txt"
    extra = args_file.read_text(encoding="utf-8").split() if args_file.exists() else []
    for arg in extra:
        if arg.startswith("--preset="):
            overrides = Overrides(preset=arg.split("=", 1)[1])
    result = lint([], cwd=work, today=TODAY, overrides=overrides)
    return [f"{d.path}:{d.line}:{d.column} {d.code}" for d in result.diagnostics]


@pytest.mark.parametrize(("code", "case"), _cases(), ids=[f"{c}/{p.name}" for c, p in _cases()])
def test_rule_case(code: str, case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    found = [line for line in _lint_case(case, tmp_path) if line.endswith(f" {code}")]
    expected_file = case / "expected.txt"
    if case.name.startswith("pass_"):
        assert found == [], f"{code} must stay silent on {case.name}"
        return
    if request.config.getoption("--update-expected"):
        expected_file.write_text("".join(line + "\n" for line in found), encoding="utf-8")
    expected = [
        line for line in expected_file.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert found, f"{code} must fire on {case.name}"
    assert found == expected


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_every_rule_has_failing_and_passing_fixtures(code: str) -> None:
    folder = RULE_CASES / code
    cases = [path.name for path in folder.iterdir()] if folder.is_dir() else []
    assert any(name.startswith("fail_") for name in cases), f"{code} needs a fail_* fixture"
    assert any(name.startswith("pass_") for name in cases), f"{code} needs a pass_* fixture"
