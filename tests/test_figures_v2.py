"""Key figures version 2 (key-figures.md) on small hand-made databases.

The comparison period (same dates a year earlier with 29 February -> 28 February, or the period
just before of the same kind), the Covered rule (null, never 0, when the data do not reach
back), the survey's latest earlier round, and the new keys lex_sarah, lex_maria, causes,
vardsamverkan, by_reporter and yearly. Every expected number is countable from the rows here.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tiny_db import build, census_year, unit

from analytics.__main__ import main as cli
from analytics.analyses import comparison, survey
from analytics.export import figures
from analytics.filters import Filters, Period, Scope


def dev(did: str, day: date, domain: str = "hsl", category: str = "fall", unit_id: str = "A1", **kw) -> dict:
    return {
        "deviation_id": did,
        "reported_date": day,
        "unit_id": unit_id,
        "domain": domain,
        "category": category,
        **kw,
    }


# -------------------------------------------------------------------------------------------
# The comparison period
# -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "year", "previous"),
    [
        # a whole year, half-year, tertial, quarter and month: the one before of the same kind
        (Period.calendar_year(2022), ("2021-01-01", "2021-12-31"), ("2021-01-01", "2021-12-31")),
        (Period.half_year(2022, 1), ("2021-01-01", "2021-06-30"), ("2021-07-01", "2021-12-31")),
        (Period.half_year(2022, 2), ("2021-07-01", "2021-12-31"), ("2022-01-01", "2022-06-30")),
        (Period.span(2022, "tertial", 1), ("2021-01-01", "2021-04-30"), ("2021-09-01", "2021-12-31")),
        (Period.span(2022, "tertial", 2), ("2021-05-01", "2021-08-31"), ("2022-01-01", "2022-04-30")),
        (Period.span(2022, "quarter", 3), ("2021-07-01", "2021-09-30"), ("2022-04-01", "2022-06-30")),
        (Period.span(2022, "month", 3), ("2021-03-01", "2021-03-31"), ("2022-02-01", "2022-02-28")),
        # 2021 against 2020 (a leap year): version 1 gave 2020-01-02 – 2020-12-31
        (Period.calendar_year(2021), ("2020-01-01", "2020-12-31"), ("2020-01-01", "2020-12-31")),
        # any other period: the same number of days ending the day before
        (
            Period(date(2022, 3, 10), date(2022, 3, 19)),
            ("2021-03-10", "2021-03-19"),
            ("2022-02-28", "2022-03-09"),
        ),
        # 29 February becomes 28 February
        (
            Period(date(2024, 2, 29), date(2024, 2, 29)),
            ("2023-02-28", "2023-02-28"),
            ("2024-02-28", "2024-02-28"),
        ),
        (
            Period(date(2024, 1, 1), date(2024, 2, 29)),
            ("2023-01-01", "2023-02-28"),
            ("2023-11-02", "2023-12-31"),
        ),
        (Period.span(2024, "month", 2), ("2023-02-01", "2023-02-28"), ("2024-01-01", "2024-01-31")),
    ],
)
def test_comparison_period(period: Period, year: tuple[str, str], previous: tuple[str, str]) -> None:
    def dates(p: Period) -> tuple[str, str]:
        return p.start.isoformat(), p.end.isoformat()

    assert dates(period.comparison("year")) == year
    assert dates(period.comparison("previous")) == previous
    assert dates(Filters.build(period).comparison) == year  # year is the default


def test_unknown_comparison_is_refused() -> None:
    with pytest.raises(ValueError, match="Okänd jämförelse"):
        Filters.build(Period.calendar_year(2022), compare="förra")


def test_short_labels() -> None:
    assert Period.half_year(2021, 1).short_label() == "H1 2021"
    assert Period.span(2022, "tertial", 2).short_label() == "T2 2022"
    assert Period.span(2022, "quarter", 3).short_label() == "K3 2022"
    assert Period.calendar_year(2020).short_label() == "2020"
    assert Period.span(2022, "month", 3).short_label() == "mar 2022"
    assert Period(date(2022, 1, 2), date(2022, 3, 1)).short_label() == "2022-01-02 – 2022-03-01"


# -------------------------------------------------------------------------------------------
# Figures on a tiny database
# -------------------------------------------------------------------------------------------


def leap_tables() -> dict[str, list[dict]]:
    """One unit, deviations from 2023-02-28 on; 2024 is a leap year."""
    return {
        "units": [unit("A1", "bostad_sol"), unit("B1", "gruppbostad_lss")],
        "census": [*census_year("A1", 2024, 10), *census_year("B1", 2024, 4)],
        "deviations": [
            # the first row: February 2023 is covered, January 2023 is not
            dev("p1", date(2023, 2, 28), "sol", "bemotande", lex_sarah=True, cause="personalbrist"),
            dev("p2", date(2023, 3, 1), "sol", "bemotande", lex_sarah=True, ivo_reported=True),
            dev("n1", date(2024, 2, 29), "sol", "bemotande", lex_sarah=True,
                lex_sarah_outcome="missforhallande"),
            dev("n2", date(2024, 2, 1), "lss", "hot_och_vald", unit_id="B1", lex_sarah=True,
                cause="kompetens"),
            dev("n3", date(2024, 2, 10), "sol", "utebliven_insats", lex_sarah=True,
                lex_sarah_outcome="pagaende", ivo_reported=True, reported_by="myndighet",
                investigated_date=date(2024, 2, 20)),
            dev("n4", date(2024, 2, 11), "sol", "utebliven_insats", cause="personalbrist",
                reported_by="myndighet"),
            dev("n5", date(2024, 2, 12), "hsl", "fall", lex_maria=True, cause=None),
            dev("v1", date(2024, 2, 13), "vardsamverkan", "sip", direction="inkommande"),
            dev("v2", date(2024, 2, 14), "vardsamverkan", "sip", direction="utgaende"),
            dev("v3", date(2024, 2, 15), "vardsamverkan", "provtagning"),  # no direction
        ],
    }  # fmt: skip


@pytest.fixture
def leap():
    c = build(leap_tables())
    yield c
    c.close()


FEB_29 = Period(date(2024, 2, 29), date(2024, 2, 29))
FEB_2024 = Period.span(2024, "month", 2)


def test_29_february_is_compared_with_28_february(leap) -> None:
    kf = figures.key_figures(leap, Filters.build(FEB_29))
    assert kf["period"]["comparison"] == {"from": "2023-02-28", "to": "2023-02-28"}
    assert kf["lex_sarah"]["reports"] == 1  # n1
    assert kf["lex_sarah"]["previous_reports"] == 1  # p1 on 2023-02-28
    row = kf["deviations_by_category"][-1]
    assert (row["domain"], row["category"], row["count"], row["previous_count"]) == ("sol", "bemotande", 1, 1)


def test_a_comparison_period_without_data_is_null_not_zero(leap) -> None:
    # January 2024 against January 2023: the first row is of February 2023
    kf = figures.key_figures(leap, Filters.build(Period.span(2024, "month", 1)))
    assert kf["lex_sarah"]["previous_reports"] is None
    assert kf["lex_maria"]["previous_reports"] is None
    assert kf["deviations_by_category"] == []  # nothing in January 2024 and no comparison rows
    # February 2024 against February 2023 is covered (p1 lies in it): 0 is a real 0
    kf = figures.key_figures(leap, Filters.build(FEB_2024))
    assert kf["lex_maria"]["previous_reports"] == 0
    assert kf["lex_sarah"]["previous_reports"] == 1
    # against January 2024 (compare previous): covered, nothing reported then
    kf = figures.key_figures(leap, Filters.build(FEB_2024, compare="previous"))
    assert kf["period"]["comparison"] == {"from": "2024-01-01", "to": "2024-01-31"}
    assert kf["lex_sarah"]["previous_reports"] == 0


def test_covered_rule_is_about_the_month(leap) -> None:
    assert comparison.reaches_back(date(2023, 2, 28), date(2023, 2, 1))
    assert not comparison.reaches_back(date(2023, 2, 28), date(2023, 1, 31))
    assert not comparison.reaches_back(None, date(2023, 1, 1))
    assert comparison.covered(leap, Filters.build(Period.span(2024, "month", 2)))
    assert not comparison.covered(leap, Filters.build(Period.span(2024, "month", 1)))


def test_lex_sarah_and_lex_maria(leap) -> None:
    kf = figures.key_figures(leap, Filters.build(FEB_2024))
    # n1, n2, n3 in February 2024; p1 in February 2023 (p2 is of March)
    assert kf["lex_sarah"] == {
        "reports": 3,
        "previous_reports": 1,
        "ivo_reported": 1,
        # the code list's order (pagaende before missforhallande), the outcome-less n2 last
        "by_outcome": [
            {"outcome": "pagaende", "count": 1},
            {"outcome": "missforhallande", "count": 1},
            {"outcome": "ej_bedomd", "count": 1},
        ],
        "by_domain": [{"domain": "lss", "count": 1}, {"domain": "sol", "count": 2}],
    }
    assert kf["lex_maria"] == {"reports": 1, "previous_reports": 0, "ivo_reported": 0}


def test_causes_with_a_null_cause(leap) -> None:
    kf = figures.key_figures(leap, Filters.build(FEB_2024))
    # hsl: n5 without cause; lss: n2 kompetens; sol: n1 and n3 without, n4 personalbrist
    assert kf["causes"] == [
        {"domain": "hsl", "cause": "ej_angiven", "count": 1},
        {"domain": "lss", "cause": "kompetens", "count": 1},
        {"domain": "sol", "cause": "ej_angiven", "count": 2},
        {"domain": "sol", "cause": "personalbrist", "count": 1},
    ]


def test_vardsamverkan_row_without_direction(leap) -> None:
    kf = figures.key_figures(leap, Filters.build(FEB_2024))
    assert kf["vardsamverkan"] == {"inkommande": 1, "utgaende": 1, "ej_angiven": 1}
    # all three keys even when nothing was reported
    kf = figures.key_figures(leap, Filters.build(Period.span(2023, "month", 2)))
    assert kf["vardsamverkan"] == {"inkommande": 0, "utgaende": 0, "ej_angiven": 0}


def test_by_reporter(leap) -> None:
    kf = figures.key_figures(leap, Filters.build(FEB_2024))
    # myndighet: n3 (investigated), n4; verksamhet: the other six of February 2024
    assert kf["by_reporter"] == [
        {"reported_by": "myndighet", "count": 2, "investigated_share": 0.5},
        {"reported_by": "verksamhet", "count": 6, "investigated_share": 0.0},
    ]


def test_yearly_from_the_first_year_to_the_end(leap) -> None:
    kf = figures.key_figures(leap, Filters.build(FEB_29))
    assert [(r["year"], r["to"]) for r in kf["yearly"]] == [(2023, "2023-12-31"), (2024, "2024-02-29")]
    y2023, y2024 = kf["yearly"]
    assert (y2023["sol"], y2023["lex_sarah"], y2023["ivo_reported"], y2023["hsl"]) == (2, 2, 1, 0)
    # 2024 up to 29 February: every row of 2024
    assert (y2024["sol"], y2024["lss"], y2024["hsl"], y2024["vardsamverkan"]) == (3, 1, 1, 3)
    assert (y2024["lex_sarah"], y2024["lex_maria"], y2024["ivo_reported"]) == (3, 1, 1)
    assert (y2024["falls"], y2024["violence"], y2024["complaints"]) == (1, 1, None)  # no complaints table
    assert list(y2024) == [
        "year", "to", "hsl", "lss", "sol", "vardsamverkan", "organisatorisk",
        "lex_sarah", "lex_maria", "ivo_reported", "falls", "violence", "complaints",
    ]  # fmt: skip
    # the year of `to` stops at `to`
    feb_10 = figures.key_figures(leap, Filters.build(Period(date(2024, 2, 1), date(2024, 2, 10))))
    assert (
        feb_10["yearly"][-1]["to"] == "2024-02-10" and feb_10["yearly"][-1]["sol"] == 1
    )  # n3; n4 and n1 later


def test_politiker_new_keys_hide_small_counts(leap) -> None:
    # a politiker sees only years, halves and tertials (issue 13): the tertial holding February
    kf = figures.key_figures(
        leap, Filters.build(Period(date(2024, 1, 1), date(2024, 4, 30)), Scope("politiker", None, "p"))
    )
    assert kf["lex_sarah"]["reports"] is None and "lex_sarah.reports" in kf["suppressed"]
    assert kf["vardsamverkan"]["inkommande"] is None and "vardsamverkan.inkommande" in kf["suppressed"]
    assert kf["vardsamverkan"]["ej_angiven"] is None
    assert all(r["count"] is None for r in kf["causes"])
    assert kf["by_reporter"][0]["investigated_share"] is None  # computed from a hidden count
    assert kf["yearly"][0]["sol"] is None and "yearly[0].sol" in kf["suppressed"]


# -------------------------------------------------------------------------------------------
# The survey held every second year
# -------------------------------------------------------------------------------------------


def survey_tables() -> dict[str, list[dict]]:
    def result(year: int, positive: int, question: str = "trivs") -> dict:
        return {"year": year, "unit_type": "bostad_sol", "question_id": question, "sex": "alla",
                "respondents": 100, "positive": positive}  # fmt: skip

    return {
        "units": [unit("A1", "bostad_sol")],
        "survey_results": [result(2018, 70), result(2020, 80), result(2022, 85), result(2022, 40, "mat")],
    }


def test_survey_compares_with_the_latest_earlier_round() -> None:
    conn = build(survey_tables())
    f = Filters.build(Period.calendar_year(2022))
    kf = figures.key_figures(conn, f)
    assert kf["survey"]["year"] == 2022 and kf["survey"]["previous_year"] == 2020
    trivs = next(
        r for r in kf["survey"]["results"] if r["question_id"] == "trivs" and r["unit_type"] == "all"
    )
    assert (trivs["positive_share"], trivs["previous_share"]) == (0.85, 0.8)
    mat = next(r for r in kf["survey"]["results"] if r["question_id"] == "mat" and r["unit_type"] == "all")
    assert mat["previous_share"] is None  # not asked in 2020
    # the first round has no earlier round; a year without a round looks back to the latest
    assert survey.survey_previous_year(conn, Filters.build(Period.calendar_year(2018))) is None
    assert survey.survey_previous_year(conn, Filters.build(Period.calendar_year(2021))) == 2020
    results = survey.survey_results(conn, f)
    row = results[(results.question_id == "trivs") & (results.unit_type == "all")].iloc[0]
    assert row["previous_share"] == pytest.approx(0.8) and row["change_pp"] == pytest.approx(5.0)


# -------------------------------------------------------------------------------------------
# The command line
# -------------------------------------------------------------------------------------------


def test_cli_compare_choice(tmp_path: Path, capsys) -> None:
    db = tmp_path / "leap.duckdb"
    build(leap_tables(), db).close()
    base = ["figures", "--db", str(db), "--from", "2024-02-01", "--to", "2024-02-29"]
    assert cli(base) == 0
    default = json.loads(capsys.readouterr().out)
    assert default["period"]["comparison"] == {"from": "2023-02-01", "to": "2023-02-28"}
    assert cli([*base, "--compare", "previous"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["period"]["comparison"] == {"from": "2024-01-01", "to": "2024-01-31"}
    with pytest.raises(SystemExit):
        cli([*base, "--compare", "förra"])
