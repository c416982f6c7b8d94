"""Hidden small counts in tables: "<5" where analytics hid a count from 1 to threshold - 1,
"–" where it hid a cell for another reason (complementary, derived), so the reader can tell a
small number from a figure that is hidden so that a small one cannot be recovered."""

from __future__ import annotations

import pandas as pd

from analytics import privacy
from presentation import format as fmt


def small_label() -> str:
    """How a hidden small count is shown: "<5" (the configured threshold)."""
    return f"<{privacy.min_cell()}"


def small_rows(df: pd.DataFrame) -> dict[str, set[int]]:
    """column -> row positions of the counts analytics hid as small (1 to threshold - 1) in df.

    Empty when the frame's positions can no longer be trusted (filtered or reordered since the
    analytics call): every hidden cell is then shown as "–", which reveals nothing.
    """
    cells = privacy.suppressed_cells(df)
    if not cells:
        return {}
    index = df.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        return {}
    rows: dict[str, set[int]] = {}
    for cell in cells:
        if (
            cell.row >= len(df)
            or cell.column not in df.columns
            or not pd.isna(df.iloc[cell.row][cell.column])
        ):
            return {}
        if cell.reason == privacy.Reason.SMALL:
            rows.setdefault(cell.column, set()).add(cell.row)
    return rows


def mark_small(
    df: pd.DataFrame, table: pd.DataFrame, headers: dict[str, str]
) -> tuple[pd.DataFrame, set[str]]:
    """The table to display: in each column with hidden small counts, "<5" in those cells, "–"
    in other empty cells and Swedish whole numbers elsewhere (a text column, right-aligned).

    `table` is `df`'s columns renamed by `headers` in the same row order; the downloads keep
    `table` itself, where hidden cells stay empty. Returns the display table and the headers
    of the columns turned into text.
    """
    rows = small_rows(df)
    marked = {headers[c]: r for c, r in rows.items() if c in headers and headers[c] in table.columns}
    if not marked:
        return table, set()
    shown = table.copy()
    label = small_label()
    for header, hidden in marked.items():
        shown[header] = [
            label if i in hidden else fmt.DASH if pd.isna(v) else fmt.integer(v)
            for i, v in enumerate(table[header])
        ]
    return shown, set(marked)
