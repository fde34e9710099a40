"""``profilespec qualify ACCOUNTS``: score accounts against the active ICPs, or print the SQL.

DuckDB and sqlglot (the ``qualify`` extra) are imported only when this command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from profilespec.cli import EXIT_OK, UsageError
from profilespec.commands import add_handbook_option, handbook_root
from profilespec.commands.lint import parse_date

DIALECTS = ("duckdb", "postgres", "snowflake", "bigquery", "spark")


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    from profilespec.qualify.engine import FORMATS
    from profilespec.qualify.mapping import PRESETS

    parser.add_argument("accounts", nargs="?", help="accounts file: .csv, .parquet or .jsonl")
    parser.add_argument("--icp", action="append", metavar="ID", help="only this ICP (repeatable)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write results to FILE")
    parser.add_argument(
        "--format", choices=FORMATS, help="output format (default from --output, else csv)"
    )
    parser.add_argument(
        "--preset", choices=PRESETS, help="column names of a CRM or enrichment export"
    )
    parser.add_argument("--map", metavar="FILE", help="YAML mapping of attributes to column names")
    parser.add_argument(
        "--emit-sql", action="store_true", help="print the qualification SQL instead"
    )
    parser.add_argument(
        "--dialect", choices=DIALECTS, default="duckdb", help="SQL dialect for --emit-sql"
    )
    parser.add_argument(
        "--outcome-col", metavar="COL", help="column holding the deal outcome (backtest)"
    )
    parser.add_argument(
        "--won", action="append", default=[], metavar="VALUE", help="outcome value of a won deal"
    )
    parser.add_argument(
        "--lost", action="append", default=[], metavar="VALUE", help="outcome value of a lost deal"
    )
    parser.add_argument(
        "--evidence", action="store_true", help="print ready-to-paste evidence items (backtest)"
    )
    parser.add_argument(
        "--today", type=parse_date, metavar="YYYY-MM-DD", help="date for company age and evidence"
    )
    add_handbook_option(parser)


def run(args: argparse.Namespace) -> int:
    from profilespec.qualify.compile import QualifyError
    from profilespec.qualify.mapping import MappingError

    try:
        return _run(args)
    except (QualifyError, MappingError) as error:
        raise UsageError(str(error)) from error


def _icps(args: argparse.Namespace) -> tuple[list[dict[str, Any]], Any]:
    from profilespec.handbook import load

    handbook = load(handbook_root(args.handbook), Path.cwd())
    icps = {doc.id: doc for doc in handbook.profiles("ICP") if doc.id}
    if args.icp:
        unknown = [i for i in args.icp if i not in icps]
        if unknown:
            raise UsageError(
                f"no ICP with id {', '.join(unknown)}; known: {', '.join(sorted(icps))}"
            )
        chosen = [icps[i] for i in args.icp]
    else:
        chosen = [doc for doc in icps.values() if doc.status == "active"]
    invalid = {d.id for d in handbook.documents if d.kind == "ICP"} - set(icps)
    if invalid:
        print(
            "profilespec: skipping ICPs with schema errors (run `profilespec lint`): "
            + ", ".join(sorted(i for i in invalid if i)),
            file=sys.stderr,
        )
    return [doc.data for doc in chosen], handbook


def _run(args: argparse.Namespace) -> int:
    from profilespec.qualify import compile as qc
    from profilespec.qualify import engine, mapping, report

    if not args.emit_sql and not args.accounts:
        raise UsageError("give an accounts file (or --emit-sql to print the SQL)")
    if args.outcome_col and not (args.won and args.lost):
        raise UsageError("a backtest needs --won VALUE and --lost VALUE with --outcome-col")
    if (args.won or args.lost or args.evidence) and not args.outcome_col:
        raise UsageError("--won, --lost and --evidence need --outcome-col COLUMN")
    try:
        import sqlglot  # noqa: F401
    except ImportError:
        raise UsageError(
            "account qualification needs DuckDB and sqlglot: pip install 'profilespec[qualify]'"
        ) from None
    documents, handbook = _icps(args)
    columns = mapping.preset(args.preset) if args.preset else mapping.ColumnMap()
    if args.map:
        columns = columns.merged(mapping.from_file(Path(args.map)))
    scoring = handbook.settings.get("scoring", {})
    today = handbook.today(args.today)
    settings = qc.Settings(
        band_match=scoring.get("band_match", "overlap"),
        unknown_policy=scoring.get("unknown_policy", "neutral"),
        tiers=scoring.get("tiers", qc.DEFAULT_TIERS),
        region_groups=handbook.settings.get("taxonomies", {}).get("regions", {}).get("groups", {}),
        currency=handbook.settings.get("defaults", {}).get("currency", "USD"),
        year=today.year,
    )
    con = None
    available = None
    if args.accounts:
        con = engine.connect()
        available = engine.open_accounts(con, Path(args.accounts))
        if args.outcome_col and args.outcome_col not in available:
            raise UsageError(
                f"{args.accounts} has no column `{args.outcome_col}`; columns: {', '.join(available)}"
            )
    compiled = qc.compile_query(
        documents, columns, settings, available=available, outcome_column=args.outcome_col
    )
    for warning in compiled.warnings:
        print(f"profilespec: note: {warning}", file=sys.stderr)
    if args.emit_sql:
        sys.stdout.write(compiled.sql(args.dialect) + ";\n")
        return EXIT_OK
    assert con is not None
    missing = [
        a for a in ("employees", "country", "naics", "tech") if compiled.columns.get(a) is None
    ]
    if missing:
        print(
            f"profilespec: note: no column for {', '.join(missing)}; those criteria are unknown "
            "for every account (see --preset and --map)",
            file=sys.stderr,
        )
    outcome = engine.execute(con, compiled, progress=sys.stderr.isatty())
    output = Path(args.output) if args.output else None
    fmt = engine.format_for(output, args.format)
    summary_stream = sys.stdout if output else sys.stderr
    if fmt == "markdown":
        text = report.markdown(con, compiled.icps)
        if output:
            from profilespec.atomic import write_atomic

            write_atomic(output, text.encode("utf-8"))
        else:
            sys.stdout.write(text)
    elif output:
        engine.write(con, output, fmt)
    else:
        if fmt == "parquet":
            raise UsageError("parquet output needs --output FILE")
        engine.write(con, None, fmt)
    summary_stream.write(report.summary(con, compiled.icps, outcome.seconds))
    if args.outcome_col:
        results = report.backtest(con, compiled.icps, args.won, args.lost)
        summary_stream.write(report.backtest_text(results, compiled.icps))
        if args.evidence:
            summary_stream.write(
                "\n" + report.evidence_items(results, Path(args.accounts).name, today)
            )
    return EXIT_OK
