"""Synpunkter och klagomål: how many, about what, from whom, where, and how fast they are answered."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import complaints
from presentation import charts
from presentation import format as fmt
from ui import chart, compare, db, filters, kpi, series, spc, status, tables

f = filters.current()
period = filters.period_text(f.period)
previous = compare.label(f)

st.title("Synpunkter och klagomål")
st.write("Synpunkter, klagomål, beröm och förslag som kommit in under perioden.")
db.require_tables("complaints")

totals = db.call(complaints.complaint_totals, f)
if kpi.is_zero(totals["count"].iloc[0]):
    st.info(status.empty("Inga synpunkter eller klagomål i vald period.", "complaints"))
    st.stop()
handling_frame = db.call(complaints.complaint_answer_times, f)
handling = handling_frame.iloc[0]
with st.container(horizontal=True):
    kpi.count_card("Inkomna", totals, "count", f, previous_column="previous_count")
    kpi.card(
        "Besvarade",
        fmt.percent(handling["answered_share"]),
        help=f"Obesvarade: {kpi.count_text(handling_frame, 'open')}.",
    )
    kpi.card("Dagar till svar (median)", fmt.number(handling["median_days"]))
    kpi.card(
        "Sekretessmarkerade",
        kpi.count_text(totals, "confidential"),
        help="Räknas med i antalen men innehållet visas aldrig.",
    )

categories = {**contract.COMPLAINT_CATEGORIES, "okategoriserad": "Ej kategoriserad"}
left, right = st.columns(2)
with left:
    chart.show(
        charts.code_bars(
            db.call(complaints.complaints_by_category, f),
            code="category",
            codes=categories,
            title=f"Per kategori, {period}",
            source="complaints",
        ),
        key="syn_kategori",
    )
    chart.show(
        charts.code_bars(
            db.call(complaints.complaints_by_kind, f),
            code="kind",
            codes=contract.COMPLAINT_KINDS,
            title=f"Per typ, {period}",
            source="complaints",
        ),
        key="syn_typ",
    )
with right:
    chart.show(
        charts.code_bars(
            db.call(complaints.complaints_by_sender, f),
            code="sender",
            codes=contract.SENDERS,
            title=f"Per avsändare, {period}",
            source="complaints",
        ),
        key="syn_avsandare",
    )
    by_area = db.call(complaints.complaints_by_area, f)
    chart.show(
        charts.horizontal_bars(
            by_area,
            label="area",
            value="count",
            title=f"Per verksamhetsområde, {period}",
            source="complaints",
        ),
        key="syn_omrade",
    )

st.header("Synpunkter och klagomål per månad")
spc.series_chart(
    f,
    "synpunkter",
    title="Synpunkter och klagomål per månad (styrdiagram)",
    key="syn_spc",
    source="complaints",
)

st.header("Per verksamhetstyp och regi")
tables.show(
    db.call(complaints.complaints_by_unit_type, f),
    {"unit_type": "Verksamhetstyp", "operator": "Regi", "count": "Antal"},
    codes={"unit_type": contract.UNIT_TYPES, "operator": contract.OPERATORS},
    key="syn_verksamhetstyp",
    file_name=f"synpunkter_per_verksamhetstyp_{period}",
)

st.header("Inkomna ärenden")
if not db.allowed(complaints.complaints_list, f):
    st.info("Enskilda ärenden visas inte för din roll, bara sammanställningar.")
    st.stop()
st.caption("Sekretessmarkerade ärenden visas inte i listan.")
columns = {
    "received_date": "Inkommen",
    "unit_name": "Enhet",
    "area": "Verksamhetsområde",
    "kind": "Typ",
    "category": "Kategori",
    "sender": "Avsändare",
    "answered_date": "Besvarad",
    "days_to_answer": "Dagar till svar",
}
if f.scope.sees_free_text:
    columns["description"] = "Beskrivning"
tables.show(
    db.call(complaints.complaints_list, f),
    columns,
    codes={"kind": contract.COMPLAINT_KINDS, "category": categories, "sender": contract.SENDERS},
    key="syn_lista",
    screen_only=("description",),
    file_name=f"synpunkter_{period}",
    column_config={
        "Inkommen": st.column_config.DateColumn("Inkommen", format="YYYY-MM-DD"),
        "Besvarad": st.column_config.DateColumn("Besvarad", format="YYYY-MM-DD"),
    },
)

series.section(
    f,
    {"complaints": series.COUNTS["complaints"]},
    key="syn",
    subject="Synpunkter och klagomål",
    source="complaints",
)
