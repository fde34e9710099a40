"""``profilespec review``: which profiles are due for review, and marking one as reviewed.

The listing reads ``profilespec.reviews`` (the same computation as PS501/PS502). Marking a
profile reviewed rewrites only the date values in place: the file's comments, quoting, key
order, layout and line endings stay exactly as they were.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import difflib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from profilespec.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from profilespec.commands import add_handbook_option, handbook_root
from profilespec.commands.lint import parse_date
from profilespec.diagnostics import Severity, Span

if TYPE_CHECKING:
    from profilespec.handbook import Handbook
    from profilespec.loader import Document
    from profilespec.reviews import ReviewStatus

FORMATS = ("table", "markdown", "json", "ics")


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    parser.add_argument(
        "--owner",
        action="append",
        default=[],
        metavar="OWNER",
        help="only profiles with this `metadata.owner` (e.g. team:revops); repeatable",
    )
    parser.add_argument(
        "--today", type=parse_date, metavar="YYYY-MM-DD", help="date to compute due dates against"
    )
    parser.add_argument(
        "--fail-overdue",
        action="store_true",
        help="exit 1 when a listed profile is overdue or active without a review date",
    )
    parser.add_argument(
        "--mark-reviewed",
        metavar="ID",
        help="record that profile ID was reviewed: update `last_reviewed` (and `next_review` "
        "when it is written) in place",
    )
    parser.add_argument(
        "--date",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="with --mark-reviewed: the review date (default: today)",
    )
    add_handbook_option(parser)


def run(args: argparse.Namespace) -> int:
    root = handbook_root(args.handbook)
    if args.date is not None and args.mark_reviewed is None:
        raise UsageError("--date only makes sense with --mark-reviewed ID")
    if args.mark_reviewed is not None:
        return _mark_reviewed(root, args.mark_reviewed, args.date, args.today)
    return _report(root, args)


# --- the report ------------------------------------------------------------------------------


def _report(root: Path, args: argparse.Namespace) -> int:
    from profilespec import reviews
    from profilespec.handbook import load

    handbook = load(root, Path.cwd())
    today = handbook.today(args.today)
    statuses = reviews.review_statuses(handbook, today)
    if args.owner:
        wanted = {owner.casefold() for owner in args.owner}
        statuses = [status for status in statuses if status.owner.casefold() in wanted]
    text = RENDERERS[args.format](statuses, handbook, today)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    failing = [
        status
        for status in statuses
        if status.state is reviews.ReviewState.OVERDUE
        or (status.state is reviews.ReviewState.MISSING and status.status == "active")
    ]
    return EXIT_FINDINGS if args.fail_overdue and failing else EXIT_OK


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "-"


def _row(status: ReviewStatus) -> list[str]:
    return [
        status.state.label,
        status.id,
        status.kind,
        status.owner,
        _date(status.last_reviewed),
        _date(status.next_review),
        status.due_phrase(),
        _date(status.newest_evidence),
    ]


HEADERS = ["state", "id", "kind", "owner", "last reviewed", "next review", "due", "evidence"]


def render_table(statuses: Sequence[ReviewStatus], handbook: Handbook, today: dt.date) -> str:
    from profilespec.reporters import clean

    if not statuses:
        return f"No profiles to review (today is {today}).\n"
    rows = [HEADERS, *([clean(cell) for cell in _row(status)] for status in statuses)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADERS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n" + _summary(statuses, today) + "\n"


def _summary(statuses: Sequence[ReviewStatus], today: dt.date) -> str:
    from profilespec.reviews import counts

    totals = counts(statuses)
    parts = [f"{count} {state.replace('_', ' ')}" for state, count in totals.items() if count]
    return f"{len(statuses)} profiles on {today}: " + ", ".join(parts)


def render_markdown(statuses: Sequence[ReviewStatus], handbook: Handbook, today: dt.date) -> str:
    from profilespec.reporters.markdown import escape

    lines = [
        f"# Profile reviews on {today}",
        "",
        "| " + " | ".join(header.capitalize() for header in HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    for status in statuses:
        lines.append("| " + " | ".join(escape(cell) for cell in _row(status)) + " |")
    lines += [
        "",
        escape(_summary(statuses, today)) if statuses else "No profiles to review.",
    ]
    return "\n".join(lines) + "\n"


def render_json(statuses: Sequence[ReviewStatus], handbook: Handbook, today: dt.date) -> str:
    from profilespec.reviews import counts

    payload = {
        "today": today.isoformat(),
        "counts": counts(statuses),
        "profiles": [status.as_dict() for status in statuses],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def ics_escape(text: str) -> str:
    """RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets (RFC 5545 section 3.1)."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # Continuation lines start with a space, which counts towards their 75 octets.
            current, size, limit = "", 0, 74
        current += char
        size += width
    pieces.append(current)
    return [pieces[0], *(" " + piece for piece in pieces[1:])]


