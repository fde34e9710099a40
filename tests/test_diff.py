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
    assert bad.stderr.startswith("profilespec: error: git:")
    assert "Traceback" not in bad.stderr


def test_outside_a_git_repository(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "handbook")
    result = run_cli("diff", "HEAD", cwd=tmp_path / "handbook")
    assert result.returncode == 2
    assert "git" in result.stderr
    assert "Traceback" not in result.stderr
