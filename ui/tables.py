"""One way to show a table: sortable, Swedish headers, CSV and Excel of exactly what is shown.

These downloads are the only way data leaves a table: Streamlit's own toolbar download and
clipboard copy are off (`client.disableDataExport` in .streamlit/config.toml), because they are
in English and bypass the access log. A download of a table with brukare ids (or free text, if
one ever is downloadable) is written to the access log as a "nedladdning" before the file is
built; when the log cannot be written, there is no file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from analytics import contract, privacy
from analytics.export.report import provenance
from analytics.privacy import access_log
from presentation import format as fmt
from ui import filters, hidden

# Columns whose download must be written to the access log, and as what kind of view.
LOGGED_COLUMNS: dict[str, str] = {
    **{c: "brukare_level" for c in privacy.BRUKARE_COLUMNS},
    "brukare_ids": "brukare_level",  # the access log's own table
    **{c: "free_text" for c in privacy.FREE_TEXT_COLUMNS},
}

ROW_PX = 35  # st.dataframe's row height
MAX_ROWS = 20


def displayed(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    codes: Mapping[str, Mapping[str, str]] | None = None,
    percent: Sequence[str] = (),
    decimals: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The columns named in `columns` (in that order), renamed to their Swedish headers.

    `codes` maps a column to its code list, shown as Swedish labels ("–" for none); `percent`
    columns hold shares 0–1 and are shown as per cent (0–100, one decimal); `decimals` rounds
    the named number columns.
    """
    table = df.loc[:, list(columns)].copy()
    for column, code_list in (codes or {}).items():
        table[column] = [contract.label(code_list, None if pd.isna(c) else c) for c in table[column]]
    # Rounded half up like presentation.format and the charts (pandas' round is half-even on
    # the float: 73/4 = 18,25 would read 18,2 in the table and 18,3 in the chart).
    for column in percent:
        table[column] = _half_up(pd.to_numeric(table[column], errors="coerce") * 100, 1)
    for column, places in (decimals or {}).items():
        table[column] = _half_up(pd.to_numeric(table[column], errors="coerce"), places)
    table = table.rename(columns=dict(columns)).reset_index(drop=True)
    table.attrs = {}  # analytics' bookkeeping (e.g. hidden cells) is not part of the table
    return table


def _half_up(values: pd.Series, places: int) -> pd.Series:
    return values.map(lambda v: v if pd.isna(v) else fmt.round_half_up(v, places)).astype("float64")


Provenance = Sequence[tuple[str, str]]


def to_csv(df: pd.DataFrame, about: Provenance = ()) -> bytes:
    """CSV as Swedish Excel opens it: semicolon, decimal comma, UTF-8 with BOM.

    `about` (what the file holds: period, comparison, filters, download time) comes first, one
    "name;value" row each, then an empty row, then the table with its header row."""
    head = "".join(f"{_csv_cell(k)};{_csv_cell(v)}\n" for k, v in about) + ("\n" if about else "")
    body = df.to_csv(index=False, sep=";", decimal=",", date_format="%Y-%m-%d")
    return (head + body).encode("utf-8-sig")


def _csv_cell(text: str) -> str:
    text = str(text)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ';"\n') else text


def to_xlsx(df: pd.DataFrame, sheet: str = "Data", about: Provenance = ()) -> bytes:
    """An Excel workbook: the table on its sheet, then a sheet "Om filen" with `about`."""
    buffer = io.BytesIO()
    out = df.copy()
    for column in out.columns:
        # Excel cannot store time-zone-aware timestamps.
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, index=False, sheet_name=_sheet_name(sheet))
        if about:
            pd.DataFrame(list(about), columns=["Uppgift", "Värde"]).to_excel(
                writer, index=False, sheet_name="Om filen"
            )
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Data"


