"""One module per sub-command; each defines ``configure(parser, name)`` and ``run(args)``.

Every command that works on a handbook takes ``--handbook DIR``; without it the handbook is
the one holding the current directory, else the one ``[tool.profilespec] handbook`` names
in the nearest pyproject.toml (``handbook.locate``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HANDBOOK_HELP = (
    "the handbook's directory (default: the handbook holding the current directory, else the "
    "one `[tool.profilespec] handbook` names in pyproject.toml)"
)


def add_handbook_option(parser: argparse.ArgumentParser) -> None:
    """``--handbook DIR``, the one way every command is told which handbook to work on."""
    parser.add_argument("--handbook", metavar="DIR", help=HANDBOOK_HELP)


def handbook_root(explicit: str | None) -> Path:
    """The handbook the command works on (see ``handbook.locate``), or a clear error."""
    from profilespec.handbook import locate

    return locate(Path.cwd(), explicit)


def deprecated(old: str, new: str) -> None:
    """Say once, on standard error, that a spelling still works but is on its way out."""
    print(f"profilespec: note: `{old}` is deprecated; write `{new}`", file=sys.stderr)
