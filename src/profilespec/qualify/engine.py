"""Run the compiled qualification query with embedded DuckDB, straight over the account file."""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from profilespec.qualify.compile import TABLE, Compiled, QualifyError, lit

FORMATS = ("csv", "parquet", "json", "markdown")
_READERS = {
    ".csv": "read_csv({path}, all_varchar = true, header = true)",
    ".tsv": "read_csv({path}, all_varchar = true, header = true, delim = '\t')",
    ".txt": "read_csv({path}, all_varchar = true, header = true)",
    ".parquet": "read_parquet({path})",
    ".jsonl": "read_json({path}, format = 'newline_delimited')",
    ".ndjson": "read_json({path}, format = 'newline_delimited')",
    ".json": "read_json({path}, format = 'auto')",
}
_EXTENSION_FORMATS = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".md": "markdown",
}


def reader_sql(path: Path) -> str:
    """DuckDB table function that scans ``path`` in place."""
    template = _READERS.get(path.suffix.lower())
    if template is None:
        raise QualifyError(
            f"{path.name}: use a .csv, .tsv, .parquet or .jsonl (JSON Lines) file of accounts"
        )
    return template.format(path=lit(str(path)))


def format_for(output: Path | None, requested: str | None) -> str:
    if requested:
        return requested
    if output is not None:
        return _EXTENSION_FORMATS.get(output.suffix.lower(), "csv")
    return "csv"


def connect() -> Any:
    try:
        import duckdb
    except ImportError as error:
        raise QualifyError(
            "account qualification needs DuckDB and sqlglot: pip install 'profilespec[qualify]'"
        ) from error
    con = duckdb.connect()
    # The CPUs this process may use, which in a container can be fewer than the machine has.
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    con.execute(f"SET threads = {max(cpus or 1, 1)}")
    # Result rows come in no promised order (readers sort); keeping the file's order would
    # cost a third of the time it takes to write them.
    con.execute("SET preserve_insertion_order = false")
    # The summary and the optional progress bar on stderr are ours; DuckDB's would be noise.
    con.execute("SET enable_progress_bar_print = false")
    return con


def open_accounts(con: Any, path: Path) -> list[str]:
    """Expose the file as the ``accounts`` view; returns its column names."""
    import duckdb

    if not path.is_file():
        raise QualifyError(f"{path}: no such file")
    try:
        con.execute(f"CREATE OR REPLACE VIEW {TABLE} AS SELECT * FROM {reader_sql(path)}")
        return [row[0] for row in con.execute(f"DESCRIBE {TABLE}").fetchall()]
    except duckdb.Error as error:
        raise QualifyError(f"{path}: cannot read the accounts: {_first_line(error)}") from error


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


@dataclass
class Run:
    rows: int
    seconds: float


# A value column becomes an ENUM when the values it can hold (bounded by the distinct values
# of the attributes it shows) are at most this many: Parquet writes an ENUM's whole
# dictionary once per row group, so beyond this a plain string is cheaper.
MAX_VALUE_MEMBERS = 50_000


