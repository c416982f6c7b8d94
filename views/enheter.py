"""Enheter: the units of one type side by side, as at the analysis team's half-year review.

Analytiker see every unit of the type; a chef sees own units against the type's median (no other
unit is named); a politiker sees the type's median only.
"""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import rates, units
from presentation import format as fmt
from ui import db, filters, kpi, tables

f = filters.current()
period = filters.period_text(f.period)
halves = units.trend_halves(f.period.end)

st.title("Enheter")
st.write(
    "En rad per enhet av vald verksamhetstyp: avvikelser per brukare, andel utredda och uppföljda, "
    "signeringsgrad för läkemedel, osignerade insatser per rapporterad läkemedelsavvikelse och "
    f"utvecklingen per halvår ({halves[0].short_label()} – {halves[-1].short_label()}). "
    "Fler avvikelser per brukare kan betyda en bättre rapporteringskultur lika väl som fler händelser."
)
unit_type = st.selectbox(
    "Verksamhetstyp",
    list(contract.UNIT_TYPES),
    format_func=contract.unit_type_label,
    key="enh_typ",
    bind="query-params",
)
unit_type = unit_type or next(iter(contract.UNIT_TYPES))

median = db.call(units.unit_type_median, f, unit_type)
st.header(f"Typens median, {period}")
st.caption(
    f"Median över de {int(median['units'].iloc[0])} aktiva enheterna av typen; en median visas "
    f"bara när minst {units.MEDIAN_MIN_UNITS} enheter har måttet."
)
with st.container(horizontal=True):
    for column, name in units.MEASURES.items():
        value = median[column].iloc[0]
        shown = fmt.percent(value) if column.endswith("_share") else fmt.number(value, 2)
        kpi.card(name, shown)

if not db.allowed(units.unit_table, f):
    st.caption("Rollen politiker ser bara typens median; enskilda enheter visas inte.")
    st.stop()

st.header("Egna enheter" if f.scope.role == "chef" else "Enheterna")
table = db.call(units.unit_table, f, unit_type)
if table.empty:
    st.info("Inga aktiva enheter av typen i vald period.")
    st.stop()
trend_header = "Utveckling per halvår"
tables.show(
    table,
    {
        "unit_name": "Enhet",
        "per_brukare": "Avvikelser per brukare",
        "trend": trend_header,
        "deviations": "Avvikelser",
        "brukare": "Brukare (snitt)",
        "investigated_share": "Utredda",
        "followed_up_share": "Uppföljda",
        "signed_share": "Signerade läkemedel",
        "unsigned": "Osignerade",
        "unsigned_per_deviation": "Osignerade per avvikelse",
        "operator": "Regi",
    },
    codes={"operator": contract.OPERATORS},
    percent=("investigated_share", "followed_up_share", "signed_share"),
    decimals={"brukare": 1, "per_brukare": 2, "unsigned_per_deviation": 1},
    key="enh_tabell",
    file_name=f"enheter_{unit_type}_{period}",
    column_config={trend_header: st.column_config.LineChartColumn(trend_header, y_min=0)},
    screen_only=("trend",),
    screen_only_note=f"per brukare {halves[0].short_label()} – {halves[-1].short_label()}, som diagram här",
)

st.header("Insatser och avvikelser per brukare")
tables.show(
    db.call(rates.rates_per_unit, f.with_(unit_types=[unit_type])),
    {
        "unit_name": "Enhet",
        "brukare": "Brukare (snitt)",
        "hsl_tasks": "HSL-insatser per brukare",
        "medication_tasks": "Läkemedelsinsatser per brukare",
        "hsl_other_deviations": "HSL övrigt per brukare",
        "medication_deviations": "Läkemedelsavvikelser per brukare",
        "fall_deviations": "Fall per brukare",
        "violence_deviations": "Hot och våld per brukare",
    },
    decimals={"brukare": 1, **dict.fromkeys(rates.RATE_COLUMNS, 2)},
    key="enh_per_brukare",
    file_name=f"enheter_per_brukare_{unit_type}_{period}",
)
