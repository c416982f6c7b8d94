"""What is loaded, in a few lines: shared by the Data page and the landing page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import contract
from analytics.analyses import datastatus
from presentation import format as fmt
from ui import db


def summary() -> None:
    """One caption line on the data behind the view, and a note on missing optional tables."""
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
