"""Hot och våld and Kia on a tiny hand-made database; period 2022-01-01 .. 2022-11-30.

hot_och_vald rows per unit (role, brukare):
  V1 5: utovare B1 x3, B2, none      V2 4: utsatt B3 x4
  V3 3: utovare B1 x3                V4 3: utovare B4 x3
  V5 2: utsatt B5, utovare B6        V6 2: utovare B7 x2
  V7 1: utovare B8, personal_mot_brukare, on the period's last day
20 rows; ties V3/V4 (3) and V5/V6 (2) broken by unit_id, so the top five are V1-V5 with 17 rows
(0.85) and utovare brukare B1, B2, B4, B6 there (4). Also 20 other lss/sol rows (share 0.5).
Kia violent incidents: V1 3, V8 2, V2-V6 1 each = 10; top five V1, V8, V2, V3, V4 = 8 (0.8).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from test_deviations import records
from tiny_db import build, unit

from analytics.analyses import violence
from analytics.filters import Filters, Period

PERIOD = Period(date(2022, 1, 1), date(2022, 11, 30))

PLAN = [  # unit, role, brukare, times
    ("V1", "utovare", "B1", 3),
    ("V1", "utovare", "B2", 1),
    ("V1", "utovare", None, 1),
    ("V2", "utsatt", "B3", 4),
    ("V3", "utovare", "B1", 3),
    ("V4", "utovare", "B4", 3),
    ("V6", "utovare", "B7", 2),  # before V5 on purpose: order must not follow insertion
    ("V5", "utsatt", "B5", 1),
    ("V5", "utovare", "B6", 1),
]


def tables(with_kia: bool = True) -> dict[str, list[dict]]:
    rows, n = [], 0
    for unit_id, role, brukare_id, times in PLAN:
        for _ in range(times):
            n += 1
            rows.append(
                {
                    "deviation_id": f"v{n:02d}",
                    "reported_date": date(2022, 1, 1) if n == 1 else date(2022, 6, n),
                    "unit_id": unit_id,
                    "brukare_id": brukare_id,
                    "domain": "lss",
                    "category": "hot_och_vald",
                    "violence_role": role,
                    "subcategory": "brukare_mot_personal",
                }
            )
    rows += [
        {
            "deviation_id": "v21",
            "reported_date": date(2022, 11, 30),
            "unit_id": "V7",
            "brukare_id": "B8",
            "domain": "sol",
            "category": "hot_och_vald",
            "violence_role": "utovare",
            "subcategory": "personal_mot_brukare",
            "lex_sarah": True,
        },
        # outside the period: December, and the previous period
        {
            "deviation_id": "x1",
            "reported_date": date(2022, 12, 1),
            "unit_id": "V7",
            "domain": "sol",
            "category": "hot_och_vald",
            "violence_role": "utovare",
        },
        {
            "deviation_id": "x2",
            "reported_date": date(2021, 12, 31),
            "unit_id": "V7",
            "domain": "sol",
            "category": "hot_och_vald",
            "violence_role": "utovare",
        },
        # not violence: an hsl row and 20 other lss/sol rows
        {
            "deviation_id": "h1",
            "reported_date": date(2022, 3, 1),
            "unit_id": "V1",
            "domain": "hsl",
            "category": "annat",
        },
    ]
    rows += [
        {
            "deviation_id": f"o{i:02d}",
            "reported_date": date(2022, 2, 1 + i),
            "unit_id": "V1",
            "domain": "sol",
            "category": "utebliven_insats",
        }
        for i in range(20)
    ]
    units = [unit(f"V{i}", "gruppbostad_lss") for i in range(1, 9)]
    t = {"units": units, "deviations": rows}
    if with_kia:
        kia = [("V1", 3), ("V8", 2), ("V2", 1), ("V3", 1), ("V4", 1), ("V5", 1), ("V6", 1)]
        incidents, k = [], 0
        for unit_id, times in kia:
            for _ in range(times):
                k += 1
                incidents.append(
                    {
                        "incident_id": f"w{k:02d}",
                        "date": date(2022, 4, k),
                        "unit_id": unit_id,
                        "kind": "tillbud",
                        "violence": True,
                    }
                )
        incidents += [
            {
                "incident_id": "w90",
                "date": date(2022, 4, 1),
                "unit_id": "V1",
                "kind": "olycka",
                "violence": False,
            },
            {
                "incident_id": "w91",
                "date": date(2022, 12, 1),
                "unit_id": "V3",
                "kind": "tillbud",
                "violence": True,
            },
        ]
        t["work_incidents"] = incidents
    return t


@pytest.fixture
def conn():
    """This module's database with a Kia table."""
    c = build(tables())
    yield c
    c.close()


