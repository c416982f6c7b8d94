"""Avvikelser: domains and categories, drill-down verksamhetstyp → enhet → brukare, compliance,
and open deviations by age."""

from __future__ import annotations

import streamlit as st

from analytics import charts, contract, datastatus, deviations, overview
from ui import chart, db, drill, filters, kpi, privacy_view, tables

f = filters.current()
period = filters.period_text(f.period)
previous = filters.period_text(f.period.previous())

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
    st.info("Inga avvikelser i vald period.")
    st.stop()
kpi.count_cards(by_domain, previous_label=previous, per_row=5)

# --- Område och kategori -----------------------------------------------------------------------
st.header("Område och kategori")
by_category = db.call(deviations.deviations_by_category, fd)
chart.show(charts.category_bars(by_category, title=f"Avvikelser per kategori, {period}"), key="avv_kategori")
with st.expander("Tabell: kategorier med förändring och uppföljning"):
    tables.show(
        by_category,
        {
            "domain": "Område",
            "category": "Kategori",
            "count": "Antal",
            "previous_count": f"Antal {previous}",
            "change_share": "Förändring",
            "investigated_share": "Utredda",
            "followed_up_share": "Uppföljda",
        },
        codes={"domain": contract.DOMAINS, "category": contract.CATEGORY_LABELS},
        percent=("change_share", "investigated_share", "followed_up_share"),
        key="avv_kategori",
        file_name=f"avvikelser_per_kategori_{period}",
    )

# --- Drill-down --------------------------------------------------------------------------------
st.header("Var avvikelserna rapporteras")
sees_units = db.allowed(deviations.deviations_by_unit, fd)
sees_brukare = db.allowed(deviations.deviations_by_brukare, fd)
d = drill.current("avv", units=sees_units, brukare=sees_brukare)
if d.level == "verksamhetstyp":
    per_type = db.call(overview.deviations_per_unit_type, fd)
    event = chart.show(
        charts.unit_type_bars(per_type, title=f"Avvikelser per verksamhetstyp, {period}"),
        on_select="rerun" if sees_units else "ignore",
        selection_mode="points",
        key="avv_typ_bars",
    )
    if picked := drill.clicked(event):
        drill.go(d, picked)
        st.rerun()
    if sees_units:
        st.caption("Klicka på en stapel för att se verksamhetstypens enheter.")
    else:
        st.caption("Uppgifter per enhet och brukare visas inte för din roll, bara sammanställningar.")
elif d.level == "enhet":
    drill.breadcrumb(d)
    units = db.call(deviations.deviations_by_unit, d.narrow(fd))
    if units.empty:
        st.info(f"Inga avvikelser inom {contract.unit_type_label(d.unit_type)} i vald period.")
    else:
        event = chart.show(
            charts.unit_bars(
                units,
                title=f"Avvikelser per enhet, {contract.unit_type_label(d.unit_type)}, {period}",
                by_operator=True,
            ),
            on_select="rerun" if sees_brukare else "ignore",
            selection_mode="points",
            key=f"avv_enhet_bars_{d.unit_type}",
        )
        if picked := drill.clicked(event):
            drill.go(d, d.unit_type, picked)
            st.rerun()
        if sees_brukare:
            st.caption("Klicka på en stapel för att se enhetens brukare.")
        tables.show(
            units,
            {
                "unit_name": "Enhet",
                "operator": "Regi",
                "count": "Antal",
                "previous_count": f"Antal {previous}",
                "brukare": "Brukare (snitt)",
                "per_brukare": "Per brukare",
            },
            codes={"operator": contract.OPERATORS},
            decimals={"brukare": 1, "per_brukare": 2},
            key="avv_enheter",
            file_name=f"avvikelser_per_enhet_{d.unit_type}_{period}",
        )
else:
    unit_names = db.call(datastatus.unit_names)
    drill.breadcrumb(d, unit_names.get(d.unit_id))
    per_brukare = db.call(deviations.deviations_by_brukare, d.narrow(fd))
    if per_brukare.empty:
        st.info("Inga avvikelser vid enheten i vald period.")
    else:
        chart.show(
            charts.brukare_bars(per_brukare, title=f"Avvikelser per brukare, {period}"),
            key="avv_brukare_bars",
        )
        tables.show(
            per_brukare,
            {"brukare_id": "Brukare", "count": "Antal", "previous_count": f"Antal {previous}"},
            key="avv_brukare",
            file_name=f"avvikelser_per_brukare_{d.unit_id}_{period}",
        )
        privacy_view.deviation_texts(d.narrow(fd))

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
