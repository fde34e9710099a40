"""Parsing on two cores gives exactly what parsing serially gives, in the same order."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, TODAY
from profilespec import engine, parallel
from profilespec.cache import ParsedFile
from profilespec.diagnostics import FILE_START, Diagnostic
from profilespec.loader import DEFAULT_LIMITS

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="parsing runs in parallel only on Linux with two cores",
)

BAD_INPUTS = Path(__file__).parent / "bad_inputs"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A handbook mixing valid profiles with every kind of broken file, many times over."""
    shutil.copy(EXAMPLES / "profilespec.yaml", tmp_path / "profilespec.yaml")
    for copy in range(4):
        for kind in ("icps", "personas"):
            target = tmp_path / kind / f"copy-{copy}"
            shutil.copytree(EXAMPLES / kind, target)
        shutil.copytree(BAD_INPUTS, tmp_path / "icps" / f"bad-{copy}")
        (tmp_path / "personas" / f"copy-{copy}" / "two.yaml").write_text(
            (EXAMPLES / "icps" / "icp-midmarket-manufacturers.yaml").read_text()
            + "---\nkind: Persona\nmetadata: {id: [not, text]}\n"
        )
    return tmp_path


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Parallel parsing from the second file on, in chunks of three; records each fork.

    The test machine's load does not matter here: results must be the same whatever it is.
    """
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(parallel, "_idle_core", lambda: True)
    monkeypatch.setattr(parallel, "_CHUNK_FILES", 3)
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return forked


def _jobs(root: Path) -> list[parallel.ParseJob]:
    paths = sorted(root.rglob("*.yaml"))
    assert len(paths) > 100
    return [(path, path.relative_to(root).as_posix()) for path in paths]


def _serial(
    jobs: list[parallel.ParseJob], check: parallel.FileCheck | None = None
) -> list[parallel.Checked]:
    return [parallel.read_and_check(job, DEFAULT_LIMITS, check) for job in jobs]


def _count_documents(parsed: ParsedFile) -> list[Diagnostic]:
    """A stand-in check whose result depends on the file it ran on."""
    return [Diagnostic(parsed.source.display_path, FILE_START, "PS000", f"{len(parsed.documents)}")]


def test_parallel_results_equal_serial_results_in_order(corpus: Path, forks: list[int]) -> None:
    jobs = _jobs(corpus)
    together = parallel.read_and_parse_all(jobs)
    assert forks, "the parse did not run in parallel"
    assert together == _serial(jobs)


def test_the_check_runs_on_each_parsed_file_and_comes_back_with_it(
    corpus: Path, forks: list[int]
) -> None:
    jobs = _jobs(corpus)
    together = parallel.read_and_parse_all(jobs, check=_count_documents)
    assert forks
    assert together == _serial(jobs, _count_documents)
    assert all(found == [] for parsed, found in together if isinstance(parsed, Diagnostic))
    assert any(found for _, found in together)


def test_a_failing_check_is_raised_and_leaves_no_child_behind(
    corpus: Path, forks: list[int]
) -> None:
    # A rule bug must surface as an error (the engine's InternalError), not as lost findings.
    def broken_check(parsed: ParsedFile) -> list[Diagnostic]:
        raise RuntimeError(f"cannot check {parsed.source.display_path}")

    with pytest.raises(RuntimeError, match="cannot check"):
        parallel.read_and_parse_all(_jobs(corpus), check=broken_check)
    (child,) = forks
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)


def test_a_failing_child_leaves_its_chunks_to_the_parent(
    corpus: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    real = parallel.read_and_parse

    def dies_in_the_child(job: parallel.ParseJob, limits: Any = DEFAULT_LIMITS) -> Any:
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return real(job, limits)

    monkeypatch.setattr(parallel, "read_and_parse", dies_in_the_child)
    jobs = _jobs(corpus)
    together = parallel.read_and_parse_all(jobs)
    assert forks
    monkeypatch.setattr(parallel, "read_and_parse", real)
    assert together == _serial(jobs)


def test_lint_findings_are_identical_whether_parsed_serially_or_not(
    corpus: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def run() -> tuple[list[Any], int]:
        result = engine.lint(cwd=corpus, today=TODAY)
        return [diagnostic.__dict__ for diagnostic in result.diagnostics], result.files_checked

    in_parallel = run()
    assert forks
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 10**9)
    assert in_parallel == run()
    assert len(forks) == 1, "the second run was meant to be serial"


@pytest.mark.parametrize("parallel_from", [2, 10**9], ids=["parallel", "serial"])
def test_a_per_document_rule_bug_is_an_internal_error_naming_rule_and_file(
    corpus: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch, parallel_from: int
) -> None:
    from profilespec.rules import all_rules

    rule_class = all_rules()["PS301"]
    assert rule_class.per_document, "the test needs a rule that runs while files are parsed"

    def broken(self: Any, document: Any, ctx: Any) -> Any:
        raise KeyError("bug")

    monkeypatch.setattr(rule_class, "check", broken)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", parallel_from)
    with pytest.raises(engine.InternalError, match=r"rule PS301 on (icps|personas)/.*\.yaml"):
        engine.lint(cwd=corpus, today=TODAY)
