"""Brukarundersökning: participation and the answers, against last year and the benchmark."""

from __future__ import annotations

import streamlit as st

from analytics import contract
from analytics.analyses import overview, series, survey
from presentation import charts
from presentation import format as fmt
from ui import chart, db, filters, kpi, tables

f = filters.current()
year = survey.survey_year(f)
previous_year = db.call(survey.survey_previous_year, f)
previous_round = f"Föregående omgång ({previous_year})" if previous_year else "Föregående omgång"

st.title("Brukarundersökning")
st.write(f"SKR:s brukarundersökning {year} (året då vald period slutar).")
db.require_tables("survey_participation", "survey_results")

totals_frame = db.call(survey.survey_totals, f)
totals = totals_frame.iloc[0]
if totals.isna()["respondents"] and not kpi.is_small(totals_frame, "respondents"):
    st.info(f"Ingen brukarundersökning för {year} i databasen.")
    st.stop()
with st.container(horizontal=True):
    kpi.card("Inbjudna", kpi.count_text(totals_frame, "invited"))
    kpi.card("Svarande", kpi.count_text(totals_frame, "respondents"))
    kpi.card("Svarsfrekvens", fmt.percent(totals["response_rate"]))

st.header("Svaren")
unit_type = st.selectbox(
    "Verksamhetstyp",
    db.call(overview.survey_unit_types, f),
    format_func=lambda t: "Alla verksamhetstyper" if t == "all" else contract.unit_type_label(t),
    key="bu_typ",
    bind="query-params",
    filter_mode=None,
)
results = db.call(overview.survey_group, f, unit_type)
if results.empty:
    st.info("Inga svar för vald verksamhetstyp.")
else:
    if not db.has_table("survey_benchmarks"):
        st.caption(db.missing_table_message("survey_benchmarks"))
    chart.show(
        charts.survey_dots(results, title=f"Andel positiva svar per fråga, {year}", n=totals["respondents"]),
        key="bu_svar",
    )
    st.caption(
        f"Grupper med färre än {survey.MIN_RESPONDENTS} svarande visas inte. "
        "För en negativ fråga (t.ex. rädsla) är en hög andel dålig."
    )
    tables.show(
        results,
        {
            "question_text": "Fråga",
            "respondents": "Svarande",
            "positive_share": "Positiva",
            "previous_share": previous_round,
            "change_pp": "Förändring (p.e.)",
            "benchmark": "Jämförelsevärde",
            "benchmark_diff_pp": "Mot jämförelse (p.e.)",
        },
        percent=("positive_share", "previous_share", "benchmark"),
        decimals={"change_pp": 1, "benchmark_diff_pp": 1},
        key="bu_svar",
        file_name=f"brukarundersokning_{year}_{unit_type}",
    )

st.header("Svarsfrekvens")
rates = db.call(survey.survey_response_rates, f)
tables.show(
    rates,
    {
        "unit_type": "Verksamhetstyp",
        "operator": "Regi",
        "invited": "Inbjudna",
        "respondents": "Svarande",
        "response_rate": "Svarsfrekvens",
        "below_goal": "Under målet",
    },
    codes={"unit_type": {**contract.UNIT_TYPES, "all": "Alla"}, "operator": contract.OPERATORS},
    percent=("response_rate",),
    key="bu_frekvens",
    file_name=f"svarsfrekvens_{year}",
    column_config={"Under målet": st.column_config.CheckboxColumn("Under målet")},
)

st.header("Omgång för omgång")
st.caption(
    "Varje omgång jämförs med den närmast föregående omgången i databasen: undersökningen görs "
    "ofta vartannat år, så föregående år saknar ofta en omgång att jämföra med."
)
rounds = db.call(series.survey_rounds, f)
if rounds.empty:
    st.info("Inga omgångar av brukarundersökningen i databasen.")
else:
    texts = db.call(survey.survey_question_texts, f).set_index("question_id")["text"].to_dict()
    tables.show(
        rounds,
        {
            "question_id": "Fråga",
            "year": "År",
            "positive_share": "Andel positiva",
            "previous_year": "Föregående omgång",
            "previous_share": "Andel positiva föregående omgång",
            "respondents": "Svarande",
        },
        codes={"question_id": texts},
        percent=("positive_share", "previous_share"),
        key="bu_omgangar",
        file_name="brukarundersokning_omgangar",
        column_config={  # years without a thousands separator
            "År": st.column_config.NumberColumn("År", format="%d"),
            "Föregående omgång": st.column_config.NumberColumn("Föregående omgång", format="%d"),
        },
    )
