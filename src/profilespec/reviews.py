"""When each profile was last reviewed, when its next review is due, and how urgent that is.

One computation shared by the PS501/PS502 lint rules, ``profilespec review`` and the handbook
site's review dashboard and badges, so that a profile is "overdue" in exactly one sense
everywhere. Plain data in, plain data out: no pydantic, no printing, no clock (callers pass
``today``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from profilespec.loader import DataPath, iter_paths

if TYPE_CHECKING:
    from profilespec.handbook import Handbook
    from profilespec.loader import Document

# A written next_review later than last_reviewed + cadence * this factor stretches the window.
STRETCH_FACTOR = 1.5


class ReviewState(enum.Enum):
    """How a profile stands against its review schedule."""

    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class DateProblem(enum.Enum):
    """Review dates that cannot be right, whatever today is (PS501's sub-cases)."""

    MISSING = "missing"  # no last_reviewed
    FUTURE = "future"  # last_reviewed after today
    NEXT_BEFORE_LAST = "next_before_last"  # next_review earlier than last_reviewed
    STRETCHED = "stretched"  # next_review far beyond last_reviewed + cadence


# Most urgent first: overdue, never reviewed, due soon, fine.
_URGENCY = {
    ReviewState.OVERDUE: 0,
    ReviewState.MISSING: 1,
    ReviewState.DUE_SOON: 2,
    ReviewState.OK: 3,
}


@dataclass(frozen=True)
class ReviewPolicy:
    """The handbook's review settings (``spec.review``), with the schema defaults applied."""

    cadence_days: Mapping[str, int]
    due_soon_days: int = 21
    grace_days: int = 14

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ReviewPolicy:
        review = settings.get("review")
        review = review if isinstance(review, Mapping) else {}
        cadence = review.get("cadence_days")
        cadence = cadence if isinstance(cadence, Mapping) else {}
        return cls(
            cadence_days={
                kind: days for kind, days in cadence.items() if isinstance(days, int) and days > 0
            },
            due_soon_days=_whole(review.get("due_soon_days"), 21),
            grace_days=_whole(review.get("grace_days"), 14),
        )

    def cadence_for(self, document: Document) -> int:
        """Days between reviews: the profile's own override, else the handbook's for its kind."""
        own = document.metadata.get("review_cadence_days")
        if isinstance(own, int) and not isinstance(own, bool) and own > 0:
            return own
        return self.cadence_days.get(document.kind or "", 182 if document.kind == "ICP" else 91)


@dataclass(frozen=True)
class ReviewStatus:
    """The review state of one profile on one day."""

    document: Document
    today: dt.date
    cadence_days: int
    last_reviewed: dt.date | None
    # The date the review is due: as written, or last_reviewed + cadence.
    next_review: dt.date | None
    next_review_written: bool
    state: ReviewState
    newest_evidence: dt.date | None
    problems: tuple[DateProblem, ...]
    grace_days: int

    @property
    def id(self) -> str:
        return self.document.id or ""

    @property
    def kind(self) -> str:
        return self.document.kind or ""

    @property
    def title(self) -> str:
        title = self.document.metadata.get("title")
        return title if isinstance(title, str) else self.id

    @property
    def owner(self) -> str:
        owner = self.document.metadata.get("owner")
        return owner if isinstance(owner, str) else ""

    @property
    def status(self) -> str:
        return self.document.status or ""

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def days_until_due(self) -> int | None:
        """Days from today to the due date; negative when overdue, None when unknown."""
        return None if self.next_review is None else (self.next_review - self.today).days

    @property
    def days_overdue(self) -> int:
        days = self.days_until_due
        return -days if days is not None and days < 0 else 0

    @property
    def beyond_grace(self) -> bool:
        """Overdue for longer than the handbook tolerates (PS502 escalates to an error)."""
        return self.days_overdue > self.grace_days

    @property
    def due_field(self) -> DataPath:
        """Where the due date comes from in the file, for pointing at it."""
        if self.next_review_written:
            return ("metadata", "next_review")
        if self.last_reviewed is not None:
            return ("metadata", "last_reviewed")
        return ("metadata",)

    def urgency(self) -> tuple[int, int, str]:
        """Sort key: most urgent first, then soonest due, then id."""
        days = self.days_until_due
        return (_URGENCY[self.state], days if days is not None else 0, self.id)

    def due_phrase(self) -> str:
        """``3 days overdue``, ``due today``, ``due in 12 days`` or ``no review date``."""
        days = self.days_until_due
        if days is None:
            return "no review date"
        if days < 0:
            return f"{-days} day{'s' if days != -1 else ''} overdue"
        if days == 0:
            return "due today"
        return f"due in {days} day{'s' if days != 1 else ''}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, shared by ``profilespec review --format json`` and the site."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "owner": self.owner,
            "status": self.status,
            "path": self.path,
            "state": self.state.value,
            "last_reviewed": _iso(self.last_reviewed),
            "next_review": _iso(self.next_review),
            "next_review_written": self.next_review_written,
            "cadence_days": self.cadence_days,
            "days_until_due": self.days_until_due,
            "newest_evidence": _iso(self.newest_evidence),
            "problems": [problem.value for problem in self.problems],
        }


