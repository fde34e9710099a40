"""Whole-run replay: a warm run with nothing changed gives back exactly what a fresh run prints.

A replayed run is recognised by its result holding no handbooks (nothing was loaded). Every
mutation below is back-dated, so that it is the fingerprint that notices it, not the rule
that never trusts a file as new as the run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, TODAY, TODAY_ARG, run_cli
from profilespec import engine
from profilespec.cache import DIRECTORY_NAME
from profilespec.config import Overrides
from profilespec.handbook import discover_files
from profilespec.loader import LoadLimits
from profilespec.replay import RECORD_NAME, profile_stats
from profilespec.reporters import REPORTERS, ReportOptions, get_reporter
from test_cache import EXTRA_FILES, HOUR_AGO, backdate


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(DIRECTORY_NAME))
    for relative, text in EXTRA_FILES.items():
        (root / relative).write_text(text, encoding="utf-8")
    backdate(root)
    return root


def _lint(root: Path, *paths: str, cache: bool = True, **settings: Any) -> engine.LintResult:
    settings.setdefault("today", TODAY)
    return engine.lint(list(paths), cwd=root, cache=cache, **settings)


def _rendered(result: engine.LintResult, root: Path) -> dict[tuple[str, str], str]:
    """Every format, plain, coloured and as statistics."""
    variants = {
        "plain": ReportOptions(cwd=root),
        "color": ReportOptions(color=True, cwd=root),
        "statistics": ReportOptions(statistics=True, quiet=True, cwd=root),
    }
    return {
        (name, variant): get_reporter(name).render(result, options)
        for name in REPORTERS
        for variant, options in variants.items()
    }


def _assert_replays_fresh_output(root: Path, *paths: str, **settings: Any) -> None:
    """The next cached run is a replay, and renders exactly what an uncached run renders."""
    replayed = _lint(root, *paths, **settings)
    assert replayed.handbooks == [], "the run was not replayed"
    fresh = _lint(root, *paths, cache=False, **settings)
    assert replayed.files_checked == fresh.files_checked
    assert replayed.fail_on == fresh.fail_on
    assert _rendered(replayed, root) == _rendered(fresh, root)


def test_replay_renders_what_a_fresh_run_renders_in_every_format(corpus: Path) -> None:
    first = _lint(corpus)
    assert first.handbooks
    codes = {diagnostic.code for diagnostic in first.diagnostics}
    # Frames from loaded files, from a file that failed to parse, and from the config.
    assert {"PS001", "PS002", "PS004", "PS103"} <= codes, codes
    assert any(diagnostic.path == "profilespec.yaml" for diagnostic in first.diagnostics)
    _assert_replays_fresh_output(corpus)


def test_named_paths_replay_their_own_record(corpus: Path) -> None:
    _lint(corpus, "personas")
    _assert_replays_fresh_output(corpus, "personas")
    other = _lint(corpus, "icps/two-docs.yaml")
    assert other.handbooks
    _assert_replays_fresh_output(corpus, "icps/two-docs.yaml")


def test_cli_replay_is_byte_identical_in_every_format(corpus: Path) -> None:
    def outputs(tag: str, *extra: str) -> dict[str, bytes]:
        reports = [f"--report={name}:{tag}.{name}" for name in REPORTERS if name != "text"]
        result = run_cli("lint", TODAY_ARG, *reports, *extra, cwd=corpus.parent / "out")
        assert result.returncode == 1, result.stderr
        written = {
            name: (corpus.parent / "out" / f"{tag}.{name}").read_bytes()
            for name in REPORTERS
            if name != "text"
        }
        return {"text": result.stdout.encode(), **written}

    (corpus.parent / "out").mkdir()
    # Run from outside the handbook, so paths carry a directory part.
    handbook = os.path.relpath(corpus, corpus.parent / "out")
    expected = outputs("fresh", handbook, "--no-cache")
    assert outputs("filling", handbook) == expected
    assert (corpus / DIRECTORY_NAME / RECORD_NAME).is_file()
    assert outputs("replayed", handbook) == expected


def _touch(root: Path) -> None:
    os.utime(root / "icps" / "two-docs.yaml", (HOUR_AGO + 60, HOUR_AGO + 60))


def _edit_keeping_size_and_mtime(root: Path) -> None:
    path = root / "icps" / "two-docs.yaml"
    status = path.stat()
    path.write_text(path.read_text().replace("status: draft", "status: dreft", 1))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def _add(root: Path) -> None:
    path = root / "personas" / "copy.yaml"
    path.write_text(EXTRA_FILES["personas/orphan.yaml"].replace("persona-orphan", "persona-copy"))
    os.utime(path, (HOUR_AGO, HOUR_AGO))


def _delete(root: Path) -> None:
    (root / "icps" / "broken-syntax.yaml").unlink()


def _edit_config(root: Path) -> None:
    path = root / "profilespec.yaml"
    path.write_text(path.read_text().replace("Persona: 91", "Persona: 30"))
    os.utime(path, (HOUR_AGO + 60, HOUR_AGO + 60))


def _add_pyproject(root: Path) -> None:
    path = root / "pyproject.toml"
    path.write_text('[tool.profilespec]\nignore = ["PS103"]\n')
    os.utime(path, (HOUR_AGO, HOUR_AGO))


@pytest.mark.parametrize(
    ("mutate", "changes_output"),
    [
        (_touch, False),
        (_edit_keeping_size_and_mtime, True),
        (_add, True),
        (_delete, True),
        (_edit_config, True),
        (_add_pyproject, True),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_a_changed_input_is_linted_again(
    corpus: Path, mutate: Callable[[Path], None], changes_output: bool
) -> None:
    before = _lint(corpus)
    assert _lint(corpus).handbooks == []
    mutate(corpus)
    after = _lint(corpus)
    assert after.handbooks, "a stale record was replayed"
    fresh = _lint(corpus, cache=False)
    assert _rendered(after, corpus) == _rendered(fresh, corpus)
    assert (_rendered(fresh, corpus) != _rendered(before, corpus)) is changes_output
    _assert_replays_fresh_output(corpus)


@pytest.mark.parametrize(
    "settings",
    [
        {"today": dt.date(2027, 6, 1)},
        {"overrides": Overrides(ignore=("PS4",))},
        {"limits": LoadLimits(max_depth=4)},
    ],
    ids=["today", "overrides", "limits"],
)
def test_changed_settings_are_linted_again(corpus: Path, settings: dict[str, Any]) -> None:
    _lint(corpus)
    assert _lint(corpus, **settings).handbooks
    _assert_replays_fresh_output(corpus, **settings)


def test_a_file_outside_the_globs_does_not_stop_the_replay(corpus: Path) -> None:
    _lint(corpus)
    (corpus / "notes.yaml").write_text("not: a profile\n")
    _assert_replays_fresh_output(corpus)


def test_a_file_as_new_as_the_run_is_never_trusted(corpus: Path) -> None:
    path = corpus / "icps" / "two-docs.yaml"
    path.write_text(path.read_text() + "# just written\n")
    # Seconds ahead rather than now, so a slow machine cannot age it past the racy window.
    os.utime(path, (time.time() + 30, time.time() + 30))
    _lint(corpus)
    # Its stat may not change if it is written again within the same tick: no record yet.
    assert _lint(corpus).handbooks
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    _lint(corpus)
    _assert_replays_fresh_output(corpus)


def test_a_corrupt_record_is_ignored_and_rewritten(corpus: Path) -> None:
    _lint(corpus)
    record = corpus / DIRECTORY_NAME / RECORD_NAME
    record.write_text('{"settings": [')
    assert _lint(corpus).handbooks
    _assert_replays_fresh_output(corpus)


def test_profile_stats_walks_like_discover_files(tmp_path: Path) -> None:
    files = [
        "icps/a.yaml",
        "icps/deep/er/b.yaml",
        "icps/c.yml",
        "icps/notes.txt",
        "personas/p.yaml",
        "personas/drafts/skip.yaml",
        ".hidden/h.yaml",
        "icps/.git/config.yaml",
        "node_modules/pkg/n.yaml",
        "icps/build/x.yaml",
        "outside/o.yaml",
    ]
    for relative in files:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("kind: ICP\n")
    (tmp_path / "icps" / "linked-dir").symlink_to(tmp_path / "outside")
    (tmp_path / "icps" / "linked.yaml").symlink_to(tmp_path / "outside" / "o.yaml")
    (tmp_path / "icps" / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    include, exclude = (
        ("icps/**", "personas/*.yaml", "**/*.yml"),
        ("**/*.txt", "personas/drafts/**"),
    )
    stats = dict(profile_stats(tmp_path, include, exclude))
    discovered = discover_files(tmp_path, include, exclude)
    assert sorted(stats) == sorted(path.relative_to(tmp_path).as_posix() for path in discovered)
    assert "icps/linked.yaml" in stats and stats["icps/dangling.yaml"] is None
    # A linked file counts with its target's stat: re-pointing or editing the target shows.
    linked = stats["icps/linked.yaml"]
    assert linked is not None and linked[2] == (tmp_path / "outside" / "o.yaml").stat().st_ino
