"""Lex Sarah och lex Maria: reports, the comparison, IVO, the outcome distribution, per domain
and category, the year series and, for the roles that may see it, the case list."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import lex
from presentation import chapter_charts, charts
from ui import chart, db, filters, kpi, series, tables

f = filters.current()
period = filters.period_text(f.period)

st.title("Lex Sarah och lex Maria")
st.write(
    "Rapporter om missförhållanden enligt lex Sarah (SoL och LSS) och händelser enligt lex Maria "
    "(hälso- och sjukvård), hur många som anmäldes till IVO och hur lex Sarah-rapporterna bedömdes."
)

sarah = db.call(lex.lex_summary, f, "lex_sarah")
maria = db.call(lex.lex_summary, f, "lex_maria")
with st.container(horizontal=True):
    kpi.count_card("Lex Sarah", sarah, "reports", f, previous_column="previous_reports")
    kpi.card("Lex Sarah anmälda till IVO", kpi.count_text(sarah, "ivo_reported"))
    kpi.count_card("Lex Maria", maria, "reports", f, previous_column="previous_reports")
    kpi.card("Lex Maria anmälda till IVO", kpi.count_text(maria, "ivo_reported"))

st.header("Fördelning av beslut, lex Sarah")
outcomes = db.call(lex.lex_by_outcome, f)
if outcomes.empty:
    st.info("Inga lex Sarah-rapporter i vald period.")
else:
    chart.show(
        chapter_charts.ordered_bars(
            outcomes, label="label", value="count", title=f"Lex Sarah-rapporter efter bedömning, {period}"
        ),
        key="lex_beslut",
    )

st.header("Per område och kategori")
law = st.segmented_control(
    "Lag", list(lex.LAWS), format_func=lex.LAWS.__getitem__, default="lex_sarah", key="lex_lag"
)
law = law or "lex_sarah"
by_category = db.call(lex.lex_by_category, f, law)
if by_category.empty:
    st.info(f"Inga rapporter enligt {lex.LAWS[law].lower()} i vald period eller jämförelseperioden.")
else:
    if kpi.all_hidden(by_category["count"]):
        st.caption("Alla antal per kategori är små och dolda; diagrammet visas inte.")
    else:
        chart.show(
            charts.category_bars(by_category, title=f"{lex.LAWS[law]} per kategori, {period}"),
            key="lex_kategori",
        )
    tables.show(
        by_category,
        {
            "domain": "Område",
            "category": "Kategori",
            "count": "Antal",
            "previous_count": f"Antal {f.comparison.short_label()}",
            "ivo_reported": "Anmälda till IVO",
            "investigated_share": "Utredda",
        },
        codes={"domain": contract.DOMAINS, "category": contract.CATEGORY_LABELS},
        percent=("investigated_share",),
        key="lex_kategori",
        file_name=f"{law}_per_kategori_{period}",
    )

series.section(
    f,
    {k: series.COUNTS[k] for k in ("lex_sarah", "lex_maria", "ivo_reported")},
    key="lex",
    subject="Lex Sarah, lex Maria och IVO",
)

st.header("Ärenden")
if not db.allowed(lex.lex_cases, f):
    st.caption("Rollen politiker ser bara sammanställningar; ärendelistan visas inte.")
else:
    st.caption(
        "Ärendelistan visar brukar-id och loggas i åtkomstloggen. "
        + ("Bara dina egna enheter." if f.scope.role == "chef" else "")
    )
    cases = db.call(lex.lex_cases, f, law)
    if cases.empty:
        st.info(f"Inga ärenden enligt {lex.LAWS[law].lower()} i vald period.")
    else:
        tables.show(
            cases,
            {
                "reported_date": "Rapporterad",
                "unit_name": "Enhet",
                "brukare_id": "Brukare",
                "domain": "Område",
                "category": "Kategori",
                "lex_sarah_outcome": "Bedömning",
                "ivo_reported": "Anmäld till IVO",
                "investigated_date": "Utredd",
                "followed_up_date": "Uppföljd",
            },
            codes={
                "domain": contract.DOMAINS,
                "category": contract.CATEGORY_LABELS,
                "lex_sarah_outcome": contract.LEX_SARAH_OUTCOMES,
            },
            key="lex_arenden",
            file_name=f"{law}_arenden_{period}",
            column_config={
                "Rapporterad": st.column_config.DateColumn("Rapporterad", format="YYYY-MM-DD"),
                "Utredd": st.column_config.DateColumn("Utredd", format="YYYY-MM-DD"),
                "Uppföljd": st.column_config.DateColumn("Uppföljd", format="YYYY-MM-DD"),
                "Anmäld till IVO": st.column_config.CheckboxColumn("Anmäld till IVO"),
            },
        )
