"""Brukarundersökning (SKR): participation, positive shares, change and benchmark.

The survey year is the year of the period's end (`f.period.end.year`). SKR reports the survey
per unit type and operator, so only the unit_types and operators filters apply (a row without
operator fails an operator filter); administration, area and unit filters, and a chef's unit
scope, do not: survey figures are aggregates published per unit type.

survey_results rows are disjoint groups and are added up: 'all' = every selected row of the
year. positive_share = positive / respondents; for a question marked `negative` in
survey_questions (e.g. "Är du rädd för något?") a high share is bad, which the UI must show.

SKR shows a result only from 5 respondents. The dashboard functions flag smaller groups
(`too_small`) and blank their shares; the threshold is MIN_RESPONDENTS and may be raised, never
set below MIN_RESPONDENTS_FLOOR.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import privacy
from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect

MIN_RESPONDENTS = 5
MIN_RESPONDENTS_FLOOR = 3
# The förvaltning's goal for the response rate.
RESPONSE_RATE_GOAL = 0.40

# Suppression for politiker (analytics.privacy): respondents are counted persons; as SKR does,
# the positive answers and every share follow the group's respondents.
SURVEY_RESULT_COUNTS: tuple[str, ...] = ("respondents",)
SURVEY_RESULT_DERIVED: dict[str, tuple[str, ...]] = {
    "positive": ("respondents",),
    "positive_share": ("respondents",),
    "change_pp": ("positive_share", "previous_share"),
    "benchmark_diff_pp": ("positive_share",),
}

_SUMMARY_COLUMNS: dict[str, str] = {
    "question_id": "str",
    "unit_type": "str",
    "positive_share": "float64",
    "previous_share": "float64",
    "benchmark": "float64",
    "respondents": "Int64",
    "previous_respondents": "Int64",
}
_RESULTS_COLUMNS: dict[str, str] = {
    "question_id": "str",
    "question_text": "str",
    "negative": "bool",
    "unit_type": "str",
    "sex": "str",
    "respondents": "int64",
    "positive": "Int64",
    "positive_share": "float64",
    "previous_share": "float64",
    "change_pp": "float64",
    "benchmark": "float64",
    "benchmark_diff_pp": "float64",
    "too_small": "bool",
}


def survey_year(f: Filters) -> int:
    """The survey year the filters select: the year of the period's end."""
    return f.period.end.year


