"""The review timeline: one row per profile from its last review to its next, today marked.

Rows come in the order given (the dashboard's: most urgent first). An overdue profile's bar
runs on past its due date to today in the warning colour; a profile never reviewed has no
bar, only a marker at today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from profilespec.reviews import ReviewState, ReviewStatus
from profilespec.site.charts import marks
from profilespec.site.charts.geometry import DateScale, date_domain
from profilespec.site.charts.svg import (
    Element,
    Figure,
    Link,
    Table,
    el,
    fit,
    link,
    svg_root,
    text_width,
    titled,
)

WIDTH = 760
_LABEL = 220
_RIGHT = 16
_TOP = 24
_ROW = 24
_COLOURS = {
    ReviewState.OK: marks.OK,
    ReviewState.DUE_SOON: marks.SOON,
    ReviewState.OVERDUE: marks.WARN,
    ReviewState.MISSING: marks.WARN,
}


def figure(
    statuses: Sequence[ReviewStatus], today: dt.date, href: Callable[[ReviewStatus], str | None]
) -> Figure:
    if not statuses:
        return Figure("timeline", "Review timeline", None, None, ("No profiles to review yet.",))
    days = [today]
    for status in statuses:
        days += [d for d in (status.last_reviewed, status.next_review) if d is not None]
    low, high = date_domain(days)
    scale = DateScale(low, high, _LABEL, WIDTH - _RIGHT)
    bottom = _TOP + _ROW * len(statuses)
    body = el("g", {}, marks.date_axis(scale, bottom, _TOP))
    for index, status in enumerate(statuses):
        body.add(_row(status, index, scale, today, href(status)))
    body.add(marks.today_marker(scale, today, _TOP - 6, bottom))
    legend_entries = [
        (marks.swatch(0, 0, marks.OK), "reviewed, next review later"),
        (marks.swatch(0, 0, marks.SOON), "due soon"),
        (marks.swatch(0, 0, marks.WARN), "overdue or never reviewed"),
    ]
    legend, legend_height = marks.legend(
        legend_entries, _LABEL, bottom + 28, WIDTH - _LABEL - _RIGHT
    )
    body.add(legend)
    counts = {state: sum(1 for s in statuses if s.state is state) for state in ReviewState}
    summary = ", ".join(f"{n} {state.label}" for state, n in counts.items() if n)
    desc = (
        f"{len(statuses)} profiles from last review to next review, most urgent first, "
        f"as of {today.isoformat()}: {summary}."
    )
    svg = svg_root(WIDTH, bottom + 28 + legend_height + 4, "Review timeline", desc, body)
    table = Table(
        ("profile", "kind", "last reviewed", "next review", "state"),
        tuple(
            (
                Link(status.title, href(status)),
                status.kind,
                status.last_reviewed.isoformat() if status.last_reviewed else "never",
                status.next_review.isoformat() if status.next_review else "—",
                f"{status.state.label}: {status.due_phrase()}",
            )
            for status in statuses
        ),
    )
    caption = "Each profile from its last review to its next; the line is today. Most urgent first."
    return Figure("timeline", caption, svg, table)


def _row(
    status: ReviewStatus, index: int, scale: DateScale, today: dt.date, href: str | None
) -> Element:
    top = _TOP + index * _ROW
    middle = top + _ROW / 2
    colour = _COLOURS[status.state]
    name = fit(status.title, _LABEL - 20, marks.FONT)
    label = link(href, marks.label(_LABEL - 10, middle + 4, name, anchor="end"))
    last = status.last_reviewed.isoformat() if status.last_reviewed else "never reviewed"
    due = status.next_review.isoformat() if status.next_review else "no date"
    row = titled(
        "g",
        f"{status.title} ({status.kind}): {status.due_phrase()}",
        f"Last reviewed {last}; next review {due}; owner {status.owner or 'not set'}.",
        {"class_": f"ps-timeline__row ps-timeline__row--{status.state.value.replace('_', '-')}"},
    )
    if index % 2 == 0:
        row.add(
            el(
                "rect",
                {
                    "x": 0,
                    "y": top,
                    "width": WIDTH,
                    "height": _ROW,
                    "fill": "currentColor",
                    "fill-opacity": 0.03,
                },
            )
        )
    if status.last_reviewed is not None and status.next_review is not None:
        x0, x1 = scale(status.last_reviewed), scale(status.next_review)
        start, end = min(x0, x1), max(x0, x1)
        row.add(
            el(
                "rect",
                {
                    "x": start,
                    "y": middle - 6,
                    "width": max(end - start, 2),
                    "height": 12,
                    "rx": 3,
                    "fill": colour,
                    "fill-opacity": 0.75,
                },
            )
        )
        row.add(el("circle", {"cx": x0, "cy": middle, "r": 4, "fill": colour}))
        if status.state is ReviewState.OVERDUE:
            now = scale(today)
            row.add(
                marks.hatching(
                    x1, middle - 6, now, middle + 6, colour=marks.WARN, spacing=4, opacity=0.9
                )
            )
            row.add(
                el(
                    "rect",
                    {
                        "x": x1,
                        "y": middle - 6,
                        "width": max(now - x1, 1),
                        "height": 12,
                        "fill": "none",
                        "stroke": marks.WARN,
                    },
                )
            )
        text_x, anchor = _note_position(
            scale, max(x1, scale(today)) + 6, status.due_phrase(), start
        )
        row.add(
            marks.label(
                text_x,
                middle + 4,
                status.due_phrase(),
                size=marks.SMALL,
                anchor=anchor,
                weight="600" if status.state is not ReviewState.OK else None,
                css="ps-halo",
            )
        )
    else:
        now = scale(today)
        row.add(
            el(
                "circle",
                {
                    "cx": now,
                    "cy": middle,
                    "r": 5,
                    "fill": "none",
                    "stroke": colour,
                    "stroke-width": 2,
                },
            )
        )
        text = "never reviewed" if status.last_reviewed is None else status.due_phrase()
        text_x, anchor = _note_position(scale, now + 9, text)
        row.add(
            marks.label(
                text_x,
                middle + 4,
                text,
                size=marks.SMALL,
                anchor=anchor,
                weight="600",
                css="ps-halo",
            )
        )
    return el("g", {}, row, label)


def _note_position(
    scale: DateScale, x: float, text: str, before: float | None = None
) -> tuple[float, str]:
    """Right of ``x`` when the text fits before the end of the axis, else left of ``before``
    (the bar's start) when it fits there, else right-aligned at the end."""
    width = text_width(text, marks.SMALL)
    if x + width <= scale.end:
        return x, "start"
    if before is not None and before - 6 - width >= scale.start:
        return before - 6, "end"
    return scale.end - 2, "end"
