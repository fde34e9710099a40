"""`profilespec fmt`: canonical layout that never changes what a file says or drops a comment."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, MINIMAL_HANDBOOK, run_cli, write_tree
from profilespec.diagnostics import Diagnostic
from profilespec.formatting import FormatError, comments, format_text
from profilespec.loader import SourceFile, parse, source_from_bytes
from profilespec.validation import check_document

MESSY = """\
# yaml-language-server: $schema=../schema/icp.v1.json
spec:   # the profile itself

  summary: 'Dental groups with 5-50 clinics'
  firmographics:
    regions: {include: [US]}
    employees:
        max: 2000
        min: 200
  evidence:
  - summary: Ten interviews with practice managers
    date: 2026-09-01
    id: ev-interviews
    type: customer_interview
kind: ICP
metadata:
  title: Dental groups
  id: icp-dental        # the slug personas point at
  owner: team:revops
  status: draft
apiVersion: profilespec/v1
"""

CANONICAL = """\
# yaml-language-server: $schema=../schema/icp.v1.json
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-dental        # the slug personas point at
  title: Dental groups
  owner: team:revops
  status: draft
spec:   # the profile itself

  summary: Dental groups with 5-50 clinics
  firmographics:
    employees:
      min: 200
      max: 2000
    regions: {include: [US]}
  evidence:
    - id: ev-interviews
      type: customer_interview
      summary: Ten interviews with practice managers
      date: 2026-09-01
"""


def source(text: str) -> SourceFile:
    return SourceFile(path=Path("icps/t.yaml"), display_path="icps/t.yaml", text=text)


def data_of(text: str) -> list[object]:
    documents, problems = parse(source(text))
    assert not problems, problems
    return [document.data for document in documents]


def test_canonical_order_indentation_and_quoting() -> None:
    assert format_text(source(MESSY)) == CANONICAL
    assert format_text(source(CANONICAL)) == CANONICAL


def test_anchors_merge_keys_block_scalars_and_double_quotes_survive() -> None:
    text = """\
apiVersion: profilespec/v1
kind: Persona
metadata: {id: persona-x, title: X, owner: team:pmm, status: draft}
spec:
  archetype: Close-Crunch Carla
  icp_refs: [icp-a]
  goals:
    - &goal
      statement: 'Close in 5 days: every month'
      id: g1
  pain_points:
    - >-
      Chases approvals by email
      for four days
  role: {department: finance, titles: [Controller]}
"""
    formatted = format_text(source(text))
    assert data_of(formatted) == data_of(text)
    assert "&goal" in formatted
    assert 'statement: "Close in 5 days: every month"' in formatted
    assert "    - >-\n      Chases approvals by email\n      for four days\n" in formatted
    # schema order: icp_refs comes before archetype, goal `id` before `statement`
    assert formatted.index("icp_refs") < formatted.index("archetype")
    assert formatted.index("id: g1") < formatted.index("statement:")


def test_merge_key_mappings_keep_their_written_order() -> None:
    text = """\
apiVersion: profilespec/v1
kind: ICP
metadata: {id: icp-a, title: A, owner: team:x, status: draft}
spec:
  summary: Dental groups with 5-50 clinics
  firmographics:
    employees: &size {max: 50, min: 5}
    offices:
      <<: *size
