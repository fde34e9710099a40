"""profilespec qualify: the real CLI on real files, the emitted SQL, bands and the backtest."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import duckdb
import pytest
import sqlglot

from conftest import ROOT, run_cli, write_tree
from profilespec.qualify import compile as qc
from profilespec.qualify.mapping import ColumnMap

HANDBOOK = """\
apiVersion: profilespec/v1
kind: Handbook
metadata: {id: test-handbook, title: Test handbook}
"""
ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata: {id: icp-small-us, title: Small US firms, owner: team:revops, status: active}
spec:
  priority: 1
  summary: US firms with 100-500 employees
  firmographics:
    employees: {min: 100, max: 500}
    regions: {include: [US, CA], exclude: [CA-QC]}
  disqualifiers:
    - id: dq-sap
      when: {field: tech, op: any_of, value: [sap-s4hana]}
      reason: SAP shops never bought
  scoring:
    weights: {employees: 50, region: 50}
"""
ACCOUNTS = """\
id,name,employees,country,subdivision,tech,stage
a1,Alpha,200,US,,NetSuite,Won
a2,Bravo,50,United States,,,Won
a3,Charlie,50,France,,,Won
a4,Delta,201-500,USA,,NetSuite,Lost
a5,Echo,300,FR,,,Lost
a6,Foxtrot,,,,,Lost
a7,Golf,200,US,,"SAP S/4HANA, Okta",Open
a8,Hotel,1000-5000,Canada,Quebec,,Open
a9,India,"1,000",CA,,,Open
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One handbook and account file shared by the module; tests write only new files."""
    return write_tree(
        tmp_path_factory.mktemp("qualify"),
        {"profilespec.yaml": HANDBOOK, "icps/icp.yaml": ICP, "accounts.csv": ACCOUNTS},
    )


@pytest.fixture(scope="module")
def csv_run(project: Path) -> subprocess.CompletedProcess[str]:
    """The CLI qualifying accounts.csv into out.csv, run once for every test that reads it."""
    result = run_cli("qualify", "accounts.csv", "-o", "out.csv", cwd=project)
    assert result.returncode == 0, result.stderr
    return result


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return sorted(csv.DictReader(handle), key=lambda r: (r["account_id"], r["icp_id"]))


def test_qualify_csv_statuses_scores_and_disqualifiers(
    project: Path, csv_run: subprocess.CompletedProcess[str]
) -> None:
    rows = {r["account_id"]: r for r in read_rows(project / "out.csv")}
    assert (rows["a1"]["tier"], rows["a1"]["score"]) == ("A", "100")
    assert (rows["a2"]["employees"], rows["a2"]["region"], rows["a2"]["score"]) == (
        "failed",
        "matched",
        "50",
    )
    assert rows["a3"]["region"] == "failed" and rows["a3"]["tier"] == "none"
    # Nothing known: half credit under the default neutral policy, but no tier.
    assert (rows["a6"]["employees"], rows["a6"]["score"], rows["a6"]["tier"]) == (
        "unknown",
        "50",
        "unknown",
    )
    assert (rows["a7"]["tier"], rows["a7"]["disqualifier"]) == ("DQ", "dq-sap")
    assert rows["a7"]["dq_reason"] == "SAP shops never bought"
    assert rows["a8"]["region"] == "failed"  # Quebec by name is excluded
    assert rows["a9"]["region"] == "unknown"  # Canada without a province: maybe Quebec
    assert rows["a7"]["best"] == "false" and rows["a1"]["best"] == "true"
    assert rows["a4"]["employees_value"] == "201-500" and rows["a6"]["employees_value"] == ""
    assert "icp-small-us" in csv_run.stdout and "9 accounts x 1 ICPs" in csv_run.stdout


def test_every_input_and_output_format_gives_the_same_result(
    project: Path, csv_run: subprocess.CompletedProcess[str]
) -> None:
    con = duckdb.connect()
    source = f"read_csv('{project / 'accounts.csv'}', all_varchar = true)"
    con.execute(
        f"COPY (SELECT * FROM {source}) TO '{project / 'accounts.parquet'}' (FORMAT parquet)"
    )
    con.execute(f"COPY (SELECT * FROM {source}) TO '{project / 'accounts.jsonl'}' (FORMAT json)")
    expected = read_rows(project / "out.csv")
    parquet = run_cli("qualify", "accounts.parquet", "-o", "parquet.out.csv", cwd=project)
    assert parquet.returncode == 0, parquet.stderr
    assert read_rows(project / "parquet.out.csv") == expected
    # JSON Lines in, CSV on standard output (written by DuckDB, after Python's own output).
    jsonl = run_cli("qualify", "accounts.jsonl", cwd=project)
    assert jsonl.returncode == 0, jsonl.stderr
    (project / "stdout.csv").write_text(jsonl.stdout, encoding="utf-8")
    assert read_rows(project / "stdout.csv") == expected
    assert "9 accounts x 1 ICPs" in jsonl.stderr
    to_parquet = run_cli("qualify", "accounts.csv", "-o", "out.parquet", cwd=project)
    assert to_parquet.returncode == 0, to_parquet.stderr
    from_parquet = con.execute(
        f"SELECT * FROM '{project / 'out.parquet'}' ORDER BY account_id, icp_id"
    ).fetchall()
    as_text = [
        {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for k, v in r}
        for r in (zip([d[0] for d in con.description], row, strict=True) for row in from_parquet)
    ]
    assert as_text == expected


