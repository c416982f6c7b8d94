"""Sensitive parts of pages: free text about people, and the access log.

Free text (deviation descriptions) is shown only to roles analytics.privacy allows (analytiker,
chef for own units), only when the viewer asks for it, always as plain text: in st.dataframe
cells and st.text, never as Markdown or HTML. Every view goes through ui.db.call, which writes
the access log once per view and withholds the rows when the log cannot be written. Free text
has no download: an export would leave the logged view.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics import contract
from analytics.analyses import deviations
from analytics.filters import Filters
from analytics.privacy import access_log
from presentation import format as fmt
from ui import db, tables

TEXT_COLUMNS: dict[str, str] = {
    "reported_date": "Rapporterad",
    "brukare_id": "Brukare",
    "domain": "Område",
    "category": "Kategori",
    "subcategory": "Underkategori",
    "description": "Beskrivning",
    "deviation_id": "Avvikelse",
}


def _label(codes: dict[str, str], value: object) -> str:
    return contract.label(codes, None if pd.isna(value) else value)


def deviation_texts(f: Filters, key: str = "avv_text") -> None:
    """The deviations of the drilled unit with their descriptions, behind a switch.

    `f` is already narrowed to the unit. Nothing is shown, queried or logged for a role that
    may not see free text, or until the viewer turns the switch on.
    """
    if not db.allowed(deviations.deviation_list, f):
        return
    st.subheader("Beskrivningar")
    if not st.toggle(
        "Visa avvikelsernas beskrivningar",
        key=key,
        bind="query-params",
        help="Beskrivningarna är fritext om enskilda personer. Varje visning skrivs i åtkomstloggen.",
    ):
        st.caption("Beskrivningarna är fritext om enskilda personer; en visning skrivs i åtkomstloggen.")
        return
    listed = db.call(deviations.deviation_list, f)  # written to the access log by db.call
    if listed.empty:
        st.info("Inga avvikelser vid enheten i vald period.")
        return
    total = listed.attrs.get("total", len(listed))
    if total > len(listed):
        st.caption(
            f"Visar de {fmt.integer(len(listed))} senaste av {fmt.integer(total)} avvikelser; "
            "välj en kortare period för att se äldre."
        )
    table = listed.assign(
        domain=[_label(contract.DOMAINS, v) for v in listed["domain"]],
        category=[_label(contract.CATEGORY_LABELS, v) for v in listed["category"]],
        subcategory=[_label(contract.SUBCATEGORY_LABELS, v) for v in listed["subcategory"]],
        brukare_id=listed["brukare_id"].fillna("–"),
        description=listed["description"].fillna(""),
    )[list(TEXT_COLUMNS)].rename(columns=TEXT_COLUMNS)
    table.attrs = {}
    st.dataframe(
        table,
        hide_index=True,
        key=f"{key}_table",
        height=tables.ROW_PX * (min(len(table), tables.MAX_ROWS) + 1) + 3,
        column_config={
            "Rapporterad": st.column_config.DateColumn("Rapporterad", format="YYYY-MM-DD"),
            "Beskrivning": st.column_config.TextColumn("Beskrivning", width="large"),
        },
    )
    ids = list(listed["deviation_id"])
    chosen = st.selectbox(
        "Läs hela beskrivningen",
        ids,
        format_func=lambda i: _row_label(listed, i),
        key=f"{key}_id",  # not in the URL: the label names the brukare
    )
    if chosen is not None:
        text = listed.loc[listed["deviation_id"] == chosen, "description"].iloc[0]
        # st.text shows the characters as they are: no Markdown, no HTML.
        st.text(text if isinstance(text, str) and text else "Ingen beskrivning.")


def _row_label(listed: pd.DataFrame, deviation_id: str) -> str:
    row = listed.loc[listed["deviation_id"] == deviation_id].iloc[0]
    brukare = row["brukare_id"] if isinstance(row["brukare_id"], str) else "ingen brukare"
    return f"{deviation_id} · {pd.Timestamp(row['reported_date']).date().isoformat()} · {brukare}"


def access_log_section(f: Filters, today: date | None = None) -> None:
    """The access log for the analytiker: filtered by user and period, a table and downloads."""
    if f.scope.role != "analytiker":
        return
    st.header("Åtkomstlogg")
    st.write(
        "Varje visning av uppgifter per brukare eller av fritext: vem, när, på vilken sida, med "
        "vilka filter och vilka brukare. Loggen ligger utanför analysdatabasen och skrivs bara till."
    )
    today = today or date.today()
    every = access_log.read_log()
    users = sorted({u for u in every["user"].dropna()}, key=str.lower)
    left, right = st.columns(2)
    with left:
        user = st.selectbox("Användare", users, index=None, placeholder="Alla", key="logg_anvandare")
    with right:
        picked = st.date_input(
            "Period",
            value=(today - timedelta(days=30), today),
            format="YYYY-MM-DD",
            key="logg_period",
        )
    date_from, date_to = picked if isinstance(picked, tuple) and len(picked) == 2 else (None, None)
    shown = access_log.read_log(user=user, date_from=date_from, date_to=date_to)
    unreadable = shown.attrs.get("unreadable_lines", 0)
    if unreadable:
        st.warning(f"{unreadable} rader i loggen kunde inte läsas (t.ex. avbrutna vid ett strömavbrott).")
    if shown.empty:
        st.info("Inga visningar i loggen för valet.")
        return
    shown = shown.assign(
        at=shown["at"].map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S")),
        kind=shown["kind"].map(lambda k: access_log.KINDS.get(k, k)),
        action=shown["action"].map(lambda a: access_log.ACTIONS.get(a, a)),
    )
    tables.show(
        shown,
        {
            "at": "Tid",
            "user": "Användare",
            "role": "Roll",
            "page": "Sida",
            "kind": "Visat",
            "action": "Åtgärd",
            "brukare_ids": "Brukare",
            "record_ids": "Poster",
            "filters": "Filter",
        },
        key="data_atkomstlogg",
        file_name="atkomstlogg",
    )