def test_violence_summary(conn):
    s = violence.violence_summary(conn, Filters.build(PERIOD)).iloc[0]
    assert (s["deviations"], s["sol_lss_deviations"], s["share_of_sol_lss"]) == (20, 40, 0.5)
    assert (s["utovare"], s["utsatt"], s["without_role"], s["personal_mot_brukare"]) == (15, 5, 0, 1)
    assert (s["units"], s["top_count"], s["top_share"], s["top_brukare"]) == (7, 17, 0.85, 4)


def test_top_units_ties_broken_by_unit_id(conn):
    df = violence.top_units(conn, Filters.build(PERIOD))
    assert records(df, ["unit_id", "count"]) == [("V1", 5), ("V2", 4), ("V3", 3), ("V4", 3), ("V5", 2)]


def test_fewer_than_five_units_takes_all_of_them(conn):
    s = violence.violence_summary(conn, Filters.build(PERIOD, unit_ids=["V2", "V5"])).iloc[0]
    assert (s["deviations"], s["top_count"], s["top_share"], s["top_brukare"]) == (6, 6, 1.0, 1)  # B6


def test_splits_by_role_and_subcategory(conn):
    df = violence.violence_by_subcategory(conn, Filters.build(PERIOD))
    assert records(df, ["violence_role", "subcategory", "count"]) == [
        ("utovare", "brukare_mot_personal", 14),
        ("utovare", "personal_mot_brukare", 1),
        ("utsatt", "brukare_mot_personal", 5),
    ]


def test_pareto_by_unit(conn):
    df = violence.violence_by_unit(conn, Filters.build(PERIOD))
    assert records(
        df, ["rank", "unit_id", "count", "utovare_brukare", "cumulative_count", "cumulative_share"]
    ) == [
        (1, "V1", 5, 2, 5, 0.25),
        (2, "V2", 4, 0, 9, 0.45),
        (3, "V3", 3, 1, 12, 0.6),
        (4, "V4", 3, 1, 15, 0.75),
        (5, "V5", 2, 1, 17, 0.85),
        (6, "V6", 2, 1, 19, 0.95),
        (7, "V7", 1, 1, 20, 1.0),
    ]


def test_concentration_units_and_brukare_for_half(conn):
    c = violence.violence_concentration(conn, Filters.build(PERIOD)).iloc[0]
    assert (c["units"], c["units_for_half"]) == (7, 3)  # 5 + 4 = 9 < 10, + 3 = 12
    # utovare rows with a brukare: B1 6, B4 3, B7 2, B2 1, B6 1, B8 1 = 14; 6 < 7, 6 + 3 >= 7
    assert (c["utovare_brukare"], c["utovare_rows_with_brukare"], c["utovare_brukare_for_half"]) == (6, 14, 2)


def test_kia_side_by_side_flags_one_sided_units(conn):
    df = violence.violence_vs_work_incidents(conn, Filters.build(PERIOD))
    assert records(
        df, ["unit_id", "deviations", "work_incidents", "deviations_only", "work_incidents_only"]
    ) == [
        ("V1", 5, 3, False, False),
        ("V2", 4, 1, False, False),
        ("V3", 3, 1, False, False),  # w91 in December is outside
        ("V4", 3, 1, False, False),
        ("V5", 2, 1, False, False),
        ("V6", 2, 1, False, False),
        ("V8", 0, 2, False, True),
        ("V7", 1, 0, True, False),
    ]


def test_work_incidents_summary(conn):
    s = violence.work_incidents_summary(conn, Filters.build(PERIOD)).iloc[0]
    assert (s["work_incidents"], s["units"], s["top_count"], s["top_share"]) == (10, 7, 8, 0.8)


def test_without_kia_table_incident_figures_are_null():
    c = build(tables(with_kia=False))
    s = violence.work_incidents_summary(c, Filters.build(PERIOD)).iloc[0]
    assert pd.isna(s["work_incidents"]) and pd.isna(s["top_share"])
    side = violence.violence_vs_work_incidents(c, Filters.build(PERIOD))
    assert side["deviations"].tolist() == [5, 4, 3, 3, 2, 2, 1]
    assert side["work_incidents"].isna().all() and side["deviations_only"].isna().all()


def test_no_violence_gives_null_shares_not_zero(conn):
    s = violence.violence_summary(conn, Filters.build(Period.calendar_year(2020))).iloc[0]
    assert s["deviations"] == 0 and pd.isna(s["top_share"]) and pd.isna(s["share_of_sol_lss"])
    assert violence.violence_by_unit(conn, Filters.build(Period.calendar_year(2020))).empty
