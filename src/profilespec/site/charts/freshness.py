"""Evidence freshness: a profile's evidence items on a time line, one lane per type.

A dot per item at its date (larger for a larger sample), the stretch older than the
handbook's ``review.evidence_max_age_days`` shaded, today marked. Items cited from the
handbook's evidence library are drawn hollow. Undated items cannot be placed and are counted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from profilespec.site.charts import marks
from profilespec.site.charts.geometry import DateScale, date_domain
from profilespec.site.charts.svg import Figure, Table, el, fit, svg_root, titled
from profilespec.site.markup import words
from profilespec.values import format_number

WIDTH = 760
_LABEL = 150
_RIGHT = 16
_TOP = 22
_LANE = 24


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    date: dt.date | None
    sample_size: int | None
    summary: str
    cited: bool = False  # from the handbook's evidence library, not the profile's own


def figure(items: Sequence[Item], today: dt.date, max_age_days: int) -> Figure | None:
    """The strip, or None when the profile has no evidence at all."""
    if not items:
        return None
    dated = [item for item in items if item.date is not None]
    undated = len(items) - len(dated)
    notes = (
        (f"{undated} item{'s have' if undated != 1 else ' has'} no date and cannot be placed.",)
        if undated
        else ()
    )
    table = Table(
        ("date", "type", "evidence", "sample size", "age"),
        tuple(
            (
                item.date.isoformat() if item.date else "no date",
                words(item.type),
                item.id + (" (from the handbook library)" if item.cited else ""),
                format_number(item.sample_size) if item.sample_size is not None else "—",
                _age(item.date, today),
            )
            for item in sorted(items, key=lambda i: i.date or dt.date.min, reverse=True)
        ),
    )
    if not dated:
        return Figure("freshness", "Evidence by date", None, table, notes)
    stale_before = today - dt.timedelta(days=max_age_days)
    low, high = date_domain(
        [*(i.date for i in dated if i.date), today, min(stale_before, today)], pad_days=10
    )
    scale = DateScale(low, high, _LABEL, WIDTH - _RIGHT)
    types = sorted({item.type for item in dated}, key=lambda t: (t == "hypothesis", t))
    bottom = _TOP + _LANE * len(types)
    body = el("g", {})
    if stale_before > low:
        x = scale(stale_before)
        body.add(
            titled(
                "g",
                f"Older than {max_age_days} days (before {stale_before.isoformat()})",
                "Evidence this old no longer counts as fresh (review.evidence_max_age_days).",
                {"class_": "ps-freshness__stale"},
                el(
                    "rect",
                    {
                        "x": scale.start,
                        "y": _TOP,
                        "width": x - scale.start,
                        "height": bottom - _TOP,
                        "fill": "currentColor",
                        "fill-opacity": 0.07,
                    },
                ),
                marks.label(
                    scale.start + 4,
                    _TOP - 6,
                    fit(
                        f"older than {max_age_days} days", max(x - scale.start - 6, 0), marks.SMALL
                    ),
                    size=marks.SMALL,
                    opacity=0.8,
                ),
            )
        )
    body.add(marks.date_axis(scale, bottom, _TOP))
    largest = max((item.sample_size or 0 for item in dated), default=0)
    for lane, kind in enumerate(types):
        middle = _TOP + lane * _LANE + _LANE / 2
        body.add(
            marks.label(
                _LABEL - 10,
                middle + 4,
                fit(words(kind), _LABEL - 16, marks.SMALL),
                anchor="end",
                size=marks.SMALL,
            )
        )
        body.add(marks.rule(scale.start, middle, scale.end, middle, opacity=0.12))
        for item in (i for i in dated if i.type == kind and i.date is not None):
            date = item.date
            assert date is not None
            fresh = date >= stale_before
            colour = marks.OK if fresh else marks.SOON
            radius = 4 + (
                5 * math.sqrt(item.sample_size / largest) if item.sample_size and largest else 0
            )
            sample = (
                f"sample of {format_number(item.sample_size)}"
                if item.sample_size is not None
                else "no sample size"
            )
            body.add(
                titled(
                    "g",
                    f"{item.id}: {words(item.type)}, {date.isoformat()}",
                    f"{item.summary} ({sample}; {_age(date, today)}"
                    + ("; cited from the handbook library" if item.cited else "")
                    + ")",
                    {"class_": "ps-freshness__item"},
                    el(
                        "circle",
                        {
                            "cx": scale(date),
                            "cy": middle,
                            "r": round(radius, 1),
                            "fill": "none" if item.cited else colour,
                            "fill-opacity": 0.8,
                            "stroke": colour,
                            "stroke-width": 2,
                        },
                    ),
                )
            )
    body.add(marks.today_marker(scale, today, _TOP - 4 if stale_before <= low else _TOP, bottom))
    newest = max(i.date for i in dated if i.date)
    caption = (
        f"Evidence by date and type; newest {newest.isoformat()} ({_age(newest, today)}). "
        "Larger dots are larger samples; hollow ones come from the handbook library."
    )
    desc = (
        f"{len(dated)} dated evidence items; newest {newest.isoformat()}; items before "
        f"{stale_before.isoformat()} are older than {max_age_days} days."
    )
    svg = svg_root(WIDTH, bottom + 22, "Evidence freshness", desc, body)
    return Figure("freshness", caption, svg, table, notes)


def _age(date: dt.date | None, today: dt.date) -> str:
    if date is None:
        return "—"
    days = (today - date).days
    if days < 0:
        return f"dated {-days} day{'s' if days != -1 else ''} ahead"
    if days == 0:
        return "today"
    return f"{days} day{'s' if days != 1 else ''} old"
