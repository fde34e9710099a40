"""``profilespec fmt``: rewrite profile files in their canonical layout, or check that they are.

Exit codes: 0 nothing to do (or everything rewritten), 1 with ``--check``/``--diff`` when a
file would change, 2 when a file cannot be formatted (it does not parse or validate) or a
path is wrong. Files that cannot be formatted are never touched.
"""

from __future__ import annotations

import argparse
import codecs
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from profilespec.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from profilespec.commands import add_handbook_option
from profilespec.diagnostics import Diagnostic
from profilespec.loader import SourceFile


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories to format (default: the whole handbook)",
    )
    add_handbook_option(parser)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files that would change and exit 1 if there are any",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="write nothing; print the changes as a unified diff and exit 1 if there are any",
    )


@dataclass
class _Outcome:
    changed: list[str]
    unchanged: int
    refused: list[str]


def run(args: argparse.Namespace) -> int:
    from profilespec.atomic import write_atomic
    from profilespec.formatting import FormatError, format_text

    write = not (args.check or args.diff)
    outcome = _Outcome([], 0, [])
    for shown, source, problem in _files(args.paths, args.handbook):
        if source is None:
            outcome.refused.append(f"{shown}: not formatted: {problem}")
            continue
        encoding = _encoding(source.path)
        try:
            if encoding is None:
                raise FormatError("fmt rewrites UTF-8 files only; re-save it as UTF-8")
            formatted = format_text(source)
        except FormatError as error:
            outcome.refused.append(f"{shown}: not formatted: {error}")
            continue
        if formatted == source.text:
            outcome.unchanged += 1
            continue
        outcome.changed.append(shown)
        if args.diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    source.text.splitlines(keepends=True),
                    formatted.splitlines(keepends=True),
                    f"a/{shown}",
                    f"b/{shown}",
                )
            )
        if write:
            try:
                write_atomic(source.path, formatted.encode(encoding))
            except OSError as error:
                outcome.changed.pop()
                outcome.refused.append(f"{shown}: not written: {error.strerror or error}")
    return _report(outcome, write, args.diff)


def _report(outcome: _Outcome, write: bool, diff: bool) -> int:
    from profilespec.reporters import clean

    for line in outcome.refused:
        print(clean(line), file=sys.stderr)
    # A diff on stdout may be piped into `git apply`; the listing must not end up in it.
    listing = sys.stderr if diff else sys.stdout
    for shown in outcome.changed:
        print(f"{'reformatted' if write else 'would reformat'}: {clean(shown)}", file=listing)
    count = len(outcome.changed)
    parts = [
        f"{count} file{'s' if count != 1 else ''} {'' if write else 'would be '}reformatted",
        f"{outcome.unchanged} already formatted",
    ]
    if outcome.refused:
        parts.append(f"{len(outcome.refused)} could not be formatted")
    print(", ".join(parts) + ".", file=listing)
    if outcome.refused:
        return EXIT_ERROR
    return EXIT_FINDINGS if outcome.changed and not write else EXIT_OK


def _encoding(path: Path) -> str | None:
    """How to write the file back: as it was, with or without a UTF-8 byte order mark."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    return "utf-8"


def _files(paths: list[str], handbook_dir: str | None) -> list[tuple[str, SourceFile | None, str]]:
    """(shown path, source or None, why not) for every profile file the paths select."""
    from profilespec.engine import resolve_targets
    from profilespec.handbook import display_path, load

    cwd = Path.cwd()
    selected: list[tuple[str, SourceFile | None, str]] = []
    for target in resolve_targets(paths, cwd, handbook_dir=handbook_dir):
        named_files = [path for path in target.named if not path.is_dir()]
        named_dirs = [path for path in target.named if path.is_dir()]
        handbook = load(target.root, cwd, extra_files=named_files)
        problems: dict[str, Diagnostic] = {}
        for diagnostic in sorted(handbook.diagnostics, key=Diagnostic.sort_key):
            problems.setdefault(diagnostic.path, diagnostic)
        sources = {document.path: document.source for document in handbook.documents}
        everything = target.whole or not target.named
        shown_files = {display_path(path, cwd) for path in named_files}
        prefixes = tuple(display_path(path, cwd).rstrip("/") + "/" for path in named_dirs)
        for shown in handbook.files:
            if not (everything or shown in shown_files or shown.startswith(prefixes)):
                continue
            problem = problems.get(shown)
            if problem is not None:
                selected.append(
                    (
                        shown,
                        None,
                        f"it has errors to fix first (line {problem.line}: {problem.message})",
                    )
                )
            elif shown in sources:  # a file of empty `---` documents has nothing to format
                selected.append((shown, sources[shown], ""))
    return selected


__all__ = ["configure", "run"]
