"""Cross-file checks stay sub-quadratic without changing what they find.

PS303 compares ICPs pairwise; a sort-and-sweep on headcount skips pairs whose ranges cannot
overlap. Here a portfolio of 400 active ICPs (size bands that touch, nest, are disjoint or
absent; shared and separate industries) must give exactly the findings of comparing every
pair. No timing is asserted: the benchmark measures speed.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from conftest import MINIMAL_HANDBOOK, TODAY, write_tree
from profilespec import engine
from profilespec.rules import consistency

ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-{number}
  title: ICP {number}
  owner: team:revops
  status: active
spec:
  summary: US dental groups with 5-40 practices running Dentrix
  firmographics:
{employees}    industries: {{include: [{{naics: "{naics}", name: Industry}}]}}
    regions: {{include: [US]}}
"""


def _portfolio(root: Path, count: int) -> None:
    chooser = random.Random(20261101)
    files = {"profilespec.yaml": MINIMAL_HANDBOOK}
    for number in range(count):
        low = chooser.choice([10, 50, 100, 200, 500, 1000, 5000]) + chooser.randrange(0, 40)
        high = low + chooser.choice([0, 9, 40, 400, 4000])
        employees = "" if number % 97 == 0 else f"    employees: {{min: {low}, max: {high}}}\n"
        naics = chooser.choice(["621210", "6212", "332", "332710", "423"])
        files[f"icps/icp-{number}.yaml"] = ICP.format(
            number=number, employees=employees, naics=naics
        )
    write_tree(root, files)


def _overlaps(root: Path) -> list[tuple[str, int, str]]:
    result = engine.lint(cwd=root, today=TODAY, overrides=engine.Overrides(select=("PS303",)))
    return [(d.path, d.line, d.message) for d in result.diagnostics]


def test_overlap_sweep_finds_exactly_what_every_pair_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _portfolio(tmp_path, 400)
    swept = _overlaps(tmp_path)
    assert swept, "the portfolio should contain overlapping ICPs"
    monkeypatch.setattr(
        consistency,
        "_candidate_pairs",
        lambda icps, threshold: list(itertools.combinations(icps, 2)),
    )
    assert _overlaps(tmp_path) == swept
