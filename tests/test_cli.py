"""The real command line, in fresh processes: exit codes, output contract, help and version."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, TODAY_ARG, run_cli
from profilespec import __version__
from profilespec.cli import main

BROKEN_ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-broken
  title: Broken
  owner: team:revops
  status: draft
spec:
  summary: US dental groups with 5-40 practices running Dentrix
  firmographics:
    employees: {min: lots}
"""


def test_example_handbook_is_clean_from_the_repository_root() -> None:
    result = run_cli("lint", "profiles/", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All good: 9 files checked, no findings." in result.stdout


def test_lint_without_paths_walks_up_to_the_handbook() -> None:
    result = run_cli("lint", TODAY_ARG, cwd=EXAMPLES / "personas")
    assert result.returncode == 0, result.stdout + result.stderr


def test_findings_exit_1_with_path_line_column_code_and_slug(handbook: Callable[..., Path]) -> None:
    root = handbook({"icps/broken.yaml": BROKEN_ICP})
    result = run_cli("lint", TODAY_ARG, cwd=root)
    assert result.returncode == 1
    assert (
        "icps/broken.yaml:11:22: PS002 [schema-violation] `spec.firmographics.employees.min` "
        "must be a whole number, got 'lots'"
    ) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_json_output_follows_the_contract(handbook: Callable[..., Path]) -> None:
    root = handbook({"icps/broken.yaml": BROKEN_ICP})
    result = run_cli("lint", "--format", "json", TODAY_ARG, cwd=root)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["summary"]["error"] >= 1 and payload["summary"]["files"] == 2
    (diagnostic,) = [d for d in payload["diagnostics"] if d["code"] == "PS002"]
    assert diagnostic == {
        "code": "PS002",
        "rule": "schema-violation",
        "severity": "error",
        "path": "icps/broken.yaml",
        "line": 11,
        "column": 22,
        "end_line": 11,
        "end_column": 26,
        "message": "`spec.firmographics.employees.min` must be a whole number, got 'lots'",
        "data_path": "spec.firmographics.employees.min",
    }


def test_a_report_larger_than_a_pipe_arrives_whole_with_the_exit_code(
    handbook: Callable[..., Path],
) -> None:
    # The lint process ends without interpreter teardown: nothing buffered may be lost.
    copies = 300
    root = handbook(
        {
            f"icps/broken-{number}.yaml": BROKEN_ICP.replace("icp-broken", f"icp-broken-{number}")
            for number in range(copies)
        }
    )
    result = run_cli("lint", "--no-cache", "--format", "json", TODAY_ARG, cwd=root)
    assert result.returncode == 1
    assert len(result.stdout) > 65536  # more than a Linux pipe buffer holds
    payload = json.loads(result.stdout)
    assert payload["summary"]["files"] == copies + 1
    assert sum(1 for d in payload["diagnostics"] if d["code"] == "PS002") == copies


def test_lint_with_standard_output_closed_still_writes_its_report_file(
    handbook: Callable[..., Path], tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    root = handbook({"icps/broken.yaml": BROKEN_ICP})
    report = tmp_path / "report.json"
    command = ["lint", TODAY_ARG, "--format", "json", "--output", str(report)]
    result = subprocess.run(
        [sys.executable, "-m", "profilespec", *command],
        cwd=root,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),  # the child starts with no standard output
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert json.loads(report.read_text())["summary"]["error"] >= 1


def test_lint_called_in_process_returns_its_exit_code(
    handbook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the process's own command line (no argv) may end the process after linting.
    root = handbook({"icps/broken.yaml": BROKEN_ICP})
    assert main(["lint", "--no-cache", TODAY_ARG, str(root)]) == 1
    assert "PS002 [schema-violation]" in capsys.readouterr().out


def test_paths_are_relative_to_the_current_directory(handbook: Callable[..., Path]) -> None:
    root = handbook({"icps/broken.yaml": BROKEN_ICP})
    result = run_cli(
        "lint", "--format", "json", TODAY_ARG, str(root / "icps" / "broken.yaml"), cwd=root / "icps"
    )
    paths = {d["path"] for d in json.loads(result.stdout)["diagnostics"]}
    assert paths == {"broken.yaml"}


def test_named_files_restrict_what_is_reported(handbook: Callable[..., Path]) -> None:
    root = handbook(
        {
            "icps/broken.yaml": BROKEN_ICP,
            "icps/ok.yaml": BROKEN_ICP.replace("lots", "40").replace("icp-broken", "icp-ok"),
        }
    )
    result = run_cli("lint", TODAY_ARG, "icps/ok.yaml", cwd=root)
    assert "broken.yaml" not in result.stdout


def test_usage_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    missing = run_cli("lint", "does-not-exist.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr
    no_handbook = run_cli("lint", cwd=tmp_path)
    assert no_handbook.returncode == 2 and "profilespec init" in no_handbook.stderr
    bad_date = run_cli("lint", "--today", "2026-13-01", cwd=tmp_path)
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    for result in (missing, no_handbook, bad_date):
        assert "Traceback" not in result.stderr


def test_config_error_exits_2(handbook: Callable[..., Path]) -> None:
    config = (
        "apiVersion: profilespec/v1\nkind: Handbook\nmetadata: {id: h, title: H}\n"
        "spec:\n  lint:\n    rules:\n      PS999: off\n"
    )
    root = handbook({}, config=config)
    result = run_cli("lint", cwd=root)
    assert result.returncode == 2
    assert "unknown rule `PS999`" in result.stderr


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.strip() == f"profilespec {__version__}"
    help_text = run_cli("lint", "--help").stdout
    assert "--format" in help_text and "--today" in help_text
    assert run_cli().returncode == 2


def test_console_script_is_installed() -> None:
    assert shutil.which("profilespec") or (Path(ROOT / ".venv" / "bin" / "profilespec")).exists()


def test_rules_listing_and_rule_page() -> None:
    listing = run_cli("rules")
    assert listing.returncode == 0 and "PS002  schema-violation" in listing.stdout
    page = run_cli("rule", "unknown-field")
    assert page.returncode == 0 and page.stdout.startswith("# PS003 unknown-field")
    assert run_cli("rule", "PS9999").returncode == 2


def test_schema_command_checks_the_committed_files() -> None:
    assert run_cli("schema", "--check", "--dir", str(ROOT / "schema")).returncode == 0
    printed = json.loads(run_cli("schema", "--kind", "ICP").stdout)
    assert printed["properties"]["kind"]["const"] == "ICP"
    path = Path(run_cli("schema", "--path", "persona").stdout.strip())
    assert path.name == "persona.v1.json" and path.is_file()


def test_load_limits_are_configurable(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "handbook")
    icp = "icps/icp-midmarket-manufacturers.yaml"
    shallow = run_cli("lint", "--max-depth", "3", TODAY_ARG, icp, cwd=tmp_path / "handbook")
    assert shallow.returncode == 1
    assert "PS001" in shallow.stdout and "nested more than 3 levels" in shallow.stdout
    few = run_cli("lint", "--max-values", "50", TODAY_ARG, icp, cwd=tmp_path / "handbook")
    assert few.returncode == 1
    assert "more than 50 values" in few.stdout
    small = run_cli("lint", "--max-file-size", "1k", TODAY_ARG, icp, cwd=tmp_path / "handbook")
    assert small.returncode == 1
    assert "PS001" in small.stdout and "--max-file-size" in small.stdout
