"""``profilespec matrix``: which personas cover which buying roles in each ICP, gaps marked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from profilespec.cli import EXIT_OK, UsageError
from profilespec.commands import add_handbook_option, deprecated, handbook_root


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    add_handbook_option(parser)
    # `matrix DIR`, the spelling before --handbook: still accepted, no longer shown.
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=("markdown", "csv", "json"), default="markdown")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the matrix to FILE")


def run(args: argparse.Namespace) -> int:
    from profilespec import matrix
    from profilespec.handbook import load

    if args.path is not None:
        if args.handbook is not None:
            raise UsageError("give the handbook once: `--handbook DIR`")
        deprecated(f"profilespec matrix {args.path}", f"profilespec matrix --handbook {args.path}")
    root = handbook_root(args.handbook if args.path is None else args.path)
    text = matrix.RENDERERS[args.format](matrix.build(load(root, Path.cwd())))
    if args.output:
        from profilespec.atomic import write_atomic

        write_atomic(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return EXIT_OK
