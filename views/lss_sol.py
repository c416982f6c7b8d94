"""LSS och SoL: deviations under LSS and SoL, gruppbostad LSS against bostad SoL per brukare,
and how evenly the units report."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import deviations, overview, rates
from analytics.analyses import spc as spc_analyses
from presentation import charts, spc_charts
from ui import chart, compare, db, filters, kpi, series, status, tables

f = filters.current()
period = filters.period_text(f.period)
previous = compare.label(f)
social = f.with_(**contract.KINDS["sol_lss"].filters())

st.title("LSS och SoL")
st.write("Avvikelser enligt LSS och SoL, jämförelser per brukare och per enhet.")

by_domain = db.call(overview.deviations_by_domain, social)
if kpi.all_zero(by_domain["count"]):
    st.info(status.empty("Inga avvikelser inom LSS eller SoL i vald period."))
    st.stop()
kpi.count_cards(by_domain, f, per_row=4)

st.header("Kategorier")
chart.show(
    charts.category_bars(
        db.call(deviations.deviations_by_category, social),
        title=f"LSS- och SoL-avvikelser per kategori, {period}",
    ),
    key="lss_sol_kategori",
)

st.header("Gruppbostad LSS och bostad SoL per brukare")
st.caption(
    "Insatser och avvikelser delat med genomsnittligt antal brukare i perioden (brukare per månad enligt "
    "verksamhetssystemet). Insatser kräver signeringsdata."
)
if not db.has_table("signings"):
    st.caption(db.missing_table_message("signings") + " Utan den är kolumnerna om insatser tomma.")
comparison = db.call(rates.lss_vs_sol, f)
tables.show(
    comparison,
    {
        "unit_type": "Verksamhetstyp",
        "brukare": "Brukare (snitt)",
        "hsl_tasks": "HSL-insatser per brukare",
        "hsl_other_deviations": "HSL övrigt per brukare",
        "medication_tasks": "Läkemedelsinsatser per brukare",
        "medication_deviations": "Läkemedelsavvikelser per brukare",
    },
    codes={"unit_type": contract.UNIT_TYPES},
    decimals={
        "brukare": 1,
        "hsl_tasks": 0,
        "hsl_other_deviations": 2,
        "medication_tasks": 0,
        "medication_deviations": 2,
    },
    key="lss_sol_jamforelse",
    file_name=f"gruppbostad_mot_bostad_sol_{period}",
)

st.subheader("Kvot gruppbostad LSS mot bostad SoL")
st.caption(
    "Avvikelser per 100 brukare och månad och kvoten mellan dem med 95 % konfidensintervall. "
    "Ett intervall som inte omfattar 1 betyder att skillnaden är statistiskt säkerställd."
)
ratios = db.call(spc_analyses.lss_sol_rate_ratios, f)
tables.show(
    spc_charts.ratio_table(ratios, "label", {"rate_a": "Gruppbostad LSS", "rate_b": "Bostad SoL"}),
    {
        "label": "Avvikelser",
        "Gruppbostad LSS": "Gruppbostad LSS",
        "Bostad SoL": "Bostad SoL",
        "Kvot (95 % KI)": "Kvot (95 % KI)",
        "Tolkning": "Tolkning",
    },
    key="lss_sol_kvoter",
    file_name=f"kvot_gruppbostad_bostad_sol_{period}",
)

st.header("Avvikelser per enhet")
means = db.call(rates.mean_per_unit, f)
if means.empty:
    st.info("Inga aktiva enheter (brukare i perioden) med vald avgränsning.")
else:
    chart.show(
        charts.unit_type_bars(
            means,
            value="sol_lss_deviations",
            title=f"LSS- och SoL-avvikelser per aktiv enhet, {period}",
            axis_title="Avvikelser per enhet",
            decimals=1,
        ),
        key="lss_sol_per_enhet",
    )
variation = db.call(deviations.reporting_variation, f, "sol_lss")
st.subheader("Hur jämnt enheterna rapporterar")
st.caption("Enheter som inte rapporterar något kan ha en svag avvikelsekultur snarare än få händelser.")
tables.show(
    variation,
    {
        "unit_type": "Verksamhetstyp",
        "units": "Aktiva enheter",
        "count": "Avvikelser",
        "mean_per_unit": "Medel per enhet",
        "median_count": "Median per enhet",
        "max_count": "Högst",
        "zero_units": "Enheter utan avvikelse",
    },
    codes={"unit_type": contract.UNIT_TYPES},
    decimals={"mean_per_unit": 1, "median_count": 1},
    key="lss_sol_variation",
    file_name=f"rapporteringsvariation_lss_sol_{period}",
)

series.section(
    f,
    {"lss": series.COUNTS["lss"], "sol": series.COUNTS["sol"]},
    key="lss_sol",
    subject="LSS- och SoL-avvikelser",
)
