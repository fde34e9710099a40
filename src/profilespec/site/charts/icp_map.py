"""The ICP map: each active ICP as a rectangle on headcount x annual revenue, both log scale.

Where the portfolio sits, where ICPs overlap (translucent fills; each overlap outlined) and
which parts of a band its disqualifiers cut out (hatched: solid lines where every account
there is out, dashed where it depends on something the map does not show, such as the
account's technology). Open bounds run to the edge of the plot, marked with an arrow. Revenue
is in the handbook's currency; ICPs written in another are placed through rough fixed rates.
When no ICP states one of the two dimensions, the map becomes one row per ICP on the other.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from profilespec import predicates
from profilespec.loader import Document
from profilespec.site.charts import marks
from profilespec.site.charts.geometry import Box, LogScale, Span, log_domain
from profilespec.site.charts.svg import (
    Element,
    Figure,
    Link,
    Table,
    el,
    fit,
    join,
    link,
    svg_root,
    text_width,
    titled,
)
from profilespec.values import format_number, money_value, per_year, rough_rate

PLANE = frozenset({"employees", "annual_revenue"})
WIDTH = 760
_LEFT, _RIGHT, _TOP = 78, 16, 14
_PLOT_HEIGHT = 300
_ROW = 30


@dataclass(frozen=True)
class Cut:
    """Where one disqualifier rules accounts out of one ICP's band.

    ``certain`` boxes are out whatever else an account looks like; ``possible`` ones are out
    depending on fields the map does not show (``depends_on``).
    """

    id: str
    reason: str
    certain: tuple[Box, ...] = ()
    possible: tuple[Box, ...] = ()
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapIcp:
    """One ICP as the map draws it: x is employees, y annual revenue in the map's currency.

    An axis the ICP does not bound is an open ``Span()``; ``states_*`` say whether it wrote one.
    """

    id: str
    title: str
    href: str | None
    employees: Span
    revenue: Span
    states_employees: bool
    states_revenue: bool
    cuts: tuple[Cut, ...] = ()
    revenue_currency: str = ""

    @property
    def box(self) -> Box:
        return Box(self.employees, self.revenue)


@dataclass(frozen=True)
class Portfolio:
    """The ICPs to draw and what could not be drawn (plain sentences)."""

    currency: str
    icps: tuple[MapIcp, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- from profiles --------------------------------------------------------------------------


def portfolio(
    documents: Iterable[Document],
    currency: str,
    groups: Mapping[str, Iterable[str]],
    href: Callable[[str], str | None],
) -> Portfolio:
    """The active ICPs among ``documents`` (in the order given) as map data."""
    drawn: list[MapIcp] = []
    notes: list[str] = []
    unplaced: list[str] = []
    documents = list(documents)
    drafts = [d for d in documents if d.status == "draft"]
    for document in documents:
        if document.status != "active" or not document.id:
            continue
        firmographics = _mapping(document.spec.get("firmographics"))
        employees = _span(firmographics.get("employees"), float_reader)
        revenue_written = _mapping(firmographics.get("annual_revenue"))
        own_currency = str(revenue_written.get("currency") or currency)
        rate = rough_rate(own_currency, currency) if revenue_written else 1.0
        if rate is not None:
            rate *= per_year(dict(revenue_written))  # "$100k+/month" is drawn per year
        revenue = _span(revenue_written, money_reader) if revenue_written else None
        if revenue is not None and rate is None:
            notes.append(
                f"{document.id} states revenue in {own_currency}, which the map cannot convert "
                f"to {currency}: it is drawn across every revenue."
            )
            revenue = None
        if employees is None and revenue is None:
            unplaced.append(document.id)
            continue
        scaled = _scaled(revenue, rate or 1.0) if revenue is not None else None
        drawn.append(
            MapIcp(
                id=document.id,
                title=str(document.metadata.get("title") or document.id),
                href=href(document.id),
                employees=employees or Span(),
                revenue=scaled or Span(),
                states_employees=employees is not None,
                states_revenue=scaled is not None,
                cuts=tuple(
                    _cuts(document, employees or Span(), revenue or Span(), rate or 1.0, groups)
                ),
                revenue_currency=own_currency if own_currency != currency else "",
            )
        )
    if unplaced:
        notes.append(
            f"Not on the map: {join(unplaced)} state{'s' if len(unplaced) == 1 else ''} neither "
            "a headcount (firmographics.employees) nor a revenue range (firmographics.annual_revenue)."
        )
    if drafts:
        notes.append(f"Draft ICPs are not drawn ({len(drafts)}).")
    return Portfolio(currency, tuple(drawn), tuple(notes))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def float_reader(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def money_reader(value: Any) -> float | None:
    amount = money_value(value)
    return None if amount is None else float(amount)


def _span(value: Any, read: Callable[[Any], float | None]) -> Span | None:
    bounds = _mapping(value)
    span = Span(read(bounds.get("min")), read(bounds.get("max")))
    return span if span.bounded else None


def _scaled(span: Span, rate: float) -> Span:
    return Span(
        None if span.low is None else span.low * rate,
        None if span.high is None else span.high * rate,
    )


def _cuts(
    document: Document,
    employees: Span,
    revenue: Span,
    rate: float,
    groups: Mapping[str, Iterable[str]],
) -> Iterable[Cut]:
    for raw in document.spec.get("disqualifiers") or []:
        item = _mapping(raw)
        try:
            parsed = predicates.parse(item.get("when"), groups)
        except predicates.PredicateError:
            continue
        found = [c for c, _ in predicates.comparisons(parsed)]
        on_plane = [c for c in found if c.field in PLANE]
        if not on_plane:
            continue
        certain, possible = cut_boxes(parsed, employees, revenue)
        if not certain and not possible:
            continue
        others = sorted({c.field for c in found if c.field not in PLANE})
        yield Cut(
            id=str(item.get("id") or "disqualifier"),
            reason=str(item.get("reason") or ""),
            certain=tuple(_scaled_box(box, rate) for box in certain),
            possible=tuple(_scaled_box(box, rate) for box in possible),
            depends_on=tuple(others),
        )


def _scaled_box(box: Box, rate: float) -> Box:
    return Box(box.x, _scaled(box.y, rate))


def cut_boxes(
    predicate: predicates.Predicate, employees: Span, revenue: Span
) -> tuple[list[Box], list[Box]]:
    """The parts of the band ``employees`` x ``revenue`` a disqualifier rules out.

    The band is cut at every bound the predicate compares against; each cell is judged at
    one account inside it, knowing only its headcount and revenue. True cells are certain,
    unknown ones depend on other fields. Cells in one column with the same answer merge.
    """
    values = {
        name: [
            float(v)
            for c, _ in predicates.comparisons(predicate)
            if c.field == name
            for v in c.values
            if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        for name in PLANE
    }
    columns = _cells(employees, values["employees"])
    rows = _cells(revenue, values["annual_revenue"])
    certain: list[Box] = []
    possible: list[Box] = []
    for x_low, x_high in columns:
        run: tuple[bool | None, float, float] | None = None
        for y_low, y_high in rows:
            account = {
                "employees": _inside(x_low, x_high),
                "annual_revenue": _inside(y_low, y_high),
            }
            verdict = predicates.evaluate(predicate, account, known=PLANE)
            if run is not None and run[0] == verdict:
                run = (verdict, run[1], y_high)
                continue
            _close(run, x_low, x_high, certain, possible)
            run = (verdict, y_low, y_high)
        _close(run, x_low, x_high, certain, possible)
    return certain, possible


def _cells(span: Span, cuts: Iterable[float]) -> list[tuple[float, float]]:
    low = span.low if span.low is not None else 0.0
    high = span.high if span.high is not None else math.inf
    edges = sorted({low, high, *(c for c in cuts if low < c < high)})
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]


def _inside(low: float, high: float) -> float:
    """A value strictly inside the cell (so that ``lt`` and ``lte`` at its edges agree)."""
    if math.isinf(high):
        return low * 2 + 1
    return (low + high) / 2


def _close(
    run: tuple[bool | None, float, float] | None,
    x_low: float,
    x_high: float,
    certain: list[Box],
    possible: list[Box],
) -> None:
    if run is None or run[0] is False:
        return
    box = Box(_open(x_low, x_high), _open(run[1], run[2]))
    (certain if run[0] else possible).append(box)


def _open(low: float, high: float) -> Span:
    return Span(None if low <= 0 else low, None if math.isinf(high) else high)


# --- words ----------------------------------------------------------------------------------


def span_text(span: Span, unit: str, money: bool = False) -> str:
    """``200-2,000 employees``, ``50M+ USD``, ``any``."""
    shown = _short if money else _whole
    if span.low is not None and span.high is not None:
        text = f"{shown(span.low)}-{shown(span.high)}"
    elif span.low is not None:
        text = f"{shown(span.low)}+"
    elif span.high is not None:
        text = f"up to {shown(span.high)}"
    else:
        return f"any {unit}".strip() if not money else "any revenue"
    return f"{text} {unit}".strip()


def _whole(value: float) -> str:
    return format_number(round(value))


def _short(value: float) -> str:
    from profilespec.site.charts.geometry import short_number

    return short_number(round(value, -3) if value >= 10_000 else value)


def _box_text(box: Box, currency: str) -> str:
    return f"{span_text(box.x, 'employees')}, {span_text(box.y, currency, money=True)}"


def _icp_text(icp: MapIcp, currency: str) -> str:
    employees = (
        span_text(icp.employees, "employees") if icp.states_employees else "no headcount range"
    )
    if icp.states_revenue:
        revenue = span_text(icp.revenue, currency, money=True)
        if icp.revenue_currency:
            revenue += f" (written in {icp.revenue_currency})"
    else:
        revenue = "no revenue range"
    return f"{employees}; {revenue}"


def _cut_text(cut: Cut, title: str, currency: str) -> str:
    parts = []
    if cut.certain:
        parts.append("rules out " + "; ".join(_box_text(b, currency) for b in cut.certain))
    if cut.possible:
        also = f" when {join(cut.depends_on, 'or')} also match" if cut.depends_on else ""
        parts.append(
            "may rule out " + "; ".join(_box_text(b, currency) for b in cut.possible) + also
        )
    reason = f" ({cut.reason})" if cut.reason else ""
    return f"{cut.id} {' and '.join(parts)} of {title}{reason}"


def overlaps(icps: Sequence[MapIcp]) -> list[tuple[MapIcp, MapIcp, Box]]:
    """Every pair of ICPs whose bands share accounts, with the shared box."""
    found = []
    for first, second in itertools.combinations(icps, 2):
        shared = first.box.intersect(second.box)
        if shared is not None:
            found.append((first, second, shared))
    return found


# --- drawing --------------------------------------------------------------------------------


def figure(data: Portfolio) -> Figure:
    """The map (or the one-dimension rows) with its caption, notes and table."""
    icps = data.icps
    notes = list(data.notes)
    table = _table(data)
    if not icps:
        notes.insert(
            0, "No active ICP states a headcount or revenue range yet, so there is no map to draw."
        )
        return Figure("icp-map", "ICP map", None, table, tuple(notes))
    has_x = any(icp.states_employees for icp in icps)
    has_y = any(icp.states_revenue for icp in icps)
    currency = data.currency
    if has_x and has_y:
        for icp in icps:
            if not icp.states_revenue:
                notes.append(f"{icp.id} states no revenue range: drawn across every revenue.")
            if not icp.states_employees:
                notes.append(f"{icp.id} states no headcount range: drawn across every headcount.")
        svg = _plane(icps, currency)
        caption = (
            f"ICP map: headcount across, annual revenue ({currency}) up, both on log scales. "
            "Overlaps are outlined; hatching marks what a disqualifier rules out."
        )
    else:
        dimension = "employees" if has_x else "annual_revenue"
        missing = (
            "revenue range (firmographics.annual_revenue)"
            if has_x
            else "headcount (firmographics.employees)"
        )
        notes.insert(
            0,
            f"No ICP states a {missing}, so the map shows one row per ICP on the other dimension.",
        )
        svg = _rows(icps, dimension, currency)
        caption = (
            f"ICP map: {'headcount' if has_x else f'annual revenue ({currency})'} of each ICP on a log scale; "
            "hatching marks what a disqualifier rules out."
        )
    if any(icp.revenue_currency for icp in icps):
        converted = sorted({icp.revenue_currency for icp in icps if icp.revenue_currency})
        notes.append(
            f"Revenue written in {join(converted)} is placed at rough fixed rates to {currency}."
        )
    return Figure("icp-map", caption, svg, table, tuple(notes))


def _table(data: Portfolio) -> Table:
    rows = []
    shared = overlaps(data.icps)
    for icp in data.icps:
        others = [
            f"{(b if a is icp else a).title}: {_box_text(box, data.currency)}"
            for a, b, box in shared
            if icp in (a, b)
        ]
        rows.append(
            (
                Link(icp.title, icp.href),
                span_text(icp.employees, "employees") if icp.states_employees else "not stated",
                span_text(icp.revenue, data.currency, money=True)
                if icp.states_revenue
                else "not stated",
                "; ".join(others) or "none",
                "; ".join(_cut_text(cut, "the band", data.currency) for cut in icp.cuts) or "none",
            )
        )
    return Table(
        (
            "ICP",
            "employees",
            f"annual revenue ({data.currency})",
            "overlaps",
            "disqualifiers on the map",
        ),
        tuple(rows),
    )


def _scales(icps: Sequence[MapIcp], bottom: float) -> tuple[LogScale, LogScale]:
    x_values = [v for icp in icps for v in (icp.employees.low, icp.employees.high)]
    y_values = [v for icp in icps for v in (icp.revenue.low, icp.revenue.high)]
    for icp in icps:
        for cut in icp.cuts:
            for box in (*cut.certain, *cut.possible):
                x_values += [box.x.low, box.x.high]
                y_values += [box.y.low, box.y.high]
    x_domain = log_domain(
        x_values,
        open_low=any(icp.employees.low is None for icp in icps),
        open_high=any(icp.employees.high is None for icp in icps),
    )
    y_domain = log_domain(
        y_values,
        open_low=any(icp.revenue.low is None for icp in icps),
        open_high=any(icp.revenue.high is None for icp in icps),
        floor=1000,
    )
    x = LogScale(*x_domain, _LEFT, WIDTH - _RIGHT)
    y = LogScale(*y_domain, bottom, _TOP)
    return x, y


@dataclass
class _Placed:
    """Label boxes already drawn, so that later labels go elsewhere."""

    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        return all(x1 <= a or x0 >= c or y1 <= b or y0 >= d for a, b, c, d in self.boxes)

    def take(self, box: tuple[float, float, float, float]) -> None:
        self.boxes.append(box)


def _plane(icps: Sequence[MapIcp], currency: str) -> Element:
    bottom = _TOP + _PLOT_HEIGHT
    x, y = _scales(icps, bottom)
    body = el("g", {})
    body.add(marks.log_axis_y(y, _LEFT, WIDTH - _RIGHT, f"Annual revenue ({currency})"))
    body.add(marks.log_axis_x(x, bottom, _TOP, "Employees"))
    order = sorted(
        range(len(icps)),
        key=lambda i: (
            -(
                abs(x(icps[i].employees.high, open_side="high") - x(icps[i].employees.low))
                * abs(y(icps[i].revenue.low) - y(icps[i].revenue.high, open_side="high"))
            )
        ),
    )
    placed = _Placed()
    labels = el("g", {"class_": "ps-map__labels"})
    for index in order:
        icp = icps[index]
        colour = marks.series(index)
        x0, x1 = x(icp.employees.low), x(icp.employees.high, open_side="high")
        y0, y1 = y(icp.revenue.high, open_side="high"), y(icp.revenue.low)
        body.add(_band(icp, index, colour, (x0, y0, x1, y1), currency))
        for cut in icp.cuts:
            body.add(_cut(cut, icp, x, y, colour=colour, currency=currency))
        labels.add(_band_label(icp, index, colour, (x0, y0, x1, y1), placed))
    for first, second, shared in overlaps(icps):
        sx0, sx1 = x(shared.x.low), x(shared.x.high, open_side="high")
        sy0, sy1 = y(shared.y.high, open_side="high"), y(shared.y.low)
        if sx1 - sx0 < 1 or sy1 - sy0 < 1:
            continue
        body.add(
            titled(
                "g",
                f"Overlap: {first.title} and {second.title}",
                f"Both admit {_box_text(shared, currency)}.",
                {"class_": "ps-map__overlap"},
                el(
                    "rect",
                    {
                        "x": sx0,
                        "y": sy0,
                        "width": sx1 - sx0,
                        "height": sy1 - sy0,
                        "fill": "none",
                        "stroke": "currentColor",
                        "stroke-width": 1.5,
                        "stroke-dasharray": "5 3",
                        "stroke-opacity": 0.8,
                    },
                ),
            )
        )
    body.add(labels)
    legend_top = bottom + 44
    legend, height = _legend(icps, legend_top, currency)
    body.add(legend)
    total = legend_top + height + 6
    desc = (
        f"{len(icps)} active ICP{'s' if len(icps) != 1 else ''} by employees (across) and annual revenue in "
        f"{currency} (up), both on log scales: "
        + "; ".join(f"{icp.title}: {_icp_text(icp, currency)}" for icp in icps)
        + "."
    )
    return svg_root(WIDTH, total, "ICP map", desc, body)


def _band(
    icp: MapIcp, index: int, colour: str, box: tuple[float, float, float, float], currency: str
) -> Element:
    x0, y0, x1, y1 = box
    open_left, open_right = icp.employees.low is None, icp.employees.high is None
    open_top, open_bottom = icp.revenue.high is None, icp.revenue.low is None
    sides = [
        (open_top, (x0, y0, x1, y0)),
        (open_right, (x1, y0, x1, y1)),
        (open_bottom, (x0, y1, x1, y1)),
        (open_left, (x0, y0, x0, y1)),
    ]
    outline = " ".join(
        f"M{a:.1f} {b:.1f}L{c:.1f} {d:.1f}" for is_open, (a, b, c, d) in sides if not is_open
    )
    group = titled(
        "g",
        f"{index + 1}. {icp.title}",
        _icp_text(icp, currency),
        {"class_": f"ps-map__icp ps-series-{index % len(marks.SERIES)}"},
        el(
            "rect",
            {
                "x": x0,
                "y": y0,
                "width": max(x1 - x0, 1),
                "height": max(y1 - y0, 1),
                "fill": colour,
                "fill-opacity": 0.2,
            },
        ),
    )
    if outline:
        group.add(el("path", {"d": outline, "stroke": colour, "stroke-width": 2, "fill": "none"}))
    for is_open, arrow in (
        (open_left, _arrow(x0 + 8, (y0 + y1) / 2, "left")),
        (open_right, _arrow(x1 - 8, (y0 + y1) / 2, "right")),
        (open_top, _arrow((x0 + x1) / 2, y0 + 8, "up")),
        (open_bottom, _arrow((x0 + x1) / 2, y1 - 8, "down")),
    ):
        if is_open:
            group.add(el("path", {"d": arrow, "fill": colour}))
    return link(icp.href, group)


def _arrow(x: float, y: float, direction: str) -> str:
    """A small filled triangle pointing at an open side ("no bound this way")."""
    size = 6
    points = {
        "left": [(x - size, y), (x, y - size), (x, y + size)],
        "right": [(x + size, y), (x, y - size), (x, y + size)],
        "up": [(x, y - size), (x - size, y), (x + size, y)],
        "down": [(x, y + size), (x - size, y), (x + size, y)],
    }[direction]
    return "M" + "L".join(f"{a:.1f} {b:.1f}" for a, b in points) + "Z"


def _cut(cut: Cut, icp: MapIcp, x: LogScale, y: LogScale, *, colour: str, currency: str) -> Element:
    group = titled(
        "g",
        f"{cut.id} (disqualifier of {icp.title})",
        _cut_text(cut, icp.title, currency),
        {"class_": "ps-map__cut"},
    )
    for boxes, dash in ((cut.certain, None), (cut.possible, "3 3")):
        for box in boxes:
            clipped = box.intersect(icp.box) or box
            x0, x1 = x(clipped.x.low), x(clipped.x.high, open_side="high")
            y0, y1 = y(clipped.y.high, open_side="high"), y(clipped.y.low)
            group.add(
                el(
                    "rect",
                    {
                        "x": x0,
                        "y": y0,
                        "width": max(x1 - x0, 1),
                        "height": max(y1 - y0, 1),
                        "fill": "transparent",
                    },
                )
            )
            group.add(marks.hatching(x0, y0, x1, y1, colour=colour, dash=dash))
    return group


def _band_label(
    icp: MapIcp, index: int, colour: str, box: tuple[float, float, float, float], placed: _Placed
) -> Element:
    """The ICP's number in a badge at a free corner of its band, and its title when it fits."""
    x0, y0, x1, y1 = box
    number = str(index + 1)
    title = fit(icp.title, x1 - x0 - 34, marks.SMALL)
    width = 20 + (text_width(title, marks.SMALL) + 8 if title else 0)
    candidates = [
        (x0 + 4, y0 + 4),
        (x0 + 4, y1 - 22),
        (x1 - width - 4, y0 + 4),
        (x1 - width - 4, y1 - 22),
    ]
    for cx, cy in candidates:
        spot = (cx, cy, cx + width, cy + 18)
        if cx >= x0 and cy >= y0 and placed.free(spot):
            break
    else:
        title, width = "", 20
        cx, cy = x0 + 4, y0 + 4
        while not placed.free((cx, cy, cx + width, cy + 18)) and cy + 40 < y1:
            cy += 20
    placed.take((cx, cy, cx + width, cy + 18))
    group = el("g", {"class_": "ps-map__label"})
    group.add(el("rect", {"x": cx, "y": cy, "width": 18, "height": 18, "rx": 9, "fill": colour}))
    group.add(
        marks.label(
            cx + 9,
            cy + 13,
            number,
            anchor="middle",
            size=marks.SMALL,
            weight="700",
            css="ps-on-colour",
        )
    )
    group.children[-1].attributes["fill"] = "#fff"  # type: ignore[union-attr]
    if title:
        group.add(
            marks.label(cx + 24, cy + 13, title, size=marks.SMALL, weight="600", css="ps-halo")
        )
    return group


