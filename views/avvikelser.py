"""Avvikelser: domains and categories, drill-down verksamhetstyp → enhet → brukare, compliance,
and open deviations by age."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import deviations, overview
from presentation import charts
from ui import actions, chart, compare, db, drilldown, filters, kpi, privacy_view, series, spc, status, tables

f = filters.current()
period = filters.period_text(f.period)
previous = compare.label(f)

st.title("Avvikelser")
domains = st.pills(
    "Område",
    list(contract.DOMAINS),
    selection_mode="multi",
    format_func=lambda d: contract.label(contract.DOMAINS, d),
    key="avv_omrade",
    bind="query-params",
    help="Inget valt = alla områden.",
)
fd = f.with_(domains=domains or None)

by_domain = db.call(overview.deviations_by_domain, fd)
if kpi.all_zero(by_domain["count"]):
    st.info(status.empty("Inga avvikelser i vald period."))
    st.stop()
kpi.count_cards(by_domain, f, per_row=5)

# --- Område och kategori -----------------------------------------------------------------------
st.header("Område och kategori")
by_category = db.call(deviations.deviations_by_category, fd)
chart.show(charts.category_bars(by_category, title=f"Avvikelser per kategori, {period}"), key="avv_kategori")
with st.expander("Tabell: kategorier med förändring och uppföljning"):
    tables.show(
        compare.with_change_text(by_category),
        {
            "domain": "Område",
            "category": "Kategori",
            "count": "Antal",
            "previous_count": f"Antal {previous}",
            "change_text": "Förändring",
            "investigated_share": "Utredda",
            "followed_up_share": "Uppföljda",
        },
        codes={"domain": contract.DOMAINS, "category": contract.CATEGORY_LABELS},
        percent=("investigated_share", "followed_up_share"),
        key="avv_kategori",
        file_name=f"avvikelser_per_kategori_{period}",
    )

# --- Per månad ----------------------------------------------------------------------------------
st.header("Avvikelser per månad")
category = st.selectbox(
    "Kategori",
    ["alla", *dict.fromkeys(by_category["category"])],
    format_func=lambda c: "Alla kategorier" if c == "alla" else contract.category_label(c),
    key="avv_spc_kategori",
)
spc.series_chart(
    fd if category == "alla" else fd.with_(categories=[category]),
    "avvikelser",
    title="Avvikelser per 100 brukare och månad (styrdiagram)",
    key="avv_spc",
)

# --- Drill-down --------------------------------------------------------------------------------
st.header("Var avvikelserna rapporteras")
drilled = drilldown.section(
    "avv",
    fd,
    noun="Avvikelser",
    empty=status.empty("Inga avvikelser i vald period."),
    brukare=drilldown.COUNTS,
    under_brukare=privacy_view.deviation_texts,
)
if drilled.unit_id is not None:
    actions.create_action_link(fd, [drilled.unit_id], label="Skapa åtgärd för enheten")

# --- Jämförelse mellan enheter ------------------------------------------------------------------
st.header("Jämförelse mellan enheter")
st.caption(
    "Rapporteringsbenägenhet: varje punkt är en enhet, med kvoten mellan dess avvikelser och de förväntade "
    "utifrån verksamhetstypens avvikelser per brukare och månad. Fler rapporter är inte sämre; en enhet "
    "långt under trattens gräns kan ha låg rapporteringsbenägenhet."
)
spc.funnel_section(
    fd, "avvikelser", title=f"Avvikelser per brukare och månad, enheter, {period}", key="avv_tratt"
)
spc.unit_ratio_table(
    fd, "avvikelser", key="avv_enhet_mot_typ", file_name=f"enhet_mot_verksamhetstyp_{period}"
)

# --- Utredning och uppföljning ------------------------------------------------------------------
st.header("Utredning och uppföljning")
compliance = db.call(deviations.compliance_by_domain, fd)
chart.show(
    charts.compliance_bars(
        compliance, label="domain", codes=contract.DOMAINS, title=f"Andel utredda och uppföljda, {period}"
    ),
    key="avv_compliance",
)
tables.show(
    compliance,
    {
        "domain": "Område",
        "count": "Antal",
        "investigated_share": "Utredda",
        "followed_up_share": "Uppföljda",
        "median_days_to_investigation": "Dagar till utredning (median)",
        "median_days_to_follow_up": "Dagar till uppföljning (median)",
    },
    codes={"domain": contract.DOMAINS},
    percent=("investigated_share", "followed_up_share"),
    key="avv_compliance",
    file_name=f"utredning_uppfoljning_{period}",
)

spc.funnel_section(
    fd, "ej_utredda", title=f"Andel ej utredda avvikelser, enheter, {period}", key="avv_tratt_utredda"
)

# --- Öppna avvikelser ---------------------------------------------------------------------------
st.header("Öppna avvikelser efter ålder")
open_age = db.call(deviations.open_by_age, fd)
if open_age.empty:
    st.success("Alla periodens avvikelser är uppföljda.")
else:
    chart.show(
        charts.age_bars(open_age, title=f"Ej uppföljda avvikelser vid periodens slut, {period}"),
        key="avv_open_age",
    )

series.section(
    f,
    {k: series.COUNTS[k] for k in ("hsl", "lss", "sol", "vardsamverkan", "organisatorisk")},
    key="avv",
    subject="Avvikelser",
)
series.rate_section(
    f, {"deviations_per_brukare": series.RATES["deviations_per_brukare"]}, key="avv", subject="Avvikelser"
)
