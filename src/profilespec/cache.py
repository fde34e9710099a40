"""Per-file results of earlier lint runs, so an unchanged file is never parsed or checked twice.

Each profile file has one entry, found by its path below the handbook root and trusted only
while its content is the same: the file's size, modification time, inode and change time
(which, unlike the modification time, cannot be set back) must match what was recorded (a
fast first check), or else the text is re-read and its hash compared. An entry holds what
reading the file produced (text, documents, loader and schema diagnostics) and, separately,
what the per-document rules found under one *context*: the effective settings, ``today`` and
the rule selection. A new day or a config edit re-runs the rules on cached documents without
re-parsing them. Handbook-scoped rules and suppressions are never cached (but a run whose
inputs all match the previous run's is replayed whole: see ``replay``).

Entries live in a few shard files (JSON, never pickle: a cache directory committed to a
repository by mistake must not be able to run code) written with ``write_atomic``, so two
runs racing each other leave either one's shard or the other's, both valid. A shard that is
unreadable, or written by another profilespec build, is ignored and rebuilt. Document data is
decoded lazily: handbook-scoped rules that only look at kinds and ids never pay for the rest.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from profilespec import __version__
from profilespec.diagnostics import Diagnostic, Severity, Span
from profilespec.loader import Document, LoadLimits, SourceFile

DIRECTORY_NAME = ".profilespec_cache"
ENVIRONMENT_VARIABLE = "PROFILESPEC_CACHE_DIR"
_FORMAT = 2
_SHARDS = 16
# Filesystems record modification times coarsely (a clock tick, or whole seconds on FAT);
# a file written this recently could change again without its stat changing.
RACY_SECONDS = 2.0
_DATE, _DATETIME = "\x00profilespec-date", "\x00profilespec-datetime"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by profilespec.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)

Stat = tuple[int, int, int, int]


@dataclass
class ParsedFile:
    """Everything reading one file yields, before any rule runs."""

    source: SourceFile
    documents: list[Document]
    # Loader diagnostics, then each document's schema diagnostics, in the order found.
    diagnostics: list[Diagnostic]
    valid: list[bool]
    profile_like: bool


class LazyDocument(Document):
    """A cached document whose data is decoded the first time a rule looks past its envelope.

    Kind, id and status are kept as read when the entry was written (documents are never
    modified), so indexing a handbook by id decodes nothing.
    """

    def __init__(
        self,
        source: SourceFile,
        index: int,
        start: Span,
        blob: str,
        envelope: tuple[str | None, str | None, str | None],
    ) -> None:
        self.source, self.index, self.start = source, index, start
        self._blob: str | None = blob
        self._data: Any = None
        self._envelope = envelope

    @property
    def data(self) -> Any:
        if self._blob is not None:
            self._data = json.loads(self._blob, object_hook=_decode_dates)
            self._blob = None
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data, self._blob = value, None

    @property
    def kind(self) -> str | None:
        return self._envelope[0]

    @property
    def id(self) -> str | None:
        return self._envelope[1]

    @property
    def status(self) -> str | None:
        return self._envelope[2]


def _encode_date(value: object) -> Any:
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"{type(value).__name__} cannot be cached")


def _decode_dates(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1:
        if _DATE in mapping:
            return dt.date.fromisoformat(mapping[_DATE])
        if _DATETIME in mapping:
            return dt.datetime.fromisoformat(mapping[_DATETIME])
    return mapping


def _dump(value: Any) -> str:
    return json.dumps(value, default=_encode_date, ensure_ascii=False, separators=(",", ":"))


def diagnostic_row(diagnostic: Diagnostic) -> list[Any]:
    span = diagnostic.span
    return [
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        diagnostic.code,
        diagnostic.message,
        int(diagnostic.severity),
        diagnostic.rule,
        diagnostic.data_path,
        diagnostic.data,
    ]


def diagnostic_from(row: list[Any], path: str) -> Diagnostic:
    line, column, end_line, end_column, code, message, severity, rule, data_path, data = row
    return Diagnostic(
        path=path,
        span=Span(line, column, end_line, end_column),
        code=code,
        message=message,
        severity=Severity(severity),
        rule=rule,
        data_path=data_path,
        data=data,
    )


def round_trips(rows: list[list[Any]]) -> bool:
    """Whether the rows come back from JSON equal (no tuples, dates or objects in ``data``)."""
    try:
        return bool(json.loads(json.dumps(rows)) == rows)
    except (TypeError, ValueError):
        return False


@cache
def build_stamp() -> str:
    """This profilespec build: version plus the size and mtime of every file in the package.

    A development checkout changes rules without changing the version; results computed by
    other code must not be reused.
    """
    parts = [__version__]
    pending = [Path(__file__).parent]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        pending.append(Path(entry.path))
                else:
                    status = entry.stat()
                    parts.append(f"{entry.path}:{status.st_size}:{status.st_mtime_ns}")
    return f"{zlib.crc32(chr(0).join(parts).encode()):08x}-{len(parts)}"


def _blake2b(data: bytes) -> str:
    try:
        # hashlib loads OpenSSL first (~10 ms of a ~100 ms budget); BLAKE2 is built in.
        from _blake2 import blake2b
    except ImportError:  # an interpreter without the built-in module
        from hashlib import blake2b
    return blake2b(data, digest_size=16).hexdigest()


def context_key(*parts: Any) -> str:
    """A short stable key for the settings, date and selection the rule results depend on."""
    return _blake2b(json.dumps(parts, sort_keys=True, default=str, separators=(",", ":")).encode())


def text_digest(text: str) -> str:
    return _blake2b(text.encode("utf-8", "surrogatepass"))


def _stat_of(status: os.stat_result) -> Stat | None:
    if time.time() - status.st_mtime < RACY_SECONDS:
        return None
    return _stat_key(status)


def _stat_key(status: os.stat_result) -> Stat:
    return (status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)


class LintCache:
    """The cache of one handbook for one run: look entries up, record new ones, save once."""

    def __init__(self, root: Path, directory: Path, limits: LoadLimits) -> None:
        self.root = root
        self._root_prefix = str(root).rstrip(os.sep) + os.sep
        self.directory = directory
        self.header = [
            _FORMAT,
            build_stamp(),
            [limits.max_file_bytes, limits.max_values, limits.max_depth],
        ]
        self._shards: dict[int, dict[str, Any]] = {}
        self._dirty: set[int] = set()
        self._pending_stat: dict[str, os.stat_result] = {}
        # Files whose entry describes what this run read; only they may use stored findings
        # (a path given on stdin shadows the file on disk).
        self._live: set[str] = set()

    @classmethod
    def for_root(cls, root: Path, directory: Path | None, limits: LoadLimits) -> LintCache:
        """The cache of ``root`` in ``directory`` (default: ``.profilespec_cache`` in the root)."""
        if directory is None:
            return cls(root, root / DIRECTORY_NAME, limits)
        # A shared cache directory holds one sub-directory per handbook.
        return cls(root, directory / context_key(str(root.resolve()))[:16], limits)

    def key(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self._root_prefix):
            relative = text[len(self._root_prefix) :]
            # Walked files are the root joined with a clean relative path: that is what relpath
            # would give, without its ~10 us a call (twice per file and run).
            if ".." not in relative:
                return relative.replace(os.sep, "/")
        relative = os.path.relpath(path, self.root)
        return path.as_posix() if relative.startswith("..") else relative.replace(os.sep, "/")

    def _shard(self, key: str) -> dict[str, Any]:
        number = zlib.crc32(key.encode()) % _SHARDS
        shard = self._shards.get(number)
        if shard is None:
            shard = self._read_shard(number)
            self._shards[number] = shard
        return shard

    def _read_shard(self, number: int) -> dict[str, Any]:
        try:
            raw = (self.directory / f"shard-{number:02d}.json").read_bytes()
            content = json.loads(raw)
            if content["header"] == self.header and isinstance(content["entries"], dict):
                entries: dict[str, Any] = content["entries"]
                return entries
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing, corrupt or from another build: start this shard afresh
        return {}

    def _mark(self, key: str) -> None:
        self._dirty.add(zlib.crc32(key.encode()) % _SHARDS)

    # --- reading a file ---------------------------------------------------------------------

    def parsed(self, path: Path, shown: str) -> ParsedFile | None:
        """The cached reading of ``path`` if its stat still matches, else None."""
        key = self.key(path)
        entry = self._shard(key).get(key)
        if entry is None or entry["stat"] is None:
            return None
        try:
            status = path.stat()
        except OSError:
            return None
        if list(_stat_key(status)) != entry["stat"]:
            self._pending_stat[key] = status
            return None
        self._live.add(key)
        return self._restore(entry, path, shown)

    def parsed_text(self, path: Path, shown: str, text: str) -> ParsedFile | None:
        """The cached reading of ``path`` if it was made from exactly ``text``."""
        key = self.key(path)
        entry = self._shard(key).get(key)
        if entry is None or entry["digest"] != text_digest(text):
            return None
        status = self._pending_stat.pop(key, None) or _safe_stat(path)
        stat = _stat_of(status) if status is not None else None
        if stat is not None and list(stat) != entry["stat"]:
            entry["stat"] = list(stat)
            self._mark(key)
        self._live.add(key)
        return self._restore(entry, path, shown)

    def _restore(self, entry: dict[str, Any], path: Path, shown: str) -> ParsedFile:
        source = SourceFile(path=path, display_path=shown, text=entry["text"])
        documents: list[Document] = [
            LazyDocument(source, index, Span(line, column), blob, (kind, id_, status))
            for index, line, column, blob, kind, id_, status in entry["documents"]
        ]
        return ParsedFile(
            source=source,
            documents=documents,
            diagnostics=[diagnostic_from(row, shown) for row in entry["diagnostics"]],
            valid=entry["valid"],
            profile_like=entry["profile_like"],
        )

    def store_parsed(self, path: Path, parsed: ParsedFile) -> None:
        key = self.key(path)
        status = self._pending_stat.pop(key, None) or _safe_stat(path)
        if status is None:
            return
        shown = parsed.source.display_path
        if any(diagnostic.path != shown for diagnostic in parsed.diagnostics):
            return
        rows = [diagnostic_row(diagnostic) for diagnostic in parsed.diagnostics]
        if not round_trips(rows):
            return
        try:
            documents = [
                [
                    document.index,
                    document.start.line,
                    document.start.column,
                    _dump(document.data),
                    document.kind,
                    document.id,
                    document.status,
                ]
                for document in parsed.documents
            ]
        except (TypeError, ValueError):
            return
        stat = _stat_of(status)
        self._shard(key)[key] = {
            "stat": list(stat) if stat is not None else None,
            "digest": text_digest(parsed.source.text),
            "text": parsed.source.text,
            "documents": documents,
            "diagnostics": rows,
            "valid": parsed.valid,
            "profile_like": parsed.profile_like,
            "rules": None,
        }
        self._live.add(key)
        self._mark(key)

    # --- per-document rule results ----------------------------------------------------------

    def findings(self, path: Path, shown: str, context: str) -> list[Diagnostic] | None:
        """The per-document rules' diagnostics for ``path`` under ``context``, if recorded."""
        key = self.key(path)
        if key not in self._live:
            return None
        entry = self._shard(key).get(key)
        if entry is None or entry["rules"] is None or entry["rules"][0] != context:
            return None
        return [diagnostic_from(row, shown) for row in entry["rules"][1]]

    def store_findings(
        self, path: Path, shown: str, context: str, diagnostics: list[Diagnostic]
    ) -> None:
        key = self.key(path)
        entry = self._shard(key).get(key) if key in self._live else None
        if entry is None:
            return  # the reading itself could not be cached (e.g. an unreadable file)
        rows = [diagnostic_row(diagnostic) for diagnostic in diagnostics]
        cacheable = round_trips(rows) and all(
            diagnostic.path == shown for diagnostic in diagnostics
        )
        entry["rules"] = [context, rows] if cacheable else None
        self._mark(key)

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the shards that changed; a cache that cannot be written is silently skipped.

        Entries of files this run did not read (deleted, renamed) are dropped on the way.
        """
        for number, shard in self._shards.items():
            stale = [key for key in shard if key not in self._live]
            for key in stale:
                del shard[key]
            if stale:
                self._dirty.add(number)
        if not self._dirty:
            return
        from profilespec.atomic import write_atomic

        try:
            prepare_directory(self.directory)
            for number in sorted(self._dirty):
                content = {"header": self.header, "entries": self._shards[number]}
                write_atomic(
                    self.directory / f"shard-{number:02d}.json",
                    json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode(
                        "utf-8", "surrogatepass"
                    ),
                )
        except OSError:
            return  # read-only checkout, full disk: linting still worked, only slower next time
        self._dirty.clear()


def prepare_directory(directory: Path) -> None:
    """Create the cache directory, marked so that git and backup tools leave it alone."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        marker = directory / name
        if not marker.exists():
            marker.write_text(text, encoding="utf-8")


def _safe_stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def cache_directory(option: str | None) -> Path | None:
    """The cache directory from ``--cache-dir`` or ``PROFILESPEC_CACHE_DIR`` (None: default)."""
    chosen = option or os.environ.get(ENVIRONMENT_VARIABLE)
    return Path(chosen).expanduser() if chosen else None


__all__ = [
    "DIRECTORY_NAME",
    "ENVIRONMENT_VARIABLE",
    "RACY_SECONDS",
    "LazyDocument",
    "LintCache",
    "ParsedFile",
    "build_stamp",
    "cache_directory",
    "context_key",
    "diagnostic_from",
    "diagnostic_row",
    "prepare_directory",
    "round_trips",
    "text_digest",
]
