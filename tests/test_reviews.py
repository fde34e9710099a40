"""profilespec.reviews: the one review-status computation behind PS501/PS502, the review
command and the site."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TODAY
from profilespec.handbook import load
from profilespec.loader import Document, SourceFile, parse, source_from_bytes
from profilespec.reviews import (
    DateProblem,
    ReviewPolicy,
    ReviewState,
    as_date,
    counts,
    review_status,
    review_statuses,
)

POLICY = ReviewPolicy(cadence_days={"ICP": 182, "Persona": 91}, due_soon_days=21, grace_days=14)


def _document(metadata: str, kind: str = "ICP", spec: str = "  summary: x\n") -> Document:
    text = (
        f"apiVersion: profilespec/v1\nkind: {kind}\nmetadata:\n  id: p\n  title: P\n"
        f"  owner: team:revops\n  status: active\n{metadata}spec:\n{spec}"
    )
    source = source_from_bytes(text.encode(), Path("p.yaml"), "p.yaml")
    assert isinstance(source, SourceFile)
    documents, problems = parse(source)
    assert not problems
    return documents[0]


@pytest.mark.parametrize(
    ("last", "kind", "state", "days"),
    [
        ("2026-10-01", "ICP", ReviewState.OK, 151),
        ("2026-05-24", "ICP", ReviewState.DUE_SOON, 21),
        ("2026-05-25", "ICP", ReviewState.OK, 22),
        ("2026-05-03", "ICP", ReviewState.DUE_SOON, 0),  # due today is not yet overdue
        ("2026-05-02", "ICP", ReviewState.OVERDUE, -1),
        ("2026-08-01", "Persona", ReviewState.OVERDUE, -1),
        ("2026-08-02", "Persona", ReviewState.DUE_SOON, 0),
    ],
)
def test_due_date_is_last_reviewed_plus_the_cadence_of_the_kind(
    last: str, kind: str, state: ReviewState, days: int
) -> None:
    status = review_status(_document(f"  last_reviewed: {last}\n", kind), POLICY, TODAY)
    assert status.state is state
    assert status.days_until_due == days
    assert status.next_review == dt.date.fromisoformat(last) + dt.timedelta(
        days=182 if kind == "ICP" else 91
    )
    assert not status.next_review_written


def test_written_next_review_and_own_cadence_win() -> None:
    written = review_status(
        _document("  last_reviewed: 2026-10-01\n  next_review: 2026-10-20\n"), POLICY, TODAY
    )
    assert written.next_review == dt.date(2026, 10, 20) and written.next_review_written
    assert written.state is ReviewState.OVERDUE and written.days_overdue == 12
    assert written.beyond_grace is False
    assert written.due_field == ("metadata", "next_review")
    own = review_status(
        _document("  last_reviewed: 2026-09-01\n  review_cadence_days: 30\n"), POLICY, TODAY
    )
    assert own.cadence_days == 30 and own.days_overdue == 31 and own.beyond_grace


def test_date_problems() -> None:
    assert review_status(_document(""), POLICY, TODAY).problems == (DateProblem.MISSING,)
    assert review_status(_document(""), POLICY, TODAY).state is ReviewState.MISSING
    future = review_status(_document("  last_reviewed: 2026-11-02\n"), POLICY, TODAY)
    assert future.problems == (DateProblem.FUTURE,)
    inverted = "  last_reviewed: 2026-10-01\n  next_review: 2026-09-30\n"
    assert review_status(_document(inverted), POLICY, TODAY).problems == (
        DateProblem.NEXT_BEFORE_LAST,
    )
    # 1.5 x 182 = 273 days is the longest allowed window.
    edge = "  last_reviewed: 2026-10-01\n  next_review: 2027-07-01\n"
    assert review_status(_document(edge), POLICY, TODAY).problems == ()
    stretched = "  last_reviewed: 2026-10-01\n  next_review: 2027-07-02\n"
    assert review_status(_document(stretched), POLICY, TODAY).problems == (DateProblem.STRETCHED,)


def test_newest_evidence_includes_cited_library_items() -> None:
    spec = (
        "  summary: x\n  pains:\n    - {statement: y, evidence_refs: [ev-lib]}\n"
        "  evidence:\n    - {id: ev-own, type: survey, summary: s, date: 2026-03-01}\n"
    )
    document = _document("  last_reviewed: 2026-10-01\n", spec=spec)
    assert review_status(document, POLICY, TODAY).newest_evidence == dt.date(2026, 3, 1)
    library = {"ev-lib": dt.date(2026, 7, 1), "ev-unused": dt.date(2026, 10, 1)}
    assert review_status(document, POLICY, TODAY, library).newest_evidence == dt.date(2026, 7, 1)


def test_as_date_reads_dates_timestamps_and_text() -> None:
    assert as_date(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert as_date(dt.datetime(2026, 1, 2, 10, 0)) == dt.date(2026, 1, 2)
    assert as_date("2026-01-02") == dt.date(2026, 1, 2)
    assert as_date("soon") is None and as_date(None) is None


def test_policy_from_handbook_settings_and_sorted_statuses(
    handbook: Callable[..., Path],
) -> None:
    def profile(ident: str, kind: str, status: str, last: str) -> str:
        return (
            f"apiVersion: profilespec/v1\nkind: {kind}\nmetadata:\n  id: {ident}\n  title: T\n"
            f"  owner: team:revops\n  status: {status}\n  last_reviewed: {last}\nspec:\n"
            + ("  summary: x\n" if kind == "ICP" else "  icp_refs: [icp-a]\n  archetype: A\n")
        )

    config = (
        "apiVersion: profilespec/v1\nkind: Handbook\nmetadata: {id: h, title: H}\n"
        "spec:\n  review:\n    cadence_days: {Persona: 30}\n    due_soon_days: 5\n"
    )
    root = handbook(
        {
            "icp-a.yaml": profile("icp-a", "ICP", "active", "2026-10-01"),
            "icp-old.yaml": profile("icp-old", "ICP", "retired", "2020-01-01"),
            "p-soon.yaml": profile("p-soon", "Persona", "active", "2026-10-05"),
            "p-late.yaml": profile("p-late", "Persona", "draft", "2026-09-01"),
            "p-later.yaml": profile("p-later", "Persona", "active", "2026-08-01"),
        },
        config=config,
    )
    loaded = load(root, root)
    policy = ReviewPolicy.from_settings(loaded.settings)
    assert policy.cadence_days == {"ICP": 182, "Persona": 30} and policy.due_soon_days == 5
    statuses = review_statuses(loaded, TODAY)
    assert [status.id for status in statuses] == ["p-later", "p-late", "p-soon", "icp-a"]
    assert [status.state.value for status in statuses] == ["overdue", "overdue", "due_soon", "ok"]
    assert counts(statuses) == {"ok": 1, "due_soon": 1, "overdue": 2, "missing": 0}
    assert "icp-old" in {
        status.id for status in review_statuses(loaded, TODAY, include_retired=True)
    }
    assert statuses[0].as_dict()["days_until_due"] == -62
