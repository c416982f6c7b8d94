"""What is loaded, in a few lines: shared by the Data page and the landing page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import contract
from analytics.analyses import datastatus
from presentation import format as fmt
from ui import db


def summary() -> None:
    """One caption line on the data behind the view, and a note on missing optional tables.

    Roles other than analytiker get `plain()`: whole-table row counts are figures too (all
    years together), and the rest is for whoever administers the data."""
    from ui import filters  # ui.filters imports ui.db only

    if filters.current().scope.role != "analytiker":
        with st.expander("Uppgifter i verktyget"):
            plain()
        return
    status = db.call(datastatus.table_status)
    deviations = status.set_index("table").loc["deviations"]
    loaded_at = status["last_loaded_at"].dropna()
    parts = [f"Avvikelser: {fmt.integer(deviations['rows'])} rader"]
    if pd.notna(deviations["period_from"]):
        first, last = deviations["period_from"].date(), deviations["period_to"].date()
        parts.append(f"rapporterade {fmt.day(first)} – {fmt.day(last)}")
    if len(loaded_at):
        parts.append(f"senast laddad {fmt.day(loaded_at.max().to_pydatetime())}")
    st.caption(" · ".join(parts))
    loaded = status[status["loaded"]]
    with st.expander(f"Laddade tabeller ({len(loaded)} av {len(status)})"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Tabell": [contract.TABLES[t].label for t in loaded["table"]],
                    "Rader": [fmt.integer(r) for r in loaded["rows"]],
                    "Från": [fmt.day(d.date()) if pd.notna(d) else fmt.DASH for d in loaded["period_from"]],
                    "Till": [fmt.day(d.date()) if pd.notna(d) else fmt.DASH for d in loaded["period_to"]],
                }
            ),
            hide_index=True,
        )
    missing = db.call(datastatus.missing_optional_tables)
    if missing:
        names = ", ".join(contract.TABLES[n].label for n in missing)
        st.caption(f"Saknas i databasen: {names}. Vyer som behöver dem säger det.")


def plain() -> None:
    """What is loaded, for roles that do not administer the data: each kind of data in words,
    whether it is there, and the period it covers. No paths, file or column names, no counts."""
    status = db.call(datastatus.table_status)
    loaded_at = status["last_loaded_at"].dropna()
    if len(loaded_at):
        st.caption(f"Uppgifterna uppdaterades senast {fmt.day(loaded_at.max().to_pydatetime())}.")
    st.dataframe(
        pd.DataFrame(
            {
                "Uppgifter": [contract.TABLES[t].label for t in status["table"]],
                "Finns": ["ja" if loaded else "nej" for loaded in status["loaded"]],
                "Från": [fmt.day(d.date()) if pd.notna(d) else fmt.DASH for d in status["period_from"]],
                "Till": [fmt.day(d.date()) if pd.notna(d) else fmt.DASH for d in status["period_to"]],
            }
        ),
        hide_index=True,
        key="data_status_plain",
        height=35 * (len(status) + 1) + 3,  # every row, no scrolling
    )
    missing = [contract.TABLES[t].label for t in status.loc[~status["loaded"], "table"]]
    if missing:
        st.caption(f"Saknas: {', '.join(missing)}. Vyer som behöver dem säger det.")


def empty(message: str, table: str = "deviations") -> str:
    """An empty-period message that names the chosen period and the period the data covers:
    "Inga avvikelser i vald period (2019). Data finns för 2020-01-01 – 2022-12-31."."""
    from ui import filters

    chosen = filters.period_text(filters.current().period)
    status = db.call(datastatus.table_status).set_index("table")
    text = f"{message.rstrip('.')} ({chosen})."
    if table not in status.index or pd.isna(status.loc[table, "period_from"]):
        return text
    first, last = status.loc[table, "period_from"].date(), status.loc[table, "period_to"].date()
    return f"{text} Data finns för {fmt.day(first)} – {fmt.day(last)}."


def where(f) -> str:
    """Where the page's figures come from, for its lead sentence: "i socialförvaltningen", or
    "vid Solrosen" when a chef or the unit filter narrows it to units (names escaped)."""
    from ui import drilldown, markdown

    scope = drilldown.scope_text(f)
    if scope == "hela förvaltningen":
        return "i socialförvaltningen"
    if scope == "urvalet i sidopanelen":
        return "i urvalet i sidopanelen"
    return "vid " + markdown.escape(scope)
