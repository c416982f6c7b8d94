"""Mål: each goal of the targets file with its result, the year before, the target and the
assurance from the monthly control chart. Every role; a politician's figures pass the same
small-count rules as everywhere."""

from __future__ import annotations

import streamlit as st

from analytics import targets
from presentation import goals as goal_text
from ui import chart, db, filters, markdown

f = filters.current()
st.title("Mål och målindikatorer")
st.caption(
    "Målen med målvärden i målfilen (targets/malindikatorer.toml), följda med produktens egna "
    "nyckeltal. Säkerheten bygger på styrdiagrammet för de 24 senaste månaderna till och med målåret: "
    "ligger målvärdet utanför styrgränserna uppfylls målet konsekvent, eller inte utan förändring; "
    "ligger det mellan dem uppfylls det ibland."
)
try:
    goals = targets.load_goals()
except targets.TargetsError as e:
    st.error(f"Målfilen kan inte läsas: {e}", icon=":material/error:")
    st.stop()
if not goals:
    st.info("Ingen målfil: lägg targets/malindikatorer.toml (se exemplet i produkten).")
    st.stop()

with st.spinner("Beräknar målen …"):
    status = targets.evaluate(goals, f, db.call)
table = goal_text.status_table(status)
st.dataframe(
    table,
    hide_index=True,
    key="mal_status",
    column_config={
        "Mål": st.column_config.TextColumn("Mål", width="large"),
        "Säkerhet": st.column_config.TextColumn("Säkerhet", width="medium"),
        "Källa": st.column_config.TextColumn("Källa", width="medium"),
    },
)
st.caption(goal_text.summary_text(status))
if f.scope.role == "chef":
    st.caption("Resultaten gäller dina enheter.")

for i, (_, row) in enumerate(status.iterrows()):
    shown = table.iloc[i]
    with st.container(border=True, key=f"mal_{row['id']}"):
        st.markdown(f"**{markdown.escape(row['name'])}**")
        cols = st.columns(5)
        cols[0].metric(f"Resultat {row['year']}", shown["Resultat"])
        cols[1].metric(f"Resultat {row['year'] - 1}", shown["Föregående år"])
        cols[2].metric("Målvärde", shown["Målvärde"])
        cols[3].metric("Uppfyllt", shown["Uppfyllt"])
        cols[4].metric("Nivå", shown["Nivå"])
        st.caption(markdown.escape(f"Säkerhet: {shown['Säkerhet']}. Källa: {row['source']}."))
        if row["months"] >= 2:
            chart.show(
                goal_text.series_chart(row, title=f"Månad för månad, 24 månader till och med {row['year']}"),
                key=f"mal_serie_{row['id']}",
            )
