"""Falls on a tiny hand-made database; period calendar year 2022.

Units: F1 gruppbostad_lss, 10 brukare (4 women, 6 men) every month; F2 bostad_sol, 5 brukare
(3 women, 2 men) January-June only, so 2.5 (1.5 women, 1.0 men). Census: 12.5 brukare, 5.5
women (0.44), 7.0 men (0.56).
Brukare and their falls in 2022: K1 (K) once at F1 and once at F2 -> 2, K2 (K) 5, M1 (M) 1,
M2 (M) 6, X1 (sex unknown) 3; 2 falls without brukare. 19 fall rows, 5 brukare.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from test_deviations import records
from tiny_db import build, census_year, unit

from analytics.analyses import falls
from analytics.filters import Filters, Period

Y2022 = Period.calendar_year(2022)


def fall_rows() -> list[dict]:
    plan = [
        ("K1", "F1", 1),
        ("K1", "F2", 1),
        ("K2", "F1", 5),
        ("M1", "F1", 1),
        ("M2", "F2", 6),
        ("X1", "F1", 3),
    ]
    rows, n = [], 0
    for brukare_id, unit_id, times in plan:
        for i in range(times):
            n += 1
            rows.append(
                {
                    "deviation_id": f"f{n:02d}",
                    "reported_date": date(2022, 1 + i, 1 if i % 2 else 28),
                    "unit_id": unit_id,
                    "brukare_id": brukare_id,
                    "domain": "hsl",
                    "category": "fall",
                }
            )
    return rows


def tables(with_brukare: bool = True, census_sex: bool = True) -> dict[str, list[dict]]:
    sex_f1 = {"women": 4, "men": 6} if census_sex else {}
    sex_f2 = {"women": 3, "men": 2} if census_sex else {}
    t = {
        "units": [unit("F1", "gruppbostad_lss"), unit("F2", "bostad_sol")],
        "census": [
            *census_year("F1", 2022, 10, **sex_f1),
            *census_year("F2", 2022, 5, range(1, 7), **sex_f2),
        ],
        "deviations": [
            *fall_rows(),
            {
                "deviation_id": "n1",
                "reported_date": date(2022, 12, 31),
                "unit_id": "F1",
                "domain": "hsl",
                "category": "fall",
            },
            {
                "deviation_id": "n2",
                "reported_date": date(2022, 1, 1),
                "unit_id": "F2",
                "domain": "hsl",
                "category": "fall",
            },
            # not counted: the previous period, and another hsl category
            {
                "deviation_id": "p1",
                "reported_date": date(2021, 12, 31),
                "unit_id": "F1",
                "brukare_id": "M1",
                "domain": "hsl",
                "category": "fall",
            },
            {
                "deviation_id": "l1",
                "reported_date": date(2022, 3, 3),
                "unit_id": "F2",
                "brukare_id": "M2",
                "domain": "hsl",
                "category": "lakemedel",
            },
        ],
    }
    if with_brukare:
        t["brukare"] = [
            {"brukare_id": "K1", "sex": "K"},
            {"brukare_id": "K2", "sex": "K"},
            {"brukare_id": "M1", "sex": "M"},
            {"brukare_id": "M2", "sex": "M"},
            {"brukare_id": "X1"},
        ]
    return t


def test_falls_summary_counts_each_brukare_once():
    s = falls.falls_summary(build(tables()), Filters.build(Y2022)).iloc[0]
    assert (s["deviations"], s["brukare"], s["without_brukare"]) == (19, 5, 2)
    assert (s["women"], s["men"], s["unknown_sex"]) == (2, 2, 1)
    assert (s["women_share"], s["men_share"]) == (0.4, 0.4)


def test_census_sex_split_for_the_same_units_and_period():
    s = falls.falls_summary(build(tables()), Filters.build(Y2022)).iloc[0]
    assert (s["census_brukare"], s["census_women"], s["census_men"]) == (12.5, 5.5, 7.0)
    assert s["census_women_share"] == pytest.approx(0.44)
    assert s["census_men_share"] == pytest.approx(0.56)
    only_f1 = falls.falls_summary(build(tables()), Filters.build(Y2022, unit_ids=["F1"])).iloc[0]
    assert (only_f1["census_brukare"], only_f1["census_women_share"]) == (10.0, 0.4)
    assert (only_f1["deviations"], only_f1["brukare"]) == (11, 4)  # K1 once, K2 5, M1 1, X1 3, n1


def test_sex_is_null_without_brukare_table_or_census_sex():
    s = falls.falls_summary(build(tables(with_brukare=False)), Filters.build(Y2022)).iloc[0]
    assert pd.isna(s["women"]) and pd.isna(s["men"]) and pd.isna(s["women_share"])
    assert s["brukare"] == 5
    no_census_sex = falls.falls_summary(build(tables(census_sex=False)), Filters.build(Y2022)).iloc[0]
    assert pd.isna(no_census_sex["census_women_share"]) and pd.isna(no_census_sex["census_women"])


def test_falls_per_brukare_buckets_always_all_five():
    df = falls.falls_per_brukare(build(tables()), Filters.build(Y2022))
    # M1 1; K1 2 (at two units); X1 3; none 4; K2 5 and M2 6 -> 5+
    assert records(df, ["falls", "brukare"]) == [("1", 1), ("2", 1), ("3", 1), ("4", 0), ("5+", 2)]
    empty = falls.falls_per_brukare(build(tables()), Filters.build(Period.calendar_year(2020)))
    assert empty["brukare"].tolist() == [0, 0, 0, 0, 0]


def test_falls_by_unit_type():
    df = falls.falls_by_unit_type(build(tables()), Filters.build(Y2022))
    assert records(df, ["unit_type", "deviations", "brukare_with_falls", "brukare", "per_brukare"]) == [
        ("bostad_sol", 8, 2, 2.5, 3.2),  # K1 1, M2 6, n2
        ("gruppbostad_lss", 11, 4, 10.0, 1.1),
    ]
