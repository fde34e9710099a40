"""Whole-run replay: when nothing a lint run depends on has changed, give back what it found.

A warm run of a large handbook would otherwise still load every cached reading and run every
cross-file rule. Instead, each cached run leaves one record in the cache directory: what it
showed (diagnostics, the source lines reporters quote, files checked, the failure threshold),
the *settings* it ran under (build, working directory, named paths, command-line overrides,
today, limits) and a *fingerprint* of its inputs: the stat of every file the profile globs
select, of the named files, of ``profilespec.yaml`` and of each ``pyproject.toml`` the
settings could come from. A later run with the same settings walks the handbook again with
the recorded globs (``os.scandir``, no parsing) and replays the record only if the fingerprint
is the same. An added, deleted, touched or edited file changes it; so does a config edit,
which is also the only way the globs themselves can change.

Like git's index, a stat is only trusted if the file is older than the run that recorded it:
a file modified within the same timestamp tick (or clock skew) of the run could have changed
without its stat changing, so a record holding such a file is never written.
"""

from __future__ import annotations

import datetime as dt
import json
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from profilespec.cache import (
    RACY_SECONDS,
    build_stamp,
    context_key,
    diagnostic_from,
    diagnostic_row,
    prepare_directory,
    round_trips,
    text_digest,
)
from profilespec.diagnostics import Diagnostic, Severity
from profilespec.handbook import CONFIG_FILE, walk_profile_files
from profilespec.loader import LoadLimits

RECORD_NAME = "replay.json"
_FORMAT = 1

# size, mtime_ns, inode, ctime_ns; None for a path that does not exist.
FileStat = tuple[int, int, int, int] | None
_DIRECTORY: FileStat = (0, 0, 0, 0)


@dataclass
class Outcome:
    """One handbook's share of a lint result: everything a reporter needs, no documents."""

    diagnostics: list[Diagnostic]
    files_checked: int
    fail_on: Severity
    # path -> line number -> the line reporters quote under a finding (None: no such line).
    source_lines: dict[str, dict[int, str | None]]


def settings_key(
    *,
    cwd: Path,
    root: Path,
    named: Sequence[Path],
    whole: bool,
    overrides: str,
    today: dt.date | None,
    limits: LoadLimits,
) -> str:
    """Everything besides file contents that a run's output depends on."""
    return context_key(
        _FORMAT,
        build_stamp(),
        str(cwd),
        str(root),
        [str(path) for path in named],
        whole,
        overrides,
        # Without --today the handbook may pin one, else the run uses the real date.
        (today or dt.date.today()).isoformat(),
        [limits.max_file_bytes, limits.max_values, limits.max_depth],
    )