def render_ics(statuses: Sequence[ReviewStatus], handbook: Handbook, today: dt.date) -> str:
    handbook_id = (
        handbook.config.id if handbook.config is not None and handbook.config.id else "handbook"
    )
    title = handbook.config.metadata.get("title") if handbook.config is not None else None
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//profilespec//review calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(f'{title or handbook_id} reviews')}",
    ]
    stamp = today.strftime("%Y%m%d") + "T000000Z"
    for status in statuses:
        if status.next_review is None:
            continue
        description = (
            f"Owner: {status.owner}\nLast reviewed: {_date(status.last_reviewed)}\n"
            f"File: {status.path}\nWhen done, run: profilespec review --mark-reviewed {status.id}"
        )
        lines += [
            "BEGIN:VEVENT",
            # One UID per profile, so a calendar moves the event when the due date changes.
            f"UID:{ics_escape(f'{status.id}.review.{handbook_id}@profilespec')}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{status.next_review.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(status.next_review + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{ics_escape(f'Review {status.kind}: {status.title} ({status.id})')}",
            f"DESCRIPTION:{ics_escape(description)}",
            f"CATEGORIES:profilespec,{ics_escape(status.kind)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in ics_fold(line))


RENDERERS: dict[str, Callable[[Sequence[ReviewStatus], Handbook, dt.date], str]] = {
    "table": render_table,
    "markdown": render_markdown,
    "json": render_json,
    "ics": render_ics,
}


# --- marking a profile reviewed --------------------------------------------------------------


def _mark_reviewed(
    root: Path, ident: str, review_date: dt.date | None, today_override: dt.date | None
) -> int:
    from profilespec.engine import lint
    from profilespec.reviews import ReviewPolicy

    outcome = lint([str(root)], cwd=Path.cwd(), today=today_override)
    handbook = outcome.handbooks[0]
    today = handbook.today(today_override)
    document = _find(handbook, ident)
    date = review_date or today
    if date > today:
        raise UsageError(
            f"--date {date} is after today ({today}); a review cannot be recorded ahead"
        )
    blocking = [
        diagnostic
        for diagnostic in outcome.diagnostics
        if diagnostic.path == document.path
        and diagnostic.severity is Severity.ERROR
        # Review-date findings are what this command fixes, so they do not block it.
        and not diagnostic.code.startswith("PS5")
    ]
    if blocking:
        print(
            f"profilespec: not marking `{ident}` reviewed: {document.path} has "
            f"{len(blocking)} lint error{'s' if len(blocking) != 1 else ''}; fix "
            f"{'them' if len(blocking) != 1 else 'it'} first, then mark the review:",
            file=sys.stderr,
        )
        for diagnostic in blocking:
            print(
                f"  {diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
                f"[{diagnostic.rule}] {diagnostic.message}",
                file=sys.stderr,
            )
        return EXIT_FINDINGS
    cadence = ReviewPolicy.from_settings(handbook.settings).cadence_for(document)
    changes = update_review_dates(document.source.path, document.index, date, cadence)
    print(f"Marked `{ident}` reviewed on {date} in {document.path}: {'; '.join(changes)}.")
    return EXIT_OK


def _find(handbook: Handbook, ident: str) -> Document:
    matches = handbook.by_id().get(ident, [])
    if not matches:
        close = difflib.get_close_matches(ident, list(handbook.by_id()), n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise UsageError(f"no profile with id `{ident}` in this handbook{hint}")
    if len(matches) > 1:
        places = ", ".join(document.path for document in matches)
        raise UsageError(f"id `{ident}` is used by several profiles ({places}); fix PS101 first")
    return matches[0]


class _EditError(UsageError):
    """The file cannot be edited safely; nothing was written."""


def update_review_dates(path: Path, index: int, date: dt.date, cadence: int) -> list[str]:
    """Set ``last_reviewed`` (and a written ``next_review``) of document ``index`` in ``path``.

    Only the date values change (or one ``last_reviewed`` line is added when it was missing);
    the result is re-parsed and compared with the intended data before it is written.
    Returns a description of each change.
    """
    from profilespec.atomic import write_atomic
    from profilespec.reviews import as_date

    raw = path.read_bytes()
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise _EditError(f"{path}: only UTF-8 files can be edited in place") from None
    document = _document_at(text, path, index)
    metadata = document.metadata
    edits: list[tuple[int, int, str]] = []
    changes: list[str] = []
    new_next = date + dt.timedelta(days=cadence)
    if "last_reviewed" in metadata:
        edits.append(_replace_scalar(text, document.locate(("metadata", "last_reviewed")), date))
        changes.append(f"last_reviewed {_date(as_date(metadata['last_reviewed']))} -> {date}")
    else:
        edits.append(_insert_key(text, document, f"last_reviewed: {date}"))
        changes.append(f"last_reviewed added ({date})")
    if "next_review" in metadata:
        edits.append(_replace_scalar(text, document.locate(("metadata", "next_review")), new_next))
        changes.append(f"next_review {_date(as_date(metadata['next_review']))} -> {new_next}")
    new_text = text
    for start, end, replacement in sorted(edits, reverse=True):
        new_text = new_text[:start] + replacement + new_text[end:]
    expected = dict(document.data)
    expected["metadata"] = {**metadata, "last_reviewed": _like(metadata.get("last_reviewed"), date)}
    if "next_review" in metadata:
        expected["metadata"]["next_review"] = _like(metadata["next_review"], new_next)
    try:
        reparsed = _document_at(new_text, path, index).data
    except _EditError:
        reparsed = None
    if reparsed != expected:
        raise _EditError(
            f"{path}: could not update the review dates without touching anything else; "
            "edit `metadata.last_reviewed` by hand"
        )
    write_atomic(path, bom + new_text.encode("utf-8"))
    return changes


def _like(old: object, date: dt.date) -> object:
    """The value a rewritten date reads back as: quoted dates stay text."""
    return date.isoformat() if isinstance(old, str) else date


def _document_at(text: str, path: Path, index: int) -> Document:
    from profilespec.diagnostics import Diagnostic
    from profilespec.loader import parse, source_from_bytes

    source = source_from_bytes(text.encode("utf-8"), path, str(path))
    if isinstance(source, Diagnostic):
        raise _EditError(f"{path}: {source.message}")
    documents, problems = parse(source)
    if problems or len(documents) <= index:
        raise _EditError(f"{path} does not parse cleanly; fix it first (`profilespec lint`)")
    return documents[index]


def _offsets(text: str) -> list[int]:
    """Character offset where each (1-based) line starts; index 0 is unused."""
    starts = [0, 0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _replace_scalar(text: str, span: Span, date: dt.date) -> tuple[int, int, str]:
    starts = _offsets(text)
    start = starts[span.line] + span.column - 1
    end = starts[span.end_line or span.line] + (span.end_column or span.column) - 1
    token = text[start:end]
    quote = token[0] if token[:1] in ("'", '"') else ""
    return start, end, f"{quote}{date.isoformat()}{quote}"


def _insert_key(text: str, document: Document, entry: str) -> tuple[int, int, str]:
    starts = _offsets(text)
    mapping = document.locate(("metadata",))
    start = starts[mapping.line] + mapping.column - 1
    if text[start : start + 1] == "{":
        end = starts[mapping.end_line or mapping.line] + (mapping.end_column or 1) - 2
        return end, end, f", {entry}"
    anchor_key = "status" if "status" in document.metadata else next(iter(document.metadata))
    key_span = document.locate(("metadata", anchor_key), key=True)
    value_span = document.locate(("metadata", anchor_key))
    line_text = text.splitlines(keepends=True)[(value_span.end_line or value_span.line) - 1]
    ending = line_text[len(line_text.rstrip("\r\n")) :] or "\n"
    insert_at = starts[(value_span.end_line or value_span.line) + 1]
    return insert_at, insert_at, " " * (key_span.column - 1) + entry + ending


__all__ = [
    "FORMATS",
    "RENDERERS",
    "configure",
    "ics_escape",
    "ics_fold",
    "run",
    "update_review_dates",
]
