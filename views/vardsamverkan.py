"""Vårdsamverkan, myndighetens avvikelser och organisatoriska avvikelser: who reports, from
where, and whether it is investigated."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import reporting
from presentation import charts
from ui import chart, db, filters, kpi, series, tables

f = filters.current()
period = filters.period_text(f.period)
directions = contract.DIRECTIONS | contract.MISSING_LABELS

st.title("Vårdsamverkan och rapportörer")
st.write(
    "Avvikelser i samverkan med regionen (inkommande och utgående), avvikelser som myndigheten "
    "(handläggarna) rapporterat och hur många av dem som utretts, och organisatoriska avvikelser."
)

# --- Vårdsamverkan ------------------------------------------------------------------------------
st.header("Vårdsamverkan")
by_direction = db.call(reporting.vardsamverkan_by_direction, f)
with st.container(horizontal=True):
    for row, direction in enumerate(by_direction["direction"]):
        kpi.count_card(
            directions[direction], by_direction, "count", f, previous_column="previous_count", row=row
        )
by_category = db.call(reporting.vardsamverkan_by_category, f)
if by_category.empty:
    st.info("Inga avvikelser i vårdsamverkan i vald period.")
else:
    tables.show(
        by_category,
        {"category": "Kategori", "direction": "Riktning", "count": "Antal"},
        codes={"category": contract.CATEGORY_LABELS, "direction": directions},
        key="vs_kategori",
        file_name=f"vardsamverkan_per_kategori_{period}",
    )
series.section(f, {"vardsamverkan": series.COUNTS["vardsamverkan"]}, key="vs", subject="Vårdsamverkan")

# --- Rapporterade av myndighet ------------------------------------------------------------------
st.header("Rapporterade av myndighet och andra")
by_reporter = db.call(reporting.reporter_by_domain, f)
if by_reporter.empty:
    st.info("Inga avvikelser i vald period.")
else:
    chart.show(
        charts.horizontal_bars(
            db.call(reporting.by_reporter, f),
            label="label",
            value="investigated_share",
            title=f"Andel utredda per rapportör, {period}",
            source="deviations",
            percent_axis=True,
            axis_title="Andel utredda",
        ),
        key="rapportor_utredda",
    )
    tables.show(
        by_reporter,
        {
            "reported_by": "Rapporterad av",
            "domain": "Område",
            "count": "Antal",
            "investigated_share": "Utredda",
            "followed_up_share": "Uppföljda",
        },
        codes={"reported_by": contract.REPORTED_BY, "domain": contract.DOMAINS},
        percent=("investigated_share", "followed_up_share"),
        key="rapportor",
        file_name=f"avvikelser_per_rapportor_{period}",
    )

# --- Organisatoriska ----------------------------------------------------------------------------
st.header("Organisatoriska avvikelser")
organisational = db.call(reporting.organisational, f)
if organisational.empty:
    st.info("Inga organisatoriska avvikelser i vald period eller jämförelseperioden.")
else:
    tables.show(
        organisational,
        {
            "category": "Kategori",
            "count": "Antal",
            "previous_count": f"Antal {f.comparison.short_label()}",
            "investigated_share": "Utredda",
            "followed_up_share": "Uppföljda",
        },
        codes={"category": contract.CATEGORY_LABELS},
        percent=("investigated_share", "followed_up_share"),
        key="org",
        file_name=f"organisatoriska_avvikelser_{period}",
    )
