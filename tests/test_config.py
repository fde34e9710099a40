"""Configuration: select/ignore, presets, severities, per-file ignores, sources and errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TODAY, write_tree
from profilespec.config import ConfigError, Overrides, build, merge_sources
from profilespec.diagnostics import Severity
from profilespec.engine import lint

TYPO_ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-dental-groups
  title: Dental groups
  owner: team:revops
  status: draft
spec:
  summary: US dental groups with 5-40 practices running Dentrix
  crm_segment: SEG-0042
"""


def handbook_config(lint_yaml: str) -> str:
    return (
        "apiVersion: profilespec/v1\nkind: Handbook\nmetadata: {id: h, title: H}\n"
        "spec:\n  lint:\n" + "".join(f"    {line}\n" for line in lint_yaml.strip().splitlines())
    )


def codes(root: Path, overrides: Overrides | None = None) -> list[str]:
    result = lint([], cwd=root, today=TODAY, overrides=overrides)
    return [f"{d.path}:{d.code}:{d.severity.label}" for d in result.diagnostics]


@pytest.mark.parametrize(
    ("select", "ignore", "enabled"),
    [
        (["PS"], [], True),
        (["PS"], ["PS0"], False),
        (["PS"], ["PS003"], False),
        (["PS"], ["unknown-field"], False),
        (["PS003"], ["PS0"], True),  # the more specific selector wins
        (["unknown-field"], ["PS00"], True),
        (["PS002"], [], False),
        (["PS00"], ["PS003"], False),
    ],
)
def test_select_and_ignore_more_specific_wins(
    select: list[str], ignore: list[str], enabled: bool
) -> None:
    settings = build({"select": select, "ignore": ignore})
    assert settings.rules["PS003"].enabled is enabled


def test_severity_override_and_off() -> None:
    settings = build({"rules": {"PS004": "error", "unknown-field": {"severity": "info"}}})
    assert settings.rules["PS004"].severity is Severity.ERROR
    assert settings.rules["PS003"].severity is Severity.INFO
    assert build({"rules": {"PS003": "off"}}).rules["PS003"].enabled is False


def test_strict_preset_turns_warnings_into_errors() -> None:
    assert build({}).rules["PS004"].severity is Severity.WARNING
    assert build({"preset": "strict"}).rules["PS004"].severity is Severity.ERROR
    assert build({}, Overrides(preset="strict")).rules["PS004"].severity is Severity.ERROR


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"rules": {"PS999": "off"}}, "unknown rule `PS999`"),
        ({"rules": {"unknwn-field": "off"}}, "did you mean `unknown-field`?"),
        ({"rules": {"PS003": "loud"}}, "must be off, error, warning, info or a mapping"),
        (
            {"rules": {"PS003": {"threshold": 2}}},
            "rule PS003 (unknown-field) has no option `threshold`",
        ),
        ({"ignore": ["PS9"]}, "no rule code starts with `PS9`"),
        ({"select": ["vague-criterium-x"]}, "unknown rule `vague-criterium-x`"),
        ({"presett": "strict"}, "unknown setting `spec.lint.presett`; did you mean `preset`?"),
        ({"preset": "pedantic"}, "unknown preset `pedantic`"),
        ({"fail_on": "never"}, "`fail_on` must be error, warning or info"),
        ({"per_file_ignores": {"*.yaml": "PS003"}}, "must be a list of rule codes or slugs"),
    ],
)
def test_config_errors_name_the_problem(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        build(raw)
    assert message in str(error.value)


def test_merge_sources_later_wins_and_rules_merge_per_rule() -> None:
    merged = merge_sources(
        [
            {"ignore": ["PS2"], "rules": {"PS003": "off", "PS004": "error"}},
            {"ignore": ["PS4"], "rules": {"PS003": "info"}},
        ]
    )
    assert merged == {"ignore": ["PS4"], "rules": {"PS003": "info", "PS004": "error"}}


def test_handbook_config_is_applied(handbook: Callable[..., Path]) -> None:
    root = handbook({"icps/icp.yaml": TYPO_ICP}, config=handbook_config("ignore: [PS003]"))
    assert codes(root) == []


def test_per_file_ignores(handbook: Callable[..., Path]) -> None:
    config = handbook_config('per_file_ignores:\n  "legacy/*.yaml": [unknown-field]')
    root = handbook(
        {
            "legacy/old.yaml": TYPO_ICP.replace("icp-dental-groups", "icp-old"),
            "icps/icp.yaml": TYPO_ICP,
        },
        config=config,
    )
    assert codes(root) == ["icps/icp.yaml:PS003:error"]


def test_pyproject_is_weaker_than_the_handbook(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.profilespec]\nignore = ["PS003"]\nrules = {PS004 = "error"}\n',
            "handbook/profilespec.yaml": handbook_config("rules:\n  PS004: info"),
            "handbook/icps/icp.yaml": TYPO_ICP + "  # profilespec: ignore[PS201]\n",
        },
    )
    (tmp_path / ".git").mkdir()
    assert codes(tmp_path / "handbook") == ["icps/icp.yaml:PS004:info"]


