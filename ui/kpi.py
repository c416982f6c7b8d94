"""Key-figure cards: st.metric with Swedish numbers and a neutral change against the previous period.

A change is shown grey, with an arrow for its direction: more reported deviations can mean a
better reporting culture as well as more incidents, so the card does not judge.

Counts are read from the analytics frame itself (`count_text(frame, column)`), not from a
plain dict or record: the frame carries why a count was hidden for a politiker
(`analytics.privacy.suppressed_cells`), so a hidden count reads ".." whatever the reason
(one symbol: the screen does not tell a small count from a complementary one).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from presentation import format as fmt
from ui import hidden


def _arrow(change: float | None) -> str:
    if change is None or change != change or round(change * 100) == 0:
        return "off"
    return "up" if change > 0 else "down"


def card(
    label: str,
    value: str,
    *,
    change: float | None = None,
    previous: str | None = None,
    help: str | None = None,
) -> None:
    """One metric: value, signed per-cent change, and what it is compared with."""
    st.metric(
        label,
        value,
        delta=fmt.change(change) if change is not None and change == change else None,
        delta_color="off",
        delta_arrow=_arrow(change),
        delta_description=previous,
        help=help,
        border=True,
    )


def _value(frame: pd.DataFrame, column: str, row: int) -> float | None:
    if column not in frame.columns or row >= len(frame):
        return None
    value = frame[column].iloc[row]
    return None if pd.isna(value) else float(value)


def is_small(frame: pd.DataFrame, column: str, row: int = 0) -> bool:
    """True when analytics hid this count because it was small (1 to threshold - 1)."""
    return row in hidden.small_rows(frame).get(column, set())


def count_text(frame: pd.DataFrame, column: str, row: int = 0) -> str:
    """A count of an analytics frame as shown: Swedish whole number, ".." when analytics hid it
    (for any reason), "–" when missing."""
    if is_small(frame, column, row):
        return hidden.small_label()
    return fmt.integer(_value(frame, column, row))


def count_card(
    label: str,
    frame: pd.DataFrame,
    column: str,
    previous_label: str,
    *,
    previous_frame: pd.DataFrame | None = None,
    previous_column: str | None = None,
    row: int = 0,
    help: str | None = None,
) -> None:
    """A count of `frame` against the same count in the previous period, read from
    `previous_frame` (a second call for the previous period) or from `previous_column`."""
    before = frame if previous_frame is None else previous_frame
    before_column = previous_column or column
    previous_value = _value(before, before_column, row)
    card(
        label,
        count_text(frame, column, row),
        change=fmt.relative_change(_value(frame, column, row), previous_value),
        previous=f"{previous_label}: {count_text(before, before_column, row)}"
        if before_column in before.columns
        else None,
        help=help,
    )


def count_cards(frame: pd.DataFrame, previous_label: str, per_row: int = 4) -> None:
    """One card per row of a frame with label, count, previous_count, change_share."""
    for start in range(0, len(frame), per_row):
        columns = st.columns(per_row)
        for column, row in zip(columns, range(start, min(start + per_row, len(frame))), strict=False):
            with column:
                change = frame["change_share"].iloc[row]
                card(
                    str(frame["label"].iloc[row]),
                    count_text(frame, "count", row),
                    change=None if pd.isna(change) else float(change),
                    previous=f"{previous_label}: {count_text(frame, 'previous_count', row)}",
                )


def is_zero(value: object) -> bool:
    """True for a count of 0; False for a positive count and for a hidden (suppressed) one."""
    return not pd.isna(value) and value == 0


def all_zero(values: Iterable[object]) -> bool:
    """True when every count is 0 (none hidden): the period has nothing to show."""
    return all(is_zero(v) for v in values)