def test_json_output_to_stdout(project: Path) -> None:
    result = run_cli("qualify", "accounts.csv", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    rows = {r["account_id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert len(rows) == 9 and rows["a1"]["best"] is True and rows["a1"]["score"] == 100


def test_emitted_duckdb_sql_gives_the_engine_result(
    project: Path, csv_run: subprocess.CompletedProcess[str]
) -> None:
    emitted = run_cli("qualify", "accounts.csv", "--emit-sql", cwd=project)
    assert emitted.returncode == 0, emitted.stderr
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW accounts AS SELECT * FROM read_csv('{project / 'accounts.csv'}', all_varchar = true)"
    )
    cursor = con.execute(emitted.stdout.rstrip().rstrip(";"))
    names = [d[0] for d in cursor.description]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(
        ["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row]
        for row in cursor.fetchall()
    )
    (project / "emitted.csv").write_text(buffer.getvalue(), encoding="utf-8")
    assert read_rows(project / "emitted.csv") == read_rows(project / "out.csv")


@pytest.fixture(scope="module")
def compiled(project: Path) -> qc.Compiled:
    """The example ICP compiled in-process, as `--emit-sql` does (that path is tested above)."""
    from profilespec.handbook import load

    handbook = load(project, project)
    return qc.compile_query(
        [doc.data for doc in handbook.profiles("ICP")], ColumnMap(), qc.Settings()
    )


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "snowflake", "bigquery", "spark"])
def test_emitted_sql_parses_in_every_dialect(compiled: qc.Compiled, dialect: str) -> None:
    text = compiled.sql(dialect)
    tree = sqlglot.parse_one(text, read=dialect)
    assert tree.find(sqlglot.exp.Select) is not None
    if dialect == "postgres":
        assert "REGEXP_EXTRACT" not in text  # PostgreSQL has no such function
    if dialect in ("postgres", "duckdb"):
        assert "'g')" in text  # replace every match, not just the first
    else:
        assert "'g')" not in text  # Snowflake would read it as a position


BANDS = [
    ("51-200", 51, 200),
    ("10,001+", 10001, 1e18),
    ("10001+", 10001, 1e18),
    ("$10M-$50M", 10e6, 50e6),
    ("$10-50M", 10e6, 50e6),
    ("1B+", 1e9, 1e18),
    ("250k", 250e3, 250e3),
    ("1,200", 1200, 1200),
    ("500.0", 500, 500),
    ("51 - 200 employees", 51, 200),
    ("€5M to €10M", 5e6, 10e6),
    ("1.5b", 1.5e9, 1.5e9),
    ("USD 5m", 5e6, 5e6),
    ("10 to 20", 10, 20),
    ("200", 200, 200),
    ("about 300", None, None),
    ("lots", None, None),
    ("10-", None, None),
]


def test_band_strings_become_intervals() -> None:
    flag, clean, parsed, normalized = qc._band_sql("x")
    values = ", ".join(f"({qc.lit(text)})" for text, _, _ in BANDS)
    sql = (
        f"WITH src AS (SELECT v AS raw_x FROM (VALUES {values}) AS t(v)), "
        f"f AS (SELECT src.*, {', '.join(flag)} FROM src), "
        f"c AS (SELECT f.*, {', '.join(clean)} FROM f), "
        f"p AS (SELECT c.*, {', '.join(parsed)} FROM c) "
        f"SELECT raw_x, {', '.join(normalized)} FROM p"
    )
    tree = sqlglot.parse_one(sql, read="duckdb")
    con = duckdb.connect()
    for text_sql in (sql, tree.sql("duckdb")):
        got = {row[0]: (row[1], row[2]) for row in con.execute(text_sql).fetchall()}
        for text, low, high in BANDS:
            assert got[text] == (low, high), text


def test_backtest_figures_and_evidence(project: Path) -> None:
    result = run_cli(
        "qualify",
        "accounts.csv",
        "-o",
        "out.csv",
        "--outcome-col",
        "stage",
        "--won",
        "Won",
        "--lost",
        "Lost",
        "--evidence",
        "--today",
        "2026-11-01",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Closed: a1 A won, a2 C won, a3 none won, a4 A lost, a5 C lost, a6 unknown lost.
    assert "6 closed deals (3 won, 3 lost)" in out
    assert "precision 50% (2 of 4 qualified accounts won)" in out
    assert "recall 67% (2 of 3 won accounts qualified)" in out
    assert "  A          1     1       50%" in out
    assert "Charlie [none, 0]" in out
    assert "id: ev-backtest-small-us-2026-11-01" in out and "sample_size: 6" in out


def test_markdown_escapes_account_values(project: Path) -> None:
    (project / "evil.csv").write_text(
        "id,name,employees,country\nz1,<b>Evil</b> | Co,200,US\n", encoding="utf-8"
    )
    result = run_cli("qualify", "evil.csv", "--format", "markdown", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "&lt;b&gt;Evil&lt;/b&gt; \\| Co" in result.stdout
    assert "<b>" not in result.stdout


def test_demographic_columns_are_refused(project: Path) -> None:
    (project / "map.yaml").write_text("columns:\n  custom:age: Contact Age\n", encoding="utf-8")
    result = run_cli("qualify", "accounts.csv", "--map", "map.yaml", cwd=project)
    assert result.returncode == 2
    assert "never used to score" in result.stderr and "Traceback" not in result.stderr
    (project / "map.yaml").write_text(
        "columns:\n  company_age_years: Company Age\n", encoding="utf-8"
    )
    assert (
        run_cli(
            "qualify", "accounts.csv", "--map", "map.yaml", "-o", "x.csv", cwd=project
        ).returncode
        == 0
    )


def test_unknown_policies_score_differently(tmp_path: Path) -> None:
    icp = {
        "metadata": {"id": "icp-x"},
        "spec": {"firmographics": {"employees": {"min": 1}, "regions": {"include": ["US"]}}},
    }
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE accounts AS SELECT * FROM (VALUES ('1', '10', NULL)) AS t(id, employees, country)"
    )
    scores = {}
    for policy in ("neutral", "penalize", "exclude_from_denominator"):
        compiled = qc.compile_query(
            [icp],
            ColumnMap(),
            qc.Settings(unknown_policy=policy),
            available=["id", "employees", "country"],
        )
        scores[policy] = con.execute(compiled.sql("duckdb")).fetchone()[5]
    assert scores == {"neutral": 75, "penalize": 50, "exclude_from_denominator": 100}


def test_example_accounts_qualify_with_the_hubspot_preset(tmp_path: Path) -> None:
    result = run_cli(
        "qualify",
        str(ROOT / "examples" / "accounts.csv"),
        "--handbook",
        str(ROOT / "profiles"),
        "--preset",
        "hubspot",
        "--map",
        str(ROOT / "examples" / "accounts-map.yaml"),
        "-o",
        str(tmp_path / "out.parquet"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    count = (
        duckdb.connect()
        .execute(f"SELECT count(*), count(DISTINCT account_id) FROM '{tmp_path / 'out.parquet'}'")
        .fetchone()
    )
    assert count == (800, 400)
    assert "400 accounts x 2 ICPs" in result.stdout


def test_errors_are_plain_words(project: Path) -> None:
    missing = run_cli("qualify", "nope.csv", cwd=project)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    wrong = run_cli("qualify", "accounts.csv", "--icp", "icp-nope", cwd=project)
    assert wrong.returncode == 2 and "icp-small-us" in wrong.stderr
    half = run_cli("qualify", "accounts.csv", "--outcome-col", "stage", cwd=project)
    assert half.returncode == 2 and "--won" in half.stderr


def test_a_disqualifier_id_shared_by_two_icps_keeps_each_reason(tmp_path: Path) -> None:
    second = (
        ICP.replace("icp-small-us", "icp-small-us-again")
        .replace("priority: 1", "priority: 2")
        .replace("SAP shops never bought", "SAP shops churned")
    )
    project = write_tree(
        tmp_path,
        {
            "profilespec.yaml": HANDBOOK,
            "icps/icp.yaml": ICP,
            "icps/again.yaml": second,
            "accounts.csv": ACCOUNTS,
        },
    )
    result = run_cli("qualify", "accounts.csv", "-o", "out.csv", cwd=project)
    assert result.returncode == 0, result.stderr
    reasons = {
        row["icp_id"]: (row["disqualifier"], row["dq_reason"])
        for row in read_rows(project / "out.csv")
        if row["account_id"] == "a7"
    }
    assert reasons == {
        "icp-small-us": ("dq-sap", "SAP shops never bought"),
        "icp-small-us-again": ("dq-sap", "SAP shops churned"),
    }


def test_the_engine_keeps_verdicts_and_values_as_enums(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Statuses, tiers and disqualifiers take their ENUM types from the labels they are
    read from, and the values shown theirs from the distinct values, so DuckDB never builds
    them as per-row strings; a value column with too many distinct values stays text and
    the result rows stay the same."""
    from profilespec.handbook import load
    from profilespec.qualify import engine

    documents = [doc.data for doc in load(project, project).profiles("ICP")]

    def qualify() -> tuple[dict[str, str], list[tuple[object, ...]]]:
        con = engine.connect()
        available = engine.open_accounts(con, project / "accounts.csv")
        compiled = qc.compile_query(documents, ColumnMap(), qc.Settings(), available=available)
        engine.execute(con, compiled)
        types = con.execute("SELECT column_name, column_type FROM (DESCRIBE wide)").fetchall()
        rows = con.execute("SELECT * FROM result ORDER BY account_id, icp_id").fetchall()
        return dict(types), rows

    types, rows = qualify()
    verdicts = [c for c in types if c.startswith("i0_") and c != "i0_score"]
    values = ["employees_value", "region_value"]
    assert verdicts and all(types[c].startswith("ENUM(") for c in verdicts + values), types
    # Canada / Quebec is in the data; every country and province pairing is in the type.
    assert "'Canada / Quebec'" in types["region_value"]
    monkeypatch.setattr(engine, "MAX_VALUE_MEMBERS", 5)  # 6 employee counts and a blank
    text_types, text_rows = qualify()
    assert [text_types[c] for c in values] == ["VARCHAR", "VARCHAR"]
    assert text_rows == rows


@pytest.mark.parametrize("count", [2, qc.MAX_LABELLED_DISQUALIFIERS + 1])
def test_disqualifiers_that_cannot_be_checked_are_listed(count: int) -> None:
    """As labels for a few disqualifiers, as text built per account for many."""
    dq_ids = [f"dq-{k}" for k in range(count)]
    icp = {
        "metadata": {"id": "icp-x"},
        "spec": {
            "firmographics": {"employees": {"min": 1}},
            "disqualifiers": [
                {"id": dq_id, "when": {"field": "tech", "op": "any_of", "value": [f"t{k}"]}}
                for k, dq_id in enumerate(dq_ids)
            ],
        },
    }
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE accounts AS SELECT * FROM (VALUES ('1', '5', NULL), ('2', '5', 'other')) "
        "AS t(id, employees, tech)"
    )
    compiled = qc.compile_query(
        [icp], ColumnMap(), qc.Settings(), available=["id", "employees", "tech"]
    )
    rows = con.execute(f"SELECT account_id, dq_unknown FROM ({compiled.sql()}) ORDER BY 1")
    assert rows.fetchall() == [("1", " ".join(dq_ids)), ("2", None)]


def test_company_age_from_the_age_column_or_the_founding_year() -> None:
    icp = {
        "metadata": {"id": "icp-x"},
        "spec": {"firmographics": {"company_age_years": {"min": 5, "max": 20}}},
    }
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE accounts AS SELECT * FROM (VALUES ('1', '12', NULL), ('2', NULL, '2020'), "
        "('3', '3-8', NULL), ('4', NULL, NULL), ('5', '30', '2020')) "
        "AS t(id, company_age_years, founded_year)"
    )
    statuses = {}
    for available in (["id", "company_age_years", "founded_year"], ["id", "founded_year"]):
        compiled = qc.compile_query([icp], ColumnMap(), qc.Settings(year=2026), available=available)
        rows = con.execute(f"SELECT account_id, company_age_years FROM ({compiled.sql()})")
        statuses[len(available)] = dict(rows.fetchall())
    assert statuses == {
        3: {"1": "matched", "2": "matched", "3": "matched", "4": "unknown", "5": "failed"},
        2: {"1": "unknown", "2": "matched", "3": "unknown", "4": "unknown", "5": "matched"},
    }


def test_the_progress_bar_run_gives_the_same_rows_and_clears_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a terminal each pass runs in a worker thread while stderr shows its progress; the
    rows are those of a plain run and the bar's line is blanked at the end of each pass."""
    from profilespec.handbook import load
    from profilespec.qualify import engine

    documents = [doc.data for doc in load(project, project).profiles("ICP")]

    def rows(progress: bool) -> list[tuple[object, ...]]:
        con = engine.connect()
        available = engine.open_accounts(con, project / "accounts.csv")
        compiled = qc.compile_query(documents, ColumnMap(), qc.Settings(), available=available)
        engine.execute(con, compiled, progress=progress)
        return con.execute("SELECT * FROM result ORDER BY account_id, icp_id").fetchall()

    plain = rows(False)
    assert capsys.readouterr().err == ""
    assert rows(True) == plain
    err = capsys.readouterr().err
    assert err.endswith("\r" + " " * 40 + "\r")
    assert "Traceback" not in err
