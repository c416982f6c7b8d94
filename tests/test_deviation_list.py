"""deviation_list: the period's deviations newest first, limited to the newest rows, with the total.

Uses the tiny database of test_deviations (2022 H1: ten deviations at A1, A2, B1, C1, D1).
"""

from __future__ import annotations

import pytest
from test_deviations import H1, tables
from tiny_db import build

from analytics.analyses import deviations
from analytics.filters import Filters

NEWEST_FIRST = ["d02", "d12", "d11", "d04", "d03", "d10", "d09", "d14", "d15", "d01"]
COLUMNS = [
    "deviation_id",
    "reported_date",
    "unit_id",
    "unit_name",
    "unit_type",
    "operator",
    "brukare_id",
    "domain",
    "category",
    "subcategory",
    "description",
]


@pytest.fixture
def conn():
    c = build(tables())
    yield c
    c.close()


def test_lists_the_period_newest_first_with_the_total(conn):
    df = deviations.deviation_list(conn, Filters.build(H1))
    assert list(df.columns) == COLUMNS
    assert list(df["deviation_id"]) == NEWEST_FIRST  # d05-d08 are outside the period
    assert df.attrs["total"] == 10


@pytest.mark.parametrize("limit", [1, 3, 9])
def test_limit_keeps_the_newest_rows_and_counts_all(conn, limit):
    df = deviations.deviation_list(conn, Filters.build(H1), limit=limit)
    assert list(df["deviation_id"]) == NEWEST_FIRST[:limit]
    assert df.attrs["total"] == 10


def test_limit_equal_to_the_rows_and_none_list_everything(conn):
    for limit in (10, None):
        df = deviations.deviation_list(conn, Filters.build(H1), limit=limit)
        assert list(df["deviation_id"]) == NEWEST_FIRST
        assert df.attrs["total"] == 10


def test_total_follows_the_filters(conn):
    f = Filters.build(H1, unit_ids=["A1", "B1"], domains=["hsl"])
    df = deviations.deviation_list(conn, f, limit=2)
    assert list(df["deviation_id"]) == ["d02", "d12"]
    assert df.attrs["total"] == 4  # d02, d12, d03, d01 (d04 and d11 are not hsl)


@pytest.mark.parametrize("limit", [0, -1, 2.5, True, "10"])
def test_bad_limit_is_refused(conn, limit):
    with pytest.raises(ValueError, match="Radgränsen"):
        deviations.deviation_list(conn, Filters.build(H1), limit=limit)
