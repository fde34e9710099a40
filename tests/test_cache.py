"""The lint cache never changes results: warm runs print exactly what a cache-less run prints.

Every comparison runs the real CLI twice in fresh processes, once with ``--no-cache`` and once
through the cache, on a handbook that is mutated between rounds (edits, syntax errors,
suppressions, deleted and added files, config changes, another day).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, TODAY_ARG, run_cli
from profilespec import engine, handbook
from profilespec.cache import DIRECTORY_NAME
from profilespec.replay import RECORD_NAME

HOUR_AGO = time.time() - 3600

EXTRA_FILES = {
    # A suppression that works, one that is stale (PS004), and a file-level one.
    "personas/suppressed.yaml": """\
apiVersion: profilespec/v1
kind: Persona
metadata:
  id: persona-suppressed
  title: Suppressed Sam
  owner: team:pmm
  status: active
  last_reviewed: 2020-01-01  # profilespec: ignore[PS502] -- kept for the test
spec:
  icp_refs: [icp-midmarket-manufacturers]  # profilespec: ignore[PS101]
  archetype: Suppressed Sam
  role: {titles: [AP Clerk], department: finance, seniority: individual_contributor}
  buying_role: {primary: user, influence: low}
  goals: [Post every invoice within a day of receipt]
  pain_points: [Re-keys 200 invoices a week from PDF into NetSuite]
""",
    # Two documents in one file, the second with an annotation suppression.
    "icps/two-docs.yaml": """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-draft-one
  title: Draft one
  owner: team:revops
  status: draft
spec:
  summary: stuff
---
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-draft-two
  title: Draft two
  owner: team:revops
  status: draft
  annotations:
    profilespec/lint-ignore: "PS105, PS999 -- annotation test"
spec:
  summary: US dental groups with 5-40 practices running Dentrix
""",
    # An active persona linked to no ICP: PS103, a rule whose results are cached per file.
    "personas/orphan.yaml": """\
apiVersion: profilespec/v1
kind: Persona
metadata:
  id: persona-orphan
  title: Orphan Olga
  owner: team:pmm
  status: active
  last_reviewed: 2026-10-01
spec:
  archetype: Orphan Olga
  role: {titles: [AP Clerk], department: finance, seniority: individual_contributor}
  buying_role: {primary: user, influence: low}
  goals: [Post every invoice within a day of receipt]
  pain_points: [Re-keys 200 invoices a week from PDF into NetSuite]
""",
    "icps/broken-syntax.yaml": "apiVersion: profilespec/v1\nkind: ICP\nmetadata:\n\tid: x\n",
    "icps/broken-schema.yaml": """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-broken-schema
  title: Broken
  owner: team:revops
  status: actve
spec:
  summary: US dental groups with 5-40 practices running Dentrix
  firmographics:
    employees: {min: lots}
