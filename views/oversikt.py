"""Översikt: key figures with their variation icon, the signals from the SPC and funnel rules,
the monthly series as SPC charts, and the year series."""

from __future__ import annotations

import streamlit as st

from analytics.analyses import overview
from analytics.analyses import spc as spc_analyses
from presentation import charts, spc_charts
from ui import actions, chart, compare, db, filters, kpi, pages, series, spc, status, tables

f = filters.current()
period = filters.period_text(f.period)
previous = compare.label(f)
settings = spc.settings()

st.title("Översikt")
st.write(f"Avvikelser, synpunkter och signaler {status.where(f)}, {period}.")
status.summary()

key_figures = db.call(overview.kpis, f)
if kpi.all_zero(key_figures["count"]) and kpi.all_zero(key_figures["previous_count"]):
    st.info(status.empty("Inga avvikelser i vald period."))
    st.stop()

st.header("Nyckeltal")
variation = db.call(spc_analyses.kpi_variation, f, settings.baseline, settings.change_month)
ratios = db.call(overview.period_rate_ratios, f)
kpi.count_cards(
    key_figures,
    f,
    badges=kpi.variation_badges(variation),
    helps=spc_charts.ratio_helps(ratios, compare.label(f)),
)
with st.expander(f"Är skillnaden mot {compare.label(f)} verklig? Kvoter med 95 % konfidensintervall"):
    st.caption(
        f"Kvoten jämför takten per brukare och månad (synpunkter: per dag) med {previous}. "
        "Ett intervall som inte omfattar 1 betyder att skillnaden är statistiskt säkerställd."
    )
    tables.show(
        spc_charts.ratio_table(ratios, "label", {}).rename(columns={"label": "Nyckeltal"}),
        {"Nyckeltal": "Nyckeltal", "Kvot (95 % KI)": "Kvot (95 % KI)", "Tolkning": "Tolkning"},
        key="oversikt_kvoter",
        file_name=f"kvoter_mot_jamforelseperioden_{period}",
    )

st.header("Signaler")
st.caption(
    "Signalerna kommer från styrdiagrammens regler (de tre senaste månaderna) och från trattdiagrammen, "
    "följda av periodens iakttagelser."
)
signal_rows = db.call(overview.signals, f, settings.baseline, settings.change_month)
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
chosen_series = st.selectbox(
    "Serie",
    list(spc_analyses.KPI_SERIES),
    format_func=spc_analyses.KPI_LABELS.__getitem__,
    key="oversikt_spc_serie",
)
measure, domains = spc_analyses.KPI_SERIES[chosen_series]
spc.series_chart(
    f.with_(domains=domains) if domains else f,
    measure,
    title=f"{spc_analyses.KPI_LABELS[chosen_series]} per månad (styrdiagram)",
    key="oversikt_spc",
    source="complaints" if measure == "synpunkter" else "deviations",
)

st.header("Per verksamhetstyp")
per_type = db.call(overview.deviations_per_unit_type, f)
if per_type.empty:
    st.info(status.empty("Inga avvikelser i vald period."))
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
