"""Changes between two versions of a handbook's profiles, for pull-request review.

``snapshots`` reads a version (git objects or the working tree), ``compare`` walks every
field of every profile matched by id, ``render`` words the result for people and scripts.
"""

from __future__ import annotations

from profilespec.diffing.compare import Change, DiffReport, compare
from profilespec.diffing.render import RENDERERS, render_json, render_markdown, render_text
from profilespec.diffing.snapshots import (
    DocumentVersion,
    GitError,
    Snapshot,
    default_base,
    repository_root,
    snapshot_from_git,
    snapshot_from_worktree,
)

__all__ = [
    "RENDERERS",
    "Change",
    "DiffReport",
    "DocumentVersion",
    "GitError",
    "Snapshot",
    "compare",
    "default_base",
    "render_json",
    "render_markdown",
    "render_text",
    "repository_root",
    "snapshot_from_git",
    "snapshot_from_worktree",
]