def execute(con: Any, compiled: Compiled, *, progress: bool = False) -> Run:
    """Qualify every account once into table ``wide``; view ``result`` has the result rows.

    The summary, backtest and writers all read ``result``. Verdicts (statuses, tiers,
    disqualifier ids) are ENUMs from the start, and so are the values shown (when they are
    few): small to keep and much cheaper to compute and write out than the same strings.
    """
    import duckdb

    enums: dict[tuple[str, ...], str] = {}
    for _, values in compiled.labels.values():
        enums.setdefault(values, f"ps_enum_{len(enums)}")
    icp_ids = tuple(plan.id for plan in compiled.icps)
    types = {**{name: values for values, name in enums.items()}, "ps_icp": icp_ids}
    icp_rows = ", ".join(f"({lit(plan.id)}, {plan.rank})" for plan in compiled.icps)
    started = time.perf_counter()
    try:
        # Without an id column, accounts are numbered in the file's order.
        numbered = compiled.columns.get("id") is None
        con.execute(f"SET preserve_insertion_order = {str(numbered).lower()}")
        for name, sql in compiled.inputs:
            _run(con, f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}", progress, "reading")
        con.execute("SET preserve_insertion_order = false")
        value_types, sources = _value_types(con, compiled, types)
        for name, values in types.items():
            con.execute(f"DROP TYPE IF EXISTS {name}")
            con.execute(f"CREATE TYPE {name} AS ENUM ({', '.join(lit(v) for v in values)})")
        for (table, column), kind in sources.items():
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {table} AS "
                f"SELECT * REPLACE (CAST({column} AS {kind}) AS {column}) FROM {table}"
            )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE icp AS SELECT CAST(icp_id AS ps_icp) AS icp_id, "
            f"icp_rank FROM (VALUES {icp_rows}) AS v(icp_id, icp_rank)"
        )
        wide = f"CREATE OR REPLACE TEMP TABLE wide AS {compiled.per_account(enums, value_types)}"
        _run(con, wide, progress, "qualifying")
        for name, _ in compiled.inputs:
            con.execute(f"DROP TABLE {name}")
        con.execute(f"CREATE OR REPLACE TEMP VIEW result AS {compiled.long_select}")
    except duckdb.Error as error:
        raise QualifyError(f"the accounts could not be qualified: {_first_line(error)}") from error
    accounts = con.execute("SELECT count(*) FROM wide").fetchone()[0]
    return Run(rows=int(accounts) * len(icp_ids), seconds=time.perf_counter() - started)


def _value_types(
    con: Any, compiled: Compiled, types: dict[str, tuple[str, ...]]
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """An ENUM type (added to ``types``) for each value column that can hold few values.

    Returns the types to cast value columns of ``wide`` to, and the types to give a column
    of a ``d_<alias>`` table, for a value read from it as is (typed once per distinct value).
    """
    value_types: dict[str, str] = {}
    sources: dict[tuple[str, str], str] = {}
    for column, value in compiled.values.items():
        if math.prod(_row_count(con, t) + 1 for t in value.tables) > MAX_VALUE_MEMBERS:
            continue
        kind = f"ps_value_{len(value_types) + len(sources)}"
        types[kind] = tuple(row[0] for row in con.execute(value.members).fetchall())
        if value.source:
            sources[value.source] = kind
        else:
            value_types[column] = kind
    return value_types, sources


def _row_count(con: Any, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _run(con: Any, sql: str, progress: bool, step: str) -> None:
    if progress:
        _with_progress_bar(con, sql, step)
    else:
        con.execute(sql)


def _with_progress_bar(con: Any, sql: str, step: str) -> None:
    """Run ``sql`` in a worker thread and draw DuckDB's progress on stderr, named by ``step``
    (reading the accounts and qualifying them are two passes, each with its own bar)."""
    failure: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(sql)
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        percent = con.query_progress()
        if percent >= 0:
            filled = int(percent / 5)
            sys.stderr.write(f"\r{step:<10} [{'#' * filled}{'.' * (20 - filled)}] {percent:5.1f}%")
            sys.stderr.flush()
    sys.stderr.write("\r" + " " * 40 + "\r")
    if failure:
        raise failure[0]


def write(con: Any, output: Path | None, fmt: str) -> None:
    """DuckDB writes the result rows itself, to ``output`` or (None) to standard output."""
    options = {
        "csv": "FORMAT csv, HEADER true",
        "parquet": "FORMAT parquet",
        "json": "FORMAT json",
    }[fmt]
    if output is None:
        sys.stdout.flush()
    target = "/dev/stdout" if output is None else str(output)
    con.execute(f"COPY (SELECT * FROM result) TO {lit(target)} ({options})")


def fetch(con: Any, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
