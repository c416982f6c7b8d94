"""The analytics behind issue 9's chapters on small hand-made databases: lex Sarah/Maria per
category and the case list, causes with consequence and the share without cause, vårdsamverkan
and reporters, the year and half-year series with per-brukare rates, survey rounds, jämlikhet
(small groups hidden for every role) and the unit table with the type's median."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from tiny_db import build, census_year, unit

from analytics import privacy
from analytics.analyses import causes, equality, lex, reporting, series, units
from analytics.filters import Filters, Period, Scope

Y2022 = Period.calendar_year(2022)


def dev(did: str, day: date, domain: str, category: str, unit_id: str = "A1", **kw) -> dict:
    return {
        "deviation_id": did,
        "reported_date": day,
        "unit_id": unit_id,
        "domain": domain,
        "category": category,
        **kw,
    }


def tables() -> dict[str, list[dict]]:
    return {
        "units": [unit("A1"), unit("A2"), unit("A3"), unit("A4"), unit("S1", "bostad_sol")],
        "census": [
            *census_year("A1", 2021, 4), *census_year("A1", 2022, 4),
            *census_year("A2", 2022, 2), *census_year("A3", 2022, 5), *census_year("A4", 2022, 10),
            *census_year("S1", 2022, 6),
        ],
        "brukare": [
            {"brukare_id": f"P{i}", "sex": "K" if i < 6 else "M", "birth_year": 1935 if i < 6 else 1990}
            for i in range(8)
        ] + [{"brukare_id": "PX"}],
        "deviations": [
            # 2021 (the comparison year; the data start in January 2021)
            dev("a1", date(2021, 1, 10), "lss", "bemotande", lex_sarah=True),
            dev("a2", date(2021, 8, 10), "hsl", "fall", brukare_id="P1"),
            # 2022 at A1: lex Sarah, causes, falls of six women over 80 and two men of 32
            dev("b1", date(2022, 2, 1), "lss", "hot_och_vald", lex_sarah=True, ivo_reported=True,
                lex_sarah_outcome="allvarligt_missforhallande", brukare_id="P6",
                investigated_date=date(2022, 2, 5), cause="personalbrist", consequence="obehag_oro"),
            dev("b2", date(2022, 3, 1), "lss", "hot_och_vald", lex_sarah=True, brukare_id="P7",
                cause="personalbrist", consequence="obehag_oro"),
            dev("b3", date(2022, 4, 1), "sol", "bemotande", unit_id="S1", lex_maria=False, cause=None),
            *[dev(f"f{i}", date(2022, 5, 1 + i), "hsl", "fall", brukare_id=f"P{i}",
                  investigated_date=date(2022, 6, 1)) for i in range(6)],
            dev("f6", date(2022, 8, 1), "hsl", "fall", brukare_id="P6"),
            dev("m1", date(2022, 9, 1), "hsl", "lakemedel", lex_maria=True, ivo_reported=True),
            # vårdsamverkan, one without direction; reports from myndighet; organisational
            dev("v1", date(2022, 1, 5), "vardsamverkan", "sip", direction="utgaende"),
            dev("v2", date(2022, 1, 6), "vardsamverkan", "sip"),
            dev("r1", date(2022, 10, 1), "sol", "utebliven_insats", unit_id="S1", reported_by="myndighet",
                investigated_date=date(2022, 10, 5)),
            dev("r2", date(2022, 10, 2), "sol", "utebliven_insats", unit_id="S1", reported_by="myndighet"),
            dev("o1", date(2022, 11, 1), "organisatorisk", "kommunikation"),
            # the other gruppbostäder, for the median
            dev("u2", date(2022, 2, 1), "lss", "bemotande", unit_id="A2"),
            *[dev(f"u3{i}", date(2022, 3, 1 + i), "lss", "bemotande", unit_id="A3") for i in range(5)],
            *[dev(f"u4{i}", date(2022, 3, 1 + i), "lss", "bemotande", unit_id="A4") for i in range(30)],
        ],
    }  # fmt: skip


@pytest.fixture
def conn():
    c = build(tables())
    yield c
    c.close()


def test_lex_by_category_and_cases(conn) -> None:
    f = Filters.build(Y2022)
    by_category = lex.lex_by_category(conn, f, "lex_sarah")
    assert by_category[["domain", "category", "count", "previous_count", "ivo_reported"]].values.tolist() == [
        ["lss", "bemotande", 0, 1, 0],  # a1 in 2021 only
        ["lss", "hot_och_vald", 2, 0, 1],
    ]
    assert by_category["investigated_share"].tolist()[1] == pytest.approx(0.5)
    cases = lex.lex_cases(conn, f, "lex_sarah")
    assert list(cases["deviation_id"]) == ["b2", "b1"]  # newest first
    assert lex.lex_cases(conn, f, "lex_maria")["deviation_id"].tolist() == ["m1"]
    with pytest.raises(PermissionError):
        lex.lex_cases(conn, Filters.build(Y2022, Scope("politiker", None, "p")), "lex_sarah")
    with pytest.raises(ValueError, match="Okänd lag"):
        lex.lex_summary(conn, f, "lex_x")


def test_causes_with_consequence_and_the_share_without(conn) -> None:
    f = Filters.build(Y2022)
    by_category = causes.causes_by_category(conn, f)
    row = by_category[(by_category.category == "hot_och_vald")].iloc[0]
    assert (row["cause"], row["consequence"], row["count"]) == ("personalbrist", "obehag_oro", 2)
    missing = causes.cause_missing(conn, f).set_index("domain")
    # hsl: f0-f6 and m1 give no cause (8 of 8); lss: all 38 but b1, b2; sol: b3, r1, r2
    assert missing.loc["hsl", ["count", "without_cause"]].tolist() == [8, 8]
    assert missing.loc["lss", "without_cause_share"] == pytest.approx(36 / 38)
    assert missing.loc["sol", "without_cause"] == 3


def test_vardsamverkan_reporters_and_organisational(conn) -> None:
    f = Filters.build(Y2022)
    assert reporting.vardsamverkan_by_category(conn, f).values.tolist() == [
        ["sip", "ej_angiven", 1],
        ["sip", "utgaende", 1],
    ]
    mynd = reporting.reporter_by_domain(conn, f)
    row = mynd[mynd.reported_by == "myndighet"].iloc[0]
    assert (row["domain"], row["count"], row["investigated_share"]) == ("sol", 2, 0.5)
    organisational = reporting.organisational(conn, f)
    assert organisational[["category", "count"]].values.tolist() == [["kommunikation", 1]]


def test_series_years_halves_and_rates(conn) -> None:
    f = Filters.build(Y2022)
    years = series.series(conn, f, "year").set_index("label")
    assert list(years.index) == ["2021", "2022"]
    assert (years.loc["2021", "lex_sarah"], years.loc["2022", "lex_sarah"]) == (1, 2)
    assert (years.loc["2022", "falls"], years.loc["2022", "medication"], years.loc["2022", "lex_maria"]) == (
        7,
        1,
        1,
    )
    halves = series.series(conn, f, "half")
    assert list(halves["label"]) == ["H1 2021", "H2 2021", "H1 2022", "H2 2022"]
    assert halves.set_index("label").loc["H2 2022", "falls"] == 1  # f6
    rates = series.rate_series(conn, Filters.build(Y2022, unit_ids=["A1"]), "year").set_index("label")
    # A1 has 4 brukare every month; 2022: b1, b2, f0-f6, m1, v1, v2, o1 = 13 deviations
    assert rates.loc["2022", "brukare"] == pytest.approx(4.0)
    assert rates.loc["2022", "deviations_per_brukare"] == pytest.approx(13 / 4)
    assert rates.loc["2022", "fall_deviations"] == pytest.approx(7 / 4)


def test_equality_hides_small_groups_for_every_role(conn) -> None:
    f = Filters.build(Y2022)  # analytiker
    falls = equality.age_by_sex(conn, f, "fall").set_index("age_group")
    # falls with brukare: P0-P5 (K, 87 years) six falls, P6 (M, 32) one fall (f6)
    assert pd.isna(falls.loc["20_64", "M"])  # 1 fall: hidden even for the analytiker
    # ... and the 6 too: the Fall page shows 7 falls, so 7 - 6 would give the hidden 1 away
    assert pd.isna(falls.loc["80_", "K"])
    assert falls.loc["80_", "M"] == 0 and falls.loc["20_64", "K"] == 0  # none: a real 0
    assert "okand" in falls.columns
    violence = equality.by_sex_and_age(conn, f)
    assert violence[violence.subject == "hot_och_vald"]["count"].isna().all()  # two rows of 1


def test_units_table_and_the_type_median(conn) -> None:
    f = Filters.build(Y2022)
    table = units.unit_table(conn, f, "gruppbostad_lss").set_index("unit_id")
    assert list(table.index) == ["A1", "A2", "A3", "A4"]
    assert table.loc["A4", "per_brukare"] == pytest.approx(3.0)  # 30 / 10
    assert table.loc["A3", "per_brukare"] == pytest.approx(1.0)
    assert len(table.loc["A1", "trend"]) == units.TREND_HALVES
    median = units.unit_type_median(conn, f, "gruppbostad_lss").iloc[0]
    # per brukare: A1 13/4 = 3.25, A2 1/2 = 0.5, A3 1.0, A4 3.0 -> median 2.0
    assert median["units"] == 4 and median["per_brukare"] == pytest.approx(2.0)
    chef = Filters.build(Y2022, Scope("chef", ("A2",), "c"))
    assert units.unit_type_median(conn, chef, "gruppbostad_lss").iloc[0]["per_brukare"] == pytest.approx(2.0)
    assert list(units.unit_table(conn, chef, "gruppbostad_lss")["unit_id"]) == ["A2"]
    # a type with one active unit: no median, it would be that unit's own figure
    assert pd.isna(units.unit_type_median(conn, f, "bostad_sol").iloc[0]["per_brukare"])
    with pytest.raises(privacy.AccessDenied):
        units.unit_table(conn, Filters.build(Y2022, Scope("politiker", None, "p")), "gruppbostad_lss")


def test_outcome_bars_keep_the_code_list_order_and_hide_small_counts(conn) -> None:
    from presentation import chapter_charts

    f = Filters.build(Y2022, Scope("politiker", None, "p"))
    outcomes = lex.lex_by_outcome(conn, f)  # b1 allvarligt, b2 without outcome: both 1
    fig = chapter_charts.ordered_bars(outcomes, label="label", value="count", title="t")
    bar = fig.data[0]
    assert list(bar.y) == ["Ej bedömd", "Allvarligt missförhållande"]  # drawn bottom-up
    assert list(bar.text) == ["..", ".."] and list(bar.x) == [0, 0]  # no hidden value in the chart
