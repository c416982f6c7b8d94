"""How a page states its comparison (key-figures.md version 2, on screen).

- The comparison period is named short, "H1 2021", with its dates and the rule in a tooltip.
- A comparison the data do not reach back to reads "Ingen data för jämförelseperioden", never 0.
- A change is a percentage only from a base of MIN_BASE; below it the two counts, "1 → 59".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from analytics.analyses import comparison
from analytics.filters import COMPARISONS, Filters
from presentation import format as fmt
from ui import db

NO_DATA = "Ingen data för jämförelseperioden"
MIN_BASE = 10  # smaller bases swing wildly: "+5 800 %" for 1 -> 59


def label(f: Filters) -> str:
    """The comparison period's short name: "H1 2021", "2021", "K3 2021", or its dates."""
    return f.comparison.short_label()


def tooltip(f: Filters) -> str:
    """The comparison period's dates and rule, for a help tooltip."""
    return f"Jämförs med {f.comparison.dates()} ({COMPARISONS[f.compare].lower()})."


def covered(f: Filters, table: str = "deviations") -> bool:
    """Do the loaded data reach back to the comparison period?"""
    return bool(db.call(comparison.covered, f, table))


def before(
    fn: Callable[..., pd.DataFrame], f: Filters, *args: Any, table: str = "deviations"
) -> pd.DataFrame | None:
    """fn over the comparison period, or None when the data do not reach back to it."""
    if not covered(f, table):
        return None
    return db.call(fn, f.compared(), *args)


def change_text(current: float | None, previous: float | None) -> str | None:
    """ "+12 %" from a base of MIN_BASE, "1 → 59" below it, None when either is missing."""
    if current is None or previous is None or current != current or previous != previous:
        return None
    if previous >= MIN_BASE:
        return fmt.change(fmt.relative_change(current, previous))
    return f"{fmt.integer(previous)} → {fmt.integer(current)}"


def with_change_text(
    frame: pd.DataFrame, current: str = "count", previous: str = "previous_count"
) -> pd.DataFrame:
    """The frame with a column `change_text`: change_text() of each row ("+12 %", "1 → 59"), or
    "–" when a count is hidden or the comparison has no data."""
    texts = [
        change_text(None if pd.isna(c) else float(c), None if pd.isna(p) else float(p)) or fmt.DASH
        for c, p in zip(frame[current], frame[previous], strict=True)
    ]
    out = frame.copy()
    out["change_text"] = texts
    out.attrs = frame.attrs  # keep which cells analytics hid
    return out
