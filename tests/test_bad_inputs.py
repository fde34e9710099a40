"""Hostile and broken input through the real CLI: a finding or a one-line error, never a crash.

Every case runs `profilespec lint` in a fresh process on a one-file handbook and checks the
exact findings (code, line, column), the exit code, that nothing hangs, and that neither a
traceback nor the internal-error path ever shows. Small inputs are committed in
``tests/bad_inputs/``; big, filesystem-level or unportable ones are made here.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL_HANDBOOK, TODAY_ARG

CORPUS = Path(__file__).parent / "bad_inputs"
# Far above what a correct run needs (about a second); a hang fails fast instead of stalling CI.
TIMEOUT = 30
# Peak memory any lint child may reach, whatever it was fed.
MAX_CHILD_RSS_KB = 400 * 1024

Finding = tuple[str, int, int]


def cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(
        [sys.executable, "-m", "profilespec", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    text = subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )
    for stream in (text.stdout, text.stderr):
        assert "Traceback" not in stream
        assert "internal error" not in stream
    return text


def lint_json(
    *args: str, cwd: Path, stdin: bytes | None = None
) -> tuple[int, list[dict[str, object]]]:
    """Exit code and loader/schema findings (PS0xx only, so other rules cannot interfere)."""
    result = cli(
        "lint", TODAY_ARG, "--select", "PS0", "--format", "json", *args, cwd=cwd, stdin=stdin
    )
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    return result.returncode, json.loads(result.stdout)["diagnostics"]


def positions(diagnostics: list[dict[str, object]]) -> list[Finding]:
    return [(str(d["code"]), int(str(d["line"])), int(str(d["column"]))) for d in diagnostics]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
    (tmp_path / "icps").mkdir()
    return tmp_path


# file in tests/bad_inputs -> findings (code, line, column) and a phrase of the first message
CORPUS_CASES: dict[str, tuple[list[Finding], str]] = {
    "empty.yaml": ([("PS002", 1, 1)], "the file is empty"),
    "only-comments.yaml": ([("PS002", 1, 1)], "the file is empty"),
    "top-level-list.yaml": ([("PS002", 1, 1)], "this document is a list"),
    "top-level-scalar.yaml": ([("PS002", 1, 1)], "this document is a single value"),
    "wrong-kind.yaml": ([("PS002", 2, 7)], "`kind` must be ICP, Persona or Handbook"),
    "wrong-api-version.yaml": ([("PS002", 1, 13)], "`apiVersion` must be `profilespec/v1`"),
    "tab-indent.yaml": ([("PS001", 5, 1)], "a tab is used for indentation"),
    "invalid-utf8.yaml": ([("PS001", 5, 19)], "not valid UTF-8 (byte 0xE9 here)"),
    "binary.yaml": ([("PS001", 1, 1)], "looks like a binary file"),
    "control-character.yaml": ([("PS001", 5, 16)], "the control character U+001B"),
    "billion-laughs.yaml": ([("PS001", 6, 24)], "expands to more than 100,000 values"),
    "duplicate-keys.yaml": ([("PS001", 8, 3)], "duplicate key `title` (first written on line 5)"),
    "custom-tag.yaml": ([("PS001", 5, 10)], "the YAML tag `!shout` is not allowed"),
    "python-tag.yaml": (
        [("PS001", 5, 10)],
        "the YAML tag `!!python/object/apply:os.system` is not allowed",
    ),
    "nan.yaml": ([("PS002", 10, 13)], "`.nan` is not a finite number"),
    "infinity.yaml": ([("PS002", 11, 30)], "`.inf` is not a finite number"),
    "impossible-date.yaml": ([("PS002", 8, 18)], "'2026-02-30' is not a real calendar date"),
    "timestamp-for-date.yaml": ([("PS002", 8, 18)], "keep only the YYYY-MM-DD part"),
    # Inputs that look odd but are fine: they must not produce a finding.
    "valid.yaml": ([], ""),
    "utf8-bom.yaml": ([], ""),
    "utf16-with-bom.yaml": ([], ""),
    "merge-keys.yaml": ([], ""),
    "huge-integer.yaml": ([], ""),
}


def test_every_committed_input_has_a_case() -> None:
    assert sorted(path.name for path in CORPUS.iterdir()) == sorted(CORPUS_CASES)


@pytest.fixture(scope="module")
def corpus_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[int, dict[str, list[dict[str, object]]]]:
    """One lint run over a handbook holding the whole corpus (PS0xx findings are per file)."""
    handbook = tmp_path_factory.mktemp("corpus")
    (handbook / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
    shutil.copytree(CORPUS, handbook / "icps")
    code, diagnostics = lint_json(cwd=handbook)
    by_path: dict[str, list[dict[str, object]]] = {}
    for diagnostic in diagnostics:
        by_path.setdefault(str(diagnostic["path"]), []).append(diagnostic)
    return code, by_path


def test_corpus_run_fails(corpus_run: tuple[int, dict[str, list[dict[str, object]]]]) -> None:
    code, by_path = corpus_run
    assert code == 1
    assert set(by_path) == {f"icps/{name}" for name, (found, _) in CORPUS_CASES.items() if found}


@pytest.mark.parametrize("name", sorted(CORPUS_CASES))
def test_committed_input(
    corpus_run: tuple[int, dict[str, list[dict[str, object]]]], name: str
) -> None:
    expected, phrase = CORPUS_CASES[name]
    diagnostics = corpus_run[1].get(f"icps/{name}", [])
    assert positions(diagnostics) == expected
    if expected:
        assert phrase in str(diagnostics[0]["message"])


@pytest.mark.parametrize("name", ["tab-indent.yaml", "valid.yaml"])
def test_one_file_alone_gives_the_exit_code(root: Path, name: str) -> None:
    shutil.copyfile(CORPUS / name, root / "icps" / name)
    code, diagnostics = lint_json(f"icps/{name}", cwd=root)
    assert (code, positions(diagnostics)) == (
        (1, [("PS001", 5, 1)]) if name == "tab-indent.yaml" else (0, [])
    )


def test_python_tag_is_never_executed(root: Path) -> None:
    marker = root / "pwned"
    text = (CORPUS / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "title: Dental groups", f'title: !!python/object/apply:os.system ["touch {marker}"]'
    )
    (root / "icps" / "evil.yaml").write_text(text, encoding="utf-8")
    code, diagnostics = lint_json("icps/evil.yaml", cwd=root)
    assert code == 1
    assert positions(diagnostics) == [("PS001", 5, 10)]
    assert not marker.exists()


def test_crlf_line_endings_keep_positions(root: Path) -> None:
    for name in ("valid.yaml", "tab-indent.yaml"):
        raw = (CORPUS / name).read_bytes().replace(b"\n", b"\r\n")
        (root / "icps" / name).write_bytes(raw)
    assert lint_json("icps/valid.yaml", cwd=root) == (0, [])
    code, diagnostics = lint_json("icps/tab-indent.yaml", cwd=root)
    assert (code, positions(diagnostics)) == (1, [("PS001", 5, 1)])


def _child_peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def test_fifty_megabyte_file_is_refused_without_reading_it(root: Path) -> None:
    big = root / "icps" / "big.yaml"
    line = b"# " + b"x" * 62 + b"\n"
    with big.open("wb") as handle:
        handle.write(b"apiVersion: profilespec/v1\n")
        handle.write(line * (50 * 1024 * 1024 // len(line)))
    code, diagnostics = lint_json("icps/big.yaml", cwd=root)
    assert (code, positions(diagnostics)) == (1, [("PS001", 1, 1)])
    assert "the file is 50 MB, over the 5 MB limit" in str(diagnostics[0]["message"])
    assert "--max-file-size" in str(diagnostics[0]["message"])
    assert _child_peak_kb() < MAX_CHILD_RSS_KB


@pytest.mark.slow
def test_size_limit_can_be_raised_from_the_command_line(root: Path) -> None:
    big = root / "icps" / "big.yaml"
    with big.open("wb") as handle:
        handle.write(b"apiVersion: profilespec/v1\n")
        handle.write((b"# " + b"x" * 62 + b"\n") * (50 * 1024 * 1024 // 65))
    code, diagnostics = lint_json("--max-file-size", "60M", "icps/big.yaml", cwd=root)
    # Read in full now: what is left to report is that the document has no `kind`.
    assert (code, positions(diagnostics)) == (1, [("PS002", 1, 1)])
    assert _child_peak_kb() < MAX_CHILD_RSS_KB


def test_ten_thousand_levels_of_flow_nesting(root: Path) -> None:
    (root / "icps" / "deep.yaml").write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    code, diagnostics = lint_json("icps/deep.yaml", cwd=root)
    assert (code, positions(diagnostics)) == (1, [("PS001", 1, 68)])
    assert "nested more than 64 levels deep" in str(diagnostics[0]["message"])


def test_deep_block_nesting(root: Path) -> None:
    text = "".join(" " * level + "k:\n" for level in range(3_000))
    (root / "icps" / "deep.yaml").write_text(text)
    code, diagnostics = lint_json("icps/deep.yaml", cwd=root)
    assert (code, positions(diagnostics)) == (1, [("PS001", 66, 66)])


def test_alias_bomb_stays_bounded(root: Path) -> None:
    shutil.copyfile(CORPUS / "billion-laughs.yaml", root / "icps" / "lol.yaml")
    lint_json("icps/lol.yaml", cwd=root)
    assert _child_peak_kb() < MAX_CHILD_RSS_KB


def test_symlink_loop(root: Path) -> None:
    (root / "icps" / "a.yaml").symlink_to("b.yaml")
    (root / "icps" / "b.yaml").symlink_to("a.yaml")
    code, diagnostics = lint_json(cwd=root)
    assert code == 1
    assert [d["path"] for d in diagnostics] == ["icps/a.yaml", "icps/b.yaml"]
    assert "symbolic links" in str(diagnostics[0]["message"])


def test_named_pipe_is_not_opened(root: Path) -> None:
    os.mkfifo(root / "icps" / "pipe.yaml")
    code, diagnostics = lint_json(cwd=root)
    assert (code, positions(diagnostics)) == (1, [("PS001", 1, 1)])
    assert "not a regular file" in str(diagnostics[0]["message"])


def test_unreadable_file(root: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: permission bits do not stop root from reading a file")
    target = root / "icps" / "secret.yaml"
    shutil.copyfile(CORPUS / "valid.yaml", target)
    target.chmod(0)
    try:
        code, diagnostics = lint_json("icps/secret.yaml", cwd=root)
    finally:
        target.chmod(0o644)
    assert (code, positions(diagnostics)) == (1, [("PS001", 1, 1)])
    assert diagnostics[0]["message"] == "the file cannot be read (permission denied)"


def test_path_with_spaces_and_non_ascii(root: Path) -> None:
    folder = root / "icps" / "Zahnärzte Süd"
    folder.mkdir()
    shutil.copyfile(CORPUS / "tab-indent.yaml", folder / "Praxis Ü 1.yaml")
    code, diagnostics = lint_json("icps/Zahnärzte Süd", cwd=root)
    assert (code, positions(diagnostics)) == (1, [("PS001", 5, 1)])
    assert diagnostics[0]["path"] == "icps/Zahnärzte Süd/Praxis Ü 1.yaml"


def test_directory_named_like_a_profile_is_walked_not_read(root: Path) -> None:
    (root / "icps" / "dental.yaml").mkdir()
    result = cli("lint", TODAY_ARG, "--select", "PS0", "icps/dental.yaml", cwd=root)
    assert result.returncode == 0
    assert "0 files checked" in result.stdout


def test_directory_where_the_handbook_config_belongs(root: Path) -> None:
    (root / "profilespec.yaml").unlink()
    (root / "profilespec.yaml").mkdir()
    result = cli("lint", TODAY_ARG, cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith("profilespec: error: ")
    assert "profilespec.yaml is a directory; the handbook's profilespec.yaml must be a file" in (
        result.stderr
    )
    assert result.stderr.count("\n") == 1


def test_directory_where_the_report_file_belongs(root: Path) -> None:
    shutil.copyfile(CORPUS / "valid.yaml", root / "icps" / "dental.yaml")
    result = cli("lint", TODAY_ARG, "--output", "icps", cwd=root)
    assert result.returncode == 2
    assert result.stderr == "profilespec: error: cannot write the report to icps: Is a directory\n"


def test_missing_path(root: Path) -> None:
    result = cli("lint", TODAY_ARG, "icps/nope.yaml", cwd=root)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "profilespec: error: icps/nope.yaml: no such file or directory\n"


def test_stdin_with_a_name(root: Path) -> None:
    raw = (CORPUS / "tab-indent.yaml").read_bytes()
    code, diagnostics = lint_json("-", "--stdin-filename", "icps/typed.yaml", cwd=root, stdin=raw)
    assert (code, positions(diagnostics)) == (1, [("PS001", 5, 1)])
    assert diagnostics[0]["path"] == "icps/typed.yaml"


def test_stdin_binary_garbage(root: Path) -> None:
    raw = (CORPUS / "binary.yaml").read_bytes()
    code, diagnostics = lint_json("-", "--stdin-filename", "icps/x.yaml", cwd=root, stdin=raw)
    assert (code, positions(diagnostics)) == (1, [("PS001", 1, 1)])


def test_stdin_filename_without_stdin(root: Path) -> None:
    result = cli("lint", TODAY_ARG, "--stdin-filename", "icps/x.yaml", cwd=root)
    assert result.returncode == 2
    assert result.stderr == "profilespec: error: --stdin-filename only applies when a path is `-`\n"
