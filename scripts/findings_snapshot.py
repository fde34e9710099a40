"""Every finding the linter gives on the documents this repository ships, one line each.

Run it on two versions of profilespec and compare the outputs to see what a change did to
real documents (the example handbook, the rule fixtures, the bad-input corpus, the rules'
documented examples and the YAML shown in README.md and docs/):

    python scripts/findings_snapshot.py > before.txt
    # ... change the code ...
    python scripts/findings_snapshot.py > after.txt
    diff before.txt after.txt

Each line is ``corpus | path:line:col CODE severity | message``; lines are sorted, and the
run is pinned to the test suite's date so that the output does not age.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from profilespec.config import Overrides
from profilespec.engine import lint
from profilespec.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 1)
MINIMAL_HANDBOOK = """\
apiVersion: profilespec/v1
kind: Handbook
metadata:
  id: test-handbook
  title: Test handbook
"""
_YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def _lines(name: str, root: Path, overrides: Overrides | None = None) -> Iterator[str]:
    result = lint([], cwd=root, today=TODAY, overrides=overrides or Overrides())
    for d in result.diagnostics:
        message = " ".join(d.message.split())
        yield f"{name} | {d.path}:{d.line}:{d.column} {d.code} {d.severity.label} | {message}"


def _single(name: str, text: str, work: Path) -> Iterator[str]:
    """Lint ``text`` as the one profile (or the configuration) of a fresh handbook."""
    root = work / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    root.mkdir(parents=True)
    if re.search(r"^kind:\s*Handbook\s*$", text, flags=re.M):
        (root / "profilespec.yaml").write_text(text, encoding="utf-8")
    else:
        (root / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
        (root / "example.yaml").write_text(text, encoding="utf-8")
    yield from _lines(name, root)


def snapshot(work: Path) -> list[str]:
    found: list[str] = []
    found += _lines("profiles", ROOT / "profiles")
    for case in sorted((ROOT / "tests" / "rules").glob("*/*")):
        if not case.is_dir():
            continue
        copy = work / "rules" / case.parent.name / case.name
        shutil.copytree(case, copy, ignore=shutil.ignore_patterns("expected.txt", "args.txt"))
        if not (copy / "profilespec.yaml").exists():
            (copy / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
        overrides = Overrides()
        args = case / "args.txt"
        for arg in args.read_text(encoding="utf-8").split() if args.exists() else []:
            if arg.startswith("--preset="):
                overrides = Overrides(preset=arg.split("=", 1)[1])
        found += _lines(f"rules/{case.parent.name}/{case.name}", copy, overrides)
    for path in sorted((ROOT / "tests" / "bad_inputs").iterdir()):
        root = work / "bad_inputs" / path.stem
        root.mkdir(parents=True)
        (root / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
        shutil.copy(path, root / path.name)
        found += _lines(f"bad_inputs/{path.name}", root)
    for code, rule in all_rules().items():
        for section, text in rule.doc_sections().items():
            for index, block in enumerate(_YAML_BLOCK.findall(text)):
                found += _single(f"rule {code} {section} {index}", block, work / "docs")
    for markdown in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        blocks = _YAML_BLOCK.findall(markdown.read_text(encoding="utf-8"))
        for index, block in enumerate(blocks):
            if "apiVersion:" in block:
                name = f"{markdown.relative_to(ROOT)} {index}"
                found += _single(name, block, work / "markdown")
    return sorted(found)


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        for line in snapshot(Path(work)):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
