"""Fall: falls in the period, who fell and how often, where, and how they were followed up."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import deviations, falls
from presentation import charts
from presentation import format as fmt
from ui import chart, compare, db, drilldown, filters, kpi, series, spc, status, tables

f = filters.current()
period = filters.period_text(f.period)
previous = compare.label(f)
fall_filters = f.with_(**contract.KINDS["fall"].filters())

st.title("Fall")
st.write("Fallavvikelser (HSL), de brukare som föll och hur ofta, jämfört med brukarna i verksamheterna.")

summary_frame = db.call(falls.falls_summary, f)
before = compare.before(falls.falls_summary, f)
summary = summary_frame.iloc[0]
if kpi.is_zero(summary["deviations"]):
    st.info(status.empty("Inga fallavvikelser i vald period."))
    st.stop()

compliance = db.call(deviations.compliance_by_domain, fall_filters)
with st.container(horizontal=True):
    kpi.count_card("Fallavvikelser", summary_frame, "deviations", f, previous_frame=before)
    kpi.count_card("Brukare som föll", summary_frame, "brukare", f, previous_frame=before)
    if db.has_table("brukare"):
        kpi.card(
            "Kvinnor / män bland dem",
            f"{fmt.percent(summary['women_share'])} / {fmt.percent(summary['men_share'])}",
            help=(
                f"Bland brukarna i verksamheterna: {fmt.percent(summary['census_women_share'])} kvinnor, "
                f"{fmt.percent(summary['census_men_share'])} män."
            ),
        )
    if not compliance.empty:
        kpi.card("Uppföljda", fmt.percent(compliance["followed_up_share"].iloc[0]))
if not db.has_table("brukare"):
    st.caption(db.missing_table_message("brukare") + " Utan den visas inte könsfördelningen.")

chart.show(
    charts.distribution_bars(
        db.call(falls.falls_per_brukare, f),
        label="falls",
        value="brukare",
        title=f"Brukare efter antal fall, {period}",
        source="deviations",
        x_title="Antal fall per brukare",
        y_title="Brukare",
        color=charts.DOMAIN_COLORS["hsl"],
    ),
    key="fall_per_brukare",
)

st.header("Fall per månad")
spc.series_chart(f, "fall", title="Fall per 100 brukare och månad (styrdiagram)", key="fall_spc")

st.header("Per verksamhetstyp, enhet och brukare")
by_type = db.call(falls.falls_by_unit_type, f)
d = drilldown.section(
    "fall",
    fall_filters,
    noun="Fallavvikelser",
    empty=status.empty("Inga fallavvikelser i vald period."),
    brukare=drilldown.COUNTS,
    top=charts.operator_bars(
        by_type,
        label="unit_type",
        value="deviations",
        codes=contract.UNIT_TYPES,
        title=f"Fallavvikelser per verksamhetstyp och regi, {period}",
        source="deviations",
    ),
)
if d.level == "verksamhetstyp":  # the table of the top level; a drilled level shows its own
    tables.show(
        by_type,
        {
            "unit_type": "Verksamhetstyp",
            "operator": "Regi",
            "deviations": "Fallavvikelser",
            "brukare_with_falls": "Brukare som föll",
            "brukare": "Brukare (snitt)",
            "per_brukare": "Fall per brukare",
        },
        codes={"unit_type": contract.UNIT_TYPES, "operator": contract.OPERATORS},
        decimals={"brukare": 1, "per_brukare": 2},
        key="fall_typ",
        file_name=f"fall_per_verksamhetstyp_{period}",
    )

series.section(f, {"falls": series.COUNTS["falls"]}, key="fall", subject="Fallavvikelser")
series.rate_section(f, {"fall_deviations": series.RATES["fall_deviations"]}, key="fall", subject="Fall")

st.header("Jämförelse mellan enheter")
st.caption(
    "Varje punkt är en enhet: kvoten mellan dess fall och de förväntade utifrån verksamhetstypens "
    "fall per brukare och månad. Punkter utanför trattens 99,8 %-gränser avviker mer än slumpen förklarar."
)
spc.funnel_section(f, "fall", title=f"Fall per brukare och månad, enheter, {period}", key="fall_tratt")