""",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(DIRECTORY_NAME))
    for relative, text in EXTRA_FILES.items():
        (root / relative).write_text(text, encoding="utf-8")
    backdate(root)
    return root


def backdate(root: Path) -> None:
    """Back-date every file, so the cache trusts stat() instead of re-hashing."""
    for path in root.rglob("*.yaml"):
        os.utime(path, (HOUR_AGO, HOUR_AGO))


def _lint(root: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    if env is None:
        result = run_cli("lint", "--format", "json", TODAY_ARG, *extra, cwd=root)
    else:
        result = subprocess.run(
            [sys.executable, "-m", "profilespec", "lint", "--format", "json", TODAY_ARG, *extra],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            check=False,
        )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, result.stdout


def _assert_cache_agrees(root: Path, *extra: str, warm: bool = False) -> tuple[int, str]:
    """An uncached run and a cached one (then a warm one too) print the same."""
    expected = _lint(root, "--no-cache", *extra)
    assert _lint(root, *extra) == expected
    if warm:
        assert _lint(root, *extra) == expected
    return expected


def test_warm_runs_match_uncached_runs_through_mutations(corpus: Path) -> None:
    code, output = _assert_cache_agrees(corpus, warm=True)
    codes = {item["code"] for item in json.loads(output)["diagnostics"]}
    # The corpus really exercises syntax, schema, suppression and per-document rule findings.
    assert {"PS001", "PS002", "PS004", "PS103"} <= codes, codes
    assert code == 1
    assert (corpus / DIRECTORY_NAME / ".gitignore").read_text() == "*\n"
    assert (
        (corpus / DIRECTORY_NAME / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )

    icp = corpus / "icps" / "icp-midmarket-manufacturers.yaml"
    icp.write_text(icp.read_text().replace("status: active", "status: actve", 1))
    _assert_cache_agrees(corpus)

    # The stale suppression comes back into use when its finding reappears, and vice versa.
    suppressed = corpus / "personas" / "suppressed.yaml"
    suppressed.write_text(suppressed.read_text().replace("2020-01-01", "2026-10-20"))
    _assert_cache_agrees(corpus)

    (corpus / "icps" / "broken-syntax.yaml").unlink()
    (corpus / "personas" / "copy.yaml").write_text(
        suppressed.read_text().replace("persona-suppressed", "persona-copy")
    )
    _assert_cache_agrees(corpus)

    # Handbook settings feed rule results: a new review cadence must not reuse old findings.
    config = corpus / "profilespec.yaml"
    config.write_text(config.read_text().replace("Persona: 91", "Persona: 30"))
    _assert_cache_agrees(corpus)

    # Another day, another selection, another preset: same answers as without a cache.
    _assert_cache_agrees(corpus, "--today", "2027-06-01")
    _assert_cache_agrees(corpus, "--preset", "strict", "--ignore", "PS4")


def test_same_size_edit_with_a_new_mtime_is_seen(corpus: Path) -> None:
    _lint(corpus)
    icp = corpus / "icps" / "two-docs.yaml"
    text = icp.read_text()
    icp.write_text(text.replace("status: draft", "status: dreft", 1))
    assert len(icp.read_text()) == len(text)
    os.utime(icp, (HOUR_AGO + 60, HOUR_AGO + 60))
    _, output = _assert_cache_agrees(corpus)
    assert "dreft" in output


def test_corrupt_or_foreign_cache_is_ignored_and_rebuilt(corpus: Path) -> None:
    expected = _assert_cache_agrees(corpus)
    shards = sorted((corpus / DIRECTORY_NAME).glob("shard-*.json"))
    assert shards
    shards[0].write_text("{not json")
    foreign = json.loads(shards[1].read_text())
    foreign["header"][1] = "another-build"
    shards[1].write_text(json.dumps(foreign))
    if len(shards) > 2:
        shards[2].write_bytes(b"\x00\xff" * 100)
    # Without it the next run would be replayed whole, never reading a shard.
    (corpus / DIRECTORY_NAME / RECORD_NAME).unlink()
    assert _lint(corpus) == expected
    assert json.loads(shards[0].read_text())["header"] != foreign["header"]
    assert _lint(corpus) == expected


def test_racing_runs_agree_and_leave_a_valid_cache(corpus: Path) -> None:
    expected = _lint(corpus, "--no-cache")
    command = [sys.executable, "-m", "profilespec", "lint", "--format", "json", TODAY_ARG]
    processes = [
        subprocess.Popen(command, cwd=corpus, stdout=subprocess.PIPE, text=True) for _ in range(3)
    ]
    outputs = [(process.wait(timeout=120), process.stdout.read()) for process in processes]  # type: ignore[union-attr]
    assert all(output == expected for output in outputs)
    assert _lint(corpus) == expected


def test_cache_dir_option_and_environment_variable(corpus: Path, tmp_path: Path) -> None:
    expected = _lint(corpus, "--no-cache")
    assert not (corpus / DIRECTORY_NAME).exists()
    elsewhere = tmp_path / "elsewhere"
    assert _lint(corpus, "--cache-dir", str(elsewhere)) == expected
    assert list(elsewhere.rglob("shard-*.json"))
    from_env = tmp_path / "from-env"
    assert _lint(corpus, env={"PROFILESPEC_CACHE_DIR": str(from_env)}) == expected
    assert _lint(corpus, env={"PROFILESPEC_CACHE_DIR": str(from_env)}) == expected
    assert list(from_env.rglob("shard-*.json"))
    assert not (corpus / DIRECTORY_NAME).exists()


def test_standard_input_is_not_answered_from_the_cache_of_the_file_it_shadows(
    corpus: Path,
) -> None:
    _lint(corpus)
    name = "icps/broken-schema.yaml"
    fixed = (corpus / name).read_text().replace("actve", "draft").replace("lots", "40")
    args = ("lint", "--format", "json", TODAY_ARG, "-", "--stdin-filename", name)
    uncached = run_cli(*args, "--no-cache", cwd=corpus, input_text=fixed)
    cached = run_cli(*args, cwd=corpus, input_text=fixed)
    assert cached.stdout == uncached.stdout
    assert "PS002" not in cached.stdout


def test_unchanged_files_are_not_read_again(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real_parse_file = handbook.parse_file

    def counting(source: handbook.SourceFile, *args: object) -> object:
        parsed.append(source.display_path)
        return real_parse_file(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(handbook, "parse_file", counting)
    today = engine.dt.date(2026, 11, 1)
    first = engine.lint(cwd=corpus, today=today, cache=True)
    assert len(parsed) == len(first.handbooks[0].files)
    parsed.clear()
    warm = engine.lint(cwd=corpus, today=today, cache=True)
    assert parsed == []
    assert warm.diagnostics == first.diagnostics
    suppressed = corpus / "personas" / "suppressed.yaml"
    suppressed.write_text(suppressed.read_text() + "# edited\n")
    engine.lint(cwd=corpus, today=today, cache=True)
    assert parsed == ["personas/suppressed.yaml"]
