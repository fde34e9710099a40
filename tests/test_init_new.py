"""`profilespec init` and `profilespec new`, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import TODAY, TODAY_ARG, run_cli

SCHEMA_LINE = "# yaml-language-server: $schema="


def _init(directory: Path, *args: str) -> None:
    result = run_cli("init", str(directory), TODAY_ARG, "--name", "Acme Dental", *args)
    assert result.returncode == 0, result.stderr


def _yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())


def test_init_scaffolds_a_handbook_that_lints_clean(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    _init(root)
    created = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert created == {
        ".github/workflows/profilespec.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        "README.md",
        "docs/index.md",
        "mkdocs.yml",
        "profilespec.yaml",
        "profiles/icps/icp-first-segment.yaml",
        "profiles/personas/persona-first-champion.yaml",
        "schema/handbook.v1.json",
        "schema/icp.v1.json",
        "schema/persona.v1.json",
    }
    lint = run_cli("lint", TODAY_ARG, cwd=root)
    assert lint.returncode == 0, lint.stdout
    assert "3 files checked" in lint.stdout
    # The cache the lint run just wrote is not something to commit.
    assert (root / ".profilespec_cache").is_dir()
    assert ".profilespec_cache/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    for profile in (root / "profiles").rglob("*.yaml"):
        assert yaml.safe_load(profile.read_text())["metadata"]["status"] == "draft"
        assert f"last_reviewed: {TODAY.isoformat()}" in profile.read_text()


def test_every_yaml_file_names_its_schema_for_the_editor(tmp_path: Path) -> None:
    _init(tmp_path)
    for path in _yaml_files(tmp_path):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(SCHEMA_LINE), path
        reference = first.removeprefix(SCHEMA_LINE)
        if not reference.startswith("https://"):
            assert (path.parent / reference).is_file(), (path, reference)
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text())
    for schema_file, globs in settings["yaml.schemas"].items():
        assert (tmp_path / schema_file).is_file() and globs


def test_ci_workflow_and_hooks_are_wired(tmp_path: Path) -> None:
    _init(tmp_path)
    workflow = yaml.safe_load((tmp_path / ".github/workflows/profilespec.yml").read_text())
    steps = workflow["jobs"]["handbook"]["steps"]
    commands = " ".join(str(step.get("run", "")) for step in steps)
    uses = [step.get("uses", "") for step in steps]
    assert "--format github" in commands and "--report sarif:profilespec.sarif" in commands
    assert "markdown:$GITHUB_STEP_SUMMARY" in commands
    assert "profilespec diff" in commands and "mkdocs build --strict" in commands
    assert any(use.startswith("github/codeql-action/upload-sarif") for use in uses)
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"][0]["hooks"][0]["id"] == "profilespec"
    mkdocs = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert mkdocs["plugins"][0] == {"profilespec": {"handbook": "."}}


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    _init(tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text("ours\n")
    again = run_cli("init", str(tmp_path), TODAY_ARG)
    assert again.returncode == 2
    assert "already exist" in again.stderr and "--force" in again.stderr
    assert readme.read_text() == "ours\n"
    _init(tmp_path, "--force")
    assert readme.read_text() != "ours\n"


def test_new_writes_a_dated_template_that_lints(tmp_path: Path) -> None:
    _init(tmp_path)
    result = run_cli("new", "icp", "icp-dental-clinics", "--today=2026-12-24", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    created = tmp_path / "profiles/icps/icp-dental-clinics.yaml"
    text = created.read_text(encoding="utf-8")
    assert text.startswith(f"{SCHEMA_LINE}../../schema/icp.v1.json\n")
    document = yaml.safe_load(text)
    assert document["metadata"]["id"] == "icp-dental-clinics"
    assert str(document["metadata"]["created"]) == "2026-12-24"
    assert "#" in text.split("spec:", 1)[1]  # commented, not bare
    persona = run_cli("new", "persona", "persona-front-desk", TODAY_ARG, cwd=tmp_path / "profiles")
    assert persona.returncode == 0, persona.stderr
    written = yaml.safe_load((tmp_path / "profiles/personas/persona-front-desk.yaml").read_text())
    assert written["spec"]["icp_refs"] == ["icp-dental-clinics"]
    assert run_cli("lint", "--today=2026-12-24", cwd=tmp_path).returncode == 0


def test_new_refuses_an_existing_id_a_bad_id_and_a_missing_handbook(tmp_path: Path) -> None:
    _init(tmp_path / "hb")
    hb = tmp_path / "hb"
    clash = run_cli("new", "persona", "icp-first-segment", TODAY_ARG, cwd=hb)
    assert clash.returncode == 2 and "already used in" in clash.stderr
    assert not (hb / "profiles/personas/icp-first-segment.yaml").exists()
    bad = run_cli("new", "icp", "ICP Dental", TODAY_ARG, cwd=hb)
    assert bad.returncode == 2 and "not a valid id" in bad.stderr
    (hb / "profiles/icps/icp-taken.yaml").write_text("# a file someone is still writing\n")
    taken = run_cli("new", "icp", "icp-taken", TODAY_ARG, cwd=hb)
    assert taken.returncode == 2 and "--force" in taken.stderr
    assert run_cli("new", "icp", "icp-taken", TODAY_ARG, "--force", cwd=hb).returncode == 0
    nowhere = run_cli("new", "icp", "icp-x", TODAY_ARG, cwd=tmp_path)
    assert nowhere.returncode == 2 and "profilespec init" in nowhere.stderr
    for result in (clash, bad, taken, nowhere):
        assert "Traceback" not in result.stderr
