"""Monthly and half-yearly series on a tiny hand-made database.

T1 gruppbostad_lss: census 2 brukare in January, 4 in February, no row in March.
T2 bostad_sol: census 1 brukare in each month January-March, no deviations.
Deviations at T1: a fall on 2022-01-31, two lakemedel on 2022-02-01 and 2022-02-28, a fall on
2022-03-31; one fall on 2021-12-31 (before the period).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from test_deviations import records
from tiny_db import build, census_year, unit

from analytics.analyses import trends
from analytics.filters import Filters, Period

Q1 = Period(date(2022, 1, 1), date(2022, 3, 31))
# DuckDB dates arrive in pandas as timestamps
JAN, FEB, MAR = (pd.Timestamp(2022, m, 1) for m in (1, 2, 3))


@pytest.fixture
def conn():
    """This module's database."""
    c = build(
        {
            "units": [unit("T1", "gruppbostad_lss"), unit("T2", "bostad_sol")],
            "census": [
                {"unit_id": "T1", "month": date(2022, 1, 1), "brukare": 2},
                {"unit_id": "T1", "month": date(2022, 2, 1), "brukare": 4},
                *census_year("T2", 2022, 1, range(1, 4)),
            ],
            "deviations": [
                {
                    "deviation_id": "t1",
                    "reported_date": date(2022, 1, 31),
                    "unit_id": "T1",
                    "domain": "hsl",
                    "category": "fall",
                },
                {
                    "deviation_id": "t2",
                    "reported_date": date(2022, 2, 1),
                    "unit_id": "T1",
                    "domain": "hsl",
                    "category": "lakemedel",
                },
                {
                    "deviation_id": "t3",
                    "reported_date": date(2022, 2, 28),
                    "unit_id": "T1",
                    "domain": "hsl",
                    "category": "lakemedel",
                },
                {
                    "deviation_id": "t4",
                    "reported_date": date(2022, 3, 31),
                    "unit_id": "T1",
                    "domain": "hsl",
                    "category": "fall",
                },
                {
                    "deviation_id": "t0",
                    "reported_date": date(2021, 12, 31),
                    "unit_id": "T1",
                    "domain": "hsl",
                    "category": "fall",
                },
            ],
        }
    )
    yield c
    c.close()


def test_monthly_deviations_dense_grid(conn):
    df = trends.monthly_deviations(conn, Filters.build(Q1))
    assert records(df, ["month", "category", "count"]) == [
        (JAN, "fall", 1),
        (JAN, "lakemedel", 0),
        (FEB, "fall", 0),
        (FEB, "lakemedel", 2),
        (MAR, "fall", 1),
        (MAR, "lakemedel", 0),
    ]


def test_monthly_rates_use_that_months_census(conn):
    df = trends.monthly_rates(conn, Filters.build(Q1))
    cols = ["unit_type", "brukare", "deviations", "fall_deviations", "medication_deviations"]
    rows = records(df, cols)
    assert rows == [
        ("all", 3, 1, 0.3333, 0.0),
        ("bostad_sol", 1, 0, 0.0, 0.0),
        ("gruppbostad_lss", 2, 1, 0.5, 0.0),  # January: 1 fall / 2 brukare
        ("all", 5, 2, 0.0, 0.4),
        ("bostad_sol", 1, 0, 0.0, 0.0),
        ("gruppbostad_lss", 4, 2, 0.0, 0.5),  # February: 2 lakemedel / 4 brukare
        ("all", 1, 1, 1.0, 0.0),
        ("bostad_sol", 1, 0, 0.0, 0.0),
        ("gruppbostad_lss", 0, 1, None, None),  # March: no census, no rate
    ]
    assert df["month"].drop_duplicates().tolist() == [JAN, FEB, MAR]


def test_half_yearly_rates_average_the_census_over_the_half(conn):
    period = Period(date(2021, 10, 1), date(2022, 3, 31))
    df = trends.half_yearly_rates(conn, Filters.build(period))
    cols = ["half_year", "unit_type", "months", "brukare", "deviations", "fall_deviations"]
    assert records(df, cols) == [
        ("2021 H2", "all", 3, 0.0, 1, None),  # t0 in December; no census in 2021
        ("2021 H2", "bostad_sol", 3, 0.0, 0, None),
        ("2021 H2", "gruppbostad_lss", 3, 0.0, 1, None),
        ("2022 H1", "all", 3, 3.0, 4, 0.6667),  # (3 + 5 + 1) / 3 brukare
        ("2022 H1", "bostad_sol", 3, 1.0, 0, 0.0),
        ("2022 H1", "gruppbostad_lss", 3, 2.0, 4, 1.0),  # (2 + 4 + 0) / 3; 2 falls / 2
    ]


def test_filters_apply_to_trends(conn):
    df = trends.monthly_rates(conn, Filters.build(Q1, unit_types=["bostad_sol"]))
    assert set(df["unit_type"]) == {"all", "bostad_sol"}
    assert df["deviations"].sum() == 0
    assert trends.monthly_deviations(conn, Filters.build(Q1, categories=["fall"]))["count"].sum() == 2
