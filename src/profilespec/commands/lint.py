"""``profilespec lint``: check a handbook and report findings."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from profilespec.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from profilespec.diagnostics import Diagnostic
from profilespec.loader import SourceFile
from profilespec.reporters import REPORTERS

FORMATS = ("text", *(name for name in REPORTERS if name != "text"))


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date written YYYY-MM-DD, got {value!r}"
        ) from None


def parse_size(value: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = value.strip().lower().removesuffix("b")
    multiplier = units.get(text[-1:], 1)
    try:
        return int(float(text.rstrip("kmg")) * multiplier)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a size such as 5M or 500k, got {value!r}"
        ) from None


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories to report on (default: the handbook found from the current directory)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    parser.add_argument(
        "--today", type=parse_date, metavar="YYYY-MM-DD", help="date to check review dates against"
    )
    parser.add_argument(
        "--select",
        type=_codes,
        metavar="CODES",
        help="comma-separated codes, prefixes or slugs to enable",
    )
    parser.add_argument(
        "--ignore",
        type=_codes,
        metavar="CODES",
        help="comma-separated codes, prefixes or slugs to disable",
    )
    parser.add_argument(
        "--extend-ignore",
        type=_codes,
        default=[],
        metavar="CODES",
        help="disable these on top of the config",
    )
    parser.add_argument(
        "--fail-on", choices=("error", "warning", "info"), help="lowest severity that fails the run"
    )
    parser.add_argument(
        "--preset", choices=("recommended", "strict"), help="rule preset (overrides the config)"
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print findings only, no summary"
    )
    parser.add_argument("--statistics", action="store_true", help="print a count per rule")
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with PATH `-`, read one profile from standard input and report it as this file",
    )
    parser.add_argument(
        "--max-file-size",
        type=parse_size,
        metavar="SIZE",
        help="largest profile file to read (default 5M)",
    )


def run(args: argparse.Namespace) -> int:
    from profilespec.config import Overrides
    from profilespec.engine import lint
    from profilespec.loader import DEFAULT_LIMITS, LoadLimits
    from profilespec.reporters import ReportOptions, get_reporter

    limits = DEFAULT_LIMITS
    if args.max_file_size:
        limits = LoadLimits(max_file_bytes=args.max_file_size)
    overrides = Overrides(
        select=tuple(args.select) if args.select else None,
        ignore=tuple(args.ignore) if args.ignore else None,
        extend_ignore=tuple(args.extend_ignore),
        fail_on=args.fail_on,
        preset=args.preset,
    )
    paths, sources = _stdin_sources(args.paths, args.stdin_filename)
    result = lint(paths, today=args.today, overrides=overrides, limits=limits, sources=sources)
    stream_is_tty = args.output is None and sys.stdout.isatty()
    options = ReportOptions(
        color=stream_is_tty and "NO_COLOR" not in os.environ,
        quiet=args.quiet,
        statistics=args.statistics,
    )
    report = get_reporter(args.format).render(result, options)
    if args.output:
        try:
            Path(args.output).write_text(report, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write {args.output}: {error.strerror or error}") from error
    else:
        sys.stdout.write(report)
    return EXIT_FINDINGS if result.failed else EXIT_OK


def _stdin_sources(
    paths: list[str], stdin_filename: str | None
) -> tuple[list[str], dict[Path, SourceFile | Diagnostic]]:
    """Replace the path `-` by a named in-memory file read from standard input."""
    if "-" not in paths:
        if stdin_filename:
            raise UsageError("--stdin-filename only applies when a path is `-`")
        return paths, {}
    if paths.count("-") > 1:
        raise UsageError("standard input (`-`) can be named only once")
    from profilespec.handbook import display_path
    from profilespec.loader import source_from_bytes

    name = stdin_filename or "stdin.yaml"
    path = (Path.cwd() / name).absolute()
    source = source_from_bytes(sys.stdin.buffer.read(), path, display_path(path, Path.cwd()))
    return [name if item == "-" else item for item in paths], {path: source}


__all__ = ["EXIT_ERROR", "configure", "parse_date", "run"]
