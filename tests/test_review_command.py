"""``profilespec review`` through the real CLI: every format, filters, exit codes, and
``--mark-reviewed`` editing files in place."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path

from conftest import TODAY_ARG, run_cli
from profilespec.commands.review import ics_fold
from profilespec.reporters.markdown import escape as markdown_escape

# Only the families these tests are about, so other rules' findings on these deliberately
# thin profiles cannot block --mark-reviewed.
HANDBOOK = """\
apiVersion: profilespec/v1
kind: Handbook
metadata:
  id: dental-handbook
  title: Dental handbook
spec:
  lint:
    select: [PS0, PS1, PS5]
"""


def _icp(ident: str, meta: str, title: str = "Dental groups") -> str:
    return (
        f"apiVersion: profilespec/v1\nkind: ICP\nmetadata:\n  id: {ident}\n  title: {title}\n"
        f"  owner: team:revops\n  status: active\n{meta}spec:\n  summary: x\n"
    )


def _persona(ident: str, meta: str, owner: str = "team:pmm") -> str:
    return (
        f"apiVersion: profilespec/v1\nkind: Persona\nmetadata:\n  id: {ident}\n  title: P\n"
        f"  owner: {owner}\n  status: active\n{meta}spec:\n  icp_refs: [icp-ok]\n"
        "  archetype: Chairside Cho\n"
    )


def _portfolio(handbook: Callable[..., Path]) -> Path:
    # Today is 2026-11-01 (TODAY_ARG).
    return handbook(
        {
            "icps/ok.yaml": _icp(
                "icp-ok", "  last_reviewed: 2026-10-01\n", 'Dental, Vet; "Optometry" \\ groups'
            ),
            "icps/late.yaml": _icp("icp-late", "  last_reviewed: 2025-09-27\n"),
            "icps/never.yaml": _icp("icp-never", ""),
            "personas/soon.yaml": _persona("persona-soon", "  last_reviewed: 2026-08-11\n"),
            "personas/mine.yaml": _persona(
                "persona-mine", "  last_reviewed: 2026-10-20\n", owner="person:ana"
            ),
        },
        config=HANDBOOK,
    )


def test_table_lists_profiles_most_urgent_first(handbook: Callable[..., Path]) -> None:
    root = _portfolio(handbook)
    result = run_cli("review", TODAY_ARG, cwd=root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "state",
        "id",
        "kind",
        "owner",
        "last",
        "reviewed",
        "next",
        "review",
        "due",
        "evidence",
    ]
    ids = [
        line.split()[1] if not line.startswith("due soon") else line.split()[2]
        for line in lines[1:6]
    ]
    assert ids == ["icp-late", "icp-never", "persona-soon", "persona-mine", "icp-ok"]
    assert "218 days overdue" in lines[1]
    assert "no review date" in lines[2]
    assert "due in 9 days" in lines[3]
    assert lines[-1] == "5 profiles on 2026-11-01: 2 ok, 1 due soon, 1 overdue, 1 missing"


def test_owner_filter_and_fail_overdue(handbook: Callable[..., Path]) -> None:
    root = _portfolio(handbook)
    mine = run_cli("review", TODAY_ARG, "--owner", "person:ana", "--fail-overdue", cwd=root)
    assert mine.returncode == 0, mine.stderr
    assert "persona-mine" in mine.stdout and "icp-late" not in mine.stdout
    everyone = run_cli("review", TODAY_ARG, "--fail-overdue", cwd=root)
    assert everyone.returncode == 1
    assert run_cli("review", TODAY_ARG, "--owner", "team:revops", cwd=root).returncode == 0


def test_json_format(handbook: Callable[..., Path]) -> None:
    root = _portfolio(handbook)
    result = run_cli("review", TODAY_ARG, "--format", "json", cwd=root)
    payload = json.loads(result.stdout)
    assert payload["today"] == "2026-11-01"
    assert payload["counts"] == {"ok": 2, "due_soon": 1, "overdue": 1, "missing": 1}
    late = payload["profiles"][0]
    assert late["id"] == "icp-late" and late["state"] == "overdue"
    assert late["next_review"] == "2026-03-28" and late["days_until_due"] == -218
    assert late["path"] == "icps/late.yaml"


def test_markdown_format_and_escaping(handbook: Callable[..., Path]) -> None:
    root = _portfolio(handbook)
    result = run_cli("review", TODAY_ARG, "--format", "markdown", cwd=root)
    lines = result.stdout.splitlines()
    assert lines[0] == "# Profile reviews on 2026-11-01"
    assert lines[2].startswith("| State | Id | Kind | Owner |")
    rows = [line for line in lines if line.startswith("| ") and "icp-" in line]
    assert rows[0].startswith("| overdue | icp-late | ICP | team:revops | 2025-09-27 |")
    assert markdown_escape("a | b <script>*x*</script>\nc") == (
        "a \\| b &lt;script&gt;\\*x\\*&lt;/script&gt; c"
    )


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_is_a_well_formed_calendar_with_stable_uids(handbook: Callable[..., Path]) -> None:
    root = _portfolio(handbook)
    for name in ("first.ics", "second.ics"):
        written = run_cli("review", TODAY_ARG, "--format", "ics", "-o", name, cwd=root)
        assert written.returncode == 0, written.stderr
    first = (root / "first.ics").read_bytes().decode()
    second = (root / "second.ics").read_bytes().decode()
    assert first == second
    assert first.endswith("\r\n") and "\n" not in first.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in first.split("\r\n"))
    lines = _unfold(first)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    events: list[dict[str, str]] = []
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif line != "END:VEVENT" and events:
            name, _, value = line.partition(":")
            events[-1][name] = value
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 4  # icp-never has no date
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"} <= set(event)
    uids = [event["UID"] for event in events]
    assert len(set(uids)) == 4 and "icp-late.review.dental-handbook@profilespec" in uids
    ok = next(event for event in events if event["UID"].startswith("icp-ok."))
    assert ok["SUMMARY"] == 'Review ICP: Dental\\, Vet\\; "Optometry" \\\\ groups (icp-ok)'
    assert ok["DTSTART;VALUE=DATE"] == "20270401"
    assert "\\nFile: icps/ok.yaml\\n" in ok["DESCRIPTION"]


def test_ics_folding_counts_octets() -> None:
    folded = ics_fold("SUMMARY:" + "é" * 60)
    assert all(len(piece.encode()) <= 75 for piece in folded)
    assert "".join(piece.removeprefix(" ") for piece in folded) == "SUMMARY:" + "é" * 60


COMMENTED = (
    "# Persona owned by PMM; keep the quotes verbatim.\n"
    "apiVersion: profilespec/v1\n"
    "kind: Persona\n"
    "metadata:\n"
    "  id: persona-cho   # stable id\n"
    "  title: Chairside Cho\n"
    "  owner: team:pmm\n"
    "  status: active\n"
    "  last_reviewed: 2026-07-01    # quarterly\n"
    "  next_review: '2026-09-30'    # agreed with sales\n"
    "spec:\n"
    "  # linked to the dental ICP\n"
    "  icp_refs: [icp-ok]\n"
    "  archetype: Chairside Cho\n"
)


def test_mark_reviewed_changes_only_the_date_lines(handbook: Callable[..., Path]) -> None:
    root = handbook(
        {
            "icps/ok.yaml": _icp("icp-ok", "  last_reviewed: 2026-10-01\n"),
            "personas/cho.yaml": COMMENTED,
        },
        config=HANDBOOK,
    )
    path = root / "personas/cho.yaml"
    path.write_bytes(COMMENTED.replace("\n", "\r\n").encode())
    result = run_cli("review", TODAY_ARG, "--mark-reviewed", "persona-cho", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "last_reviewed 2026-07-01 -> 2026-11-01" in result.stdout
    after = path.read_bytes().decode()
    assert after.count("\r\n") == COMMENTED.count("\n") and "\n" not in after.replace("\r\n", "")
    diff = [
        line
        for line in difflib.unified_diff(
            COMMENTED.splitlines(), after.splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        "-  last_reviewed: 2026-07-01    # quarterly",
        "-  next_review: '2026-09-30'    # agreed with sales",
        "+  last_reviewed: 2026-11-01    # quarterly",
        "+  next_review: '2027-01-31'    # agreed with sales",
    ]
    for line in COMMENTED.splitlines():
        if "#" in line:
            assert line.split("#", 1)[1] in after
    assert run_cli("review", TODAY_ARG, "--format", "json", cwd=root).returncode == 0


def test_mark_reviewed_adds_a_missing_date_with_a_past_date(
    handbook: Callable[..., Path],
) -> None:
    block = _icp("icp-block", "")
    flow = (
        "apiVersion: profilespec/v1\nkind: ICP\n"
        "metadata: {id: icp-flow, title: F, owner: team:revops, status: draft}\nspec:\n  summary: x\n"
    )
    root = handbook({"icps/block.yaml": block, "icps/flow.yaml": flow}, config=HANDBOOK)
    done = run_cli(
        "review", TODAY_ARG, "--mark-reviewed", "icp-block", "--date", "2026-10-15", cwd=root
    )
    assert done.returncode == 0, done.stderr
    assert (root / "icps/block.yaml").read_text() == block.replace(
        "  status: active\n", "  status: active\n  last_reviewed: 2026-10-15\n"
    )
    assert run_cli("review", TODAY_ARG, "--mark-reviewed", "icp-flow", cwd=root).returncode == 0
    assert (root / "icps/flow.yaml").read_text() == flow.replace(
        "status: draft}", "status: draft, last_reviewed: 2026-11-01}"
    )


def test_mark_reviewed_refuses_bad_input_and_profiles_with_errors(
    handbook: Callable[..., Path],
) -> None:
    broken = _persona("persona-cho", "  last_reviewed: 2026-07-01\n").replace(
        "[icp-ok]", "[icp-okk]"
    )
    root = handbook(
        {
            "icps/ok.yaml": _icp("icp-ok", "  last_reviewed: 2026-10-01\n"),
            "personas/cho.yaml": broken,
        },
        config=HANDBOOK,
    )
    refused = run_cli("review", TODAY_ARG, "--mark-reviewed", "persona-cho", cwd=root)
    assert refused.returncode == 1
    assert "not marking `persona-cho` reviewed" in refused.stderr
    assert "PS102" in refused.stderr and "did you mean `icp-ok`" in refused.stderr
    assert (root / "personas/cho.yaml").read_text() == broken
    unknown = run_cli("review", TODAY_ARG, "--mark-reviewed", "icp-okay", cwd=root)
    assert unknown.returncode == 2 and "did you mean `icp-ok`" in unknown.stderr
    future = run_cli(
        "review", TODAY_ARG, "--mark-reviewed", "icp-ok", "--date", "2026-12-01", cwd=root
    )
    assert future.returncode == 2 and "after today" in future.stderr
    assert "Traceback" not in refused.stderr + unknown.stderr + future.stderr
