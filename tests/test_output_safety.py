"""A profile value cannot inject terminal escapes, GitHub workflow commands, XML or HTML.

The hostile text reaches the output through a real finding: an unknown key (PS003) whose name
carries control characters, workflow-command syntax and markup, in a file whose name has the
characters GitHub annotation properties treat as separators.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import MINIMAL_HANDBOOK, TODAY_ARG, run_cli

EVIL_KEY = (
    r"k\e[2J\e]0;owned\a\r\n::error file=x.yaml::pwned %0A,: <img src=x onerror=alert(1)> | `"
)
FILE = "icps/evil,a:b%.yaml"
PROFILE = f"""\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-x
  title: X
  owner: team:x
  status: draft
  "{EVIL_KEY}": 1
spec:
  summary: US dental groups with 5-50 clinics that run Dentrix
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    handbook = tmp_path_factory.mktemp("safety")
    (handbook / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
    (handbook / "icps").mkdir()
    (handbook / FILE).write_text(PROFILE, encoding="utf-8")
    return handbook


def lint(root: Path, output_format: str) -> str:
    result = run_cli("lint", TODAY_ARG, "--select", "PS003", "--format", output_format, cwd=root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.mark.parametrize("output_format", ["text", "concise", "github", "markdown", "junit"])
def test_no_terminal_control_characters(root: Path, output_format: str) -> None:
    output = lint(root, output_format)
    assert "PS003" in output
    for character in ("\x1b", "\x07", "\r"):
        assert character not in output


def test_github_output_cannot_start_a_workflow_command(root: Path) -> None:
    lines = lint(root, "github").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 1
    command = commands[0]
    assert command.startswith("::error file=icps/evil%2Ca%3Ab%25.yaml,line=8,col=3,")
    # The one `::` after the properties is ours; the user's `::error` is escaped text.
    properties, _, message = command.partition("::")[2].partition("::")
    assert "x.yaml" not in properties
    assert "%250A" in message
    assert "\n" not in message


def test_junit_is_well_formed_xml(root: Path) -> None:
    tree = ET.fromstring(lint(root, "junit"))
    failure = tree.find(".//failure")
    assert failure is not None
    assert "<img" in (failure.get("message") or "")  # escaped in XML, text again once parsed


def test_sarif_and_json_are_valid_json(root: Path) -> None:
    sarif = json.loads(lint(root, "sarif"))
    message = sarif["runs"][0]["results"][0]["message"]["text"]
    assert "onerror" in message
    payload = json.loads(lint(root, "json"))
    assert payload["diagnostics"][0]["path"] == FILE


def outside_code_spans(line: str) -> str:
    """The parts of ``line`` CommonMark renders as Markdown (code spans are literal)."""
    runs = list(re.finditer(r"(?<!\\)`+", line))
    kept, position, index = [], 0, 0
    while index < len(runs):
        opener = runs[index]
        closer = next(
            (later for later in runs[index + 1 :] if len(later.group()) == len(opener.group())),
            None,
        )
        if closer is None:
            index += 1
            continue
        kept.append(line[position : opener.start()])
        position = closer.end()
        index = runs.index(closer) + 1
    kept.append(line[position:])
    return "".join(kept)


def test_markdown_has_no_live_html(root: Path) -> None:
    output = lint(root, "markdown")
    assert "<img" not in outside_code_spans(output)
    row = next(line for line in output.splitlines() if "PS003" in line)
    # The table row keeps its five cells: the user's `|` cannot add a column.
    assert row.replace("\\|", "").count("|") == 6
