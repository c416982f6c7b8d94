"""Hidden cells in tables: ".." (Kolada's symbol) wherever analytics hid a cell, whether the
count was small or the cell was hidden so that a small one cannot be recovered: one symbol, so
the screen does not tell which hidden cells are the small ones. "–" is a value that cannot be
computed (e.g. a share of zero)."""

from __future__ import annotations

import pandas as pd

from analytics import privacy
from presentation import format as fmt


def small_label() -> str:
    """How a hidden cell is shown: ".." (the same for every reason it was hidden)."""
    return fmt.HIDDEN


LEGEND = (
    ".. = dolt: färre än {n} händelser eller personer, eller dolt så att ett sådant litet tal inte "
    "kan räknas fram. – = kan inte beräknas. I nedladdningar är dolda celler tomma."
)


def legend() -> str:
    """The one line that explains the symbols under a table with hidden cells."""
    return LEGEND.format(n=privacy.min_cell())


def small_rows(df: pd.DataFrame) -> dict[str, set[int]]:
    """column -> row positions of the cells analytics hid in df (for any reason).

    Empty when the frame's positions can no longer be trusted (filtered or reordered since the
    analytics call): every empty cell is then shown as "–", which reveals nothing.
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
        rows.setdefault(cell.column, set()).add(cell.row)
    return rows


def mark_small(
    df: pd.DataFrame, table: pd.DataFrame, headers: dict[str, str]
) -> tuple[pd.DataFrame, set[str]]:
    """The table to display: in each column with hidden cells, ".." in those cells, "–"
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
