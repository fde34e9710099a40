"""The pre-commit hook: changed-files mode, and real pre-commit runs in temporary git repos."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, TODAY_ARG, run_cli, write_tree

BROKEN_ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: {id}
  title: Broken
  owner: team:revops
  status: draft
spec:
  summary: Dental clinics in the US with 5-50 chairs
  priority: first
"""
CONFIG = """\
apiVersion: profilespec/v1
kind: Handbook
metadata:
  id: hook-handbook
  title: Hook handbook
spec:
  paths:
    include: ["profiles/**/*.yaml"]
"""


def _handbook(root: Path) -> Path:
    return write_tree(
        root,
        {
            "profilespec.yaml": CONFIG,
            "profiles/icps/icp-a.yaml": BROKEN_ICP.format(id="icp-a"),
            "profiles/icps/icp-b.yaml": BROKEN_ICP.format(id="icp-b"),
            "mkdocs.yml": "site_name: x\nplugins: [profilespec]\n",
            ".github/workflows/ci.yml": "on: push\njobs: {}\n",
            "notes/other.yaml": "just: some yaml\n",
        },
    )


def test_changed_files_report_only_those_files(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    result = run_cli(
        "lint",
        TODAY_ARG,
        "--force-exclude",
        "--format=concise",
        "profiles/icps/icp-a.yaml",
        "mkdocs.yml",
        ".github/workflows/ci.yml",
        "notes/other.yaml",
        cwd=root,
    )
    assert result.returncode == 1
    paths = {line.split(":", 1)[0] for line in result.stdout.splitlines()[:-1]}
    assert paths == {"profiles/icps/icp-a.yaml"}


def test_changed_files_that_are_not_profiles_pass_quietly(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    (tmp_path / "outside.yaml").write_text("a: 1\n")
    result = run_cli(
        "lint", TODAY_ARG, "--force-exclude", "mkdocs.yml", "notes/other.yaml", cwd=root
    )
    assert result.returncode == 0 and result.stdout == ""


def test_without_force_exclude_a_named_file_is_linted(tmp_path: Path) -> None:
    root = _handbook(tmp_path)
    result = run_cli("lint", TODAY_ARG, "--format=concise", "notes/other.yaml", cwd=root)
    assert result.returncode == 1 and "notes/other.yaml" in result.stdout


# --- real pre-commit -------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _commit_all(repo: Path) -> None:
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "snapshot")


@pytest.fixture(scope="module")
def checkout_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree as a committed repository: try-repo installs from HEAD."""
    copy = tmp_path_factory.mktemp("checkout") / "profilespec"
    copy.mkdir()
    for name in ("src", "schema"):
        shutil.copytree(
            ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, copy / name)
    _commit_all(copy)
    return copy


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    env.pop("GITHUB_ACTIONS", None)
    return env


def _pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _scaffold(repo: Path) -> None:
    """An `init`-ed handbook whose clock is pinned, since the hook cannot pass --today."""
    assert run_cli("init", str(repo), TODAY_ARG).returncode == 0
    config = repo / "profilespec.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("spec:\n", f"spec:\n  defaults:\n    today: {TODAY.isoformat()}\n", 1),
        encoding="utf-8",
    )


@pytest.mark.slow
def test_try_repo_passes_a_clean_handbook_and_fails_a_broken_one(
    tmp_path: Path, checkout_copy: Path, hook_env: dict[str, str]
) -> None:
    repo = tmp_path / "handbook"
    _scaffold(repo)
    _commit_all(repo)
    args = ("try-repo", str(checkout_copy), "profilespec", "--all-files")
    clean = _pre_commit(repo, hook_env, *args)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "profilespec lint" in clean.stdout and "Passed" in clean.stdout

    write_tree(repo, {"profiles/icps/icp-broken.yaml": BROKEN_ICP.format(id="icp-broken")})
    _git(repo, "add", "-A")
    broken = _pre_commit(repo, hook_env, *args)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert "profiles/icps/icp-broken.yaml:10:13: PS002 [schema-violation]" in broken.stdout


@pytest.mark.slow
def test_init_then_pre_commit_run_is_green(tmp_path: Path, hook_env: dict[str, str]) -> None:
    repo = tmp_path / "fresh"
    _scaffold(repo)
    _commit_all(repo)
    result = _pre_commit(repo, hook_env, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "profilespec lint" in result.stdout and "Passed" in result.stdout
