"""Find a handbook on disk, load every profile in it, and index the documents by id.

A handbook is a directory with ``profilespec.yaml`` (the ``Handbook`` document) at its root;
``spec.paths.include/exclude`` pick the profile files below it. Cross-file checks always
need every profile, so a handbook is always loaded whole, whichever files were named.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profilespec.diagnostics import Diagnostic
from profilespec.globs import matcher
from profilespec.loader import DEFAULT_LIMITS, Document, LoadLimits, SourceFile, parse, read_source
from profilespec.parallel import FileCheck, ParseJob, read_and_parse_all
from profilespec.validation import check_document

if TYPE_CHECKING:
    from profilespec.cache import LintCache, ParsedFile

CONFIG_FILE = "profilespec.yaml"
PROFILE_KINDS = ("ICP", "Persona")
ENVELOPE_KEYS = ("apiVersion", "kind", "metadata", "spec")
# Directories that never hold profiles and can be huge.
_SKIP_DIRS = {"node_modules", "__pycache__", "site", "venv", "build", "dist"}


class HandbookError(Exception):
    """A problem with the handbook as a whole (reported with exit code 2)."""


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` holding ``profilespec.yaml``."""
    current = start if start.is_dir() else start.parent
    current = current.resolve()
    for candidate in (current, *current.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    return None


def locate(cwd: Path, explicit: str | os.PathLike[str] | None = None) -> Path:
    """The root of the handbook a command works on, or a HandbookError saying what to do.

    ``explicit`` (``--handbook DIR``) wins; else the handbook holding ``cwd``; else the one
    named by ``[tool.profilespec] handbook`` in the nearest pyproject.toml, for a repository
    whose handbook lives in a subdirectory.
    """
    if explicit is not None:
        where = cwd / explicit
        if not where.exists():
            raise HandbookError(f"--handbook {explicit}: no such directory")
        root = find_root(where)
        if root is None:
            raise HandbookError(
                f"--handbook {explicit}: there is no {CONFIG_FILE} in {explicit} or above it; "
                f"create a handbook there with `profilespec init {explicit}`"
            )
        return root
    root = find_root(cwd)
    if root is not None:
        return root
    from profilespec.pyproject import handbook_setting

    setting = handbook_setting(cwd)
    if setting is not None:
        pyproject, directory = setting
        if (directory / CONFIG_FILE).is_file():
            return directory.resolve()
        raise HandbookError(
            f"{display_path(pyproject, cwd)} sets `[tool.profilespec] handbook` to "
            f"{display_path(directory, pyproject.parent)}, which has no {CONFIG_FILE}; point it "
            "at the directory that holds the handbook's profilespec.yaml"
        )
    raise HandbookError(_nothing_found(cwd))


# How far below the current directory to look for handbooks to name in an error.
_SEARCH_DEPTH = 4
_SEARCH_DIRECTORIES = 2_000
_SHOWN_HANDBOOKS = 5


def _nothing_found(cwd: Path) -> str:
    misplaced = next(
        (d / CONFIG_FILE for d in (cwd, *cwd.parents) if (d / CONFIG_FILE).is_dir()), None
    )
    if misplaced is not None:
        return (
            f"{misplaced} is a directory; the handbook's {CONFIG_FILE} must be a file "
            "(`profilespec init` writes one)"
        )
    found = handbooks_below(cwd)
    if not found:
        return (
            f"no {CONFIG_FILE} in {cwd} or any parent directory, nor below it; run the command "
            "inside a handbook, pass `--handbook DIR`, or create one with `profilespec init`"
        )
    names = [display_path(path, cwd) or "." for path in found[:_SHOWN_HANDBOOKS]]
    more = f" and {len(found) - _SHOWN_HANDBOOKS} more" if len(found) > _SHOWN_HANDBOOKS else ""
    first = names[0]
    listing = ", ".join(f"{name}/{CONFIG_FILE}" for name in names)
    return (
        f"no {CONFIG_FILE} in {cwd} or any parent directory; below it there is {listing}{more}. "
        f"Pass `--handbook {first}`, or say it once for every command in pyproject.toml:\n\n"
        f'    [tool.profilespec]\n    handbook = "{first}"\n\n'
        "Or start a new handbook here with `profilespec init`."
    )


def handbooks_below(start: Path) -> list[Path]:
    """Directories below ``start`` holding a profilespec.yaml, shallowest first (bounded)."""
    found: list[Path] = []
    level = [str(start)]
    visited = 0
    for _ in range(_SEARCH_DEPTH):
        below: list[str] = []
        for directory in level:
            visited += 1
            if visited > _SEARCH_DIRECTORIES:
                return found
            try:
                with os.scandir(directory) as scan:
                    entries = sorted(scan, key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.name == CONFIG_FILE and entry.is_file() and directory != str(start):
                        found.append(Path(directory))
                    elif (
                        entry.is_dir(follow_symlinks=False)
                        and not entry.name.startswith(".")
                        and entry.name not in _SKIP_DIRS
                    ):
                        below.append(entry.path)
                except OSError:
                    continue
        level = below
    return found


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` with ``/`` separators, as every reporter shows it."""
    text, base = str(path), str(cwd)
    # Most paths are files found below the current directory: their relative form is what
    # follows it, without relpath normalising both sides again (~6 us a file). Only a ``..``
    # could make the plain suffix differ from what relpath gives.
    if (
        text.startswith(base)
        and text[len(base) : len(base) + 1] == os.sep
        and cwd.is_absolute()
        and ".." not in text
    ):
        return text[len(base) + 1 :].replace(os.sep, "/")
    try:
        relative = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        relative = str(path)
    return relative.replace(os.sep, "/")


def default_settings() -> dict[str, Any]:
    """The handbook ``spec`` with every default filled in, read from the exported schema."""
    from profilespec import schema

    handbook_schema = schema.load("Handbook")
    defaults: dict[str, Any] = handbook_schema["properties"]["spec"]["default"]
    return copy.deepcopy(defaults)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_merge(base[key], value)
        else:
            base[key] = value
    return base


@dataclass
class Handbook:
    """Every document of one handbook, plus what loading and schema checks found."""

    root: Path
    config: Document | None
    settings: dict[str, Any]
    config_display: str = CONFIG_FILE
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Documents that passed the schema: rules only ever see these.
    valid: list[Document] = field(default_factory=list)
    # Display path -> what the ``file_check`` given to ``load`` found in that file, for the
    # files it ran on (those parsed afresh, not those given as sources or found in a cache).
    checked: dict[str, list[Diagnostic]] = field(default_factory=dict)

    def profiles(self, kind: str | None = None) -> Iterator[Document]:
        """Schema-valid ICPs and personas (of ``kind`` when given)."""
        for document in self.valid:
            if document.kind in PROFILE_KINDS and (kind is None or document.kind == kind):
                yield document

    def by_id(self) -> dict[str, list[Document]]:
        """Id -> documents with that id, including ones with schema errors elsewhere."""
        index: dict[str, list[Document]] = {}
        for document in self.documents:
            if document.kind in PROFILE_KINDS and document.id:
                index.setdefault(document.id, []).append(document)
        return index

    def evidence_ids(self) -> set[str]:
        """Ids of the handbook-wide evidence library."""
        return {
            item["id"]
            for item in self.settings.get("evidence", [])
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }

    def today(self, override: dt.date | None) -> dt.date:
        if override is not None:
            return override
        pinned = self.settings.get("defaults", {}).get("today")
        if isinstance(pinned, dt.date):
            return pinned
        return dt.date.today()

    @property
    def lint_config(self) -> dict[str, Any]:
        """Only what the user wrote under ``spec.lint``, so weaker sources are not masked."""
        if self.config is None or self.config not in self.valid:
            return {}
        lint = self.config.spec.get("lint")
        return lint if isinstance(lint, dict) else {}


def profile_globs(config: SourceFile | Diagnostic | None) -> dict[str, list[str]]:
    """``spec.paths`` (``include``/``exclude`` globs) of a ``profilespec.yaml``, defaults filled in.

    Read without validating the rest of the file, for callers that only need to know which
    files are profiles (pre-commit's file filter, git snapshots).
    """
    paths: dict[str, list[str]] = default_settings()["paths"]
    if isinstance(config, SourceFile):
        for document in parse(config)[0]:
            if document.kind == "Handbook":
                configured = document.spec.get("paths")
                if isinstance(configured, dict):
                    paths |= {k: v for k, v in configured.items() if isinstance(v, list)}
                break
    return paths


def discover_files(root: Path, include: Iterable[str], exclude: Iterable[str]) -> list[Path]:
    """Profile files under ``root`` matching the include globs and none of the exclude globs."""
    return [Path(entry.path) for _, entry in walk_profile_files(root, include, exclude)]


def walk_profile_files(
    root: Path, include: Iterable[str], exclude: Iterable[str]
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """``(path relative to root, directory entry)`` of each profile file, in ``os.walk`` order
    (top-down, names sorted, a directory's files before its subdirectories'): hidden and
    build directories are pruned, linked directories are not entered, unreadable ones skipped.
    """
    included, excluded = matcher(tuple(include)), matcher(tuple(exclude))
    pending = [(str(root), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        subdirectories: list[tuple[str, str]] = []
        for entry in entries:
            try:
                is_directory = entry.is_dir()
            except OSError:
                is_directory = False
            if is_directory:
                name = entry.name
                if not name.startswith(".") and name not in _SKIP_DIRS and not entry.is_symlink():
                    subdirectories.append((entry.path, f"{prefix}{name}/"))
                continue
            relative = prefix + entry.name
            if included(relative) and not excluded(relative):
                yield relative, entry
        pending.extend(reversed(subdirectories))


def load(
    root: Path,
    cwd: Path,
    *,
    extra_files: Iterable[Path] = (),
    limits: LoadLimits = DEFAULT_LIMITS,
    sources: dict[Path, SourceFile | Diagnostic] | None = None,
    cache: LintCache | None = None,
    file_check: Callable[[Handbook], FileCheck] | None = None,
) -> Handbook:
    """Load the handbook at ``root`` and any ``extra_files`` outside its globs.

    ``sources`` supplies file contents that do not come from disk (stdin, git revisions);
    ``cache`` supplies earlier readings of files that have not changed since.
    ``file_check`` is called once the configuration is read, before any profile is; what it
    returns runs on each profile file right after the file is parsed, by the process that
    parsed it, and its findings are kept in ``Handbook.checked``.
    """
    settings = default_settings()
    config_path = root / CONFIG_FILE
    handbook = Handbook(
        root=root, config=None, settings=settings, config_display=display_path(config_path, cwd)
    )
    loader = _FileLoader(handbook, cwd, limits, sources or {}, cache)
    if config_path.is_file() or (sources and config_path in sources):
        config_documents = loader.load(config_path)
        handbook_docs = [doc for doc in config_documents if doc.kind == "Handbook"]
        if handbook_docs:
            handbook.config = handbook_docs[0]
            if handbook.config in handbook.valid:
                _deep_merge(settings, copy.deepcopy(handbook.config.spec))
    if file_check is not None:
        loader.check = file_check(handbook)
    paths = settings["paths"]
    # With the catch-all default globs, YAML files that are clearly not profiles (mkdocs.yml,
    # CI configs) are skipped; once a handbook names its paths, every match is a profile.
    paths_configured = handbook.config is not None and "paths" in handbook.config.spec
    named = list(extra_files)
    seen = {_real(config_path)}
    # Files found by walking a resolved root are their own real path unless they are links;
    # resolving each one costs a system call per path component.
    walked_is_real = os.path.realpath(root) == str(root)
    to_load: list[tuple[Path, bool]] = []
    for path in discover_files(root, paths["include"], paths["exclude"]):
        real = path if walked_is_real and not path.is_symlink() else _real(path)
        if real in seen:
            continue
        seen.add(real)
        to_load.append((path, paths_configured))
    for path in named:
        real = _real(path)
        if real not in seen:
            seen.add(real)
            to_load.append((path, True))
    loader.load_all(to_load)
    return handbook


def _real(path: Path) -> Path:
    """``path`` with links resolved; a link loop stays as written, for the reader to report."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop before Python 3.13
        return path.absolute()


@dataclass
class _FileLoader:
    """Reads files into a handbook, through the cache when there is one."""

    handbook: Handbook
    cwd: Path
    limits: LoadLimits
    sources: dict[Path, SourceFile | Diagnostic]
    cache: LintCache | None
    check: FileCheck | None = None

    def load(self, path: Path, *, explicit: bool = True) -> list[Document]:
        return self.load_all([(path, explicit)])[0]

    def load_all(self, paths: Sequence[tuple[Path, bool]]) -> list[list[Document]]:
        """Load (path, explicit) files in order; the documents each file added.

        Files neither given as sources nor found unchanged in the cache are parsed together,
        on two cores when there are many (``parallel``).
        """
        shown = [display_path(path, self.cwd) for path, _ in paths]
        jobs: list[ParseJob] = []
        known = [
            self._known(path, name, jobs) for (path, _), name in zip(paths, shown, strict=True)
        ]
        fresh = iter(read_and_parse_all(jobs, self.limits, self.check))
        added: list[list[Document]] = []
        for (path, explicit), name, reading in zip(paths, shown, known, strict=True):
            if reading is not None:
                added.append(self._add(name, reading, explicit))
                continue
            parsed, found = next(fresh)  # the parse queued for this file
            if not isinstance(parsed, Diagnostic):
                if self.cache is not None:
                    self.cache.store_parsed(path, parsed)
                if self.check is not None:
                    self.handbook.checked[name] = found
            added.append(self._add(name, parsed, explicit))
        return added

    def _known(
        self, path: Path, shown: str, jobs: list[ParseJob]
    ) -> ParsedFile | Diagnostic | None:
        """The file's reading if it needs no parse (a given source, the cache), else None.

        A file that needs parsing is added to ``jobs`` instead.
        """
        if path in self.sources:
            source = self.sources[path]
            return source if isinstance(source, Diagnostic) else parse_file(source, self.limits)
        cache = self.cache
        if cache is None:
            jobs.append((path, shown))  # read along with the parse, on whichever core parses it
            return None
        cached = cache.parsed(path, shown)
        if cached is not None:
            return cached
        source = read_source(path, shown, self.limits)
        if isinstance(source, Diagnostic):
            return source
        # Unchanged text under a new timestamp (a checkout, a touch) needs no parse either.
        cached = cache.parsed_text(path, shown, source.text)
        if cached is None:
            jobs.append(source)
        return cached

    def _add(self, shown: str, parsed: ParsedFile | Diagnostic, explicit: bool) -> list[Document]:
        handbook = self.handbook
        if isinstance(parsed, Diagnostic):
            handbook.files.append(shown)
            handbook.diagnostics.append(parsed)
            return []
        if not explicit and not parsed.profile_like:
            return []  # e.g. mkdocs.yml matched by a broad glob: not ours to judge
        handbook.files.append(shown)
        handbook.diagnostics.extend(parsed.diagnostics)
        for document, valid in zip(parsed.documents, parsed.valid, strict=True):
            handbook.documents.append(document)
            if valid:
                handbook.valid.append(document)
        return parsed.documents


def parse_file(source: SourceFile, limits: LoadLimits = DEFAULT_LIMITS) -> ParsedFile:
    """Parse and schema-check one file."""
    from profilespec.cache import ParsedFile

    documents, diagnostics = parse(source, limits)
    # Judged on syntax alone, before schema problems: a stray mkdocs.yml has plenty of those.
    profile_like = bool(diagnostics) or any(_looks_like_profile(doc) for doc in documents)
    valid: list[bool] = []
    for document in documents:
        problems = check_document(document)
        diagnostics.extend(problems)
        valid.append(not problems)
    return ParsedFile(
        source=source,
        documents=documents,
        diagnostics=diagnostics,
        valid=valid,
        profile_like=profile_like,
    )


def _looks_like_profile(document: Document) -> bool:
    if not isinstance(document.data, dict):
        return True  # a list or a scalar where a profile belongs is a broken profile
    return any(key in document.data for key in ENVELOPE_KEYS)
