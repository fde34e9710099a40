"""Reading the numbers people write in profiles: money amounts and inclusive ranges.

Plain functions over plain data (no pydantic), shared by the rules, the diff, qualification
and the handbook site so that "5M", "$1.5B" and 5_000_000 mean the same thing everywhere.
"""

from __future__ import annotations

import math
import re
from typing import Any

_LAKH, _CRORE = 100_000, 10_000_000
_MONEY_SUFFIX = {
    "k": 1_000,
    "m": 1_000_000,
    "b": 1_000_000_000,
    **dict.fromkeys(("l", "lakh", "lakhs", "lac", "lacs"), _LAKH),
    **dict.fromkeys(("cr", "crore", "crores"), _CRORE),
}
_MONEY_TEXT = re.compile(
    r"^[$€£₹]?\s?([0-9][0-9,]*(?:\.[0-9]+)?)\s?([kmb]|l(?:akhs?|acs?)?|cr(?:ores?)?)?$",
    re.IGNORECASE,
)
PERIODS_PER_YEAR = {"year": 1, "month": 12}


def money_value(value: object) -> int | None:
    """A money amount as written (5000000, 5_000_000, "5M", "$1.5B", "250k", "5,000,000"),
    Indian units included ("50 lakh", "50L" = 5,000,000; "500 Cr" = 5,000,000,000).

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
    return round(float(digits.replace(",", "")) * _MONEY_SUFFIX.get((suffix or "").lower(), 1))


def per_year(value: Any) -> int:
    """How many of a money range's periods make a year: 12 for ``period: month``, else 1."""
    period = value.get("period") if isinstance(value, dict) else None
    return PERIODS_PER_YEAR.get(period, 1) if isinstance(period, str) else 1


def yearly_bounds(value: Any) -> tuple[int | None, int | None]:
    """``range_bounds`` of a money range, converted to amounts per year."""
    low, high = range_bounds(value)
    factor = per_year(value)
    return (
        low * factor if low is not None else None,
        high * factor if high is not None else None,
    )


def range_bounds(value: Any) -> tuple[int | None, int | None]:
    """The ``min`` and ``max`` of a range mapping as integers (money strings understood)."""
    if not isinstance(value, dict):
        return None, None
    return money_value(value.get("min")), money_value(value.get("max"))


def format_number(value: float) -> str:
    """1200 -> "1,200"; 2.5 -> "2.50"."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def format_indian(value: float) -> str:
    """Rupee amounts as Indian readers say them: 5,000,000,000 -> "500 crore"; small ones as is."""
    for size, word in ((_CRORE, "crore"), (_LAKH, "lakh")):
        if abs(value) >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return format_number(value)


def format_range(value: Any, unit: str = "") -> str:
    """A range mapping as a reader says it: "80-1,200", "80+", "up to 1,200".

    Rupee ranges (``unit`` INR) are written in lakh and crore.
    """
    low, high = range_bounds(value)
    suffix = f" {unit}" if unit else ""
    number = format_indian if unit == "INR" else format_number
    if low is not None and high is not None:
        return f"{number(low)}-{number(high)}{suffix}"
    if low is not None:
        return f"{number(low)}+{suffix}"
    if high is not None:
        return f"up to {number(high)}{suffix}"
    return "any"


# Rough rates to USD: enough to tell revenue ranges apart or place them on a log scale, never
# to convert an amount anyone reads as money.
_USD_PER_UNIT = {
    "USD": 1.0,
    "EUR": 1.1,
    "GBP": 1.3,
    "CHF": 1.15,
    "CAD": 0.73,
    "AUD": 0.66,
    "NZD": 0.6,
    "JPY": 0.0067,
    "SEK": 0.095,
    "NOK": 0.093,
    "DKK": 0.145,
    "PLN": 0.25,
    "INR": 0.012,
    "SGD": 0.75,
    "BRL": 0.18,
    "MXN": 0.055,
}


def rough_rate(currency: str, into: str) -> float | None:
    """How many ``into`` one ``currency`` is worth, roughly; None for a currency not listed."""
    if currency == into:
        return 1.0
    source, target = _USD_PER_UNIT.get(currency.upper()), _USD_PER_UNIT.get(into.upper())
    return None if source is None or target is None else source / target