def test_cli_flags_beat_the_files(handbook: Callable[..., Path]) -> None:
    root = handbook({"icps/icp.yaml": TYPO_ICP}, config=handbook_config("ignore: [PS003]"))
    assert codes(root, Overrides(ignore=())) == ["icps/icp.yaml:PS003:error"]
    assert codes(root, Overrides(ignore=(), extend_ignore=("PS0",))) == []


def test_fail_on_controls_the_failure_level(handbook: Callable[..., Path]) -> None:
    stale = TYPO_ICP.replace(
        "  crm_segment: SEG-0042\n", "  priority: 1  # profilespec: ignore[PS003]\n"
    )
    root = handbook({"icps/icp.yaml": stale})
    assert not lint([], cwd=root, today=TODAY).failed  # PS004 is a warning
    assert lint([], cwd=root, today=TODAY, overrides=Overrides(fail_on="warning")).failed


def test_annotation_suppression_and_unused_report(handbook: Callable[..., Path]) -> None:
    annotated = TYPO_ICP.replace(
        "  status: draft\n",
        '  status: draft\n  annotations:\n    profilespec/lint-ignore: "PS003 -- legacy CRM field"\n',
    )
    root = handbook({"icps/icp.yaml": annotated})
    assert codes(root) == []
    clean = annotated.replace("  crm_segment: SEG-0042\n", "")
    (root / "icps" / "icp.yaml").write_text(clean)
    assert codes(root) == ["icps/icp.yaml:PS004:warning"]


def test_suppression_for_a_disabled_rule_is_dormant_not_stale(
    handbook: Callable[..., Path],
) -> None:
    text = TYPO_ICP.replace(
        "  crm_segment: SEG-0042\n", "  priority: 1  # profilespec: ignore[PS003]\n"
    )
    root = handbook({"icps/icp.yaml": text}, config=handbook_config("ignore: [PS003]"))
    assert codes(root) == []


def test_term_edits_from_pyproject_reach_the_prose_rules(tmp_path: Path) -> None:
    # A team that treats "allegedly" as a hedge says so once, in pyproject.toml.
    icp = TYPO_ICP.replace("  crm_segment: SEG-0042\n", "").replace(
        "US dental groups with 5-40 practices running Dentrix",
        "Dental groups that allegedly run Dentrix in the US",
    )
    files = {
        "handbook/profilespec.yaml": handbook_config("select: [PS202]"),
        "handbook/icps/icp.yaml": icp,
    }
    write_tree(tmp_path, files)
    (tmp_path / ".git").mkdir()
    before = codes(tmp_path / "handbook")
    write_tree(
        tmp_path,
        {"pyproject.toml": '[tool.profilespec]\nhedge_terms = {add = ["allegedly"]}\n'},
    )
    after = lint([], cwd=tmp_path / "handbook", today=TODAY).diagnostics
    assert before == []
    assert [d.code for d in after] == ["PS202"]
    assert "allegedly" in after[0].message