"""
    formatted = format_text(source(text))
    assert data_of(formatted) == data_of(text)
    assert "<<: *size" in formatted


def test_crlf_line_endings_are_kept() -> None:
    formatted = format_text(source(MESSY.replace("\n", "\r\n")))
    assert formatted == CANONICAL.replace("\n", "\r\n")


def test_comments_are_found_between_tokens_only() -> None:
    text = 'a: "not # a comment"  # one\nb: |\n  # not one either\n# two\nc: x#y\n'
    assert comments(text) == ["one", "two"]


def test_a_change_in_meaning_is_refused() -> None:
    # `0o17` is 15 to the lint loader; ruamel keeps the octal text, so the data still matches.
    # A YAML 1.1 directive makes ruamel read `yes` as true while the lint loader keeps text:
    # formatting would then change the data, and the guard must refuse.
    text = "%YAML 1.1\n---\n" + CANONICAL.replace("status: draft", "status: yes")
    with pytest.raises(FormatError, match="change what this file says"):
        format_text(source(text))


# --- the command ----------------------------------------------------------------------------


def handbook_with(tmp_path: Path, text: str, name: str = "icps/dental.yaml") -> Path:
    write_tree(tmp_path, {"profilespec.yaml": MINIMAL_HANDBOOK})
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return target


def test_fmt_rewrites_in_place_keeping_mode_then_is_idempotent(tmp_path: Path) -> None:
    target = handbook_with(tmp_path, MESSY)
    target.chmod(0o640)
    result = run_cli("fmt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "reformatted: icps/dental.yaml" in result.stdout
    assert target.read_text(encoding="utf-8") == CANONICAL
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not list(tmp_path.rglob("*.tmp"))
    again = run_cli("fmt", cwd=tmp_path)
    assert again.returncode == 0
    assert "0 files reformatted, 2 already formatted." in again.stdout


def test_check_lists_files_and_writes_nothing(tmp_path: Path) -> None:
    target = handbook_with(tmp_path, MESSY)
    result = run_cli("fmt", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert "would reformat: icps/dental.yaml" in result.stdout
    assert "1 file would be reformatted, 1 already formatted." in result.stdout
    assert target.read_text(encoding="utf-8") == MESSY


def test_diff_prints_a_patch_and_writes_nothing(tmp_path: Path) -> None:
    target = handbook_with(tmp_path, MESSY)
    result = run_cli("fmt", "--diff", "icps", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/icps/dental.yaml\n+++ b/icps/dental.yaml\n")
    assert "-kind: ICP\n" in result.stdout
    assert "would reformat: icps/dental.yaml" in result.stderr
    assert target.read_text(encoding="utf-8") == MESSY


def test_byte_order_mark_is_kept(tmp_path: Path) -> None:
    target = handbook_with(tmp_path, "")
    target.write_bytes(b"\xef\xbb\xbf" + MESSY.encode("utf-8"))
    assert run_cli("fmt", cwd=tmp_path).returncode == 0
    assert target.read_bytes() == b"\xef\xbb\xbf" + CANONICAL.encode("utf-8")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("kind: ICP\n  bad: indentation\n", "line 2: "),
        (CANONICAL.replace("  title: Dental groups\n", ""), "missing the required field `title`"),
        (CANONICAL.replace("  owner:", "  ownr: x\n  owner:"), "unknown field `ownr`"),
    ],
    ids=["syntax", "schema", "unknown-field"],
)
def test_files_with_errors_are_refused_untouched(tmp_path: Path, text: str, why: str) -> None:
    target = handbook_with(tmp_path, text)
    result = run_cli("fmt", cwd=tmp_path)
    assert result.returncode == 2
    assert "icps/dental.yaml: not formatted: it has errors to fix first" in result.stderr
    assert why in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == text


def test_utf16_is_refused(tmp_path: Path) -> None:
    target = handbook_with(tmp_path, "")
    raw = MESSY.encode("utf-16")
    target.write_bytes(raw)
    result = run_cli("fmt", "--check", cwd=tmp_path)
    assert result.returncode == 2
    assert "fmt rewrites UTF-8 files only" in result.stderr
    assert target.read_bytes() == raw


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    handbook_with(tmp_path, CANONICAL)
    result = run_cli("fmt", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "profilespec: error: nope.yaml: no such file or directory"


def test_example_handbook_is_fmt_clean() -> None:
    result = run_cli("fmt", "--check", str(EXAMPLES))
    assert result.returncode == 0, result.stdout + result.stderr


# --- properties over the example handbook ---------------------------------------------------

EXAMPLE_TEXTS = sorted(
    path.read_text(encoding="utf-8")
    for path in EXAMPLES.rglob("*.yaml")
    if path.name != "profilespec.yaml"
)


def _valid(text: str) -> bool:
    raw = source_from_bytes(text.encode("utf-8"), Path("icps/t.yaml"), "icps/t.yaml")
    if isinstance(raw, Diagnostic):
        return False
    documents, problems = parse(raw)
    return not problems and bool(documents) and not any(map(check_document, documents))


@st.composite
def shuffled_profiles(draw: st.DrawFn) -> tuple[str, list[str]]:
    """An example profile with keys shuffled, indentation changed and comments added."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    text = draw(st.sampled_from(EXAMPLE_TEXTS))
    handler = YAML()
    data = handler.load(text)
    maps: list[CommentedMap] = []

    def collect(node: object) -> None:
        if isinstance(node, CommentedMap):
            maps.append(node)
            for value in node.values():
                collect(value)
        elif isinstance(node, CommentedSeq):
            for value in node:
                collect(value)

    collect(data)
    for mapping in draw(st.lists(st.sampled_from(maps), max_size=8)):
        for key in draw(st.permutations(list(mapping))):
            mapping.move_to_end(key)
    mapping_indent = draw(st.sampled_from([2, 3, 4]))
    offset = draw(st.integers(0, mapping_indent))
    handler.indent(mapping=mapping_indent, sequence=mapping_indent + offset, offset=offset)
    handler.width = 4096
    stream = io.StringIO()
    handler.dump(data, stream)
    lines = stream.getvalue().splitlines()
    markers: list[str] = []
    for number in draw(st.sets(st.integers(0, len(lines) - 1), max_size=6)):
        marker = f"fmt-marker-{number}"
        where = draw(st.sampled_from(["end", "above"]))
        if where == "end":
            lines[number] += f"  # {marker}"
        else:
            indent = len(lines[number]) - len(lines[number].lstrip())
            lines[number] = " " * indent + f"# {marker}\n" + lines[number]
        markers.append(marker)
    return "\n".join(lines) + "\n", markers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shuffled_profiles())
def test_fmt_is_idempotent_keeps_data_and_every_comment(case: tuple[str, list[str]]) -> None:
    text, markers = case
    assume(_valid(text))
    formatted = format_text(source(text))
    assert format_text(source(formatted)) == formatted
    assert data_of(formatted) == data_of(text)
    for marker in markers:
        assert marker in formatted
    assert sorted(comments(text)) == sorted(comments(formatted))


def test_write_failure_leaves_the_original(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write into a read-only directory, so the failure cannot be staged")
    target = handbook_with(tmp_path, MESSY)
    target.parent.chmod(0o555)
    try:
        result = run_cli("fmt", cwd=tmp_path)
    finally:
        target.parent.chmod(0o755)
    assert result.returncode == 2
    assert target.read_text(encoding="utf-8") == MESSY
