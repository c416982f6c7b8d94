"""MCSS signing on a tiny hand-made database: every expected number is countable below."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from tiny_db import build, unit

from analytics.analyses import signing
from analytics.filters import Filters, Period, Scope

YEAR = Period.calendar_year(2022)

GROUP_COLUMNS = [
    "unit_type",
    "operator",
    "task_kind",
    "tasks",
    "signed",
    "signed_share",
    "unsigned",
    "reported_deviations",
]


def sig(unit_id: str, d: date, task_kind: str, status: str, count: int | None = None) -> dict:
    row = {"unit_id": unit_id, "date": d, "task_kind": task_kind, "status": status}
    if count is not None:
        row["count"] = count
    return row


def dev(dev_id: str, unit_id: str, d: date, category: str, domain: str = "hsl") -> dict:
    return {
        "deviation_id": dev_id,
        "unit_id": unit_id,
        "reported_date": d,
        "domain": domain,
        "category": category,
    }


UNITS = [
    unit("G1", "gruppbostad_lss", "egen_regi"),
    unit("G2", "gruppbostad_lss", "egen_regi"),  # no signings, but deviations: counts for its group
    unit("P1", "gruppbostad_lss", "privat"),
    unit("B1", "bostad_sol", "egen_regi"),
]

SIGNINGS = [
    # G1 lakemedel: aggregated and event rows mixed; tasks 95+1+1+1+2 = 100, signed 96, unsigned 4
    sig("G1", date(2022, 3, 1), "lakemedel", "utford", 95),
    sig("G1", date(2022, 3, 10), "lakemedel", "ej_utford"),
    sig("G1", date(2022, 3, 11), "lakemedel", "ej_signerad"),
    sig("G1", date(2022, 3, 12), "lakemedel", "ej_signerad"),
    sig("G1", date(2022, 4, 1), "lakemedel", "ej_signerad", 2),
    # G1 hsl_insats: tasks 20, signed 19, unsigned 1
    sig("G1", date(2022, 5, 1), "hsl_insats", "utford", 19),
    sig("G1", date(2022, 5, 2), "hsl_insats", "ej_signerad"),
    # P1 lakemedel: tasks 50, signed 48, unsigned 2
    sig("P1", date(2022, 6, 1), "lakemedel", "utford", 48),
    sig("P1", date(2022, 6, 1), "lakemedel", "ej_signerad", 2),
    # B1 hsl_insats on the period's first and last day: tasks 10, all signed
    sig("B1", date(2022, 1, 1), "hsl_insats", "utford", 4),
    sig("B1", date(2022, 12, 31), "hsl_insats", "utford", 6),
    # outside the period by one day
    sig("B1", date(2021, 12, 31), "hsl_insats", "ej_signerad", 500),
    sig("B1", date(2023, 1, 1), "hsl_insats", "ej_signerad", 500),
]

DEVIATIONS = [
    dev("D1", "G1", date(2022, 2, 1), "lakemedel"),
    dev("D2", "G1", date(2022, 2, 2), "lakemedel"),
    dev("D3", "G1", date(2022, 2, 3), "fall"),  # fall never matches
    dev("D4", "G1", date(2022, 2, 4), "fall"),
    dev("D5", "G1", date(2022, 2, 5), "hsl_insats"),  # HSL övrigt -> hsl_insats
    dev("D6", "G1", date(2022, 2, 6), "annat"),  # HSL övrigt -> hsl_insats
    dev("D7", "G2", date(2022, 2, 7), "lakemedel"),  # same group as G1
    dev("D8", "B1", date(2022, 2, 8), "vard_behandling"),  # HSL övrigt -> hsl_insats
    dev("D9", "G1", date(2022, 2, 9), "utebliven_insats", domain="lss"),  # not hsl
    dev("D10", "G1", date(2021, 12, 31), "lakemedel"),  # previous year
    dev("D11", "P1", date(2023, 1, 1), "lakemedel"),  # next year
]


@pytest.fixture
def conn():
    """Tiny database with signings and deviations."""
    c = build({"units": UNITS, "signings": SIGNINGS, "deviations": DEVIATIONS})
    yield c
    c.close()


def rows(df: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in df.itertuples(index=False)]


def test_signing_by_group_definitions(conn) -> None:
    df = signing.signing_by_group(conn, Filters.build(YEAR))
    assert list(df.columns) == GROUP_COLUMNS
    assert rows(df.drop(columns="signed_share")) == [
        ("bostad_sol", "egen_regi", "hsl_insats", 10, 10, 0, 1),
        ("gruppbostad_lss", "egen_regi", "hsl_insats", 20, 19, 1, 2),
        ("gruppbostad_lss", "egen_regi", "lakemedel", 100, 96, 4, 3),
        ("gruppbostad_lss", "privat", "lakemedel", 50, 48, 2, 0),
    ]
    assert df["signed_share"].tolist() == pytest.approx([1.0, 0.95, 0.96, 0.96])


def test_signing_by_group_follows_organisation_filters(conn) -> None:
    only_privat = signing.signing_by_group(conn, Filters.build(YEAR, operators=["privat"]))
    assert rows(only_privat[["operator", "task_kind", "tasks", "reported_deviations"]]) == [
        ("privat", "lakemedel", 50, 0)
    ]
    # G2's deviation drops out when only G1 is selected, by filter or by a chef's scope
    for f in (
        Filters.build(YEAR, unit_ids=["G1"]),
        Filters.build(YEAR, scope=Scope(role="chef", units=("G1",))),
    ):
        df = signing.signing_by_group(conn, f)
        lakemedel = df[df["task_kind"] == "lakemedel"]
        assert rows(lakemedel[["operator", "tasks", "reported_deviations"]]) == [("egen_regi", 100, 2)]


def test_reported_deviations_ignore_domain_and_category_filters(conn) -> None:
    plain = signing.signing_by_group(conn, Filters.build(YEAR))
    filtered = signing.signing_by_group(conn, Filters.build(YEAR, domains=["lss"], categories=["fall"]))
    pd.testing.assert_frame_equal(plain, filtered)


def test_period_boundaries_are_inclusive(conn) -> None:
    first_day = signing.signing_by_group(conn, Filters.build(Period(date(2022, 1, 1), date(2022, 1, 1))))
    assert rows(first_day[["unit_type", "tasks", "unsigned"]]) == [("bostad_sol", 4, 0)]
    around_new_year = signing.signing_by_group(
        conn, Filters.build(Period(date(2021, 12, 31), date(2022, 1, 1)))
    )
    assert rows(around_new_year[["unit_type", "tasks", "unsigned"]]) == [("bostad_sol", 504, 500)]
    assert around_new_year["signed_share"].tolist() == pytest.approx([4 / 504])


def test_signing_by_unit_type_underreporting(conn) -> None:
    df = signing.signing_by_unit_type(conn, Filters.build(YEAR))
    assert list(df.columns) == [
        "unit_type",
        "task_kind",
        "tasks",
        "signed",
        "signed_share",
        "unsigned",
        "reported_deviations",
        "unsigned_per_deviation",
    ]
    assert rows(df[["unit_type", "task_kind", "tasks", "signed", "unsigned", "reported_deviations"]]) == [
        ("bostad_sol", "hsl_insats", 10, 10, 0, 1),
        ("gruppbostad_lss", "hsl_insats", 20, 19, 1, 2),
        ("gruppbostad_lss", "lakemedel", 150, 144, 6, 3),
    ]
    assert df["signed_share"].tolist() == pytest.approx([1.0, 0.95, 0.96])
    assert df["unsigned_per_deviation"].tolist() == pytest.approx([0.0, 0.5, 2.0])


def test_signing_rate_by_unit_underreporting(conn) -> None:
    df = signing.signing_rate_by_unit(conn, Filters.build(YEAR))
    assert rows(df[["unit_id", "task_kind", "tasks", "signed", "unsigned", "reported_deviations"]]) == [
        ("B1", "hsl_insats", 10, 10, 0, 1),
        ("G1", "hsl_insats", 20, 19, 1, 2),
        ("G1", "lakemedel", 100, 96, 4, 2),  # G2's deviation belongs to G2, which has no signings
        ("P1", "lakemedel", 50, 48, 2, 0),
    ]
    per_dev = df["unsigned_per_deviation"].tolist()
    assert per_dev[:3] == pytest.approx([0.0, 0.5, 2.0])
    assert pd.isna(per_dev[3])  # no reported deviation: no ratio, not 0 and not infinity
    assert df.loc[0, "unit_name"] == "Enhet B1"


def test_signing_by_month(conn) -> None:
    df = signing.signing_by_month(conn, Filters.build(YEAR))
    assert list(df.columns) == ["month", "group_key", "tasks", "signed", "signed_share", "unsigned"]
    assert [(m.month, g, t, u) for m, g, t, u in rows(df[["month", "group_key", "tasks", "unsigned"]])] == [
        (1, "all", 4, 0),
        (3, "all", 98, 2),
        (4, "all", 2, 2),
        (5, "all", 20, 1),
        (6, "all", 50, 2),
        (12, "all", 6, 0),
    ]
    assert df.loc[1, "signed_share"] == pytest.approx(96 / 98)
    assert df.loc[2, "signed_share"] == 0.0

    by_operator = signing.signing_by_month(conn, Filters.build(YEAR), by="operator", task_kind="lakemedel")
    assert [(m.month, g, t) for m, g, t in rows(by_operator[["month", "group_key", "tasks"]])] == [
        (3, "egen_regi", 98),
        (4, "egen_regi", 2),
        (6, "privat", 50),
    ]


@pytest.mark.parametrize("kwargs", [{"by": "unit_id; drop table units"}, {"task_kind": "fall"}])
def test_signing_by_month_rejects_values_outside_the_allow_list(conn, kwargs) -> None:
    with pytest.raises(ValueError):
        signing.signing_by_month(conn, Filters.build(YEAR), **kwargs)


def test_no_deviations_in_period_gives_zero_reported() -> None:
    c = build({"units": UNITS, "signings": SIGNINGS})
    df = signing.signing_by_group(c, Filters.build(YEAR))
    assert df["reported_deviations"].tolist() == [0, 0, 0, 0]
    assert df["tasks"].sum() == 180


@pytest.mark.parametrize(
    "fn",
    [
        signing.signing_by_group,
        signing.signing_by_unit_type,
        signing.signing_rate_by_unit,
        signing.signing_by_month,
    ],
)
def test_absent_signings_table_gives_empty_frame_with_columns(fn) -> None:
    c = build({"units": UNITS, "deviations": DEVIATIONS})
    with_table = fn(
        build({"units": UNITS, "signings": SIGNINGS, "deviations": DEVIATIONS}), Filters.build(YEAR)
    )
    df = fn(c, Filters.build(YEAR))
    assert df.empty
    assert list(df.columns) == list(with_table.columns)
