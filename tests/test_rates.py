"""Per-brukare rates, the LSS/SoL comparison and means per active unit.

The database is test_deviations' (its docstring lists the units); period 2022 H1. Brukare:
gruppbostad_lss = A1 4 + A2 1 (census Jan-Mar only) + C1 0 (closed) = 5.0; bostad_sol 3.0;
hemtjanst 5.0. Signings in the period: A1 lakemedel 300 utford + 10 ej_signerad (every status
counts; a 999 row on 2021-12-31 is outside), A2 hsl_insats 50.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_deviations import H1, records, tables
from tiny_db import build

from analytics.analyses import rates
from analytics.filters import Filters


@pytest.fixture
def conn():
    """test_deviations' database, signings included."""
    c = build(tables())
    yield c
    c.close()


@pytest.fixture
def conn_without_signings():
    """The same database without the optional signings table."""
    t = tables()
    del t["signings"]
    c = build(t)
    yield c
    c.close()


RATES = ["unit_type", "brukare", *rates.RATE_COLUMNS]


def test_rates_per_brukare_per_unit_type(conn):
    df = rates.rates_per_brukare(conn, Filters.build(H1))
    assert records(df, RATES) == [
        # unit_type, brukare, hsl_tasks, medication_tasks, hsl_other, medication, fall, violence
        ("bostad_sol", 3.0, 0.0, 0.0, 0.0, 0.0, 0.3333, 0.0),  # d12 fall
        # 50/5, 310/5, d03/5, d09/5, d01+d02 /5, d04+d10+d15 (C1 counts, weighs 0 brukare) /5
        ("gruppbostad_lss", 5.0, 10.0, 62.0, 0.2, 0.2, 0.4, 0.6),
        ("hemtjanst", 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    ]
    counts = ["hsl_task_count", "medication_task_count", "hsl_other_count", "medication_count", "fall_count"]
    assert records(df[df.unit_type == "gruppbostad_lss"], counts) == [(50, 310, 1, 1, 2)]


def test_task_rates_are_null_without_signings_table(conn_without_signings):
    df = rates.rates_per_brukare(conn_without_signings, Filters.build(H1)).set_index("unit_type")
    assert df["hsl_tasks"].isna().all() and df["medication_tasks"].isna().all()
    assert df["hsl_task_count"].isna().all()
    assert df.loc["gruppbostad_lss", "fall_deviations"] == pytest.approx(0.4)  # deviations still there


def test_unit_type_without_brukare_has_no_row():
    t = tables()
    t["census"] = [r for r in t["census"] if r["unit_id"] != "B1"]
    c = build(t)
    df = rates.rates_per_brukare(c, Filters.build(H1))
    assert "bostad_sol" not in set(df["unit_type"])


def test_rates_per_unit(conn):
    df = rates.rates_per_unit(conn, Filters.build(H1))
    assert records(df, ["unit_id", "brukare", "medication_tasks", "hsl_tasks", "fall_deviations"]) == [
        ("B1", 3.0, 0.0, 0.0, 0.3333),
        ("A1", 4.0, 77.5, 0.0, 0.5),  # 310 / 4, 2 falls / 4
        ("A2", 1.0, 0.0, 50.0, 0.0),
        ("D1", 5.0, 0.0, 0.0, 0.0),
    ]  # C1 has no brukare in 2022: no row


def test_lss_vs_sol_default_pair_in_order(conn):
    df = rates.lss_vs_sol(conn, Filters.build(H1))
    cols = [
        "unit_type",
        "brukare",
        "hsl_tasks",
        "hsl_other_deviations",
        "medication_tasks",
        "medication_deviations",
    ]
    assert records(df, cols) == [
        ("gruppbostad_lss", 5.0, 10.0, 0.2, 62.0, 0.2),
        ("bostad_sol", 3.0, 0.0, 0.0, 0.0, 0.0),
    ]


def test_lss_vs_sol_any_two_types_and_a_type_without_brukare(conn):
    df = rates.lss_vs_sol(conn, Filters.build(H1), unit_types=("hemtjanst", "korttid_lss"))
    assert list(df["unit_type"]) == ["hemtjanst", "korttid_lss"]
    assert df["brukare"].tolist() == [5.0, 0.0]
    assert pd.isna(df.loc[1, "hsl_other_deviations"])
    with pytest.raises(ValueError, match="Okänd verksamhetstyp"):
        rates.lss_vs_sol(conn, Filters.build(H1), unit_types=("gruppbostad_lss", "x; drop table units"))
    with pytest.raises(ValueError, match="två olika"):
        rates.lss_vs_sol(conn, Filters.build(H1), unit_types=("bostad_sol", "bostad_sol"))


def test_mean_per_unit_divides_by_active_units(conn):
    df = rates.mean_per_unit(conn, Filters.build(H1))
    cols = ["unit_type", "units", "hsl_other_deviations", "violence_deviations", "sol_lss_deviations"]
    assert records(df, cols) == [
        ("bostad_sol", 1, 0.0, 0.0, 1.0),  # d11
        # A1 and A2 active, C1 closed: d03 / 2, (d04 + d10 + d15) / 2, the same lss rows / 2
        ("gruppbostad_lss", 2, 0.5, 1.5, 1.5),
        ("hemtjanst", 1, 0.0, 0.0, 1.0),  # d14
    ]


def test_rates_respect_operator_filter(conn):
    df = rates.rates_per_brukare(conn, Filters.build(H1, operators=["privat"]))
    assert records(df, RATES) == [("gruppbostad_lss", 1.0, 50.0, 0.0, 0.0, 1.0, 0.0, 1.0)]
