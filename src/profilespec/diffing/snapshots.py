"""Versions of a handbook to compare: from git objects or from the working tree.

Versions are read straight from git objects (``git ls-tree`` and ``git cat-file --batch``) or
from the working tree, so nothing is checked out. A version is every profile by id, as data,
whether or not it passes the schema (a reviewer wants to see a broken change too).
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from profilespec.globs import matches_any
from profilespec.handbook import CONFIG_FILE, discover_files, profile_globs
from profilespec.loader import SourceFile, parse, source_from_bytes


class GitError(Exception):
    """git could not give what was asked (bad ref, not a repository)."""


@dataclass(frozen=True)
class DocumentVersion:
    """One profile as it is in one version of the handbook."""

    id: str
    kind: str
    path: str
    data: dict[str, Any]

    @property
    def status(self) -> str | None:
        metadata = self.data.get("metadata", {})
        if "status" not in metadata:
            return "draft"  # what the spec says a profile without a status is
        value = metadata["status"]
        return value if isinstance(value, str) else None

    @property
    def spec(self) -> dict[str, Any]:
        spec = self.data.get("spec")
        return spec if isinstance(spec, dict) else {}


@dataclass
class Snapshot:
    """Every profile of one version of a handbook, by id."""

    label: str
    documents: dict[str, DocumentVersion] = field(default_factory=dict)


# --- reading versions ---------------------------------------------------------------------


def _git(repo: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    try:
        completed = subprocess.run(
            ["git", "-C", str(repo), *args], input=input_bytes, capture_output=True, check=False
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed or not on PATH") from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git: {message[-1]}" if message else f"git {' '.join(args)} failed")
    return completed.stdout


def repository_root(path: Path) -> Path:
    """The top of the git work tree holding ``path``, or a sentence saying there is none."""
    try:
        return Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())
    except GitError as error:
        if "not a git repository" not in str(error):
            raise
        raise GitError(
            f"{path} is not in a git repository; `profilespec diff` compares versions of the "
            "profiles kept in git: run `git init`, commit the handbook, and diff after your "
            "next change"
        ) from error


def _has_commits(repo: Path) -> bool:
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        return False
    return True


def default_base(repo: Path) -> str:
    """The merge-base of HEAD with the default branch (origin's HEAD, else main or master)."""
    candidates: list[str] = []
    with contextlib.suppress(GitError):
        candidates.append(
            _git(repo, "symbolic-ref", "--short", "refs/remotes/origin/HEAD").decode().strip()
        )
    candidates += ["origin/main", "origin/master", "main", "master"]
    for candidate in candidates:
        try:
            return _git(repo, "merge-base", "HEAD", candidate).decode().strip()
        except GitError:
            continue
    return "HEAD"


def snapshot_from_git(repo: Path, ref: str, handbook_dir: str) -> Snapshot:
    """The handbook under ``handbook_dir`` (relative to the repository root) at ``ref``."""
    try:
        commit = (
            _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
        )
    except GitError as error:
        if not _has_commits(repo):
            raise GitError(
                "this repository has no commits yet, so there is no earlier version of the "
                "profiles to compare with; commit them first (`git add -A && git commit -m "
                '"First version of the handbook"`), then `profilespec diff` shows what changes '
                "after that"
            ) from error
        raise GitError(f"`{ref}` is not a commit, branch or tag in this repository") from error
    prefix = f"{handbook_dir.rstrip('/')}/" if handbook_dir not in ("", ".") else ""
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".")
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        if meta.split()[1] == b"blob":
            blobs[name.decode("utf-8", "surrogateescape")[len(prefix) :]] = meta.split()[2].decode()
    contents = _read_blobs(repo, blobs)
    return _snapshot(ref, contents)


def _read_blobs(repo: Path, blobs: Mapping[str, str]) -> dict[str, bytes]:
    wanted = [name for name in blobs if name.endswith((".yaml", ".yml"))]
    if not wanted:
        return {}
    request = "".join(f"{blobs[name]}\n" for name in wanted).encode()
    output = _git(repo, "cat-file", "--batch", input_bytes=request)
    contents: dict[str, bytes] = {}
    offset = 0
    for name in wanted:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        start = header_end + 1
        contents[name] = output[start : start + size]
        offset = start + size + 1
    return contents


def snapshot_from_worktree(root: Path, label: str = "working tree") -> Snapshot:
    config = root / CONFIG_FILE
    config_bytes = config.read_bytes() if config.is_file() else None
    paths = _globs(config_bytes)
    contents = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in discover_files(root, paths["include"], paths["exclude"])
    }
    if config_bytes is not None:
        contents[CONFIG_FILE] = config_bytes
    return _snapshot(label, contents)


def _globs(config_bytes: bytes | None) -> dict[str, list[str]]:
    if config_bytes is None:
        return profile_globs(None)
    return profile_globs(source_from_bytes(config_bytes, Path(CONFIG_FILE), CONFIG_FILE))


def _documents_in(raw: bytes, name: str) -> Iterator[dict[str, Any]]:
    source = source_from_bytes(raw, Path(name), name)
    if not isinstance(source, SourceFile):
        return
    documents, _ = parse(source)
    for document in documents:
        if isinstance(document.data, dict):
            yield document.data


def _snapshot(label: str, contents: Mapping[str, bytes]) -> Snapshot:
    paths = _globs(contents.get(CONFIG_FILE))
    include, exclude = paths["include"], paths["exclude"]
    snapshot = Snapshot(label)
    for name in sorted(contents):
        if name == CONFIG_FILE or not matches_any(name, include) or matches_any(name, exclude):
            continue
        for data in _documents_in(contents[name], name):
            kind, metadata = data.get("kind"), data.get("metadata")
            identifier = metadata.get("id") if isinstance(metadata, dict) else None
            if kind in ("ICP", "Persona") and isinstance(identifier, str):
                snapshot.documents.setdefault(
                    identifier, DocumentVersion(identifier, kind, name, data)
                )
    return snapshot