def as_date(value: Any) -> dt.date | None:
    """A date written in YAML (a date, a timestamp, or ISO text), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def review_status(
    document: Document,
    policy: ReviewPolicy,
    today: dt.date,
    library: Mapping[str, dt.date] | None = None,
) -> ReviewStatus:
    """The review state of ``document`` on ``today``.

    ``library`` maps handbook-wide evidence ids to their dates, so evidence a profile cites
    from ``profilespec.yaml`` counts towards its newest evidence.
    """
    metadata = document.metadata
    cadence = policy.cadence_for(document)
    last = as_date(metadata.get("last_reviewed"))
    written_next = as_date(metadata.get("next_review"))
    due = written_next or (last + dt.timedelta(days=cadence) if last is not None else None)
    problems: list[DateProblem] = []
    if last is None:
        problems.append(DateProblem.MISSING)
    else:
        if last > today:
            problems.append(DateProblem.FUTURE)
        if written_next is not None and written_next < last:
            problems.append(DateProblem.NEXT_BEFORE_LAST)
        elif written_next is not None and (written_next - last).days > cadence * STRETCH_FACTOR:
            problems.append(DateProblem.STRETCHED)
    if due is None:
        state = ReviewState.MISSING
    elif today > due:
        state = ReviewState.OVERDUE
    elif (due - today).days <= policy.due_soon_days:
        state = ReviewState.DUE_SOON
    else:
        state = ReviewState.OK
    return ReviewStatus(
        document=document,
        today=today,
        cadence_days=cadence,
        last_reviewed=last,
        next_review=due,
        next_review_written=written_next is not None,
        state=state,
        newest_evidence=newest_evidence(document, library or {}),
        problems=tuple(problems),
        grace_days=policy.grace_days,
    )


def newest_evidence(document: Document, library: Mapping[str, dt.date]) -> dt.date | None:
    """The latest date among the profile's own evidence and the library evidence it cites."""
    spec = document.spec
    evidence = spec.get("evidence")
    own: Iterable[Any] = ()
    if isinstance(evidence, dict):
        own = evidence.values()
    elif isinstance(evidence, list):
        own = evidence
    dates = [
        found
        for item in own
        if isinstance(item, dict) and (found := as_date(item.get("date"))) is not None
    ]
    if library:  # citations only add library dates: without a library there is nothing to walk
        for path, value in iter_paths(spec):
            is_own_item = path[:1] == ("evidence",) and len(path) == 2 and isinstance(value, dict)
            if path and path[-1] in ("evidence_ref", "evidence_refs") and not is_own_item:
                cited = value if isinstance(value, list) else [value]
                dates.extend(
                    library[ref] for ref in cited if isinstance(ref, str) and ref in library
                )
    return max(dates, default=None)


def library_dates(settings: Mapping[str, Any]) -> dict[str, dt.date]:
    """Evidence id -> date for the handbook-wide evidence library."""
    found: dict[str, dt.date] = {}
    items = settings.get("evidence")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            date = as_date(item.get("date"))
            if date is not None:
                found[item["id"]] = date
    return found


def review_statuses(
    handbook: Handbook, today: dt.date, *, include_retired: bool = False
) -> list[ReviewStatus]:
    """Every schema-valid profile's review state, most urgent first.

    Retired profiles are never due for review, so they are left out unless asked for.
    """
    policy = ReviewPolicy.from_settings(handbook.settings)
    library = library_dates(handbook.settings)
    statuses = [
        review_status(document, policy, today, library)
        for document in handbook.profiles()
        if include_retired or document.status != "retired"
    ]
    return sorted(statuses, key=ReviewStatus.urgency)


def counts(statuses: Iterable[ReviewStatus]) -> dict[str, int]:
    """How many profiles are in each state, every state present (for summaries and badges)."""
    totals = {state.value: 0 for state in ReviewState}
    for status in statuses:
        totals[status.state.value] += 1
    return totals


def _whole(value: Any, default: int) -> int:
    return (
        value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default
    )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


__all__ = [
    "DateProblem",
    "ReviewPolicy",
    "ReviewState",
    "ReviewStatus",
    "as_date",
    "counts",
    "library_dates",
    "newest_evidence",
    "review_status",
    "review_statuses",
]
