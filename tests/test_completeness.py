"""Completeness is judged by rules, by status: a draft may be incomplete, an active profile may not.

What only completes a profile (an owner, a summary, an objection's answer, an evidence date...)
used to be required by the schema, which stopped every other rule on the document and could
not be tuned. These tests pin the rules that took it over: their severity per status, one
PS207 finding per persona, configuration and suppression.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import TODAY, run_cli
from profilespec.diagnostics import Diagnostic
from profilespec.engine import lint

# The "done when" persona of the spec extension: identity, an archetype and one pain point.
BARE_DRAFT = """\
apiVersion: profilespec/v1
kind: Persona
metadata:
  id: persona-spreadsheet-sam
  title: Spreadsheet Sam
spec:
  archetype: Spreadsheet Sam
  pain_points: [Rebuilds the month-end close checklist in Excel every month]
"""

ACTIVE_PERSONA = """\
apiVersion: profilespec/v1
kind: Persona
metadata:
  id: persona-nadia
  title: No-Show Nadia
  owner: team:pmm
  status: STATUS
  last_reviewed: 2026-10-01
spec:
  archetype: No-Show Nadia
  role: {department: operations}
  buying_role: {secondary: [user]}
  objections:
    - objection: Patients over 70 never read texts.
  evidence:
    - {id: ev-interviews, summary: 12 interviews with practice managers}
"""


def _lint(root: Path) -> list[Diagnostic]:
    return lint([], cwd=root, today=TODAY).diagnostics


def _by_code(diagnostics: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    found: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        found.setdefault(diagnostic.code, []).append(diagnostic)
    return found


def test_bare_draft_persona_is_told_what_to_add_before_it_can_be_active(
    handbook: Callable[..., Path],
) -> None:
    found = _by_code(_lint(handbook({"personas/sam.yaml": BARE_DRAFT})))
    assert "PS002" not in found and "PS003" not in found
    (owner,) = found["PS503"]
    assert owner.severity.label == "info"
    assert "counts as a draft" in owner.message and "before it can be active" in owner.message
    assert "`metadata.owner`" in owner.message
    (persona,) = found["PS207"]  # one finding, listing everything
    assert persona.severity.label == "info"
    assert "before it can be active" in persona.message
    assert persona.data["missing"] == [
        "goals",
        "objections",
        "information_sources",
        "decision_criteria",
    ]
    assert "`spec.goals`" in persona.message
    assert "PS103" in found  # and the ICP it belongs to


def test_active_profile_may_not_be_incomplete_and_a_draft_may(
    handbook: Callable[..., Path],
) -> None:
    active = _by_code(
        _lint(handbook({"personas/nadia.yaml": ACTIVE_PERSONA.replace("STATUS", "active")}))
    )
    assert [d.severity.label for d in active["PS207"]] == ["error"]
    assert active["PS207"][0].data["missing"] == [
        "goals",
        "pain_points",
        "role_titles",
        "buying_role",
        "information_sources",
        "decision_criteria",
    ]
    assert [d.severity.label for d in active["PS217"]] == ["warning"]
    assert "no answer recorded" in active["PS217"][0].message
    assert [d.severity.label for d in active["PS603"]] == ["warning"]
    draft = _by_code(
        _lint(handbook({"personas/nadia.yaml": ACTIVE_PERSONA.replace("STATUS", "draft")}))
    )
    # A declared draft hears only about what it writes unfinished, and only as info.
    assert [d.data["missing"] for d in draft["PS207"]] == [["role_titles", "buying_role"]]
    assert {d.severity.label for d in [*draft["PS207"], *draft["PS217"], *draft["PS603"]]} == {
        "info"
    }


def test_completeness_rules_are_tunable_and_suppressible(handbook: Callable[..., Path]) -> None:
    config = """\
apiVersion: profilespec/v1
kind: Handbook
metadata: {id: hb, title: Handbook, status: active, version: 3, tags: [gtm]}
spec:
  lint:
    rules:
      PS217: error
      PS603: off
      PS207: {goals: off, pain_points: warning, role_titles: off, buying_role: off,
              information_sources: off, decision_criteria: off}
"""
    persona = ACTIVE_PERSONA.replace("STATUS", "active").replace(
        "    - objection: Patients over 70 never read texts.",
        "    - objection: Patients over 70 never read texts.  # profilespec: ignore[PS217]",
    )
    found = _by_code(_lint(handbook({"personas/nadia.yaml": persona}, config=config)))
    assert "PS603" not in found and "PS217" not in found and "PS004" not in found
    (incomplete,) = found["PS207"]
    assert incomplete.severity.label == "warning"
    assert incomplete.data["missing"] == ["pain_points"]


def test_handbook_metadata_takes_the_profile_envelope(handbook: Callable[..., Path]) -> None:
    config = """\
apiVersion: profilespec/v1
kind: Handbook
metadata:
  id: quillfield-gtm-handbook
  title: Quillfield Health Software - ICP & Persona Handbook
  owner: team:product-marketing
  status: active
  version: 2
  created: 2025-02-10
  last_reviewed: 2026-09-14
  tags: [healthcare]
  annotations: {example.com/source: design}
  links: [{title: GTM wiki, url: "https://wiki.example.invalid/gtm"}]
"""
    assert _lint(handbook({}, config=config)) == []


def test_rule_docs_say_how_each_status_is_judged() -> None:
    for code, phrase in (
        ("PS207", "A draft may be incomplete"),
        ("PS212", "A draft without one is told"),
        ("PS217", "info on a draft"),
        ("PS218", "info on a draft"),
        ("PS503", "counts as a draft"),
        ("PS603", "info for a draft"),
    ):
        result = run_cli("rule", code)
        assert result.returncode == 0, result.stderr
        assert phrase in " ".join(result.stdout.split()), code