def _legend(icps: Sequence[MapIcp], top: float, currency: str) -> tuple[Element, float]:
    group = el("g", {"class_": "ps-legend"})
    y = top
    for index, icp in enumerate(icps):
        colour = marks.series(index)
        text = fit(
            f"{icp.title}: {_icp_text(icp, currency)}", WIDTH - _LEFT - _RIGHT - 30, marks.SMALL
        )
        row = el("g", {})
        row.add(
            el("rect", {"x": _LEFT, "y": y, "width": 18, "height": 18, "rx": 9, "fill": colour})
        )
        number = marks.label(
            _LEFT + 9, y + 13, str(index + 1), anchor="middle", size=marks.SMALL, weight="700"
        )
        number.attributes["fill"] = "#fff"
        row.add(number, marks.label(_LEFT + 26, y + 13, text, size=marks.SMALL))
        group.add(link(icp.href, row))
        y += 22
    hatch_key = el("g", {})
    hatch_key.add(marks.swatch(_LEFT, y + 3, "none", hatched=True))
    hatch_key.add(marks.label(_LEFT + 18, y + 13, "ruled out by a disqualifier", size=marks.SMALL))
    hatch_key.add(marks.swatch(_LEFT + 210, y + 3, "none", dashed=True))
    hatch_key.add(marks.label(_LEFT + 228, y + 13, "overlap of two ICPs", size=marks.SMALL))
    hatch_key.add(el("path", {"d": _arrow(_LEFT + 372, y + 8, "right"), "fill": "currentColor"}))
    hatch_key.add(marks.label(_LEFT + 384, y + 13, "no bound this way", size=marks.SMALL))
    group.add(hatch_key)
    return group, y - top + 22


