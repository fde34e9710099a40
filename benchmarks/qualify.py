"""Qualification throughput: generated accounts x the example handbook's ICPs (plus a copy).

Run: ``python benchmarks/qualify.py [--rows 100000 1000000] [--pandas-rows 100000] [--repeat 3]``

Every figure is relative to baselines measured in the same run on the same file, so the
ratios mean something on any machine:
- a plain DuckDB ``SELECT count(*)`` scan of the CSV (the floor: reading the file at all);
- a straightforward pandas implementation that evaluates the same criteria row by row with
  ``DataFrame.apply``, timed for real on the first ``--pandas-rows`` rows of the same file
  (all of them when the file is no larger; reading the CSV is included, as it is for
  DuckDB) and scaled linearly to the file's size, since row-by-row work is linear.
"""

from __future__ import annotations

import argparse
import copy
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def icps() -> list[dict[str, Any]]:
    from profilespec.handbook import load

    handbook = load(ROOT / "profiles", ROOT)
    documents = [doc.data for doc in handbook.profiles("ICP") if doc.status == "active"]
    third = copy.deepcopy(documents[0])  # the benchmark asks for 3 ICPs
    third["metadata"]["id"] = "icp-benchmark-copy"
    third["spec"]["priority"] = 3
    third["spec"]["firmographics"]["employees"] = {"min": 50, "max": 5000}
    return [*documents, third]


def qualify_seconds(path: Path, out: Path) -> tuple[float, float, float, float]:
    """Seconds to compile, to qualify, to write Parquet, and CPU seconds of the last two.

    CPU seconds (all threads) say how much work there was; on a shared machine they move
    less than wall-clock seconds when other processes take a core.
    """
    from profilespec.qualify import compile as qc
    from profilespec.qualify import engine
    from profilespec.qualify.mapping import ColumnMap, preset

    started = time.perf_counter()
    con = engine.connect()
    available = engine.open_accounts(con, path)
    mapping = preset("hubspot").merged(
        ColumnMap(columns={"offices": ["Plants"], "custom:legal_entities": ["Legal Entities"]})
    )
    compiled = qc.compile_query(icps(), mapping, qc.Settings(), available=available)
    compiled_at, cpu_at = time.perf_counter(), time.process_time()
    engine.execute(con, compiled)
    qualified_at = time.perf_counter()
    engine.write(con, out, "parquet")
    written_at = time.perf_counter()
    cpu = time.process_time() - cpu_at
    return compiled_at - started, qualified_at - compiled_at, written_at - qualified_at, cpu


def scan_seconds(path: Path) -> float:
    from profilespec.qualify import engine

    con = engine.connect()
    started = time.perf_counter()
    con.execute(f"SELECT count(*) FROM {engine.reader_sql(path)}").fetchall()
    return time.perf_counter() - started


def pandas_row_seconds(path: Path, rows: int) -> float:
    """Seconds per account for the same three ICPs' range/region/tech/industry checks, row by row."""
    import re

    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, nrows=rows, keep_default_na=False)
    plans = icps()

    def band(text: str) -> tuple[float, float] | None:
        text = text.lower().replace(",", "").replace("$", "").replace(" ", "")
        match = re.fullmatch(r"([0-9.]+)([kmb]?)(?:-([0-9.]+)([kmb]?)|(\+))?", text)
        if not match:
            return None
        scale = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}
        low = float(match[1]) * scale[match[2] or (match[4] or "")]
        high = 1e18 if match[5] else float(match[3]) * scale[match[4]] if match[3] else low
        return low, high

    def score(row: pd.Series) -> list[int]:
        out = []
        for plan in plans:
            firmo, weights = plan["spec"]["firmographics"], plan["spec"]["scoring"]["weights"]
            points = 0.0
            employees = band(row["Number of Employees"])
            if employees is None:
                points += weights.get("employees", 0) / 2
            elif (
                employees[1] >= firmo["employees"]["min"]
                and employees[0] <= firmo["employees"]["max"]
            ):
                points += weights.get("employees", 0)
            code = row["NAICS Code"]
            prefixes = [i["naics"] for i in firmo["industries"]["include"]]
            if not code:
                points += weights.get("industry", 0) / 2
            elif any(code.startswith(p) for p in prefixes):
                points += weights.get("industry", 0)
            stack = {
                t.strip().lower().replace(" ", "-")
                for t in re.split("[;,|]", row["Technologies"])
                if t.strip()
            }
            wanted = set(plan["spec"]["technographics"]["required_any"])
            if not stack:
                points += weights.get("technographics", 0) / 2
            elif stack & wanted:
                points += weights.get("technographics", 0)
            out.append(round(points))
        return out

    frame.apply(score, axis=1)
    return (time.perf_counter() - started) / len(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--pandas-rows", type=int, default=100_000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="qualify the file this many times and report the run with the median time "
        "(other processes on a shared machine make single runs vary)",
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat needs at least 1 run")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path = Path(tmp) / f"accounts-{rows}.csv"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "make_example_accounts.py"),
                    "--rows",
                    str(rows),
                    "--out",
                    str(path),
                ],
                check=True,
            )
            scan = scan_seconds(path)
            runs = sorted(
                (qualify_seconds(path, Path(tmp) / "out.parquet") for _ in range(args.repeat)),
                key=lambda run: run[1] + run[2],
            )
            compile_s, qualify_s, write_s, cpu_s = runs[len(runs) // 2]
            run_s = qualify_s + write_s
            sample = min(rows, args.pandas_rows)
            per_row = pandas_row_seconds(path, sample)
            pandas_total = per_row * rows
            how = "measured" if sample == rows else f"measured on {sample:,} rows, scaled"
            print(
                f"{rows:>9,} accounts x 3 ICPs: qualify + write Parquet {run_s:.2f} s "
                f"(median of {len(runs)} runs, fastest {runs[0][1] + runs[0][2]:.2f} s; "
                f"qualify {qualify_s:.2f} s + write {write_s:.2f} s; {cpu_s:.1f} CPU-s; "
                f"{rows / run_s:,.0f} accounts/s; compile {compile_s:.2f} s) | "
                f"count(*) scan {scan:.2f} s (qualify = {run_s / scan:.1f}x scan) | "
                f"pandas row by row {pandas_total:.1f} s ({how}; {per_row * 1e6:.0f} us/row) | "
                f"DuckDB {pandas_total / run_s:.1f}x faster",
                flush=True,
            )


if __name__ == "__main__":
    main()
