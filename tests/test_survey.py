"""Brukarundersökning on a tiny hand-made database: every expected number is countable below."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from tiny_db import build, unit

from analytics.analyses import survey
from analytics.filters import Filters, Period, Scope

YEAR = Period.calendar_year(2022)
UNITS = [unit("G1", "gruppbostad_lss", "egen_regi")]


def part(year: int, unit_type: str, operator: str | None, invited: int, responded: int) -> dict:
    return {
        "year": year,
        "unit_type": unit_type,
        "operator": operator,
        "invited": invited,
        "responded": responded,
    }


def res(
    year: int, unit_type: str, operator: str | None, q: str, sex: str, respondents: int, positive: int
) -> dict:
    return {
        "year": year,
        "unit_type": unit_type,
        "operator": operator,
        "question_id": q,
        "sex": sex,
        "respondents": respondents,
        "positive": positive,
    }


PARTICIPATION = [
    part(2022, "gruppbostad_lss", "egen_regi", 50, 27),
    part(2022, "gruppbostad_lss", "privat", 20, 16),
    part(2022, "bostad_sol", "egen_regi", 30, 9),  # 30 %: under the 40 % goal
    part(2022, "korttid_lss", "egen_regi", 10, 4),  # exactly 40 %: not under the goal
    part(2022, "boendestod", None, 10, 8),  # delivered without operator
    part(2021, "gruppbostad_lss", "egen_regi", 40, 20),  # another year
]

RESULTS = [
    # trivs, 2022 and 2021; boendestod is new in 2022 and has only 4 respondents
    res(2022, "gruppbostad_lss", "egen_regi", "trivs", "alla", 20, 16),
    res(2022, "gruppbostad_lss", "privat", "trivs", "alla", 10, 9),
    res(2022, "bostad_sol", "egen_regi", "trivs", "alla", 8, 4),
    res(2022, "boendestod", None, "trivs", "alla", 4, 4),
    res(2021, "gruppbostad_lss", "egen_regi", "trivs", "alla", 20, 18),
    res(2021, "gruppbostad_lss", "privat", "trivs", "alla", 10, 8),
    res(2021, "bostad_sol", "egen_regi", "trivs", "alla", 10, 5),
    # radd (negative question), split by sex in 2022; not asked at boendestod
    res(2022, "gruppbostad_lss", "egen_regi", "radd", "alla", 20, 8),
    res(2022, "gruppbostad_lss", "egen_regi", "radd", "K", 8, 4),
    res(2022, "gruppbostad_lss", "egen_regi", "radd", "M", 12, 4),
    res(2022, "bostad_sol", "egen_regi", "radd", "alla", 8, 4),
    res(2022, "bostad_sol", "egen_regi", "radd", "K", 3, 2),
    res(2022, "bostad_sol", "egen_regi", "radd", "M", 5, 2),
    res(2021, "gruppbostad_lss", "egen_regi", "radd", "alla", 20, 10),
    res(2021, "bostad_sol", "egen_regi", "radd", "alla", 4, 3),  # too small in 2021
    # pratar: asked only in 2022, only at bostad_sol
    res(2022, "bostad_sol", "egen_regi", "pratar", "alla", 8, 2),
]

QUESTIONS = [
    {"question_id": "trivs", "text": "Trivs du i ditt boende?", "negative": False},
    {"question_id": "radd", "text": "Är du rädd för något?", "negative": True},
]  # pratar has no text

BENCHMARKS = [
    {"year": 2022, "question_id": "trivs", "unit_type": None, "positive_share": 0.88, "source": "Riket"},
    {
        "year": 2022,
        "question_id": "trivs",
        "unit_type": "gruppbostad_lss",
        "positive_share": 0.85,
        "source": "Riket",
    },
    {"year": 2022, "question_id": "radd", "unit_type": None, "positive_share": 0.30, "source": "Riket"},
    {"year": 2021, "question_id": "trivs", "unit_type": None, "positive_share": 0.99, "source": "Riket"},
]

ALL_TABLES = {
    "units": UNITS,
    "survey_participation": PARTICIPATION,
    "survey_results": RESULTS,
    "survey_questions": QUESTIONS,
    "survey_benchmarks": BENCHMARKS,
}


@pytest.fixture
def conn():
    """Tiny database with every survey table."""
    c = build(ALL_TABLES)
    yield c
    c.close()


def values(df: pd.DataFrame) -> list[tuple]:
    """Rows as tuples, missing values as None, floats rounded to 4 decimals."""
    return [
        tuple(None if pd.isna(v) else round(v, 4) if isinstance(v, float) else v for v in r)
        for r in df.itertuples(index=False)
    ]


def test_totals_for_the_year_of_period_end(conn) -> None:
    df = survey.survey_totals(conn, Filters.build(YEAR))
    assert list(df.columns) == ["year", "invited", "respondents", "response_rate"]
    assert values(df) == [(2022, 120, 64, round(64 / 120, 4))]
    # a period ending in 2022 selects the 2022 survey, whatever its start
    rolling = survey.survey_totals(conn, Filters.build(Period(date(2021, 7, 1), date(2022, 6, 30))))
    assert values(rolling) == values(df)


def test_totals_follow_unit_type_and_operator_filters(conn) -> None:
    f = Filters.build(YEAR, unit_types=["gruppbostad_lss"], operators=["egen_regi"])
    assert values(survey.survey_totals(conn, f)) == [(2022, 50, 27, 0.54)]
    # a row without operator fails an operator filter
    egen = survey.survey_totals(conn, Filters.build(YEAR, operators=["egen_regi"]))
    assert values(egen) == [(2022, 90, 40, round(40 / 90, 4))]


def test_totals_are_null_without_data_for_the_year(conn) -> None:
    df = survey.survey_totals(conn, Filters.build(Period.calendar_year(2019)))
    assert values(df) == [(2019, None, None, None)]


def test_response_rates_flag_groups_under_the_goal(conn) -> None:
    df = survey.survey_response_rates(conn, Filters.build(YEAR))
    assert list(df.columns) == [
        "unit_type",
        "operator",
        "invited",
        "respondents",
        "response_rate",
        "below_goal",
    ]
    assert values(df) == [
        ("all", None, 120, 64, round(64 / 120, 4), False),
        ("boendestod", None, 10, 8, 0.8, False),
        ("bostad_sol", "egen_regi", 30, 9, 0.3, True),
        ("gruppbostad_lss", "egen_regi", 50, 27, 0.54, False),
        ("gruppbostad_lss", "privat", 20, 16, 0.8, False),
        ("korttid_lss", "egen_regi", 10, 4, 0.4, False),
    ]


def test_response_rates_by_unit_type_only_and_own_goal(conn) -> None:
    df = survey.survey_response_rates(conn, Filters.build(YEAR), by_operator=False, goal=0.6)
    assert values(df) == [
        ("all", None, 120, 64, round(64 / 120, 4), True),
        ("boendestod", None, 10, 8, 0.8, False),
        ("bostad_sol", None, 30, 9, 0.3, True),
        ("gruppbostad_lss", None, 70, 43, round(43 / 70, 4), False),
        ("korttid_lss", None, 10, 4, 0.4, True),
    ]


def test_summary_definitions(conn) -> None:
    df = survey.survey_summary(conn, Filters.build(YEAR))
    figures = ["question_id", "unit_type", "positive_share", "previous_share", "benchmark"]
    # respondents behind the shares: for suppression (analytics.privacy)
    assert list(df.columns) == [*figures, "respondents", "previous_respondents"]
    assert values(df[df["question_id"] == "trivs"][["unit_type", "respondents", "previous_respondents"]]) == [
        ("all", 42, 40),
        ("boendestod", 4, None),
        ("bostad_sol", 8, 10),
        ("gruppbostad_lss", 30, 30),
    ]
    assert values(df[figures]) == [
        # pratar: not asked in 2021, no benchmark
        ("pratar", "all", 0.25, None, None),
        ("pratar", "bostad_sol", 0.25, None, None),
        # radd: missing for boendestod and gruppbostad privat; 'all' benchmark = row without unit_type
        ("radd", "all", round(12 / 28, 4), round(13 / 24, 4), 0.30),
        ("radd", "bostad_sol", 0.5, 0.75, None),  # the key figure does not blank small groups
        ("radd", "gruppbostad_lss", 0.4, 0.5, None),
        # trivs: all = (16+9+4+4)/(20+10+8+4); boendestod absent in 2021
        ("trivs", "all", round(33 / 42, 4), round(31 / 40, 4), 0.88),
        ("trivs", "boendestod", 1.0, None, None),
        ("trivs", "bostad_sol", 0.5, 0.5, None),
        ("trivs", "gruppbostad_lss", round(25 / 30, 4), round(26 / 30, 4), 0.85),
    ]


def test_summary_filtered_all_row_is_the_selected_groups(conn) -> None:
    f = Filters.build(YEAR, unit_types=["gruppbostad_lss"], operators=["egen_regi"])
    df = survey.survey_summary(conn, f)
    radd = df[df["question_id"] == "radd"][
        ["question_id", "unit_type", "positive_share", "previous_share", "benchmark"]
    ]
    assert values(radd) == [("radd", "all", 0.4, 0.5, 0.30), ("radd", "gruppbostad_lss", 0.4, 0.5, None)]


def test_summary_ignores_unit_scope_of_a_chef(conn) -> None:
    chef = Filters.build(YEAR, scope=Scope(role="chef", units=("G1",)))
    pd.testing.assert_frame_equal(
        survey.survey_summary(conn, chef), survey.survey_summary(conn, Filters.build(YEAR))
    )


def test_results_by_sex_small_groups_and_changes(conn) -> None:
    df = survey.survey_results(conn, Filters.build(YEAR))
    assert list(df.columns) == [
        "question_id",
        "question_text",
        "negative",
        "unit_type",
        "sex",
        "respondents",
        "positive",
        "positive_share",
        "previous_share",
        "change_pp",
        "benchmark",
        "benchmark_diff_pp",
        "too_small",
    ]
    radd = df[df["question_id"] == "radd"].drop(columns=["question_id", "question_text", "negative"])
    assert values(radd) == [
        # unit_type, sex, respondents, positive, share, previous, change_pp, benchmark, diff_pp, too_small
        ("all", "alla", 28, 12, round(12 / 28, 4), round(13 / 24, 4), round((12 / 28 - 13 / 24) * 100, 4),
         0.30, round((12 / 28 - 0.30) * 100, 4), False),
        ("all", "K", 11, 6, round(6 / 11, 4), None, None, None, None, False),
        ("all", "M", 17, 6, round(6 / 17, 4), None, None, None, None, False),
        # 2021's bostad_sol group had 4 respondents: too small, so no previous share here
        ("bostad_sol", "alla", 8, 4, 0.5, None, None, None, None, False),
        ("bostad_sol", "K", 3, None, None, None, None, None, None, True),
        ("bostad_sol", "M", 5, 2, 0.4, None, None, None, None, False),  # 5 is enough
        ("gruppbostad_lss", "alla", 20, 8, 0.4, 0.5, -10.0, None, None, False),
        ("gruppbostad_lss", "K", 8, 4, 0.5, None, None, None, None, False),
        ("gruppbostad_lss", "M", 12, 4, round(4 / 12, 4), None, None, None, None, False),
    ]  # fmt: skip
    trivs = df[df["question_id"] == "trivs"].set_index("unit_type")
    assert bool(trivs.loc["boendestod", "too_small"])
    assert pd.isna(trivs.loc["boendestod", "positive_share"]) and pd.isna(trivs.loc["boendestod", "positive"])
    assert trivs.loc["gruppbostad_lss", "benchmark_diff_pp"] == pytest.approx((25 / 30 - 0.85) * 100)
    assert trivs.loc["bostad_sol", "change_pp"] == pytest.approx(0.0)


def test_results_carry_question_text_and_negative_flag(conn) -> None:
    df = survey.survey_results(conn, Filters.build(YEAR))
    per_question = df.drop_duplicates("question_id").set_index("question_id")
    assert per_question.loc["radd", "question_text"] == "Är du rädd för något?"
    assert per_question.loc["radd", "negative"]
    assert not per_question.loc["trivs", "negative"]
    assert pd.isna(per_question.loc["pratar", "question_text"])  # not in survey_questions
    assert not per_question.loc["pratar", "negative"]


def test_results_threshold_is_configurable_but_never_below_three(conn) -> None:
    df = survey.survey_results(conn, Filters.build(YEAR), min_respondents=3)
    trivs_boendestod = df[(df["question_id"] == "trivs") & (df["unit_type"] == "boendestod")]
    assert values(trivs_boendestod[["respondents", "positive_share", "too_small"]]) == [(4, 1.0, False)]
    bostad_sol_k = df[(df["question_id"] == "radd") & (df["unit_type"] == "bostad_sol") & (df["sex"] == "K")]
    assert values(bostad_sol_k[["positive_share", "too_small"]]) == [(round(2 / 3, 4), False)]
    with pytest.raises(ValueError):
        survey.survey_results(conn, Filters.build(YEAR), min_respondents=2)


def test_without_questions_and_benchmarks_tables() -> None:
    c = build({"units": UNITS, "survey_participation": PARTICIPATION, "survey_results": RESULTS})
    summary = survey.survey_summary(c, Filters.build(YEAR))
    assert len(summary) == 9 and summary["benchmark"].isna().all()
    results = survey.survey_results(c, Filters.build(YEAR))
    assert results["question_text"].isna().all()
    assert results["benchmark"].isna().all()
    assert not results["negative"].any()
    assert survey.survey_question_texts(c, Filters.build(YEAR)).empty
    assert survey.survey_benchmarks_for_year(c, Filters.build(YEAR)).empty


def test_without_any_survey_table() -> None:
    c = build({"units": UNITS})
    full = build(ALL_TABLES)
    f = Filters.build(YEAR)
    assert values(survey.survey_totals(c, f)) == [(2022, None, None, None)]
    assert list(survey.survey_totals(c, f).columns) == list(survey.survey_totals(full, f).columns)
    for fn in (survey.survey_summary, survey.survey_results, survey.survey_response_rates):
        df = fn(c, f)
        assert df.empty
        assert list(df.columns) == list(fn(full, f).columns)


def test_benchmarks_and_question_texts(conn) -> None:
    bench = survey.survey_benchmarks_for_year(conn, Filters.build(YEAR))
    assert values(bench) == [
        ("radd", "all", 0.30, "Riket"),
        ("trivs", "all", 0.88, "Riket"),
        ("trivs", "gruppbostad_lss", 0.85, "Riket"),
    ]
    questions = survey.survey_question_texts(conn, Filters.build(YEAR))
    assert values(questions) == [
        ("radd", "Är du rädd för något?", True),
        ("trivs", "Trivs du i ditt boende?", False),
    ]
