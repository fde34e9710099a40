"""``profilespec schema``: print, write, check or locate the JSON Schema of the spec."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from profilespec.cli import EXIT_FINDINGS, EXIT_OK

KIND_CHOICES = ("ICP", "Persona", "Handbook")


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write every schema file into --dir")
    action.add_argument(
        "--check", action="store_true", help="exit 1 if the files in --dir differ from the spec"
    )
    action.add_argument(
        "--path",
        nargs="?",
        const="",
        metavar="KIND",
        help="print the path of the installed schema (for KIND)",
    )
    parser.add_argument(
        "--dir", default="schema", help="directory for --write and --check (default: schema)"
    )
    parser.add_argument("--kind", choices=KIND_CHOICES, help="print the schema of one kind only")


def run(args: argparse.Namespace) -> int:
    from profilespec import schema
    from profilespec.cli import UsageError

    if args.path is not None:
        kind = _kind(args.path) if args.path else None
        print(schema.schema_path(kind))
        return EXIT_OK
    if args.write:
        for path in schema.write(Path(args.dir)):
            print(f"wrote {path}")
        return EXIT_OK
    if args.check:
        stale = schema.drifted(Path(args.dir))
        for name in stale:
            print(
                f"{Path(args.dir) / name} is out of date; run `profilespec schema --write`",
                file=sys.stderr,
            )
        return EXIT_FINDINGS if stale else EXIT_OK
    generated = schema.generate()
    name = schema.SCHEMA_FILES[args.kind] if args.kind else schema.COMBINED_FILE
    if name not in generated:
        raise UsageError(f"unknown kind {args.kind}")
    sys.stdout.write(schema.render(generated[name]))
    return EXIT_OK


def _kind(value: str) -> str:
    from profilespec.cli import UsageError

    for kind in KIND_CHOICES:
        if kind.lower() == value.lower():
            return kind
    raise UsageError(f"unknown kind {value!r}; use ICP, Persona or Handbook")