def _rows(icps: Sequence[MapIcp], dimension: str, currency: str) -> Element:
    """One horizontal band per ICP on the one dimension any of them states."""
    label_width = 200
    left = _LEFT + label_width - 60
    spans = [icp.employees if dimension == "employees" else icp.revenue for icp in icps]
    values = [v for span in spans for v in (span.low, span.high)]
    domain = log_domain(
        values,
        open_low=any(span.low is None for span in spans),
        open_high=any(span.high is None for span in spans),
        floor=1.0 if dimension == "employees" else 1000.0,
    )
    scale = LogScale(*domain, left, WIDTH - _RIGHT)
    bottom = _TOP + _ROW * len(icps) + 6
    unit = "employees" if dimension == "employees" else currency
    body = el(
        "g",
        {},
        marks.log_axis_x(
            scale,
            bottom,
            _TOP,
            "Employees" if dimension == "employees" else f"Annual revenue ({currency})",
        ),
    )
    for index, (icp, span) in enumerate(zip(icps, spans, strict=True)):
        colour = marks.series(index)
        top = _TOP + index * _ROW + 4
        x0, x1 = scale(span.low), scale(span.high, open_side="high")
        group = titled(
            "g", f"{index + 1}. {icp.title}", _icp_text(icp, currency), {"class_": "ps-map__icp"}
        )
        group.add(
            el(
                "rect",
                {
                    "x": x0,
                    "y": top,
                    "width": max(x1 - x0, 1),
                    "height": _ROW - 8,
                    "fill": colour,
                    "fill-opacity": 0.25,
                    "stroke": colour,
                    "stroke-width": 1.5,
                },
            )
        )
        if span.low is None:
            group.add(
                el("path", {"d": _arrow(x0 + 8, top + (_ROW - 8) / 2, "left"), "fill": colour})
            )
        if span.high is None:
            group.add(
                el("path", {"d": _arrow(x1 - 8, top + (_ROW - 8) / 2, "right"), "fill": colour})
            )
        body.add(link(icp.href, group))
        name = fit(f"{index + 1}. {icp.title}", left - 12 - 8, marks.SMALL)
        body.add(
            link(icp.href, marks.label(left - 12, top + 15, name, anchor="end", size=marks.SMALL))
        )
        for cut in icp.cuts:
            cut_group = titled(
                "g",
                f"{cut.id} (disqualifier of {icp.title})",
                _cut_text(cut, icp.title, currency),
                {"class_": "ps-map__cut"},
            )
            for boxes, dash in ((cut.certain, None), (cut.possible, "3 3")):
                for box in boxes:
                    part = box.x if dimension == "employees" else box.y
                    clipped = part.intersect(span) or part
                    c0, c1 = scale(clipped.low), scale(clipped.high, open_side="high")
                    cut_group.add(
                        marks.hatching(c0, top, c1, top + _ROW - 8, colour=colour, dash=dash)
                    )
            body.add(cut_group)
    desc = (
        f"{len(icps)} active ICPs by {unit} on a log scale: "
        + "; ".join(f"{icp.title}: {_icp_text(icp, currency)}" for icp in icps)
        + "."
    )
    return svg_root(WIDTH, bottom + 40, "ICP map", desc, body)