@protect("meta")
def survey_previous_year(conn: duckdb.DuckDBPyConnection, f: Filters) -> int | None:
    """The round the survey year is compared with: the latest year before it with any
    survey_results row (surveys are often held every second year); None when there is none.
    The whole table counts, as the rounds are the same for every viewer."""
    if not supplied(conn, "survey_results"):
        return None
    with conn.cursor() as cur:
        row = cur.execute(
            "select max(year) from survey_results where year < $year", {"year": survey_year(f)}
        ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _check_threshold(min_respondents: int) -> None:
    if min_respondents < MIN_RESPONDENTS_FLOOR:
        raise ValueError(
            f"Minsta antal svarande är {MIN_RESPONDENTS_FLOOR}; "
            f"{min_respondents} skulle kunna röja enskilda svar."
        )


@protect(
    "aggregate",
    counts=("invited", "respondents"),
    derived={"response_rate": ("invited", "respondents")},
    groups=None,
    not_counts=("year",),
)
def survey_totals(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Participation in the survey year; exactly one row.

    Columns: year (int), invited, respondents (sums of survey_participation's invited and
    responded), response_rate (respondents / invited). Without the table, or without rows for
    the year, invited, respondents and response_rate are null (Int64 <NA> / NaN), never 0.
    """
    if not supplied(conn, "survey_participation"):
        return pd.DataFrame(
            {
                "year": pd.array([survey_year(f)], dtype="int64"),
                "invited": pd.array([pd.NA], dtype="Int64"),
                "respondents": pd.array([pd.NA], dtype="Int64"),
                "response_rate": pd.array([float("nan")], dtype="float64"),
            }
        )
    return run(conn, "survey_totals", f, year=survey_year(f))


@protect(
    "aggregate",
    counts=("invited", "respondents"),
    derived={"response_rate": ("invited", "respondents"), "below_goal": ("response_rate",)},
)
def survey_response_rates(
    conn: duckdb.DuckDBPyConnection, f: Filters, by_operator: bool = True, goal: float = RESPONSE_RATE_GOAL
) -> pd.DataFrame:
    """Response rate per group in the survey year; one row 'all' (operator null), then one per
    unit_type, or per (unit_type, operator) when by_operator, sorted by unit_type, then operator
    with nulls last (rows delivered without operator).

    Columns: unit_type, operator, invited, respondents, response_rate (null when invited is 0),
    below_goal (response_rate < goal, default RESPONSE_RATE_GOAL = 0.40; null with the rate).
    Participation counts reveal no answers, so small groups are not blanked here.
    """
    return run(
        conn, "survey_response_rates", f, year=survey_year(f), by_operator=bool(by_operator), goal=float(goal)
    )


@protect("meta")
def survey_benchmarks_for_year(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Benchmarks of the survey year; one row per (question_id, unit_type), sorted by
    question_id with 'all' first.

    Columns: question_id, unit_type ('all' for the benchmark row without unit type), benchmark
    (share 0-1), source. Empty without a survey_benchmarks table.
    """
    return run(conn, "survey_benchmarks_for_year", f, year=survey_year(f))


@protect("meta")
def survey_question_texts(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The survey's questions; one row per question_id, sorted by it. Not period-bound.

    Columns: question_id, text, negative (bool: a high share is bad). Empty without a
    survey_questions table.
    """
    return run(conn, "survey_question_texts", f)


def _with_benchmark(conn: duckdb.DuckDBPyConnection, f: Filters, df: pd.DataFrame) -> pd.DataFrame:
    benchmarks = survey_benchmarks_for_year(conn, f)[["question_id", "unit_type", "benchmark"]]
    return df.merge(benchmarks, on=["question_id", "unit_type"], how="left", validate="many_to_one")


@protect(
    "aggregate",
    counts=("respondents", "previous_respondents"),
    derived={"positive_share": ("respondents",), "previous_share": ("previous_respondents",)},
    groups=("question_id",),
)
def survey_summary(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Key figure `survey.results`; for each question asked in the survey year one row with
    unit_type 'all' (all selected rows of sex 'alla'), then one per unit_type with such rows,
    sorted by question_id then unit_type, 'all' first. No small-group blanking (see
    survey_results for the dashboard).

    Columns: question_id, unit_type, positive_share (positive / respondents), previous_share
    (the same group in survey_previous_year, the latest earlier round; null if absent),
    benchmark (survey_benchmarks for the year, question and unit_type, for 'all' the row
    without unit_type; null if absent), respondents,
    previous_respondents (the groups' respondents behind the two shares; previous null if
    absent). For politiker a share whose respondents are below the threshold is null.
    """
    df = run(conn, "survey_summary", f, year=survey_year(f), previous_year=survey_previous_year(conn, f))
    return _with_benchmark(conn, f, df)[list(_SUMMARY_COLUMNS)]


@protect(
    "aggregate",
    counts=SURVEY_RESULT_COUNTS,
    derived=SURVEY_RESULT_DERIVED,
    groups=("question_id", "sex"),
    not_counts=("positive",),
)
def survey_results(
    conn: duckdb.DuckDBPyConnection, f: Filters, min_respondents: int = MIN_RESPONDENTS
) -> pd.DataFrame:
    """Survey results for the dashboard; one row per (question_id, unit_type, sex) of the survey
    year, unit_type 'all' first per question, sex in the order alla, K, M.

    Columns: question_id; question_text (null without survey_questions); negative (bool, from
    survey_questions, false when not given: a high share is bad for a negative question);
    unit_type ('all' = every selected unit type); sex ('alla', 'K', 'M'); respondents;
    positive (Int64); positive_share; previous_share (same group in the latest earlier round,
    survey_previous_year); change_pp
    ((positive_share - previous_share) * 100, percentage points); benchmark (only on sex
    'alla' rows: benchmarks are not split by sex); benchmark_diff_pp ((positive_share -
    benchmark) * 100); too_small (respondents < min_respondents). For a too small group
    positive, positive_share, change_pp and benchmark_diff_pp are null; a previous group that
    was too small gives a null previous_share.
    """
    _check_threshold(min_respondents)
    if f.scope.role == "politiker":
        min_respondents = max(min_respondents, privacy.min_cell())
    df = run(
        conn,
        "survey_results",
        f,
        year=survey_year(f),
        previous_year=survey_previous_year(conn, f),
        min_respondents=int(min_respondents),
    )
    df = _with_benchmark(conn, f, df)
    df.loc[df["sex"] != "alla", "benchmark"] = float("nan")
    df["benchmark_diff_pp"] = (df["positive_share"] - df["benchmark"]) * 100
    questions = survey_question_texts(conn, f).rename(columns={"text": "question_text"})
    df = df.merge(questions, on="question_id", how="left", validate="many_to_one")
    df["negative"] = df["negative"].fillna(False).astype(bool)
    return df[list(_RESULTS_COLUMNS)]
