"""``profilespec diff`` against a real git repository with several commits.

The repository holds a copy of the example handbook under ``handbook/`` (so the handbook is
not at the repository root), and each commit makes one kind of change a reviewer cares about.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

MANUFACTURERS = "handbook/icps/icp-midmarket-manufacturers.yaml"
DISTRIBUTORS = "handbook/icps/icp-multi-entity-distributors.yaml"
AUDITOR = "handbook/personas/persona-audit-trail-auditor.yaml"
SKEPTIC = "handbook/personas/persona-integration-skeptic.yaml"


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return completed.stdout


def edit(repo: Path, relative: str, old: str, new: str) -> None:
    path = repo / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("diff-repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "revops@example.com")
    git(root, "config", "user.name", "RevOps")
    shutil.copytree(EXAMPLES, root / "handbook")
    commit(root, "baseline handbook")
    git(root, "tag", "v0")

    edit(
        root, MANUFACTURERS, "employees: {min: 200, max: 2000}", "employees: {min: 200, max: 5000}"
    )
    edit(root, MANUFACTURERS, "priority: 1", "priority: 3")
    commit(root, "widen the manufacturers ICP")
    git(root, "tag", "widened")

    text = (root / MANUFACTURERS).read_text(encoding="utf-8")
    start = text.index("    - id: dq-single-plant")
    end = text.index("  scoring:")
    (root / MANUFACTURERS).write_text(text[:start] + text[end:], encoding="utf-8")
    commit(root, "drop the single-plant disqualifier")
    git(root, "tag", "dq-removed")

    edit(root, DISTRIBUTORS, "status: active", "status: retired")
    commit(root, "retire the distributors ICP")
    git(root, "tag", "retired")

    git(root, "mv", SKEPTIC, "handbook/personas/persona-integration-guardian.yaml")
    edit(
        root,
        "handbook/personas/persona-integration-guardian.yaml",
        "id: persona-integration-skeptic",
        "id: persona-integration-guardian",
    )
    commit(root, "rename the integration persona")
    git(root, "tag", "renamed")

    git(root, "rm", "-q", AUDITOR)
    commit(root, "delete the auditor persona")
    git(root, "tag", "deleted")
    return root


def diff(repo: Path, *args: str) -> str:
    result = run_cli("diff", *args, cwd=repo / "handbook")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_range_widened_and_priority_change_are_risky(repo: Path) -> None:
    out = diff(repo, "v0", "widened")
    assert "ICP icp-midmarket-manufacturers (icps/icp-midmarket-manufacturers.yaml)" in out
    # 200-2,000 is a 10x range, 200-5,000 a 25x range: 150% wider.
    assert "employees 200-2,000 -> 200-5,000 (+150% wider)" in out
    assert "[risky: widened by more than 25%]" in out
    assert "! priority 1 -> 3" in out
    assert out.rstrip().endswith("2 change(s), 2 risky.")


def test_widening_threshold_is_configurable(repo: Path) -> None:
    out = diff(repo, "v0", "widened", "--max-widen", "200")
    assert "- employees 200-2,000 -> 200-5,000 (+150% wider)" in out
    assert "1 risky" in out


def test_removed_disqualifier_is_reported_by_id_and_flagged(repo: Path) -> None:
    out = diff(repo, "widened", "dq-removed")
    assert "disqualifier `dq-single-plant` removed" in out
    assert "removing a disqualifier lets accounts back in" in out
    assert "dq-enterprise-erp" not in out


def test_retiring_an_icp_with_active_personas_names_them(repo: Path) -> None:
    out = diff(repo, "dq-removed", "retired")
    assert "status active -> retired" in out
    assert "retired while active personas still reference it:" in out
    for persona in ("persona-audit-trail-auditor", "persona-cash-guardian-cfo"):
        assert persona in out
    # A draft persona referencing it is not a reason to worry.
    assert "persona-entity-juggler" not in out


def test_renamed_profile_is_one_rename_not_an_add_and_a_remove(repo: Path) -> None:
    out = diff(repo, "retired", "renamed")
    assert "Persona persona-integration-guardian" in out
    assert "renamed from `persona-integration-skeptic`" in out
    assert "moved from personas/persona-integration-skeptic.yaml" in out
    assert "added" not in out
    assert "removed" not in out


def test_deleted_file_is_a_removed_profile(repo: Path) -> None:
    out = diff(repo, "renamed", "deleted")
    assert "Persona persona-audit-trail-auditor (personas/persona-audit-trail-auditor.yaml)" in out
    assert "removed (was active)" in out


def test_json_covers_the_whole_history(repo: Path) -> None:
    payload = json.loads(diff(repo, "v0", "deleted", "--format", "json"))
    by_category: dict[str, set[str]] = {}
    for change in payload["changes"]:
        by_category.setdefault(change["category"], set()).add(change["id"])
    assert by_category["renamed"] == {"persona-integration-guardian"}
    assert by_category["removed"] == {"persona-audit-trail-auditor"}
    assert "added" not in by_category
    assert payload["summary"]["risky"] == sum(change["risky"] for change in payload["changes"])
    assert payload["summary"]["risky"] >= 3


def test_unchanged_versions(repo: Path) -> None:
    out = diff(repo, "deleted", "HEAD")
    assert out == "No changes to profiles between deleted and HEAD.\n"


def test_default_compares_merge_base_with_the_working_tree(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    git(clone, "checkout", "-q", "-b", "feature")
    edit(
        clone,
        "handbook/icps/icp-midmarket-manufacturers.yaml",
        "owner: team:revops",
        "owner: team:sales-ops",
    )
    commit(clone, "hand the ICP to sales ops")
    # Uncommitted work counts too: the default head is the working tree.
    new_persona = clone / "handbook/personas/persona-new.yaml"
    new_persona.write_text(
        (clone / "handbook/personas/persona-integration-guardian.yaml")
        .read_text(encoding="utf-8")
        .replace("id: persona-integration-guardian", "id: persona-new")
        .replace("status: active", "status: draft"),
        encoding="utf-8",
    )
    out = diff(clone)
    assert "(merge-base)" in out
    assert "owner team:revops -> team:sales-ops" in out
    assert "Persona persona-new (personas/persona-new.yaml)" in out
    assert "added (draft)" in out


def test_markdown_is_ready_for_a_pr_comment_and_escapes_user_text(
    repo: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    edit(
        clone,
        "handbook/icps/icp-midmarket-manufacturers.yaml",
        "  disqualifiers:\n",
        "  disqualifiers:\n"
        "    - id: dq-injected\n"
        "      when: {field: offices, op: gt, value: 900}\n"
        "      reason: '<img src=x onerror=alert(1)> | broken table'\n",
    )
    edit(
        clone,
        "handbook/icps/icp-midmarket-manufacturers.yaml",
        "priority: 3",
        "priority: 1",
    )
    edit(
        clone,
        "handbook/icps/icp-midmarket-manufacturers.yaml",
        "owner: team:revops",
        "owner: '@ceo see #1'",
    )
    out = diff(clone, "HEAD", "--format", "markdown")
    assert out.startswith("### Profile changes: `HEAD` → `working tree`")
    assert "> [!WARNING]" in out
    assert "**ICP `icp-midmarket-manufacturers`**" in out
    assert "disqualifier `dq-injected` added" in out
    assert "<img" not in out
    assert "@&#8203;ceo" in out and "@ceo" not in out and "#1" not in out
    # ">" is escaped too; GitHub renders "-&gt;" as "->".
    assert "⚠️ priority 3 -&gt; 1 — _a priority change reorders" in out


def test_fail_on_risky_and_bad_refs(repo: Path) -> None:
    risky = run_cli("diff", "v0", "widened", "--fail-on-risky", cwd=repo / "handbook")
    assert risky.returncode == 1
    calm = run_cli("diff", "deleted", "HEAD", "--fail-on-risky", cwd=repo / "handbook")
    assert calm.returncode == 0
    bad = run_cli("diff", "no-such-ref", cwd=repo / "handbook")
    assert bad.returncode == 2
    assert bad.stderr.startswith("profilespec: error: `no-such-ref` is not a commit")
    assert "Traceback" not in bad.stderr


def test_outside_a_git_repository(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "handbook")
    result = run_cli("diff", "HEAD", cwd=tmp_path / "handbook")
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr and "run `git init`" in result.stderr
    assert "Traceback" not in result.stderr


CARLA = "handbook/personas/persona-close-crunch-controller.yaml"


@pytest.fixture
def clone(repo: Path, tmp_path: Path) -> Path:
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(target)], check=True)
    return target


def test_every_field_is_diffed_in_words_with_risky_changes_flagged(clone: Path) -> None:
    # The changes a pull request makes that a fixed list of fields missed.
    edit(clone, CARLA, "    primary: champion", "    primary: blocker")
    edit(clone, MANUFACTURERS, "tiers: {A: 80, B: 60, C: 40}", "tiers: {A: 50, B: 60, C: 40}")
    edit(clone, MANUFACTURERS, "weights: {industry: 25,", "weights: {industry: 30,")
    edit(clone, MANUFACTURERS, "{amount: 30000,", "{amount: 20000,")
    edit(clone, CARLA, "Close AP in 2 days instead of 6", "Close AP in 3 days instead of 6")
    edit(clone, CARLA, "avoid_terms: [digital transformation, synergy]", "avoid_terms: [synergy]")
    edit(clone, CARLA, "      metric: days_to_close <= 5", "      metric: days_to_close <= 4")
    edit(clone, MANUFACTURERS, "value: [sap-s4hana, oracle-fusion]", "value: [sap-s4hana]")
    edit(clone, MANUFACTURERS, "      exclude: [CA-QC]", "      exclude: []")
    out = diff(clone, "HEAD")
    assert "- buying role champion -> blocker" in out
    assert (
        "! tier A threshold 80 -> 50  [risky: a lower threshold puts more accounts in tier A]"
        in out
    )
    assert "- weight of industry 25 -> 30" in out
    assert "- minimum contract value 30000 -> 20000" in out
    assert '- value proposition changed: "Close AP in 2 days' in out
    assert "- terms to avoid: - digital transformation" in out
    assert (
        '- goal "Close the books within 5 working days of month end": metric '
        '"days_to_close <= 5" -> "days_to_close <= 4"' in out
    )
    assert (
        "- disqualifier `dq-enterprise-erp`: condition "
        '"tech includes any of sap-s4hana, oracle-fusion" -> "tech includes any of sap-s4hana"'
    ) in out
    assert "! regions excluded: - CA-QC  [risky: removing an exclusion" in out
    assert out.rstrip().endswith("9 change(s), 2 risky.")


def test_json_names_each_changed_field_with_its_values(clone: Path) -> None:
    edit(clone, CARLA, "    primary: champion", "    primary: blocker")
    edit(clone, MANUFACTURERS, "tiers: {A: 80, B: 60, C: 40}", "tiers: {A: 80, B: 55, C: 40}")
    payload = json.loads(diff(clone, "HEAD", "--format", "json"))
    fields = {(change["id"], change["field"]): change for change in payload["changes"]}
    role = fields[("persona-close-crunch-controller", "spec.buying_role.primary")]
    assert (role["before"], role["after"], role["risky"]) == ("champion", "blocker", False)
    tier = fields[("icp-midmarket-manufacturers", "spec.scoring.tiers.B")]
    assert (tier["before"], tier["after"], tier["risky"]) == (60, 55, True)


def test_fields_the_diff_has_no_words_for_are_named_by_their_path(clone: Path) -> None:
    # A field added to the spec later (or one the schema rejects) is diffed all the same.
    edit(clone, CARLA, "  messaging:\n", "  messaging:\n    tone: plain\n")
    edit(
        clone,
        CARLA,
        "  tags: [champion, finance]",
        "  tags: [champion, finance]\n  annotations: {crm/segment: mm}",
    )
    out = diff(clone, "HEAD")
    assert "- `messaging.tone` (none) -> plain" in out
    assert "- `annotations.crm/segment` (none) -> mm" in out


def test_prose_items_are_matched_by_id_then_by_what_they_say(clone: Path) -> None:
    # A plain-string criterion that gains an id, and one reworded, are changes to one item.
    edit(
        clone,
        MANUFACTURERS,
        "    - Processes at least 4,000 supplier invoices per month across 3 or more plants",
        "    - id: crit-volume\n"
        "      statement: Processes at least 4,000 supplier invoices per month across 3 or more plants",
    )
    edit(
        clone,
        CARLA,
        "Approve 90% of supplier invoices within 3 days of receipt",
        "Approve 95% of supplier invoices within 3 days of receipt",
    )
    out = diff(clone, "HEAD")
    assert '- criterion "Processes at least 4,000 supplier invoices' in out
    assert "id (none) -> crit-volume" in out
    assert (
        '- goal reworded: "Approve 90% of supplier invoices within 3 days of receipt" -> '
        '"Approve 95% of supplier invoices within 3 days of receipt"'
    ) in out
    assert " added" not in out and " removed" not in out


def test_a_repository_without_commits_gets_a_sentence_not_a_git_error(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "handbook")
    git(tmp_path, "init", "-q")
    result = run_cli("diff", cwd=tmp_path / "handbook")
    assert result.returncode == 2
    assert "has no commits yet" in result.stderr
    assert "git add -A && git commit" in result.stderr
    assert "rev-parse" not in result.stderr and "fatal" not in result.stderr