class Replay:
    """The replay record of one handbook's cache directory, for one run."""

    def __init__(self, directory: Path, root: Path, named: Sequence[Path], settings: str) -> None:
        self.path = directory / RECORD_NAME
        self.directory = directory
        self.root = root
        self.named = tuple(named)
        self.settings = settings
        # Taken before anything is read: a file modified after this may have been read in
        # either state.
        self.started_ns = time.time_ns()
        self._fingerprints: dict[tuple[tuple[str, ...], tuple[str, ...]], str | None] = {}

    def recall(self) -> Outcome | None:
        """The recorded outcome, if this run's settings and inputs are the recorded ones."""
        try:
            record = json.loads(self.path.read_bytes())
            if record["settings"] != self.settings:
                return None
            globs = record["globs"]
            if self.fingerprint(globs["include"], globs["exclude"]) != record["fingerprint"]:
                return None
            return _outcome_from(record)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no record yet, or a corrupt one: run for real

    def store(self, include: Sequence[str], exclude: Sequence[str], outcome: Outcome) -> None:
        """Record ``outcome`` for runs to come, if every input is old enough to be trusted."""
        fingerprint = self.fingerprint(include, exclude)
        rows = [
            [diagnostic.path, *diagnostic_row(diagnostic)] for diagnostic in outcome.diagnostics
        ]
        if fingerprint is None or not round_trips(rows):
            return
        quoted = [
            outcome.source_lines.get(diagnostic.path, {}).get(diagnostic.line)
            for diagnostic in outcome.diagnostics
        ]
        record = {
            "settings": self.settings,
            "globs": {"include": list(include), "exclude": list(exclude)},
            "fingerprint": fingerprint,
            "files_checked": outcome.files_checked,
            "fail_on": int(outcome.fail_on),
            "diagnostics": rows,
            "quoted": quoted,
        }
        from profilespec.atomic import write_atomic

        try:
            prepare_directory(self.directory)
            write_atomic(
                self.path,
                json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode(
                    "utf-8", "surrogatepass"
                ),
            )
        except OSError:
            return  # read-only checkout, full disk: the next run just runs for real

    def fingerprint(self, include: Sequence[str], exclude: Sequence[str]) -> str | None:
        """A digest of every input file's stat; None if one is too recent to be trusted.

        Taken once per run and globs: a run that could not be replayed records the stats
        taken before it read anything (when the globs did not change), so a file edited while
        it ran cannot match them later.
        """
        globs = (tuple(include), tuple(exclude))
        if globs not in self._fingerprints:
            self._fingerprints[globs] = self._digest(*globs)
        return self._fingerprints[globs]

    def _digest(self, include: tuple[str, ...], exclude: tuple[str, ...]) -> str | None:
        entries = profile_stats(self.root, include, exclude)
        entries.sort()
        for path in (self.root / CONFIG_FILE, *self.named):
            entries.append((str(path), _stat(path)))
        entries.extend(_pyproject_stats(self.root))
        horizon = self.started_ns - int(RACY_SECONDS * 1e9)
        if any(found is not None and found[1] >= horizon for _, found in entries):
            return None
        return text_digest(repr(entries))


def profile_stats(
    root: Path, include: tuple[str, ...], exclude: tuple[str, ...]
) -> list[tuple[str, FileStat]]:
    """``(relative path, stat)`` of each file ``handbook.discover_files`` finds."""
    found: list[tuple[str, FileStat]] = []
    for relative, entry in walk_profile_files(root, include, exclude):
        try:
            status = entry.stat()
        except OSError:  # a dangling link: discovered, reported unreadable
            found.append((relative, None))
        else:
            found.append(
                (relative, (status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns))
            )
    return found


def _stat(path: Path) -> FileStat:
    try:
        status = path.stat()
    except OSError:
        return None
    if stat.S_ISDIR(status.st_mode):
        # A directory only matters as a directory; its own times change with any entry.
        return _DIRECTORY
    return (status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)


def _pyproject_stats(root: Path) -> list[tuple[str, FileStat]]:
    """The ``pyproject.toml`` files ``[tool.profilespec]`` is looked up in, nearest first.

    The lookup stops at the first one found or at a repository root (``.git``), so each
    level's ``.git`` counts too, but only whether it exists: git changes its times constantly.
    """
    entries: list[tuple[str, FileStat]] = []
    for directory in (root, *root.parents):
        candidate = directory / "pyproject.toml"
        found = _stat(candidate)
        entries.append((str(candidate), found))
        if found is not None and found != _DIRECTORY:
            break
        repository = (directory / ".git").exists()
        entries.append((str(directory / ".git"), _DIRECTORY if repository else None))
        if repository:
            break
    return entries


def _outcome_from(record: dict[str, Any]) -> Outcome:
    diagnostics: list[Diagnostic] = []
    source_lines: dict[str, dict[int, str | None]] = {}
    for (path, *row), line in zip(record["diagnostics"], record["quoted"], strict=True):
        diagnostic = diagnostic_from(row, path)
        diagnostics.append(diagnostic)
        source_lines.setdefault(path, {})[diagnostic.line] = line
    return Outcome(diagnostics, record["files_checked"], Severity(record["fail_on"]), source_lines)


__all__ = ["RECORD_NAME", "Outcome", "Replay", "profile_stats", "settings_key"]
