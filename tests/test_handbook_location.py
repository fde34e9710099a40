"""Where commands find the handbook: `--handbook DIR` everywhere, `[tool.profilespec] handbook`
in pyproject.toml for a repository whose handbook is in a subdirectory, and an error that
names the handbooks it can see when it finds none."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, TODAY_ARG, run_cli

# One invocation per command that works on a handbook, each reading it whole.
COMMANDS = {
    "lint": ["lint", TODAY_ARG],
    "fmt": ["fmt", "--check"],
    "review": ["review", TODAY_ARG],
    "matrix": ["matrix", "--format", "csv"],
    "diff": ["diff", "HEAD"],
    "qualify": ["qualify", "--emit-sql"],
    "new": ["new", "icp", "icp-dental-clinics", TODAY_ARG],
}


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with the example handbook in `gtm/handbook` and nothing at its root."""
    shutil.copytree(EXAMPLES, tmp_path / "gtm" / "handbook")
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.email=a@example.com", "-c", "user.name=A", "commit", "-q", "-m", "v1"],
    ):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True)
    return tmp_path


def succeeded(result: subprocess.CompletedProcess[str], command: str) -> None:
    assert result.returncode in (0, 1), f"{command}: {result.stderr}"
    assert "Traceback" not in result.stderr
    assert "no profilespec.yaml" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_handbook_dir(repository: Path, command: str) -> None:
    result = run_cli(*COMMANDS[command], "--handbook", "gtm/handbook", cwd=repository)
    succeeded(result, command)
    if command == "new":
        assert (repository / "gtm/handbook/icps/icp-dental-clinics.yaml").is_file()


@pytest.mark.parametrize("command", COMMANDS)
def test_pyproject_names_the_handbook_once_for_every_command(
    repository: Path, command: str
) -> None:
    (repository / "pyproject.toml").write_text(
        '[project]\nname = "gtm"\n\n[tool.profilespec]\nhandbook = "gtm/handbook"\n',
        encoding="utf-8",
    )
    # From the repository root and from a directory beside the handbook.
    (repository / "docs").mkdir()
    for where in (repository, repository / "docs"):
        succeeded(run_cli(*COMMANDS[command], cwd=where), command)
        if command == "new":
            break  # the profile exists now


def test_lint_with_paths_and_handbook_reports_only_the_paths(repository: Path) -> None:
    result = run_cli(
        "lint",
        TODAY_ARG,
        "--handbook",
        "gtm/handbook",
        "gtm/handbook/icps/icp-midmarket-manufacturers.yaml",
        cwd=repository,
    )
    assert result.returncode == 0, result.stderr
    assert "1 file checked" in result.stdout


def test_without_a_handbook_the_error_names_the_ones_below(repository: Path) -> None:
    result = run_cli("lint", cwd=repository)
    assert result.returncode == 2
    assert "below it there is gtm/handbook/profilespec.yaml" in result.stderr
    assert "--handbook gtm/handbook" in result.stderr
    assert '[tool.profilespec]\n    handbook = "gtm/handbook"' in result.stderr
    assert "profilespec init" in result.stderr


def test_nothing_anywhere_says_how_to_start(tmp_path: Path) -> None:
    result = run_cli("review", cwd=tmp_path)
    assert result.returncode == 2
    assert "nor below it" in result.stderr and "profilespec init" in result.stderr


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('handbook = "gtm"', "sets `[tool.profilespec] handbook` to gtm, which has no profilespec"),
        ("handbook = 3", 'for example `handbook = "profiles"`; got 3'),
    ],
)
def test_a_wrong_pyproject_setting_is_a_sentence(
    repository: Path, setting: str, expected: str
) -> None:
    (repository / "pyproject.toml").write_text(f"[tool.profilespec]\n{setting}\n", "utf-8")
    result = run_cli("lint", cwd=repository)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_handbook_dir_is_a_sentence(repository: Path) -> None:
    missing = run_cli("matrix", "--handbook", "nowhere", cwd=repository)
    assert missing.returncode == 2 and "--handbook nowhere: no such directory" in missing.stderr
    empty = run_cli("lint", "--handbook", "gtm", cwd=repository)
    assert empty.returncode == 2 and "`profilespec init gtm`" in empty.stderr


def test_the_old_matrix_dir_still_works_and_says_what_to_write(repository: Path) -> None:
    result = run_cli("matrix", "gtm/handbook", "--format", "csv", cwd=repository)
    assert result.returncode == 0
    assert result.stdout.startswith("icp_id,")
    assert "write `profilespec matrix --handbook gtm/handbook`" in result.stderr
    twice = run_cli("matrix", "gtm/handbook", "--handbook", "gtm/handbook", cwd=repository)
    assert twice.returncode == 2


def test_the_handbook_key_is_not_a_lint_setting(repository: Path) -> None:
    # Settings from the same table still apply to the handbook it names.
    icp = repository / "gtm/handbook/icps/icp-midmarket-manufacturers.yaml"
    icp.write_text(
        icp.read_text(encoding="utf-8").replace(
            "  criteria:\n", "  criteria:\n    - Mid-size companies with growth challenges\n"
        ),
        encoding="utf-8",
    )
    pyproject = repository / "pyproject.toml"
    pyproject.write_text('[tool.profilespec]\nhandbook = "gtm/handbook"\n', "utf-8")
    everything = run_cli("lint", TODAY_ARG, "--format", "concise", cwd=repository)
    assert "PS201" in everything.stdout, everything.stdout + everything.stderr
    pyproject.write_text(
        '[tool.profilespec]\nhandbook = "gtm/handbook"\nignore = ["PS2"]\n', "utf-8"
    )
    selected = run_cli("lint", TODAY_ARG, "--format", "concise", cwd=repository)
    assert selected.returncode == 0, selected.stdout + selected.stderr
    assert "PS201" not in selected.stdout


def test_this_repository_lints_from_its_root() -> None:
    result = run_cli("lint", "--no-cache", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "9 files checked" in result.stdout
