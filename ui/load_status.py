"""The load history on the Data page: every load attempt, approved or rejected (the database
keeps only what was loaded; analytics.ingest.history keeps the attempts)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.analyses import datastatus
from analytics.ingest import history
from ui import db, upload_view


def last_attempt() -> None:
    """A rejected last attempt, prominently; otherwise one quiet line. Plain language for all."""
    table_status = db.call(datastatus.table_status)
    loaded = table_status["last_loaded_at"].dropna()
    built = loaded.max().isoformat() if len(loaded) else None
    level, text = history.status(history.read(limit=50), built)
    if level == "error":
        st.error(text, icon=":material/error:")
    elif level == "ok":
        st.caption(text)


def history_table(analytiker: bool) -> None:
    """One row per attempt; for the analysis team with who, source, profile and the details."""
    st.header("Laddningshistorik")
    records = history.read()
    if not records:
        st.info("Inga laddningsförsök är registrerade ännu.")
        return
    frame = history.attempts(records)
    if analytiker:
        shown = frame.rename(
            columns={
                "at": "Tid",
                "user": "Vem",
                "source": "Källa",
                "profile": "Importprofil",
                "result": "Resultat",
                "errors": "Fel",
                "rows": "Rader",
                "period": "Period",
            }
        )
    else:  # a plain-language status: no users, paths, profiles or database names
        shown = frame[["at", "result", "errors"]].rename(
            columns={"at": "Tid", "result": "Resultat", "errors": "Fel"}
        )
    st.table(shown.head(50), hide_index=True)
    if not analytiker:
        return
    with st.expander("Detaljer om ett laddningsförsök"):
        labels = [
            f"{a} · {r} · {s}" for a, r, s in zip(frame["at"], frame["result"], frame["source"], strict=True)
        ]
        i = st.selectbox(
            "Försök",
            range(len(records)),
            format_func=labels.__getitem__,
            key="data_history_pick",
            filter_mode=None,
        )
        record = records[i or 0]
        st.caption(f"Mapp: {record.get('folder') or '–'} · {record.get('seconds', 0)} s".replace(".", ","))
        if record.get("problems"):
            st.dataframe(
                upload_view.problem_table(record["problems"]), hide_index=True, key="data_history_problems"
            )
        if record.get("tables"):
            st.dataframe(
                pd.DataFrame(record["tables"]).rename(
                    columns={"table": "Tabell", "file": "Fil", "rows": "Rader"}
                ),
                hide_index=True,
                key="data_history_tables",
            )
        for w in record.get("warnings") or []:
            st.caption(f"Varning: {w}")
