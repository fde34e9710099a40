"""``profilespec lint``: check a handbook and report findings."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from profilespec.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from profilespec.commands import add_handbook_option
from profilespec.diagnostics import Diagnostic
from profilespec.reporters import REPORTERS

if TYPE_CHECKING:
    # The loader pulls in libyaml; `lint --help` should not pay for it.
    from profilespec.loader import SourceFile

FORMATS = ("auto", *REPORTERS)
_FORMAT_HELP = "; ".join(f"{name}: {description}" for name, (_, description) in REPORTERS.items())


@dataclass(frozen=True)
class ReportRequest:
    """One output of a run: a format and where it goes (``None``: standard output)."""

    format: str
    path: str | None = None


def parse_report(value: str) -> ReportRequest:
    """``FORMAT`` or ``FORMAT:FILE`` (``FILE`` may itself contain ``:``)."""
    name, _, path = value.partition(":")
    if name not in REPORTERS:
        raise argparse.ArgumentTypeError(
            f"unknown format {name!r} in {value!r}; choose from {', '.join(REPORTERS)}"
        )
    return ReportRequest(name, path or None)


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
        help="files or directories to report on (default: the whole handbook); cross-file "
        "checks always see the whole handbook",
    )
    add_handbook_option(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="output format (default: auto, which is github when GITHUB_ACTIONS=true and text "
        f"otherwise). {_FORMAT_HELP}",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the --format report to FILE instead of stdout"
    )
    parser.add_argument(
        "--report",
        type=parse_report,
        action="append",
        default=[],
        metavar="FORMAT[:FILE]",
        help="also write a report in FORMAT to FILE (stdout without FILE), from the same run; "
        "repeat for more, e.g. --report sarif:lint.sarif --report markdown:$GITHUB_STEP_SUMMARY",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="skip named files that the handbook's `paths` globs do not select, and files outside "
        "any handbook (pre-commit passes every changed YAML file)",
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
        "--no-cache",
        action="store_true",
        help="read and check every file afresh, without reading or writing the cache",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where to keep the cache (default: .profilespec_cache in the handbook root; "
        "env PROFILESPEC_CACHE_DIR)",
    )
    parser.add_argument(
        "--max-file-size",
        type=parse_size,
        metavar="SIZE",
        help="largest profile file to read (default 5M)",
    )
    parser.add_argument(
        "--max-values",
        type=int,
        metavar="N",
        help="most values one document may expand to, aliases included (default 100000)",
    )
    parser.add_argument(
        "--max-depth",
        type=int,
        metavar="N",
        help="deepest nesting of lists and mappings (default 64)",
    )


def run(args: argparse.Namespace) -> int:
    from profilespec.config import Overrides
    from profilespec.engine import lint
    from profilespec.loader import DEFAULT_LIMITS, LoadLimits
    from profilespec.reporters import ReportOptions, get_reporter

    limits = LoadLimits(
        max_file_bytes=args.max_file_size or DEFAULT_LIMITS.max_file_bytes,
        max_values=args.max_values or DEFAULT_LIMITS.max_values,
        max_depth=args.max_depth or DEFAULT_LIMITS.max_depth,
    )
    overrides = Overrides(
        select=tuple(args.select) if args.select else None,
        ignore=tuple(args.ignore) if args.ignore else None,
        extend_ignore=tuple(args.extend_ignore),
        fail_on=args.fail_on,
        preset=args.preset,
    )
    requests = _requests(args)
    paths, sources = _stdin_sources(args.paths, args.stdin_filename)
    if args.force_exclude and paths:
        paths = _handbook_members(paths, in_memory=set(sources))
        if not paths:
            return EXIT_OK  # only files that are not profiles were named (e.g. mkdocs.yml)
    from profilespec.cache import cache_directory

    result = lint(
        paths,
        handbook_dir=args.handbook,
        today=args.today,
        overrides=overrides,
        limits=limits,
        sources=sources,
        cache=not args.no_cache,
        cache_dir=cache_directory(args.cache_dir),
    )
    for request in requests:
        to_terminal = request.path is None and sys.stdout.isatty()
        options = ReportOptions(
            color=to_terminal and "NO_COLOR" not in os.environ,
            quiet=args.quiet,
            statistics=args.statistics,
        )
        report = get_reporter(request.format).render(result, options)
        if request.path is None:
            sys.stdout.write(report)
        else:
            _write(Path(request.path), report)
    return EXIT_FINDINGS if result.failed else EXIT_OK


def _requests(args: argparse.Namespace) -> list[ReportRequest]:
    """Every output of this run, checked before linting so a typo costs no time."""
    name = args.format
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    requests = [ReportRequest(name, args.output), *args.report]
    targets = [request.path for request in requests]
    for target in set(targets):
        if targets.count(target) > 1:
            where = f"`{target}`" if target else "standard output"
            raise UsageError(f"two reports would be written to {where}; give each its own FILE")
    return requests


def _write(path: Path, text: str) -> None:
    from profilespec.atomic import write_atomic

    try:
        if path.exists() and not path.is_file():
            # /dev/stdout, a named pipe: atomic replacement makes no sense there.
            with path.open("w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            write_atomic(path, text.encode("utf-8"))
    except OSError as error:
        raise UsageError(f"cannot write the report to {path}: {error.strerror or error}") from error


def _handbook_members(paths: list[str], in_memory: set[Path]) -> list[str]:
    """The named paths a whole-handbook run would lint: pre-commit's list minus the rest."""
    from profilespec.handbook import CONFIG_FILE, discover_files, find_root, profile_globs
    from profilespec.loader import read_source

    cwd = Path.cwd()
    members: dict[Path, set[Path]] = {}
    kept: list[str] = []
    for raw in paths:
        path = (cwd / raw).absolute()
        if path.is_dir() or path in in_memory:
            kept.append(raw)
            continue
        root = find_root(path)
        if root is None:
            continue
        if root not in members:
            settings_paths = profile_globs(read_source(root / CONFIG_FILE, CONFIG_FILE))
            found = discover_files(root, settings_paths["include"], settings_paths["exclude"])
            members[root] = {file.resolve() for file in found} | {root / CONFIG_FILE}
        if path.resolve() in members[root]:
            kept.append(raw)
    return kept


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
