"""Egenkontroll: the year's plan against what was done, completeness per category (results,
analyses, reports to the nämnd), results per unit, and "Skapa åtgärd" from a check."""

from __future__ import annotations

import streamlit as st

from analytics.analyses import egenkontroll
from presentation import format as fmt
from presentation import quality_charts
from ui import actions, chart, db, filters, tables

f = filters.current()
period = filters.period_text(f.period)

st.title("Egenkontroll")
st.caption(
    "Planen för egenkontroll mot det som gjorts, och om resultat, analys och rapport till nämnden "
    "finns för varje kategori (SOSFS 2011:9 7 kap.)."
)
db.require_tables("egenkontroll")

by_category = db.call(egenkontroll.egenkontroll_by_category, f)
if by_category.empty:
    st.info(f"Ingen egenkontroll planerad {period}.")
    st.stop()
lacking = egenkontroll.missing_results(by_category)
cols = st.columns(4)
cols[0].metric("Planerade", fmt.integer(by_category["planned"].sum()))
cols[1].metric("Genomförda", fmt.integer(by_category["done"].sum()))
cols[2].metric("Kategorier", fmt.integer(len(by_category)))
cols[3].metric("Kategorier utan resultat", fmt.integer(len(lacking)))
if lacking:
    st.warning(
        f"{len(lacking)} av {len(by_category)} kategorier saknar redovisat resultat {period}: "
        + ", ".join(lacking)
        + ".",
        icon=":material/assignment_late:",
    )

st.header("Plan mot genomfört")
chart.show(
    quality_charts.plan_vs_done(by_category, title=f"Egenkontroller per kategori, {period}"), key="ek_plan"
)
tables.show(
    by_category,
    {
        "area": "Kategori",
        "planned": "Planerade",
        "done": "Genomförda",
        "done_share": "Andel genomförda",
        "with_result": "Med resultat",
        "with_analysis": "Med analys",
        "reported": "Rapporterade till nämnden",
        "checked": "Granskade",
        "compliant": "Utan anmärkning",
        "compliant_share": "Andel utan anmärkning",
    },
    percent=("done_share", "compliant_share"),
    key="ek_kategori",
    file_name=f"egenkontroll_per_kategori_{period}",
)

if not db.allowed(egenkontroll.egenkontroll_by_unit, f):
    st.caption("Resultat per enhet visas inte för din roll, bara sammanställningar.")
    st.stop()

st.header("Resultat per enhet")
by_unit = db.call(egenkontroll.egenkontroll_by_unit, f)
if by_unit.empty:
    st.info("Inga egenkontroller på enhetsnivå i vald period.")
else:
    tables.show(
        by_unit,
        {
            "unit_name": "Enhet",
            "planned": "Planerade",
            "done": "Genomförda",
            "with_result": "Med resultat",
            "checked": "Granskade",
            "compliant": "Utan anmärkning",
            "compliant_share": "Andel utan anmärkning",
        },
        percent=("compliant_share",),
        key="ek_enhet",
        file_name=f"egenkontroll_per_enhet_{period}",
    )

st.header("Egenkontrollerna")
listed = db.call(egenkontroll.egenkontroll_list, f)
tables.show(
    listed.assign(unit_name=listed["unit_name"].fillna("Förvaltningsövergripande")),
    {
        "check_id": "Id",
        "area": "Kategori",
        "unit_name": "Enhet",
        "subject": "Vad som kontrolleras",
        "planned_date": "Planerad",
        "done_date": "Genomförd",
        "checked": "Granskade",
        "compliant": "Utan anmärkning",
        "reported_date": "Rapporterad till nämnden",
    },
    key="ek_lista",
    file_name=f"egenkontroller_{period}",
    column_config={
        c: st.column_config.DateColumn(c, format="YYYY-MM-DD")
        for c in ("Planerad", "Genomförd", "Rapporterad till nämnden")
    },
)
if db.allowed(egenkontroll.egenkontroll_analyses, f) and st.toggle(
    "Visa analyserna",
    key="ek_analyser",
    help="Analyserna är fritext och kan handla om enskilda. Varje visning skrivs i åtkomstloggen.",
):
    analyses = db.call(egenkontroll.egenkontroll_analyses, f)  # written to the access log by db.call
    if analyses.empty:
        st.info("Inga skrivna analyser i vald period.")
    else:
        tables.show(  # plain cells, never Markdown or HTML; the text is left out of the downloads
            analyses.assign(unit_name=analyses["unit_name"].fillna("Förvaltningsövergripande")),
            {
                "check_id": "Id",
                "area": "Kategori",
                "unit_name": "Enhet",
                "done_date": "Genomförd",
                "analysis": "Analys",
            },
            key="ek_analyser_tabell",
            file_name=f"egenkontroll_analyser_{period}",
            screen_only=("analysis",),
            column_config={"Analys": st.column_config.TextColumn("Analys", width="large")},
        )
chosen = st.selectbox(
    "Egenkontroll att koppla en åtgärd till",
    list(listed["check_id"]),
    index=None,
    placeholder="Välj en egenkontroll",
    key="ek_vald",
)
if chosen is not None:
    unit = listed.loc[listed["check_id"] == chosen, "unit_id"].iloc[0]
    actions.create_action_link(f, [unit] if isinstance(unit, str) else [], [("egenkontroll", chosen)])
