"""Reading the numbers people write in profiles: money amounts and inclusive ranges.

Plain functions over plain data (no pydantic), shared by the rules, the diff, qualification
and the handbook site so that "5M", "$1.5B" and 5_000_000 mean the same thing everywhere.
"""

from __future__ import annotations

import math
import re
from typing import Any

_MONEY_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_MONEY_TEXT = re.compile(r"^[$€£]?\s?([0-9][0-9,]*(?:\.[0-9]+)?)\s?([kKmMbB]?)$")


def money_value(value: object) -> int | None:
    """A money amount as written (5000000, 5_000_000, "5M", "$1.5B", "250k", "5,000,000").

    ``None`` when the value is not an amount (the schema reports that; callers skip it).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    match = _MONEY_TEXT.match(value.strip())
    if match is None:
        return None
    digits, suffix = match.groups()
    return round(float(digits.replace(",", "")) * _MONEY_SUFFIX.get(suffix.lower(), 1))


def range_bounds(value: Any) -> tuple[int | None, int | None]:
    """The ``min`` and ``max`` of a range mapping as integers (money strings understood)."""
    if not isinstance(value, dict):
        return None, None
    return money_value(value.get("min")), money_value(value.get("max"))


def format_number(value: float) -> str:
    """1200 -> "1,200"; 2.5 -> "2.50"."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def format_range(value: Any, unit: str = "") -> str:
    """A range mapping as a reader says it: "80-1,200", "80+", "up to 1,200"."""
    low, high = range_bounds(value)
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{format_number(low)}-{format_number(high)}{suffix}"
    if low is not None:
        return f"{format_number(low)}+{suffix}"
    if high is not None:
        return f"up to {format_number(high)}{suffix}"
    return "any"
