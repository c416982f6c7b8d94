"""Staging -> marts: every contract table exists after a load, the marts state their grain, the
kind flags follow the contract's one definition, and signings read from the marts add up to the
raw events for any period, whole months or not."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from tiny_db import build, unit

from analytics import contract
from analytics.analyses import signing
from analytics.contract.kinds import FLAGGED_KINDS
from analytics.db import supplied_tables
from analytics.filters import Filters, Period
from analytics.ingest import load, marts
from tests.folders import TODAY, base_tables, write_folder


def test_every_mart_states_its_grain_on_its_first_line():
    for name in marts.MARTS:
        assert marts.grain(name).startswith("one row per "), name


def test_load_creates_every_contract_table_and_records_the_supplied_ones(tmp_path: Path):
    tables = base_tables()
    kept = {name: rows for name, rows in tables.items() if name in ("units", "census", "deviations")}
    db = tmp_path / "k.duckdb"
    load.load_folder(write_folder(tmp_path / "in", kept), db, today=TODAY)
    with duckdb.connect(str(db), read_only=True) as conn:
        for name, table in contract.TABLES.items():
            columns = conn.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_name = $t order by ordinal_position",
                {"t": name},
            ).fetchall()
            assert columns == [(c.name, c.duckdb_type) for c in table.columns], name
        assert conn.execute("select count(*) from signings").fetchone() == (0,)
        assert supplied_tables(conn) == {"units", "census", "deviations"}
        for name in marts.MARTS:
            conn.execute(f"select * from {name} limit 0")  # noqa: S608 (product names)


DEVIATIONS = [
    ("hsl", "fall"),
    ("hsl", "lakemedel"),
    ("hsl", "vard_behandling"),
    ("hsl", "hsl_insats"),
    ("lss", "hot_och_vald"),
    ("sol", "hot_och_vald"),
    ("sol", "bristande_kvalitet"),
    ("vardsamverkan", "informationsoverforing"),
]


def test_kind_flags_in_the_mart_agree_with_the_contract_for_every_pair():
    rows = [
        {
            "deviation_id": f"D{i}",
            "unit_id": "U1",
            "reported_date": date(2022, 1, 1),
            "domain": d,
            "category": c,
        }
        for i, (d, c) in enumerate(DEVIATIONS)
    ]
    conn = build({"units": [unit("U1")], "deviations": rows})
    flags = ", ".join(f"is_{column}" for column in FLAGGED_KINDS)
    got = conn.execute(
        f"select domain, category, {flags}, task_kind from mart_deviations order by deviation_id"
    ).fetchall()  # noqa: S608
    for domain, category, *values in got:
        *kind_flags, task_kind = values
        for kind, flag in zip(FLAGGED_KINDS.values(), kind_flags, strict=True):
            assert flag == (
                domain in kind.domains
                and (kind.categories is None or category in kind.categories)
                and category not in kind.excluded
            ), (domain, category, kind.key)
    by_pair = {(d, c): t for d, c, *_, t in got}
    # the report's words: läkemedel tasks <-> läkemedel deviations, HSL-insats <-> HSL övrigt
    assert by_pair[("hsl", "lakemedel")] == "lakemedel"
    assert by_pair[("hsl", "vard_behandling")] == "hsl_insats"
    assert by_pair[("hsl", "fall")] is None and by_pair[("sol", "hot_och_vald")] is None


@pytest.fixture(scope="module")
def events() -> list[dict]:
    """600 signing events on random days of 2022 at two units (random.Random(42))."""
    rng = random.Random(42)
    rows = []
    for _ in range(600):
        rows.append(
            {
                "unit_id": rng.choice(["U1", "U2"]),
                "date": date(2022, 1, 1) + timedelta(days=rng.randrange(365)),
                "task_kind": rng.choice(list(contract.TASK_KINDS)),
                "status": rng.choice(list(contract.SIGNING_STATUSES)),
                "count": rng.choice([1, 1, 1, 3]),
            }
        )
    return rows


PERIODS = [
    Period(date(2022, 1, 1), date(2022, 12, 31)),  # whole months
    Period(date(2022, 3, 15), date(2022, 8, 10)),  # part months at both ends
    Period(date(2022, 3, 1), date(2022, 8, 10)),  # part month at the end
    Period(date(2022, 3, 15), date(2022, 8, 31)),  # part month at the start
    Period(date(2022, 5, 3), date(2022, 5, 20)),  # inside one month
    Period(date(2022, 4, 30), date(2022, 5, 1)),  # two days across a month's end
]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_signings_from_the_marts_add_up_to_the_events(events, period):
    conn = build({"units": [unit("U1"), unit("U2", "bostad_sol")], "signings": events})
    got = signing.signing_rate_by_unit(conn, Filters.build(period)).set_index(["unit_id", "task_kind"])
    for (unit_id, task_kind), row in got.iterrows():
        mine = [
            e
            for e in events
            if e["unit_id"] == unit_id
            and e["task_kind"] == task_kind
            and period.start <= e["date"] <= period.end
        ]
        assert row["tasks"] == sum(e["count"] for e in mine)
        assert row["unsigned"] == sum(e["count"] for e in mine if e["status"] == "ej_signerad")
    expected_keys = {
        (e["unit_id"], e["task_kind"]) for e in events if period.start <= e["date"] <= period.end
    }
    assert set(got.index) == expected_keys
    monthly = signing.signing_by_month(conn, Filters.build(period))
    assert monthly["tasks"].sum() == sum(
        e["count"] for e in events if period.start <= e["date"] <= period.end
    )


@pytest.mark.slow
def test_the_event_level_demo_gives_the_same_signing_figures_for_whole_months(demo_db, tmp_path):
    from analytics import demo

    folder = tmp_path / "events"
    demo.generate(folder, scale=1, seed=demo.DEFAULT_SEED, signing_events=True)
    db = tmp_path / "events.duckdb"
    load.load_folder(folder, db)
    with (
        duckdb.connect(str(demo_db), read_only=True) as monthly,
        duckdb.connect(str(db), read_only=True) as ev,
    ):
        total = monthly.execute("select sum(count) from signings").fetchone()[0]
        assert ev.execute("select count(*), min(count), max(count) from signings").fetchone() == (total, 1, 1)
        # spread over the days of each month, not piled on the first
        assert ev.execute("select count(distinct day(date)) from signings").fetchone()[0] == 31
        f = Filters.build(Period.calendar_year(2022))
        expected = signing.signing_by_group(monthly, f)
        got = signing.signing_by_group(ev, f)
        assert got.equals(expected)
