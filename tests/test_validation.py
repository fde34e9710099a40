"""Schema errors: one diagnostic each, at the offending node, in words a RevOps person reads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TODAY
from profilespec.engine import lint

VALID_ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-dental-groups
  title: Dental groups
  owner: team:revops
  status: draft
spec:
  summary: US dental groups with 5-40 practices running Dentrix
  firmographics:
    employees: {min: 40, max: 900}
    annual_revenue: {min: 5M, max: 90_000_000}
"""


def findings(handbook: Callable[..., Path], text: str) -> list[tuple[int, int, str, str]]:
    root = handbook({"icps/icp.yaml": text})
    result = lint([], cwd=root, today=TODAY)
    return [
        (d.line, d.column, d.code, d.message)
        for d in result.diagnostics
        if d.path == "icps/icp.yaml"
    ]


def test_valid_document_has_no_schema_findings(handbook: Callable[..., Path]) -> None:
    assert [f for f in findings(handbook, VALID_ICP) if f[2] in ("PS001", "PS002", "PS003")] == []


def test_typo_key_names_the_closest_field(handbook: Callable[..., Path]) -> None:
    text = VALID_ICP.replace("annual_revenue:", "anual_revenue:")
    assert findings(handbook, text) == [
        (
            12,
            5,
            "PS003",
            "unknown field `anual_revenue` in `spec.firmographics`; did you mean `annual_revenue`?",
        )
    ]


def test_wrong_type_says_what_it_must_be_and_what_it_got(handbook: Callable[..., Path]) -> None:
    text = VALID_ICP.replace("{min: 40, max: 900}", "{min: lots, max: 900}")
    assert findings(handbook, text) == [
        (11, 22, "PS002", "`spec.firmographics.employees.min` must be a whole number, got 'lots'")
    ]


def test_missing_required_field_points_at_its_parent(handbook: Callable[..., Path]) -> None:
    text = VALID_ICP.replace("  title: Dental groups\n", "")
    ((line, column, code, message),) = findings(handbook, text)
    assert (line, column, code) == (3, 1, "PS002")
    assert message.startswith(
        "`metadata` is missing the required field `title` (human-readable name shown"
    )


def test_what_only_completes_a_profile_is_a_rule_finding_not_a_schema_error(
    handbook: Callable[..., Path],
) -> None:
    # Required by the schema before spec v1 was extended; now judged by rules, by status.
    text = VALID_ICP.replace("  owner: team:revops\n", "").replace(
        "  summary: US dental groups with 5-40 practices running Dentrix\n", ""
    )
    found = findings(handbook, text)
    assert [(line, code) for line, _, code, _ in found] == [(3, "PS503"), (7, "PS212")]
    assert "before it can be active" in found[0][3] and "no summary" in found[1][3]


def test_broken_yaml_is_one_syntax_finding(handbook: Callable[..., Path]) -> None:
    text = VALID_ICP.replace("summary: US dental", "summary: [US dental")
    ((line, _column, code, message),) = findings(handbook, text)
    assert code == "PS001" and line >= 9
    assert "traceback" not in message.lower()


def test_duplicate_key_is_one_finding(handbook: Callable[..., Path]) -> None:
    text = VALID_ICP.replace("  status: draft\n", "  status: draft\n  owner: person:ana\n")
    assert findings(handbook, text) == [
        (
            8,
            3,
            "PS001",
            "duplicate key `owner` (first written on line 6); YAML would silently keep only one"
            " of them, so merge them or remove one",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "status: draft",
            "status: actve",
            "`metadata.status` must be one of draft, active, retired; got 'actve' (did you mean `active`?)",
        ),
        (
            "id: icp-dental-groups",
            "id: Dental Groups",
            "`metadata.id` must be an id: lowercase letters, digits and single hyphens",
        ),
        (
            "owner: team:revops",
            "owner: revops",
            "`metadata.owner` must be `team:<name>`, `person:<name>` or an email address",
        ),
        (
            "kind: ICP",
            "kind: icp",
            "`kind` must be ICP, Persona or Handbook, got 'icp'; did you mean `ICP`?",
        ),
        (
            "apiVersion: profilespec/v1",
            "apiVersion: v1",
            "`apiVersion` must be `profilespec/v1`, got 'v1'",
        ),
        (
            "{min: 40, max: 900}",
            "{}",
            "`spec.firmographics.employees` needs at least one of `min` or `max`",
        ),
        (
            "min: 5M",
            "min: five million",
            "`spec.firmographics.annual_revenue.min` must be an amount such as 5000000",
        ),
        (
            "  status: draft\n",
            "  status: draft\n  last_reviewed: 2026-02-30\n",
            "'2026-02-30' is not a real calendar date",
        ),
        (
            "  status: draft\n",
            "  status: draft\n  last_reviewed: 2026-02-03T10:00:00\n",
            "keep only the YYYY-MM-DD part",
        ),
    ],
)
def test_messages_are_plain_and_specific(
    handbook: Callable[..., Path], old: str, new: str, expected: str
) -> None:
    text = VALID_ICP.replace(old, new)
    assert text != VALID_ICP
    messages = [
        message for *_, code, message in findings(handbook, text) if code in ("PS002", "PS003")
    ]
    assert len(messages) == 1, messages
    assert expected in messages[0]


def test_top_level_list_is_explained(handbook: Callable[..., Path]) -> None:
    (finding,) = findings(handbook, "- a\n- b\n")
    assert finding[:3] == (1, 1, "PS002") and "this document is a list" in finding[3]
