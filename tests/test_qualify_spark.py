"""The emitted Spark SQL, run by a local pyspark session, agrees with DuckDB row for row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

pytestmark = pytest.mark.slow

ARGS = (
    "--handbook",
    str(ROOT / "profiles"),
    "--preset",
    "hubspot",
    "--map",
    str(ROOT / "examples" / "accounts-map.yaml"),
    "--today",
    "2026-11-20",
)


def _normalize(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def test_spark_and_duckdb_agree(tmp_path: Path) -> None:
    pyspark_sql = pytest.importorskip("pyspark.sql")
    accounts = ROOT / "examples" / "accounts.csv"
    engine = run_cli(
        "qualify", str(accounts), *ARGS, "-o", str(tmp_path / "duck.csv"), cwd=tmp_path
    )
    assert engine.returncode == 0, engine.stderr
    emitted = run_cli(
        "qualify", str(accounts), *ARGS, "--emit-sql", "--dialect", "spark", cwd=tmp_path
    )
    assert emitted.returncode == 0, emitted.stderr
    with (tmp_path / "duck.csv").open(encoding="utf-8") as handle:
        duck = sorted(tuple(row.values()) for row in csv.DictReader(handle))

    spark = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("profilespec-qualify-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        frame = (
            spark.read.option("header", "true").option("inferSchema", "false").csv(str(accounts))
        )
        frame.createOrReplaceTempView("accounts")
        result = spark.sql(emitted.stdout.rstrip().rstrip(";"))
        columns = result.columns
        rows = sorted(tuple(_normalize(v) for v in row) for row in result.collect())
    finally:
        spark.stop()
    with (tmp_path / "duck.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == columns
    assert len(rows) == 800
    assert rows == duck
