"""What is loaded and how complete it is, on a tiny hand-made database."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
import tiny_db

from analytics.analyses import datastatus
from analytics.filters import Filters, Period


@pytest.fixture
def conn():
    """Two units, census for 2022, three deviations, a survey table, one load in the log."""
    c = tiny_db.build(
        {
            "units": [tiny_db.unit("U1"), tiny_db.unit("U2", "bostad_sol", "privat")],
            "census": tiny_db.census_year("U1", 2022, 5),
            "deviations": [
                {
                    "deviation_id": "D1",
                    "reported_date": date(2022, 3, 1),
                    "unit_id": "U1",
                    "domain": "hsl",
                    "category": "fall",
                    "investigated_date": date(2022, 3, 5),
                },
                {
                    "deviation_id": "D2",
                    "reported_date": date(2022, 6, 1),
                    "unit_id": "U1",
                    "domain": "hsl",
                    "category": "annat",
                },
                {
                    "deviation_id": "D3",
                    "reported_date": date(2021, 2, 1),
                    "unit_id": "U2",
                    "domain": "sol",
                    "category": "annat",
                    "brukare_id": "B1",
                },
            ],
            "survey_participation": [
                {"year": 2021, "unit_type": "bostad_sol", "invited": 10, "responded": 5},
                {"year": 2022, "unit_type": "bostad_sol", "invited": 10, "responded": 6},
            ],
        }
    )
    c.execute(
        "insert into load_log values (1, $t, 'demo', 'deviations.parquet', 'deviations', 'abc', 3,"
        " '2021-02-01', '2022-06-01', 1)",
        {"t": datetime(2023, 1, 2, 8, 0)},
    )
    return c


def test_table_status_counts_rows_and_periods(conn) -> None:
    status = datastatus.table_status(conn).set_index("table")
    assert status.loc["deviations", "rows"] == 3
    assert status.loc["deviations", "period_from"] == pd.Timestamp(2021, 2, 1)
    assert status.loc["deviations", "period_to"] == pd.Timestamp(2022, 6, 1)
    assert status.loc["deviations", "last_loaded_at"] == datetime(2023, 1, 2, 8, 0)
    assert status.loc["census", "rows"] == 12
    assert status.loc["units", "rows"] == 2
    assert status.loc["survey_participation", "period_from"] == pd.Timestamp(2021, 1, 1)
    assert status.loc["survey_participation", "period_to"] == pd.Timestamp(2022, 12, 31)
    assert not status.loc["signings", "loaded"]
    assert pd.isna(status.loc["signings", "rows"])
    assert pd.isna(status.loc["units", "last_loaded_at"])


def test_missing_optional_tables(conn) -> None:
    missing = datastatus.missing_optional_tables(conn)
    assert "signings" in missing and "complaints" in missing
    assert "survey_participation" not in missing and "units" not in missing


def test_load_log(conn) -> None:
    log = datastatus.load_log(conn)
    assert list(log["file"]) == ["deviations.parquet"]
    assert log.loc[0, "rows"] == 3


def test_null_counts(conn) -> None:
    nulls = datastatus.null_counts(conn).set_index(["table", "column"])
    assert nulls.loc[("deviations", "investigated_date"), "nulls"] == 2
    assert nulls.loc[("deviations", "brukare_id"), "null_share"] == pytest.approx(2 / 3)
    assert ("deviations", "deviation_id") not in nulls.index  # never null: left out
    everything = datastatus.null_counts(conn, only_missing=False)
    assert len(everything[everything["table"] == "units"]) == 9


def test_deviation_quality_in_period(conn) -> None:
    q = datastatus.deviation_quality(conn, Filters.build(Period.calendar_year(2022))).set_index("domain")
    assert list(q.index) == ["hsl"]
    assert q.loc["hsl", "deviations"] == 2
    assert q.loc["hsl", "annat"] == 1
    assert q.loc["hsl", "annat_share"] == pytest.approx(0.5)
    assert q.loc["hsl", "not_investigated"] == 1


def test_org_options_and_data_period(conn) -> None:
    opts = datastatus.org_options(conn)
    assert list(opts["unit_type"]) == ["bostad_sol", "gruppbostad_lss"]
    assert datastatus.data_period(conn) == (date(2021, 2, 1), date(2022, 6, 1))


def test_empty_database() -> None:
    c = tiny_db.build({})
    assert datastatus.data_period(c) is None
    status = datastatus.table_status(c).set_index("table")
    assert status.loc["deviations", "rows"] == 0
    assert pd.isna(status.loc["deviations", "period_from"])
    assert datastatus.deviation_quality(c, Filters.build(Period.calendar_year(2022))).empty
