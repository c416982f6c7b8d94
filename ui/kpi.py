"""Key-figure cards: st.metric with Swedish numbers and a neutral change against the previous period.

A change is shown grey, with an arrow for its direction: more reported deviations can mean a
better reporting culture as well as more incidents, so the card does not judge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from analytics import format as fmt


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


def count_cards(rows: Iterable[Mapping[str, Any]], previous_label: str, per_row: int = 4) -> None:
    """Cards for rows with label, count, previous_count, change_share."""
    items = list(rows)
    for start in range(0, len(items), per_row):
        columns = st.columns(per_row)
        for column, row in zip(columns, items[start : start + per_row], strict=False):
            with column:
                card(
                    row["label"],
                    fmt.integer(row["count"]),
                    change=row["change_share"],
                    previous=f"{previous_label}: {fmt.integer(row['previous_count'])}",
                )


def count_card(
    label: str,
    count: float | None,
    previous_count: float | None,
    previous_label: str,
    help: str | None = None,
) -> None:
    """A count against the same count in the previous period."""
    card(
        label,
        fmt.integer(count),
        change=fmt.relative_change(count, previous_count),
        previous=f"{previous_label}: {fmt.integer(previous_count)}" if previous_count is not None else None,
        help=help,
    )


def is_zero(value: object) -> bool:
    """True for a count of 0; False for a positive count and for a hidden (suppressed) one."""
    return not pd.isna(value) and value == 0


def all_zero(values: Iterable[object]) -> bool:
    """True when every count is 0 (none hidden): the period has nothing to show."""
    return all(is_zero(v) for v in values)