def show(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    key: str,
    file_name: str,
    codes: Mapping[str, Mapping[str, str]] | None = None,
    percent: Sequence[str] = (),
    decimals: Mapping[str, int] | None = None,
    column_config: dict | None = None,
    height: int | str | None = None,
    screen_only: Sequence[str] = (),
    screen_only_note: str = "fritext visas bara här",
) -> pd.DataFrame:
    """Show df's chosen columns under Swedish headers, sortable, with CSV and Excel downloads.

    `columns` maps the DataFrame's column names to the headers shown (see `displayed` for
    `codes` and `percent`). Numbers follow the browser's locale (Swedish: 1 039,5); per cent
    columns get a "%" header. `column_config` is keyed by the Swedish header. `screen_only`
    columns (free text) are shown but left out of the downloads: a file would leave the logged,
    escaped view. Returns the table the downloads contain: what is shown, minus `screen_only`.
    """
    headers = {c: (f"{h} (%)" if c in percent else h) for c, h in columns.items()}
    table = displayed(df, headers, codes, percent, decimals)
    config: dict = {
        header: st.column_config.NumberColumn(header, format="localized")
        for header in table.columns
        if pd.api.types.is_numeric_dtype(table[header]) and not pd.api.types.is_bool_dtype(table[header])
    }
    # Hidden cells read ".." on screen; the downloads keep them empty (null).
    on_screen, marked = hidden.mark_small(df, table, headers)
    config |= {h: st.column_config.TextColumn(h, alignment="right") for h in marked}
    config |= column_config or {}
    if privacy.suppressed_cells(df):
        st.caption(hidden.legend())
    if height is None:  # whole table up to 20 rows, then scroll
        height = ROW_PX * (min(len(table), MAX_ROWS) + 1) + 3
    st.dataframe(
        on_screen, hide_index=True, column_config=config, key=f"{key}_table", height=height, placeholder="–"
    )
    download = table.drop(columns=[headers[c] for c in screen_only if c in headers])
    if len(download.columns) < len(table.columns):
        left_out = ", ".join(headers[c] for c in screen_only if c in headers)
        st.caption(f"Nedladdningarna innehåller inte {left_out.lower()} ({screen_only_note}).")
    f = filters.current()
    stem = provenance.file_stem(file_name, f)
    title = file_name.replace("_", " ").capitalize()
    logged = _download_log(df, [c for c in columns if c not in screen_only])

    def about() -> Provenance:  # at the click: the download time is when the file was made
        return provenance.header_rows(f, title)

    with st.container(horizontal=True, key=f"{key}_downloads"):
        st.download_button(
            "Ladda ned CSV",
            lambda: logged() or to_csv(download, about()),  # built only when clicked, logged first
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            icon=":material/download:",
            on_click="ignore",
        )
        st.download_button(
            "Ladda ned Excel",
            lambda: logged() or to_xlsx(download, file_name, about()),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            icon=":material/download:",
            on_click="ignore",
        )
    return download


def _download_log(df: pd.DataFrame, downloaded: Sequence[str]) -> Callable[[], None]:
    """What a click on a download must do first: write the access log entry when the file holds
    brukare ids or free text (nothing otherwise). The entry's facts are taken now, in the page
    run, because the file is built later, outside it."""
    kinds = {LOGGED_COLUMNS[c] for c in downloaded if c in LOGGED_COLUMNS}
    if not kinds:
        return lambda: None
    from ui import db, filters  # ui.filters imports ui.db, which imports nothing of ui.tables

    f = filters.current()
    page = st.session_state.get(db.PAGE_KEY, "okänd sida")
    kind = "free_text" if "free_text" in kinds else "brukare_level"
    ids = access_log.brukare_ids_in(df)
    if "brukare_ids" in df.columns:  # the access log's own table: "P1, P2" per row
        ids = sorted(
            {i.strip() for cell in df["brukare_ids"].dropna() for i in str(cell).split(",") if i.strip()}
        )
    records = next((list(df[c].dropna()) for c in ("deviation_id", "complaint_id") if c in df.columns), None)

    def write() -> None:
        access_log.log_view(
            f.scope.user, f.scope.role, page, f, ids, kind, record_ids=records, action="nedladdning"
        )

    return write
