"""What is loaded, in a few lines: shared by the Data page and the landing page."""

from __future__ import annotations

import streamlit as st

from analytics import contract, datastatus
from analytics import format as fmt
from ui import db


def summary() -> None:
    """One caption line on the data behind the view, and a note on missing optional tables."""
    status = db.call(datastatus.table_status)
    deviations = status.set_index("table").loc["deviations"]
    loaded_at = status["last_loaded_at"].dropna()
    parts = [f"Avvikelser: {fmt.integer(deviations['rows'])} rader"]
    if deviations["period_from"] is not None and deviations["rows"]:
        parts.append(
            f"rapporterade {fmt.day(deviations['period_from'])} – {fmt.day(deviations['period_to'])}"
        )
    if len(loaded_at):
        parts.append(f"senast laddad {fmt.day(max(loaded_at).to_pydatetime())}")
    st.caption(" · ".join(parts))
    missing = db.call(datastatus.missing_optional_tables)
    if missing:
        names = ", ".join(contract.TABLES[n].label for n in missing)
        st.caption(f"Saknas i databasen: {names}. Vyer som behöver dem säger det.")
