"""Risker: the risk matrix on SKR's scale, risks per level and per unit, and the actions linked
to each risk."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import risks
from analytics.stores import action_tables
from presentation import quality_charts
from ui import actions, chart, db, filters, tables

f = filters.current()
period = filters.period_text(f.period)
LEVELS = {code: label for code, label, _, _ in contract.RISK_LEVELS}

st.title("Risker")
st.caption(
    "Riskanalyser: sannolikhet (1–4) × konsekvens (1–4) = riskvärde på SKR:s skala. Allvarligt "
    "riskvärde är 9 eller mer."
)
db.require_tables("risker")

matrix = db.call(risks.risk_matrix, f)
by_level = db.call(risks.risks_by_level, f)
if by_level.empty or by_level["risks"].sum() == 0:
    st.info(f"Inga risker bedömda {period}.")
    st.stop()

st.header("Riskmatris")
chart.show(quality_charts.risk_matrix(matrix, title=f"Bedömda risker, {period}"), key="risk_matris")
tables.show(
    by_level,
    {"level": "Nivå", "risks": "Risker", "in_internal_control": "I internkontrollplanen"},
    codes={"level": LEVELS},
    key="risk_niva",
    file_name=f"risker_per_niva_{period}",
)

if not db.allowed(risks.risk_list, f):
    st.caption("Enskilda risker och enheter visas inte för din roll, bara sammanställningar.")
    st.stop()

st.header("Risker per enhet")
by_unit = db.call(risks.risks_by_unit, f)
if by_unit.empty:
    st.info("Inga risker på enhetsnivå i vald period.")
else:
    tables.show(
        by_unit,
        {"unit_name": "Enhet", "risks": "Risker", **{code: label for code, label in LEVELS.items()}},
        key="risk_enhet",
        file_name=f"risker_per_enhet_{period}",
    )

st.header("Riskerna och deras åtgärder")
listed = db.call(risks.risk_list, f)
register = actions.store().list_actions(actions.actor(f.scope))
shown = listed.assign(
    where=listed["unit_name"].fillna(listed["process"]).fillna("–"),
    linked=action_tables.linked_actions(register, "risk", listed["risk_id"]),
)
tables.show(
    shown,
    {
        "risk_id": "Id",
        "where": "Enhet eller process",
        "risk": "Risk",
        "value": "Riskvärde",
        "level": "Nivå",
        "linked": "Åtgärder",
        "internal_control": "I internkontrollplanen",
        "probability": "Sannolikhet",
        "consequence": "Konsekvens",
        "owner": "Ägare",
    },
    codes={"level": LEVELS},
    key="risk_lista",
    file_name=f"risker_{period}",
    column_config={
        "Risk": st.column_config.TextColumn("Risk", width="large"),
        "Åtgärder": st.column_config.TextColumn("Åtgärder", width="medium"),
    },
)
chosen = st.selectbox(
    "Risk att koppla en åtgärd till",
    list(listed["risk_id"]),
    index=None,
    format_func=lambda r: f"{r} · {listed.loc[listed['risk_id'] == r, 'risk'].iloc[0]}",
    placeholder="Välj en risk",
    key="risk_vald",
)
if chosen is not None:
    unit = listed.loc[listed["risk_id"] == chosen, "unit_id"].iloc[0]
    actions.create_action_link(f, [unit] if isinstance(unit, str) else [], [("risk", chosen)])
