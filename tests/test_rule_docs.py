"""Rule documentation is part of the product: its structure is fixed and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import MINIMAL_HANDBOOK, TODAY
from profilespec.engine import lint
from profilespec.rules import all_rules
from profilespec.rules.base import DOC_SECTIONS, Rule

REQUIRED = ("What it checks", "Why it matters", "Example", "Use instead")
RULES = sorted(all_rules().values(), key=lambda rule: rule.code)


def _yaml_block(text: str) -> str:
    match = re.search(r"```yaml\n(.*?)```", text, flags=re.S)
    assert match, "section needs a ```yaml block"
    return match.group(1)


def _codes_for(example: str, tmp_path: Path, name: str) -> list[str]:
    root = tmp_path / name
    root.mkdir()
    (root / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
    (root / "example.yaml").write_text(example, encoding="utf-8")
    result = lint([], cwd=root, today=TODAY)
    return sorted({diagnostic.code for diagnostic in result.diagnostics})


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_docstring_has_the_fixed_sections_in_order(rule: type[Rule]) -> None:
    sections = list(rule.doc_sections())
    assert rule.summary() and not rule.summary().endswith(":")
    for heading in REQUIRED:
        assert heading in sections, f"{rule.code} docs need a '## {heading}' section"
    order = [heading for heading in sections if heading in DOC_SECTIONS]
    assert order == [heading for heading in DOC_SECTIONS if heading in order]
    assert re.fullmatch(r"PS[0-9]{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_example_triggers_exactly_the_rule_and_fix_triggers_nothing(
    rule: type[Rule], tmp_path: Path
) -> None:
    sections = rule.doc_sections()
    assert _codes_for(_yaml_block(sections["Example"]), tmp_path, "bad") == [rule.code]
    assert _codes_for(_yaml_block(sections["Use instead"]), tmp_path, "good") == []
