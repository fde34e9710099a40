"""The pieces every chart draws with: colours, labels, axes, hatching, legend entries.

Colours are presentation attributes, so a chart looks right without any stylesheet (the
qualify report, a site engine other than mkdocs): text and rules are ``currentColor``,
which follows the page's light or dark palette, and the few hues are mid-tones that read
on white and on mkdocs-material's dark slate alike. The stylesheet only lays charts out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from profilespec.site.charts.geometry import DateScale, LinearScale, LogScale, hatch, short_number
from profilespec.site.charts.svg import Attribute, Element, el, fit, number, text_width

# Categorical hues for ICPs (Tableau 10 without its red, which means "warning" here).
SERIES = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7")
OK = "#3b9b4c"
SOON = "#d98c0b"
WARN = "#d9453d"
ACCENT = "#4e79a7"
FONT = 12
SMALL = 11


def series(index: int) -> str:
    return SERIES[index % len(SERIES)]


def label(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: float = FONT,
    weight: str | None = None,
    opacity: float | None = None,
    css: str | None = None,
) -> Element:
    """A line of text whose baseline is at ``y``, in the page's text colour."""
    attributes: dict[str, Attribute] = {
        "x": x,
        "y": y,
        "fill": "currentColor",
        "text-anchor": anchor if anchor != "start" else None,
        "font-size": size if size != FONT else None,
        "font-weight": weight,
        "fill-opacity": opacity,
        "class_": css,
    }
    return el("text", attributes, text)


def rule(
    x1: float, y1: float, x2: float, y2: float, *, opacity: float = 0.18, dash: str | None = None
) -> Element:
    return el(
        "line",
        {
            "x1": x1,
            "y1": y1,
            "x2": x2,
            "y2": y2,
            "stroke": "currentColor",
            "stroke-opacity": opacity,
            "stroke-dasharray": dash,
        },
    )


def hatching(
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    *,
    colour: str = "currentColor",
    spacing: float = 6,
    dash: str | None = None,
    opacity: float = 0.7,
) -> Element:
    """Diagonal lines over a rectangle (one ``<path>``), for "this part is cut out"."""
    segments = hatch(x0, y0, x1, y1, spacing)
    data = " ".join(f"M{number(a)} {number(b)}L{number(c)} {number(d)}" for a, b, c, d in segments)
    return el(
        "path",
        {
            "d": data or None,
            "stroke": colour,
            "stroke-width": 1.2,
            "stroke-opacity": opacity,
            "stroke-dasharray": dash,
            "fill": "none",
        },
    )


def log_axis_x(scale: LogScale, y: float, top: float, caption: str) -> Element:
    """Tick labels under the plot at ``y``, grid lines up to ``top``, ``caption`` below."""
    group = el("g", {"class_": "ps-axis ps-axis--x"})
    for tick in scale.ticks():
        x = scale(tick)
        group.add(
            rule(x, top, x, y), label(x, y + 15, short_number(tick), anchor="middle", size=SMALL)
        )
    middle = (scale.start + scale.end) / 2
    return group.add(
        rule(scale.start, y, scale.end, y, opacity=0.45),
        label(middle, y + 32, caption, anchor="middle"),
    )


def log_axis_y(scale: LogScale, x: float, right: float, caption: str) -> Element:
    """Tick labels left of the plot at ``x``, grid lines to ``right``, ``caption`` rotated."""
    group = el("g", {"class_": "ps-axis ps-axis--y"})
    for tick in scale.ticks():
        y = scale(tick)
        group.add(
            rule(x, y, right, y), label(x - 6, y + 4, short_number(tick), anchor="end", size=SMALL)
        )
    middle = (scale.start + scale.end) / 2
    caption_node = label(0, 0, caption, anchor="middle")
    caption_node.attributes["transform"] = f"translate(14 {middle:.1f}) rotate(-90)"
    return group.add(rule(x, scale.start, x, scale.end, opacity=0.45), caption_node)


def count_axis_y(scale: LinearScale, x: float, right: float, caption: str | None = None) -> Element:
    """A count axis: round ticks with grid lines."""
    group = el("g", {"class_": "ps-axis ps-axis--y"})
    for tick in scale.ticks(4):
        y = scale(tick)
        group.add(
            rule(x, y, right, y), label(x - 6, y + 4, short_number(tick), anchor="end", size=SMALL)
        )
    if caption:
        middle = (scale.start + scale.end) / 2
        caption_node = label(0, 0, caption, anchor="middle", size=SMALL)
        caption_node.attributes["transform"] = f"translate(12 {middle:.1f}) rotate(-90)"
        group.add(caption_node)
    return group


def date_axis(scale: DateScale, y: float, top: float, *, labels: bool = True) -> Element:
    """Month (or quarter, or year) ticks along ``y`` with grid lines up to ``top``."""
    group = el("g", {"class_": "ps-axis ps-axis--date"})
    for day, text in scale.ticks():
        x = scale(day)
        group.add(rule(x, top, x, y))
        if labels:
            group.add(label(x, y + 14, text, anchor="middle", size=SMALL))
    return group.add(rule(scale.start, y, scale.end, y, opacity=0.45))


def today_marker(scale: DateScale, today: dt.date, top: float, bottom: float) -> Element:
    """The vertical line for today, labelled above the plot."""
    x = scale(today)
    text = f"today {today.isoformat()}"
    half = text_width(text, SMALL) / 2
    # Centred on the line unless that would run past either end of the axis.
    if x + half > max(scale.start, scale.end):
        position, anchor = max(scale.start, scale.end), "end"
    elif x - half < min(scale.start, scale.end):
        position, anchor = min(scale.start, scale.end), "start"
    else:
        position, anchor = x, "middle"
    return el(
        "g",
        {"class_": "ps-today"},
        el("title", {}, f"Today, {today.isoformat()}"),
        el(
            "line",
            {
                "x1": x,
                "y1": top,
                "x2": x,
                "y2": bottom,
                "stroke": "currentColor",
                "stroke-width": 1.5,
            },
        ),
        label(position, top - 4, text, anchor=anchor, size=SMALL, weight="600"),
    )


def swatch(
    x: float,
    y: float,
    colour: str,
    *,
    size: float = 11,
    hatched: bool = False,
    dashed: bool = False,
) -> Element:
    """A small legend square."""
    group = el(
        "g",
        {},
        el(
            "rect",
            {
                "x": x,
                "y": y,
                "width": size,
                "height": size,
                "fill": colour,
                "fill-opacity": 0.35 if colour != "none" else None,
                "stroke": colour if colour != "none" else "currentColor",
                "stroke-dasharray": "3 2" if dashed else None,
            },
        ),
    )
    if hatched:
        group.add(hatching(x, y, x + size, y + size, spacing=4))
    return group


def legend(
    entries: Sequence[tuple[Element, str]], x: float, y: float, width: float
) -> tuple[Element, float]:
    """Legend entries (a swatch drawn at 0,0 and its text) laid out in rows from (x, y).

    Returns the group and the height it takes.
    """
    group = el("g", {"class_": "ps-legend"})
    cursor, line = x, y
    for mark, text in entries:
        shown = fit(text, width - 20, SMALL)
        needed = 18 + text_width(shown, SMALL) + 16
        if cursor > x and cursor + needed > x + width:
            cursor, line = x, line + 18
        mark.attributes["transform"] = f"translate({cursor:.1f} {line:.1f})"
        group.add(mark, label(cursor + 16, line + 10, shown, size=SMALL))
        cursor += needed
    return group, line - y + 18
