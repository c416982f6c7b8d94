"""Data: what is loaded, the load log, how complete the data is, and (analytiker) the access log."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import datastatus
from ui import db, filters, load_status, privacy_view, status, tables

f = filters.current()

analytiker = f.scope.role == "analytiker"

st.title("Data")
if f.scope.role != "analytiker":
    # No server paths, file or column names, load log or data-quality counts: what is loaded
    # and for which period, in plain words (ui.status).
    st.write("Vilka uppgifter som finns i verktyget och för vilken tid.")
    status.plain()
    st.stop()
st.write("Vad som är laddat i databasen, varifrån det kom och hur komplett det är.")
load_status.last_attempt()
status.summary()

st.header("Tabeller")
table_status = db.call(datastatus.table_status)
missing = db.call(datastatus.missing_optional_tables)
for name in missing:
    st.warning(db.missing_table_message(name), icon=":material/folder_off:")
tables.show(
    table_status,
    {
        "label": "Tabell",
        **({"table": "Fil"} if analytiker else {}),
        "required": "Obligatorisk",
        "loaded": "Laddad",
        "rows": "Rader",
        "period_from": "Från",
        "period_to": "Till",
        "last_loaded_at": "Senast laddad",
    },
    key="data_tables",
    file_name="tabeller",
    column_config={
        "Obligatorisk": st.column_config.CheckboxColumn("Obligatorisk"),
        "Laddad": st.column_config.CheckboxColumn("Laddad"),
        "Från": st.column_config.DateColumn("Från", format="YYYY-MM-DD"),
        "Till": st.column_config.DateColumn("Till", format="YYYY-MM-DD"),
        "Senast laddad": st.column_config.DatetimeColumn("Senast laddad", format="YYYY-MM-DD HH:mm"),
    },
)

load_status.history_table(analytiker)

st.header("Laddningslogg")
load_log = db.call(datastatus.load_log) if analytiker else None
if load_log is None:
    st.caption("Vilka filer som laddats och varifrån visas för analysteamet.")
elif load_log.empty:
    st.info("Laddningsloggen är tom: databasen har inte byggts av laddaren.")
else:
    tables.show(
        load_log,
        {
            "loaded_at": "Laddad",
            "load_id": "Laddning",
            "source": "Källa",
            "file": "Fil",
            "table_name": "Tabell",
            "rows": "Rader",
            "period_from": "Från",
            "period_to": "Till",
            "sha256": "SHA-256",
            "contract_version": "Kontraktsversion",
        },
        key="data_load_log",
        file_name="laddningslogg",
        column_config={
            "Laddad": st.column_config.DatetimeColumn("Laddad", format="YYYY-MM-DD HH:mm:ss"),
            "Laddning": st.column_config.NumberColumn("Laddning", format="plain"),
            "Kontraktsversion": st.column_config.NumberColumn("Kontraktsversion", format="plain"),
            "Från": st.column_config.DateColumn("Från", format="YYYY-MM-DD"),
            "Till": st.column_config.DateColumn("Till", format="YYYY-MM-DD"),
        },
    )

st.header("Datakvalitet")
st.subheader(f"Avvikelser {filters.period_text(f.period)}")
quality = db.call(datastatus.deviation_quality, f)
if quality.empty:
    st.info(status.empty("Inga avvikelser i vald period."))
else:
    st.caption(
        "Andel i kategorin ”Annat” (svårare att analysera) och andel som inte är utredda eller "
        "uppföljda, per område."
    )
    tables.show(
        quality,
        {
            "domain": "Område",
            "deviations": "Avvikelser",
            "annat": "Annat",
            "annat_share": "Andel annat",
            "not_investigated": "Ej utredda",
            "not_investigated_share": "Andel ej utredda",
            "not_followed_up": "Ej uppföljda",
            "not_followed_up_share": "Andel ej uppföljda",
            "without_brukare": "Utan brukare",
        },
        codes={"domain": contract.DOMAINS},
        percent=("annat_share", "not_investigated_share", "not_followed_up_share"),
        key="data_quality",
        file_name="datakvalitet_avvikelser",
    )

st.subheader("Tomma fält per tabell och kolumn")
nulls = db.call(datastatus.null_counts)
if nulls.empty:
    st.success("Inga tomma fält i någon laddad tabell.")
else:
    st.caption("Bara kolumner med minst ett tomt fält visas. Valfria kolumner får vara tomma.")
    tables.show(
        nulls,
        {
            "table_label": "Tabell",
            "column_label": "Kolumn",
            **({"column": "Kolumnnamn"} if analytiker else {}),  # database names: analysts only
            "required": "Obligatorisk",
            "rows": "Rader",
            "nulls": "Tomma",
            "null_share": "Andel tomma",
        },
        percent=("null_share",),
        key="data_nulls",
        file_name="tomma_falt",
        column_config={"Obligatorisk": st.column_config.CheckboxColumn("Obligatorisk")},
    )

privacy_view.access_log_section(f)  # analytiker only
