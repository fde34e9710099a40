"""``profilespec diff [BASE] [HEAD]``: what changed in the profiles between two git versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from profilespec.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from profilespec.commands import add_handbook_option, handbook_root


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "base",
        nargs="?",
        help="git ref to compare from (default: merge-base with the default branch)",
    )
    parser.add_argument("head", nargs="?", help="git ref to compare to (default: the working tree)")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    parser.add_argument(
        "--max-widen",
        type=float,
        default=25.0,
        metavar="PERCENT",
        help="flag a range widened by more than this (default 25)",
    )
    parser.add_argument(
        "--fail-on-risky", action="store_true", help="exit 1 when a change is flagged risky"
    )
    add_handbook_option(parser)


def run(args: argparse.Namespace) -> int:
    from profilespec import diffing

    root = handbook_root(args.handbook)
    try:
        repo = diffing.repository_root(root)
        handbook_dir = root.resolve().relative_to(repo.resolve()).as_posix()
        base_ref = args.base or diffing.default_base(repo)
        base = diffing.snapshot_from_git(repo, base_ref, handbook_dir)
        if args.head:
            head = diffing.snapshot_from_git(repo, args.head, handbook_dir)
        else:
            head = diffing.snapshot_from_worktree(root)
    except diffing.GitError as error:
        raise UsageError(str(error)) from error
    if not args.base:
        base.label = f"{base_ref[:12]} (merge-base)"
    report = diffing.compare(base, head, max_widen_percent=args.max_widen)
    text = diffing.RENDERERS[args.format](report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_FINDINGS if args.fail_on_risky and report.risky else EXIT_OK
