"""Översikt: key figures with their change, the main signals, and the monthly trend."""

from __future__ import annotations

import streamlit as st

from analytics.analyses import overview
from presentation import charts
from ui import actions, chart, db, filters, kpi, pages, status

f = filters.current()
period = filters.period_text(f.period)
previous = filters.period_text(f.period.previous())

st.title("Översikt")
st.write(f"Avvikelser, synpunkter och signaler i socialförvaltningen, {period}.")
status.summary()

key_figures = db.call(overview.kpis, f)
if kpi.all_zero(key_figures["count"]) and kpi.all_zero(key_figures["previous_count"]):
    st.info("Inga avvikelser i vald period.")
    st.stop()

st.header("Nyckeltal")
kpi.count_cards(key_figures, previous_label=previous)

st.header("Signaler")
signal_rows = db.call(overview.signals, f)
if signal_rows.empty:
    st.write("Inga tydliga signaler i vald period.")
else:
    own = list(f.scope.units or ()) if f.scope.role == "chef" else []
    for row in signal_rows.itertuples():
        target = pages.script(row.page)
        sentence, action = st.columns([6, 1], vertical_alignment="center")
        with sentence:
            if target is None:
                st.markdown(f"- {row.text}")
            else:  # the sentence itself leads to the page that explains it
                st.page_link(target, label=row.text, icon=":material/arrow_forward:")
        with action:  # a new action answering the signal, titled with it (not for politiker)
            actions.create_action_link(f, own, label="Skapa åtgärd", title=row.text)

st.header("Utveckling per månad")
monthly = db.call(overview.monthly_by_domain, f)
chart.show(
    charts.domain_trend(monthly, title=f"Avvikelser per månad och område, {period}"),
    key="oversikt_trend",
)

st.header("Per verksamhetstyp")
per_type = db.call(overview.deviations_per_unit_type, f)
if per_type.empty:
    st.info("Inga avvikelser i vald period.")
else:
    chart.show(
        charts.unit_type_bars(per_type, title=f"Avvikelser per verksamhetstyp, {period}"),
        key="oversikt_typ",
    )
    st.page_link(
        "views/avvikelser.py",
        label="Gå vidare till enheter och brukare under Avvikelser",
        icon=":material/arrow_forward:",
    )
