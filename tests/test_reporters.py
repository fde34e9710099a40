"""Every output format against one fixed failing handbook: golden files, real parsers, escaping.

`pytest --update-expected` rewrites the golden files; read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import TODAY_ARG, run_cli, write_tree
from profilespec import __version__
from profilespec.reporters.github import escape_data, escape_property
from profilespec.reporters.markdown import escape as markdown_escape

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
# Only the parse and schema rules: the golden files must not change when content rules are
# added or reworded elsewhere.
SELECT = "--select=PS001,PS002,PS003"

HANDBOOK = {
    "profilespec.yaml": """\
        apiVersion: profilespec/v1
        kind: Handbook
        metadata:
          id: golden-handbook
          title: Golden handbook
        spec:
          lint:
            rules:
              PS003: warning
        """,
    # A value built to break out of every format: CR/LF, a workflow command, `%`, `,`, `:`,
    # HTML and table pipes; and a key holding a terminal escape sequence.
    "icps/icp-clinics.yaml": """\
        apiVersion: profilespec/v1
        kind: ICP
        metadata:
          id: icp-clinics
          title: Dental clinics
          owner: team:revops
          status: draft
        spec:
          priority: "high\\r\\n::warning::injected, 100% <b>|x|</b>"
          summary: Dental clinics in the US with 5-50 chairs
          firmographics:
            employes: {min: 10, max: 200}
            "\\e[31mred": 1
        """,
    # `,` and `:` in a file name end a workflow-command property unless escaped.
    "icps/odd,name: here.yaml": """\
        apiVersion: profilespec/v1
        kind: ICP
        metadata:
          id: icp-odd
          title: [unclosed
        """,
}

# Format -> golden file name; text goes to stdout, the rest are written by --report.
OUTPUTS = {
    "text": "text.txt",
    "concise": "concise.txt",
    "json": "report.json",
    "sarif": "report.sarif",
    "github": "github.txt",
    "junit": "junit.xml",
    "markdown": "summary.md",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One lint run writing every format at once."""
    root = write_tree(tmp_path_factory.mktemp("golden"), HANDBOOK)
    extra = [f"--report={name}:out/{file}" for name, file in OUTPUTS.items() if name != "text"]
    (root / "out").mkdir()
    result = run_cli("lint", TODAY_ARG, SELECT, *extra, cwd=root)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    outputs = {"text": result.stdout}
    for name, file in OUTPUTS.items():
        if name != "text":
            outputs[name] = (root / "out" / file).read_text(encoding="utf-8")
    return outputs


@pytest.mark.parametrize("name", OUTPUTS)
def test_matches_golden_file(
    name: str, reports: dict[str, str], request: pytest.FixtureRequest
) -> None:
    # The version changes with every release; the golden files say "VERSION".
    actual = reports[name].replace(f'"{__version__}"', '"VERSION"')
    golden = GOLDEN / OUTPUTS[name]
    if request.config.getoption("--update-expected"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_json_parses_and_keeps_its_contract(reports: dict[str, str]) -> None:
    payload = json.loads(reports["json"])
    assert payload["version"] == 1
    assert payload["summary"] == {"error": 2, "warning": 2, "info": 0, "files": 3}
    first = payload["diagnostics"][0]
    assert set(first) >= {"code", "rule", "severity", "path", "line", "column", "message"}


def test_junit_is_xml_with_one_failure_per_error(reports: dict[str, str]) -> None:
    suites = ET.fromstring(reports["junit"].encode("utf-8"))
    suite = suites.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "4" and suite.get("failures") == "2"
    failures = suite.findall("testcase/failure")
    assert [failure.get("type") for failure in failures] == ["PS002", "PS001"]
    assert "::warning::injected" in (failures[0].get("message") or "")


def test_sarif_is_valid_sarif_2_1_0(reports: dict[str, str]) -> None:
    log = json.loads(reports["sarif"])
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"PS001", "PS002", "PS003"}
    assert "## Why it matters" in rules["PS003"]["help"]["markdown"]
    uris = [
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
    ]
    assert "icps/odd%2Cname%3A%20here.yaml" in uris
    assert all(not uri.startswith("/") for uri in uris)
    assert [result["level"] for result in run["results"]] == [
        "error",
        "warning",
        "warning",
        "error",
    ]


def _fingerprints(root: Path) -> dict[str, tuple[int, str]]:
    result = run_cli("lint", TODAY_ARG, SELECT, "--format=sarif", cwd=root)
    return {
        item["partialFingerprints"]["profilespec/v1"]: (
            item["locations"][0]["physicalLocation"]["region"]["startLine"],
            item["ruleId"],
        )
        for item in json.loads(result.stdout)["runs"][0]["results"]
    }


def test_sarif_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    root = write_tree(tmp_path, HANDBOOK)
    before = _fingerprints(root)
    profile = root / "icps" / "icp-clinics.yaml"
    profile.write_text("# a comment\n# and another\n" + profile.read_text(encoding="utf-8"))
    after = _fingerprints(root)
    assert set(before) == set(after)
    moved = [key for key in before if before[key][0] + 2 == after[key][0]]
    assert len(moved) == 3  # the three findings in the ICP moved down; the fingerprint did not


def test_sarif_and_github_paths_are_relative_to_the_repository(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    root = write_tree(tmp_path / "gtm", HANDBOOK)
    sarif = run_cli("lint", TODAY_ARG, SELECT, "--format=sarif", cwd=root / "icps")
    uris = {
        item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for item in json.loads(sarif.stdout)["runs"][0]["results"]
    }
    assert "gtm/icps/icp-clinics.yaml" in uris
    github = run_cli("lint", TODAY_ARG, SELECT, "--format=github", cwd=root / "icps")
    assert "file=gtm/icps/icp-clinics.yaml," in github.stdout


def test_no_control_characters_or_raw_newlines_from_user_text(reports: dict[str, str]) -> None:
    for name in ("text", "concise", "github", "markdown"):
        assert "\x1b" not in reports[name] and "\r" not in reports[name], name
    for line in reports["github"].splitlines()[:-1]:
        assert re.match(r"^::(error|warning|notice) [^:]*::", line), line
    assert not any(line.startswith("::warning::") for line in reports["text"].splitlines())


def test_markdown_table_cells_cannot_be_broken_out_of(reports: dict[str, str]) -> None:
    rows = [line for line in reports["markdown"].splitlines() if line.startswith("| :")]
    assert len(rows) == 4
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 6, row  # 5 cells: 6 unescaped pipes
    assert "<b>" not in reports["markdown"]


def test_text_code_frame_puts_the_caret_under_the_value(reports: dict[str, str]) -> None:
    lines = reports["text"].splitlines()
    index = next(
        i for i, line in enumerate(lines) if "[unknown-field] unknown field `employes`" in line
    )
    source, caret = lines[index + 2], lines[index + 3]
    start = source.index("employes")
    assert caret.index("^") == start and caret.count("^") == len("employes")


@given(st.text())
def test_github_escaping_round_trips_and_never_ends_a_value(text: str) -> None:
    data, prop = escape_data(text), escape_property(text)
    assert "\n" not in data and "\r" not in data
    assert not {":", ",", "\n", "\r"} & set(prop)

    def unescape(value: str) -> str:
        for encoded, raw in (
            ("%0D", "\r"),
            ("%0A", "\n"),
            ("%3A", ":"),
            ("%2C", ","),
            ("%25", "%"),
        ):
            value = value.replace(encoded, raw)
        return value

    assert unescape(data) == text and unescape(prop) == text


@given(st.text())
def test_markdown_escape_stays_on_one_line_without_html(text: str) -> None:
    escaped = markdown_escape(text)
    assert "\n" not in escaped and "<" not in escaped
    assert not re.search(r"(?<!\\)\|", escaped.replace("\\\\", ""))


def test_markdown_escape_defuses_github_mentions_and_issue_references() -> None:
    escaped = markdown_escape("ask @revops-team about #12, mail jo@example.com, see `@keep`")
    assert "@revops" not in escaped and "#12" not in escaped and "@example" not in escaped
    assert escaped == (
        "ask @&#8203;revops-team about \\#&#8203;12, mail jo@&#8203;example.com, see `@keep`"
    )


def test_quiet_and_statistics(tmp_path: Path) -> None:
    root = write_tree(tmp_path, HANDBOOK)
    quiet = run_cli("lint", TODAY_ARG, SELECT, "--quiet", "--format=concise", cwd=root)
    assert len(quiet.stdout.splitlines()) == 4 and "Found" not in quiet.stdout
    stats = run_cli("lint", TODAY_ARG, SELECT, "--statistics", cwd=root)
    assert stats.stdout.splitlines() == [
        "2\tPS003\tunknown-field",
        "1\tPS001\tyaml-syntax",
        "1\tPS002\tschema-violation",
        "Found 2 errors, 2 warnings in 3 files checked.",
    ]
    assert stats.returncode == 1


def test_format_auto_uses_annotations_on_github_actions(tmp_path: Path) -> None:
    root = write_tree(tmp_path, HANDBOOK)
    env = {**os.environ, "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "profilespec", "lint", TODAY_ARG, SELECT],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.stdout.startswith("::error file=icps/icp-clinics.yaml,line=9,")
    assert run_cli("lint", TODAY_ARG, SELECT, cwd=root).stdout.startswith("icps/icp-clinics")


def _lint_on_a_terminal(root: Path, **env: str) -> str:
    primary, secondary = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    process = subprocess.run(
        [sys.executable, "-m", "profilespec", "lint", TODAY_ARG, SELECT],
        cwd=root,
        stdout=secondary,
        stderr=subprocess.DEVNULL,
        env={**environment, **env},
        check=False,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.returncode == 1
    return b"".join(chunks).decode("utf-8")


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path: Path) -> None:
    root = write_tree(tmp_path, HANDBOOK)
    assert "\x1b[31m" in _lint_on_a_terminal(root)
    assert "\x1b[" not in _lint_on_a_terminal(root, NO_COLOR="1")
    # The key's own escape sequence is shown, not interpreted, even on a terminal.
    assert "\\x1b[31mred" in _lint_on_a_terminal(root, NO_COLOR="1")


def test_report_targets_are_checked_before_linting(tmp_path: Path) -> None:
    root = write_tree(tmp_path, HANDBOOK)
    twice = run_cli("lint", TODAY_ARG, "--report=json", cwd=root)
    assert twice.returncode == 2 and "standard output" in twice.stderr
    unknown = run_cli("lint", TODAY_ARG, "--report=yaml:x.yaml", cwd=root)
    assert unknown.returncode == 2 and "unknown format 'yaml'" in unknown.stderr
    missing_dir = run_cli("lint", TODAY_ARG, "--output=no/such/dir/x.txt", cwd=root)
    assert missing_dir.returncode == 2 and "cannot write the report" in missing_dir.stderr
    assert "Traceback" not in missing_dir.stderr
