"""Swedish number formatting for the UI and the charts: 1 039, 52,1 %, +146 %, −8 %.

Thousands are separated by a no-break space (so "1 039" never wraps), decimals by a comma, a
per cent sign follows after a no-break space, and a negative change uses the true minus sign
U+2212. Shares are fractions 0–1 throughout the product; these functions turn them into per cent.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "–"  # shown for a value that cannot be computed
# shown for every value hidden from the role (Kolada's ".."): one symbol, so that a reader cannot
# tell a small count from a cell hidden to protect it
HIDDEN = ".."

# Plotly's `layout.separators`: decimal comma, then the thousands separator.
PLOTLY_SEPARATORS = ", "

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _missing(value: object) -> bool:
    """None, NaN, NaT and pandas' NA (a figure that is absent or hidden) all count as missing."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def round_half_up(value: float | int, decimals: int = 0) -> float:
    """Round as the report and Excel do: 0.125 -> 0.13, 0.03125 -> 0.0313 (not half to even).

    The float's shortest decimal representation is rounded, so 2.675 gives 2.68 even though the
    binary value lies just below it.
    """
    exponent = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP))


def number(value: float | int | None, decimals: int = 0) -> str:
    """1039 -> "1 039"; 2.19 with decimals=2 -> "2,19"; -8 -> "−8"; None/NaN -> "–"."""
    if _missing(value):
        return DASH
    rounded = round_half_up(value, decimals)
    text = f"{abs(rounded):,.{decimals}f}"
    text = text.replace(",", NBSP).replace(".", ",")
    return f"{MINUS}{text}" if rounded < 0 else text


def integer(value: float | int | None) -> str:
    """A count: 4527 -> "4 527"."""
    return number(value, 0)


def percent(share: float | None, decimals: int = 0) -> str:
    """A share 0–1 as per cent: 0.52 -> "52 %", 0.521 with decimals=1 -> "52,1 %"."""
    if _missing(share):
        return DASH
    return f"{number(float(share) * 100, decimals)}{NBSP}%"


def change(ratio: float | None, decimals: int = 0) -> str:
    """A relative change as a signed per cent: 1.46 -> "+146 %", -0.08 -> "−8 %", 0 -> "±0 %"."""
    if _missing(ratio):
        return DASH
    rounded = round_half_up(float(ratio) * 100, decimals)
    body = number(abs(rounded), decimals)
    if rounded > 0:
        return f"+{body}{NBSP}%"
    if rounded < 0:
        return f"{MINUS}{body}{NBSP}%"
    return f"±{body}{NBSP}%"


def points(diff: float | None, decimals: int = 0) -> str:
    """A difference between two shares in percentage points: 0.07 -> "+7 p.e.", -0.13 -> "−13 p.e."."""
    if _missing(diff):
        return DASH
    rounded = round_half_up(float(diff) * 100, decimals)
    body = number(abs(rounded), decimals)
    sign = "+" if rounded > 0 else (MINUS if rounded < 0 else "±")
    return f"{sign}{body}{NBSP}p.e."


def relative_change(current: float | int | None, previous: float | int | None) -> float | None:
    """(current − previous) / previous, or None when there is nothing to compare with."""
    if _missing(current) or _missing(previous) or not previous:
        return None
    return (float(current) - float(previous)) / float(previous)


def day(value: date | datetime | None) -> str:
    """A date as ISO 8601 (the Swedish standard form): 2022-12-31."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def month(value: date) -> str:
    """A month as "jan 2022"."""
    return f"{MONTHS[value.month - 1]} {value.year}"
