"""Scales, ticks and rectangle arithmetic for the charts: plain numbers in, plain numbers out.

Ranges in profiles are inclusive and may be open on either side (``{min: 200}`` has no upper
bound); here an open side is ``None`` and is drawn to the edge of the plot.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from profilespec.values import format_number

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Span:
    """A range of values; ``None`` is an open side."""

    low: float | None = None
    high: float | None = None

    @property
    def bounded(self) -> bool:
        return self.low is not None or self.high is not None

    def intersect(self, other: Span) -> Span | None:
        """The values both spans hold, or None when they share none (touching ends share)."""
        lows = [value for value in (self.low, other.low) if value is not None]
        highs = [value for value in (self.high, other.high) if value is not None]
        low, high = (max(lows) if lows else None), (min(highs) if highs else None)
        if low is not None and high is not None and low > high:
            return None
        return Span(low, high)


@dataclass(frozen=True)
class Box:
    """A rectangle in data space: a span on each axis."""

    x: Span
    y: Span

    def intersect(self, other: Box) -> Box | None:
        x, y = self.x.intersect(other.x), self.y.intersect(other.y)
        return None if x is None or y is None else Box(x, y)


@dataclass(frozen=True)
class LogScale:
    """Values in ``[low, high]`` (both > 0) to pixels in ``[start, end]``, logarithmically."""

    low: float
    high: float
    start: float
    end: float

    def __post_init__(self) -> None:
        if not (0 < self.low < self.high):
            raise ValueError(f"a log scale needs 0 < low < high, got {self.low}, {self.high}")

    def __call__(self, value: float | None, *, open_side: str = "low") -> float:
        """The pixel of ``value``; None (an open bound) is the edge on ``open_side``; values
        outside the domain are clamped to it."""
        if value is None:
            return self.start if open_side == "low" else self.end
        value = min(max(value, self.low), self.high)
        share = (math.log10(value) - math.log10(self.low)) / (
            math.log10(self.high) - math.log10(self.low)
        )
        return self.start + share * (self.end - self.start)

    def ticks(self) -> list[float]:
        """Powers of ten in the domain, plus 2x and 5x steps when it spans few decades."""
        first, last = math.floor(math.log10(self.low)), math.ceil(math.log10(self.high))
        decades = last - first
        steps = (1,) if decades > 4 else (1, 3) if decades > 2 else (1, 2, 5)
        found = [
            step * 10.0**exponent
            for exponent in range(first, last + 1)
            for step in steps
            if self.low <= step * 10.0**exponent <= self.high * (1 + 1e-9)
        ]
        return found


def log_domain(
    values: Iterable[float | None], *, open_low: bool, open_high: bool, floor: float = 1.0
) -> tuple[float, float]:
    """A domain of whole decades around ``values``, with room for open bounds.

    An open side gets one more decade than the finite bounds need, so that a range that
    goes on forever is drawn past every range that stops.
    """
    finite = [v for v in values if v is not None and v > 0]
    if not finite:
        return floor, floor * 1000
    low = 10.0 ** math.floor(math.log10(min(finite)))
    high = 10.0 ** math.ceil(math.log10(max(finite)))
    if high <= low:
        high = low * 10
    if open_low:
        low /= 10
    if open_high:
        high *= 10
    low = max(low, floor)
    if high <= low:
        high = low * 10
    return low, high


def short_number(value: float) -> str:
    """Axis labels: 1,000 -> 1k, 2,500,000 -> 2.5M, 3e9 -> 3B."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            scaled = value / size
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    return format_number(round(value, 2))


@dataclass(frozen=True)
class LinearScale:
    """Values in ``[low, high]`` to pixels in ``[start, end]``."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return self.start
        value = min(max(value, self.low), self.high)
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)

    def ticks(self, count: int = 5) -> list[float]:
        """Round steps (1, 2 or 5 times a power of ten) covering the domain."""
        return [self.low + i * step for i, step in _steps(self.low, self.high, count)]


def _steps(low: float, high: float, count: int) -> list[tuple[int, float]]:
    span = high - low
    if span <= 0:
        return [(0, 0.0)]
    raw = span / max(count, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [(i, step) for i in range(int(span / step + 1e-9) + 1)]


def nice_maximum(value: float) -> float:
    """The round number a count axis should end at: 1, 2, 5 or 10 times a power of ten."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= value)


@dataclass(frozen=True)
class DateScale:
    """Days to pixels, with month, quarter or year ticks depending on the span."""

    low: dt.date
    high: dt.date
    start: float
    end: float

    def __call__(self, day: dt.date) -> float:
        total = max((self.high - self.low).days, 1)
        share = (day - self.low).days / total
        return self.start + min(max(share, 0.0), 1.0) * (self.end - self.start)

    def ticks(self, width_per_label: float = 56) -> list[tuple[dt.date, str]]:
        """First days of months (or quarters, or years) inside the span, with their labels.

        As many as fit at ``width_per_label`` pixels each; January is labelled with its year.
        """
        room = max(int(abs(self.end - self.start) / width_per_label), 2)
        months = (self.high.year - self.low.year) * 12 + self.high.month - self.low.month + 1
        every = next((step for step in (1, 3, 6, 12, 24, 60) if months / step <= room), 120)
        found = []
        year, month = self.low.year, self.low.month
        while dt.date(year, month, 1) <= self.high:
            day = dt.date(year, month, 1)
            index = year * 12 + month - 1
            if day >= self.low and index % every == 0:
                label = str(year) if every >= 12 else _month_label(day, every)
                found.append((day, label))
            month += 1
            if month > 12:
                year, month = year + 1, 1
        return found


def _month_label(day: dt.date, every: int) -> str:
    if day.month == 1 or every >= 12:
        return f"{_MONTHS[0]} {day.year}"
    return _MONTHS[day.month - 1]


def date_domain(days: Sequence[dt.date], *, pad_days: int = 14) -> tuple[dt.date, dt.date]:
    """From shortly before the first day to shortly after the last (a fortnight each way)."""
    first, last = min(days), max(days)
    pad = dt.timedelta(days=pad_days)
    return first - pad, last + pad


Segment = tuple[float, float, float, float]


def hatch(x0: float, y0: float, x1: float, y1: float, spacing: float) -> list[Segment]:
    """Diagonal hatching lines (``/``) clipped to a rectangle, as (x1, y1, x2, y2) segments.

    Computed rather than drawn with an SVG ``<pattern>``: a pattern needs an id, and ids must
    be unique across a page that may hold several charts.
    """
    left, right = min(x0, x1), max(x0, x1)
    top, bottom = min(y0, y1), max(y0, y1)
    width, height = right - left, bottom - top
    if width <= 0 or height <= 0 or spacing <= 0:
        return []
    # Lines (x - left) + (y - top) = c: they rise to the right on screen, where y grows
    # downwards. Each enters through the left or bottom edge and leaves through the top or right.
    # The phase is the plot's, not the rectangle's: rectangles side by side hatch as one.
    segments: list[Segment] = []
    offset = (-(left + top)) % spacing or spacing
    while offset < width + height:
        start_x = max(0.0, offset - height)
        end_x = min(offset, width)
        segments.append(
            (left + start_x, top + offset - start_x, left + end_x, top + offset - end_x)
        )
        offset += spacing
    return segments
