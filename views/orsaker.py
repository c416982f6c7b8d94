"""Bakomliggande orsak: the cause the reporters give per domain and category, with the
consequence, and the share with no cause at all (a data-quality signal)."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import causes
from presentation import chapter_charts, charts
from ui import chart, db, filters, tables

f = filters.current()
period = filters.period_text(f.period)
cause_codes = contract.CAUSES | contract.MISSING_LABELS
consequence_codes = contract.CONSEQUENCES | contract.MISSING_LABELS

st.title("Bakomliggande orsak")
st.write(
    "Den orsak som anges i avvikelserna inom HSL, LSS och SoL, och konsekvensen för brukaren. "
    "En andel utan angiven orsak är en signal om datakvaliteten: en slutsats som "
    "”personalbrist i 80 procent av fallen” gäller bara de avvikelser där en orsak angavs."
)

missing = db.call(causes.cause_missing, f)
if missing.empty:
    st.info("Inga avvikelser inom HSL, LSS eller SoL i vald period.")
    st.stop()

st.header("Utan angiven orsak")
chart.show(
    chapter_charts.share_bars(
        missing,
        label="label",
        part="without_cause_share",
        names=("Ingen orsak angiven", "Orsak angiven"),
        title=f"Andel avvikelser utan angiven orsak, {period}",
    ),
    key="orsak_saknas",
)
tables.show(
    missing,
    {
        "domain": "Område",
        "count": "Avvikelser",
        "without_cause": "Utan orsak",
        "without_cause_share": "Andel utan orsak",
    },
    codes={"domain": contract.DOMAINS},
    percent=("without_cause_share",),
    key="orsak_saknas",
    file_name=f"utan_orsak_{period}",
)

st.header("Orsak per område")
tabs = st.tabs([contract.DOMAINS[d] for d in ("hsl", "lss", "sol")])
for tab, domain in zip(tabs, ("hsl", "lss", "sol"), strict=True):
    with tab:
        per_domain = db.call(causes.causes, f.with_(domains=[domain]))
        if per_domain.empty:
            st.info("Inga avvikelser i vald period.")
            continue
        chart.show(
            charts.code_bars(
                per_domain,
                code="cause",
                codes=cause_codes,
                title=f"Bakomliggande orsak, {contract.DOMAINS[domain]}, {period}",
                color=charts.DOMAIN_COLORS.get(domain, charts.NEUTRAL),
            ),
            key=f"orsak_{domain}",
        )

st.header("Orsak och konsekvens per kategori")
tables.show(
    db.call(causes.causes_by_category, f),
    {
        "domain": "Område",
        "category": "Kategori",
        "cause": "Bakomliggande orsak",
        "consequence": "Konsekvens",
        "count": "Antal",
    },
    codes={
        "domain": contract.DOMAINS,
        "category": contract.CATEGORY_LABELS,
        "cause": cause_codes,
        "consequence": consequence_codes,
    },
    key="orsak_kategori",
    file_name=f"orsak_och_konsekvens_{period}",
)
