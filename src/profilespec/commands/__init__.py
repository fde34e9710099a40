"""One module per sub-command; each defines ``configure(parser, name)`` and ``run(args)``."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_handbook_option(parser: argparse.ArgumentParser) -> None:
    """``--handbook DIR`` for commands that work on a whole handbook."""
    parser.add_argument(
        "--handbook",
        metavar="DIR",
        help="handbook directory (default: found from the current directory)",
    )


def handbook_root(start: str | None) -> Path:
    """The handbook holding ``start`` (default: the current directory), or a clear error."""
    from profilespec.handbook import CONFIG_FILE, HandbookError, find_root

    where = Path(start) if start else Path.cwd()
    if not where.exists():
        raise HandbookError(f"{start}: no such file or directory")
    root = find_root(where)
    if root is None:
        raise HandbookError(
            f"no {CONFIG_FILE} found in {where} or any parent directory; run the command "
            "inside a handbook, pass --handbook DIR, or create one with `profilespec init`"
        )
    return root
