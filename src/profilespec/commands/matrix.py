"""``profilespec matrix``: which personas cover which buying roles in each ICP, gaps marked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from profilespec.cli import EXIT_OK


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        help="handbook directory or a file inside it (default: found from the current directory)",
    )
    parser.add_argument("--format", choices=("markdown", "csv", "json"), default="markdown")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the matrix to FILE")


def run(args: argparse.Namespace) -> int:
    from profilespec import matrix
    from profilespec.handbook import CONFIG_FILE, HandbookError, find_root, load

    cwd = Path.cwd()
    start = Path(args.path) if args.path else cwd
    if not start.exists():
        raise HandbookError(f"{args.path}: no such file or directory")
    root = find_root(start)
    if root is None:
        raise HandbookError(f"no {CONFIG_FILE} found in {start} or any parent directory")
    text = matrix.RENDERERS[args.format](matrix.build(load(root, cwd)))
    if args.output:
        from profilespec.atomic import write_atomic

        write_atomic(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return EXIT_OK
