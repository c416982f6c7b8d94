"""Key-figure cards: st.metric with Swedish numbers and a neutral change against the previous period.

A change is shown grey, with an arrow for its direction: more reported deviations can mean a
better reporting culture as well as more incidents, so the card does not judge.

Counts are read from the analytics frame itself (`count_text(frame, column)`), not from a
plain dict or record: the frame carries why a count was hidden for a politiker
(`analytics.privacy.suppressed_cells`), so a hidden count reads ".." whatever the reason
(one symbol: the screen does not tell a small count from a complementary one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
import streamlit as st

from analytics import privacy
from analytics.filters import Filters
from presentation import format as fmt
from ui import compare, hidden, spc


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
    delta: str | None = None,
) -> None:
    """One metric: value, the change (`delta` as text, else `change` as a signed per cent),
    and what it is compared with."""
    if delta is None and change is not None and change == change:
        delta = fmt.change(change)
    st.metric(
        label,
        value,
        delta=delta,
        delta_color="off",
        delta_arrow=_arrow(change) if delta is not None else "off",
        delta_description=previous,
        help=help,
        border=True,
    )


def compared_card(
    label: str,
    frame: pd.DataFrame,
    column: str,
    previous_frame: pd.DataFrame | None,
    previous_column: str,
    f: Filters,
    *,
    row: int = 0,
    help: str | None = None,
) -> None:
    """A count against the comparison period (ui.compare): "H1 2021: 1 766" with the dates in
    the tooltip, "Ingen data för jämförelseperioden" when the data do not reach back (a None
    `previous_frame` or a null previous value), a percentage only from a base of 10."""
    current = _value(frame, column, row)
    previous = None if previous_frame is None else _value(previous_frame, previous_column, row)
    tip = compare.tooltip(f) if help is None else f"{help}\n\n{compare.tooltip(f)}"
    withheld = previous_frame is not None and _withheld(previous_frame, previous_column, row)
    if previous is None and not withheld:  # the data do not reach back: never show 0
        card(label, count_text(frame, column, row), previous=compare.NO_DATA, help=tip)
        return
    assert previous_frame is not None
    shown = current is not None and not withheld
    card(
        label,
        count_text(frame, column, row),
        change=fmt.relative_change(current, previous) if shown else None,
        delta=compare.change_text(current, previous) if shown else None,
        previous=f"{compare.label(f)}: {count_text(previous_frame, previous_column, row)}",
        help=tip,
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
    f: Filters,
    *,
    previous_frame: pd.DataFrame | None = None,
    previous_column: str | None = None,
    row: int = 0,
    help: str | None = None,
) -> None:
    """A count of `frame` against the comparison period: the previous value is read from
    `previous_column` of `frame`, or from `previous_frame` (ui.compare.before: None when the
    data do not reach back) at `column`."""
    if previous_column is not None:
        compared_card(label, frame, column, frame, previous_column, f, row=row, help=help)
    else:
        compared_card(label, frame, column, previous_frame, column, f, row=row, help=help)


def _withheld(frame: pd.DataFrame, column: str, row: int) -> bool:
    """True when analytics hid this value for the role (small, complementary or derived)."""
    return any(c.row == row and c.column == column for c in privacy.suppressed_cells(frame))


def variation_badges(variation: pd.DataFrame) -> dict[str, tuple[str, str | None]]:
    """spc.kpi_variation as key -> (text, judgement) for count_cards' badges."""
    return {
        str(row.key): (str(row.text), None if pd.isna(row.judgement) else str(row.judgement))
        for row in variation.itertuples(index=False)
    }


def count_cards(
    frame: pd.DataFrame,
    f: Filters,
    per_row: int = 4,
    badges: Mapping[str, tuple[str, str | None]] | None = None,
    helps: Mapping[str, str] | None = None,
) -> None:
    """One card per row of a frame with label, count and previous_count, against the
    comparison period of `f` (compared_card); with `badges` (key -> (text, judgement)) the
    row's variation icon under its card, with `helps` (key -> text) a help tooltip on it
    (e.g. the rate ratio against the comparison period)."""
    for start in range(0, len(frame), per_row):
        columns = st.columns(per_row)
        for column, row in zip(columns, range(start, min(start + per_row, len(frame))), strict=False):
            with column:
                key = frame["key"].iloc[row] if "key" in frame.columns else None
                compared_card(
                    str(frame["label"].iloc[row]),
                    frame,
                    "count",
                    frame,
                    "previous_count",
                    f,
                    row=row,
                    help=(helps or {}).get(key),
                )
                if badges and key in badges:
                    text, judgement = badges[key]
                    spc.variation_badge(text, judgement)


def is_zero(value: object) -> bool:
    """True for a count of 0; False for a positive count and for a hidden (suppressed) one."""
    return not pd.isna(value) and value == 0


def all_zero(values: Iterable[object]) -> bool:
    """True when every count is 0 (none hidden): the period has nothing to show."""
    return all(is_zero(v) for v in values)


def all_hidden(values: Iterable[object]) -> bool:
    """True when some count is hidden (suppressed) and none of the others is above 0: a chart
    would show nothing."""
    values = list(values)
    return any(pd.isna(v) for v in values) and all(pd.isna(v) or v == 0 for v in values)
