"""``profilespec matrix`` and the matrix it shares with the site: roles, gaps, formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli
from profilespec import matrix
from profilespec.handbook import load

CONFIG = """\
apiVersion: profilespec/v1
kind: Handbook
metadata: {id: hb, title: Test handbook}
spec:
  rules: {required_buying_roles: [economic_buyer, champion]}
"""


def _icp(icp_id: str, priority: int, status: str = "active", title: str = "") -> str:
    return f"""\
apiVersion: profilespec/v1
kind: ICP
metadata: {{id: {icp_id}, title: "{title or icp_id}", owner: team:revops, status: {status}}}
spec: {{priority: {priority}, summary: Dental groups in Ohio with 5-20 practices}}
"""


def _persona(
    persona_id: str, refs: str, primary: str, secondary: str = "", status: str = "active"
) -> str:
    return f"""\
apiVersion: profilespec/v1
kind: Persona
metadata: {{id: {persona_id}, title: {persona_id}, owner: team:pmm, status: {status}}}
spec:
  icp_refs: [{refs}]
  archetype: Archetype {persona_id}
  buying_role: {{primary: {primary}, secondary: [{secondary}]}}
"""


FILES = {
    # priority 2 written first: rows must still come out by priority
    "icps/b.yaml": _icp("icp-b", 2),
    "icps/a.yaml": _icp("icp-a", 1, title='=HYPERLINK(\\"http://x\\")'),
    "icps/old.yaml": _icp("icp-old", 3, status="retired"),
    "personas/cfo.yaml": _persona("persona-cfo", "icp-a, icp-b", "economic_buyer", "champion"),
    "personas/ctl.yaml": _persona("persona-ctl", "icp-a", "champion", "user"),
    "personas/sec.yaml": _persona("persona-sec", "icp-b", "blocker", "legal"),
    "personas/gone.yaml": _persona("persona-gone", "icp-a", "technical_buyer", status="retired"),
}


def test_cells_gaps_and_order(handbook: Callable[..., Path]) -> None:
    root = handbook(FILES, config=CONFIG)
    built = matrix.build(load(root, root))
    assert [row.icp_id for row in built.rows] == ["icp-a", "icp-b"]  # retired ICP left out
    # the six core roles, plus `legal` because a persona plays it
    assert built.roles == (*matrix.CORE_ROLES, "legal")
    a, b = built.rows
    assert [(m.persona_id, m.primary) for m in a.cells["champion"]] == [
        ("persona-ctl", True),
        ("persona-cfo", False),
    ]
    assert a.cells["technical_buyer"] == ()  # its only persona is retired
    assert set(a.gaps()) == {"technical_buyer", "blocker", "influencer", "legal"}
    assert set(b.gaps()) == {"technical_buyer", "user", "influencer"}
    assert built.required == {"economic_buyer", "champion"}


def test_markdown_marks_gaps_and_required_roles(
    handbook: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = handbook({**FILES, "personas/ctl.yaml": ""}, config=CONFIG)
    text = matrix.to_markdown(matrix.build(load(root, root)))
    header = text.splitlines()[0]
    assert "Economic buyer (required)" in header and "Champion (required)" in header
    icp_b = next(line for line in text.splitlines() if line.startswith("| icp\\-b"))
    cells = [cell.strip() for cell in icp_b.strip("|").split("|")]
    assert cells[1] == "Archetype persona\\-cfo"
    assert cells[3] == "Archetype persona\\-cfo (secondary)"  # champion covered, not a gap
    assert cells[2] == '<span class="ps-gap">*gap*</span>'
    empty = tmp_path_factory.mktemp("empty")
    (empty / "profilespec.yaml").write_text(CONFIG, encoding="utf-8")
    assert "No active or draft ICPs" in matrix.to_markdown(matrix.build(load(empty, empty)))


def test_cli_formats(handbook: Callable[..., Path]) -> None:
    root = handbook(FILES, config=CONFIG)
    as_csv = run_cli("matrix", "--format", "csv", cwd=root)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [row["icp_id"] for row in rows] == ["icp-a", "icp-b"]
    assert rows[0]["icp_title"].startswith("'=HYPERLINK")  # never a live spreadsheet formula
    assert rows[0]["champion"] == "persona-ctl; persona-cfo (secondary)"
    assert rows[0]["technical_buyer"] == matrix.GAP
    as_json = run_cli("matrix", str(root), "--format", "json")
    data = json.loads(as_json.stdout)
    assert data["icps"][1]["cells"]["blocker"] == [
        {
            "id": "persona-sec",
            "archetype": "Archetype persona-sec",
            "primary": True,
            "role": "blocker",
            "draft": False,
        }
    ]
    assert data["icps"][1]["gaps"] == ["technical_buyer", "user", "influencer"]
    out = root / "matrix.md"
    written = run_cli("matrix", "-o", str(out), cwd=root / "icps")
    assert written.returncode == 0 and written.stdout == ""
    assert "| ICP | Economic buyer (required)" in out.read_text(encoding="utf-8")


def test_cli_without_a_handbook_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("matrix", cwd=tmp_path)
    assert result.returncode == 2
    assert "no profilespec.yaml in" in result.stderr and "profilespec init" in result.stderr
    assert "Traceback" not in result.stderr


def test_roles_count_by_seat_as_in_ps208(handbook: Callable[..., Path]) -> None:
    """A decision maker fills the economic buyer's seat in the matrix and for PS208 alike."""
    from conftest import TODAY
    from profilespec.engine import lint

    files = {
        "icps/a.yaml": _icp("icp-a", 1),
        "icps/b.yaml": _icp("icp-b", 2),
        "personas/dm.yaml": _persona("persona-dm", "icp-a", "decision_maker", "initiator"),
        "personas/gk.yaml": _persona("persona-gk", "icp-a, icp-b", "champion", "gatekeeper"),
        "personas/new.yaml": _persona("persona-new", "icp-b", "economic_buyer", status="draft"),
    }
    config = CONFIG.replace("[economic_buyer, champion]", "[decision_maker, champion]")
    root = handbook(files, config=config)
    built = matrix.build(load(root, root))
    assert built.required == {"economic_buyer", "champion"}
    assert "decision_maker" not in built.roles and {"initiator", "gatekeeper"} <= set(built.roles)
    a, b = built.rows
    assert [(m.persona_id, m.role) for m in a.cells["economic_buyer"]] == [
        ("persona-dm", "decision_maker")
    ]
    assert [(m.persona_id, m.draft) for m in b.cells["economic_buyer"]] == [("persona-new", True)]
    text = matrix.to_markdown(built)
    assert "Archetype persona\\-dm (as decision maker)" in text
    assert "Archetype persona\\-new (draft)" in text
    # PS208 reports exactly the required seats that no active persona fills.
    gaps = {
        (row.icp_id, seat)
        for row in built.rows
        for seat in built.required
        if not [m for m in row.cells[seat] if not m.draft]
    }
    found = [d for d in lint([], cwd=root, today=TODAY).diagnostics if d.code == "PS208"]
    assert {("icp-b", "economic_buyer")} == gaps
    assert [(d.path, d.data["missing"]) for d in found] == [("icps/b.yaml", ["decision_maker"])]
    assert "decision maker" in found[0].message


def test_one_table_of_buying_roles_for_the_spec_the_rules_and_the_readme() -> None:
    import typing

    from conftest import ROOT
    from profilespec import buying_roles
    from profilespec.model import BuyingRole

    assert sorted(role.name for role in buying_roles.ROLES) == sorted(typing.get_args(BuyingRole))
    assert all(buying_roles.seat(role.seat) == role.seat for role in buying_roles.ROLES)
    assert buying_roles.table() in (ROOT / "README.md").read_text(encoding="utf-8")
