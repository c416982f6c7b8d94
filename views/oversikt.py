"""Översikt: key figures with their change, the main signals, and the monthly trend."""

from __future__ import annotations

import streamlit as st

from analytics.analyses import overview
from presentation import charts
from ui import chart, db, filters, kpi, pages, series, status

f = filters.current()
period = filters.period_text(f.period)

st.title("Översikt")
st.write(f"Avvikelser, synpunkter och signaler i socialförvaltningen, {period}.")
status.summary()

key_figures = db.call(overview.kpis, f)
if kpi.all_zero(key_figures["count"]) and kpi.all_zero(key_figures["previous_count"]):
    st.info("Inga avvikelser i vald period.")
    st.stop()

st.header("Nyckeltal")
kpi.count_cards(key_figures, f)

st.header("Signaler")
signal_rows = db.call(overview.signals, f)
if signal_rows.empty:
    st.write("Inga tydliga signaler i vald period.")
else:
    for row in signal_rows.itertuples():
        target = pages.script(row.page)
        if target is None:
            st.markdown(f"- {row.text}")
        else:  # the sentence itself leads to the page that explains it
            st.page_link(target, label=row.text, icon=":material/arrow_forward:")

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

series.section(
    f,
    series.COUNTS,
    chart_columns={k: series.COUNTS[k] for k in ("hsl", "lss", "sol", "vardsamverkan", "organisatorisk")},
    key="oversikt",
    subject="Avvikelser",
)
series.rate_section(f, series.RATES, key="oversikt", subject="Avvikelser")
