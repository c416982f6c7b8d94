"""Rapport: the nämnd report or the analysmöte pack as Word, PDF and Excel, built on request."""

from __future__ import annotations

import streamlit as st

from analytics.analyses import datastatus
from analytics.export import report
from ui import db, filters, report_builder

f = filters.current()
period = filters.period_text(f.period)

st.title("Rapport")
st.write(
    f"Nämndrapporten för {period}: nyckeltal med jämförelse, årsserie, ett avsnitt per område med plats "
    "för teamets analys, som redigerbart Word-dokument, tillgänglig PDF och Excel med alla tabeller. "
    "Talen är desamma som på sidorna och i nyckeltalsexporten, med din rolls regler."
)

kinds = dict(report.KINDS)
if f.scope.role == "politiker":  # the pack names units: not for the role
    kinds.pop("analysmöte")
kind = st.radio("Rapport", list(kinds), format_func=kinds.get, key="rapport_typ", horizontal=True)

units: list[str] = []
if kind == "analysmöte":
    names = db.call(datastatus.unit_names)
    allowed = f.effective_unit_ids() or tuple(sorted(names))
    units = st.multiselect(
        "Enheter (tomt = alla i urvalet)",
        [u for u in allowed if u in names],
        format_func=names.get,
        key="rapport_enheter",
        placeholder="Alla enheter i urvalet",
    )
    st.caption(
        "Urvalet i sidomenyn (t.ex. verksamhetsområde) gäller också; välj enheter för ett mindre underlag."
    )

choice = report_builder.Choice(f.with_(unit_ids=units) if units else f, kind)
st.caption(
    f"Jämförelse: {report_builder.comparison_text(choice)}. Urval: {report_builder.filters_text(choice)}."
)

if st.button("Skapa rapport", type="primary", icon=":material/description:", key="rapport_skapa"):
    report_builder.build(choice)

report_builder.downloads(choice)
