"""Läkemedel och signering: medication deviations against the MCSS signing of delegated tasks."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import overview
from presentation import charts
from presentation import format as fmt
from ui import chart, compare, db, drilldown, filters, kpi, series, spc, status, tables

f = filters.current()
period = filters.period_text(f.period)
previous = compare.label(f)
medication = f.with_(**contract.KINDS["lakemedel"].filters())

st.title("Läkemedel och signering")
st.write(
    "Läkemedelsavvikelser och signering av delegerade insatser i MCSS. Osignerade insatser långt över "
    "antalet rapporterade avvikelser tyder på underrapportering."
)

medication_kpi = db.call(overview.kpi_row, f, "lakemedel")
with st.columns(4)[0]:
    kpi.count_card("Läkemedelsavvikelser", medication_kpi, "count", f, previous_column="previous_count")

left, right = st.columns(2)
with left:
    chart.show(
        charts.code_bars(
            db.call(overview.attribute_totals, medication, "subcategory"),
            code="value",
            codes=contract.SUBCATEGORY_LABELS,
            title=f"Läkemedelsavvikelser per underkategori, {period}",
        ),
        key="lak_underkategori",
    )
with right:
    chart.show(
        charts.code_bars(
            db.call(overview.attribute_totals, medication, "consequence"),
            code="value",
            codes=contract.CONSEQUENCES,
            title=f"Läkemedelsavvikelser per konsekvens, {period}",
            missing_label="Ej bedömd",
        ),
        key="lak_konsekvens",
    )

st.header("Läkemedelsavvikelser per månad")
spc.series_chart(
    f, "lakemedel", title="Läkemedelsavvikelser per 100 brukare och månad (styrdiagram)", key="lak_spc"
)

st.header("Per verksamhetstyp och enhet")
drilldown.section(
    "lak",
    medication,
    noun="Läkemedelsavvikelser",
    empty=status.empty("Inga läkemedelsavvikelser i vald period."),
)

st.header("Signering (MCSS)")
if not db.has_table("signings"):
    st.info(db.missing_table_message("signings"), icon=":material/folder_off:")
    st.stop()

task_kind = st.segmented_control(
    "Insatstyp",
    list(contract.TASK_KINDS),
    format_func=contract.TASK_KINDS.__getitem__,
    default="lakemedel",
    required=True,
    key="lak_insats",
    bind="query-params",
)
totals = db.call(overview.signing_totals, f, task_kind)
if totals.empty:
    st.info(status.empty("Inga signeringar i vald period.", "signings"))
    st.stop()
row = totals.iloc[0]  # one task kind
with st.container(horizontal=True):
    kpi.card("Insatser", fmt.integer(row["tasks"]))
    kpi.card("Signerade", fmt.percent(row["signed_share"], 1))
    kpi.card("Osignerade", kpi.count_text(totals, "unsigned"))
    kpi.card(
        "Rapporterade avvikelser",
        kpi.count_text(totals, "reported_deviations"),
        help="Läkemedelsavvikelser för läkemedelsinsatser; HSL övrigt för övriga HSL-insatser.",
    )

st.header("Andel signerade läkemedelsinsatser per månad")
spc.series_chart(
    f,
    "signering",
    title="Andel signerade läkemedelsinsatser (styrdiagram, Laney p′)",
    key="lak_spc_signering",
    source="signings",
)
st.subheader("Jämförelse mellan enheter")
st.caption(
    "Varje punkt är en enhet: kvoten mellan dess osignerade läkemedelsinsatser och de förväntade utifrån "
    "verksamhetstypens andel. Under 1 = fler signerade än förväntat."
)
spc.funnel_section(
    f,
    "osignerade",
    title=f"Osignerade läkemedelsinsatser, enheter, {period}",
    key="lak_tratt",
    source="signings",
)

st.header("Signering per verksamhetstyp och regi")
groups = db.call(overview.signing_groups, f, task_kind)
chart.show(
    charts.operator_bars(
        groups,
        label="unit_type",
        value="signed_share",
        codes=contract.UNIT_TYPES,
        title=f"Andel signerade {contract.TASK_KINDS[task_kind].lower()}er, {period}",
        source="signings",
        n=row["tasks"],
        percent_axis=True,
        axis_title="Andel signerade",
    ),
    key="lak_signering",
)

st.header("Osignerade insatser mot rapporterade avvikelser")
by_type = db.call(overview.signing_unit_types, f, task_kind)
chart.show(
    charts.paired_bars(
        by_type,
        label="unit_type",
        first="unsigned",
        second="reported_deviations",
        names=("Osignerade insatser", "Rapporterade avvikelser"),
        codes=contract.UNIT_TYPES,
        title=f"Osignerade {contract.TASK_KINDS[task_kind].lower()}er och avvikelser, {period}",
        source="signings",
        n=row["tasks"],
    ),
    key="lak_underrapportering",
)
tables.show(
    by_type,
    {
        "unit_type": "Verksamhetstyp",
        "tasks": "Insatser",
        "signed_share": "Signerade",
        "unsigned": "Osignerade",
        "reported_deviations": "Rapporterade avvikelser",
        "unsigned_per_deviation": "Osignerade per avvikelse",
    },
    codes={"unit_type": contract.UNIT_TYPES},
    percent=("signed_share",),
    decimals={"unsigned_per_deviation": 1},
    key="lak_typ",
    file_name=f"signering_{task_kind}_{period}",
)

series.section(f, {"medication": series.COUNTS["medication"]}, key="lak", subject="Läkemedelsavvikelser")
series.rate_section(
    f,
    {"medication_deviations": series.RATES["medication_deviations"]},
    key="lak",
    subject="Läkemedelsavvikelser",
)
