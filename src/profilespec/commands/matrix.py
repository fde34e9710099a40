"""``profilespec matrix``: which personas cover which buying roles in each ICP, gaps marked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from profilespec.cli import EXIT_OK
from profilespec.commands import handbook_root


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
    from profilespec.handbook import load

    root = handbook_root(args.path)
    text = matrix.RENDERERS[args.format](matrix.build(load(root, Path.cwd())))
    if args.output:
        from profilespec.atomic import write_atomic

        write_atomic(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return EXIT_OK
