"""overview.violence_roles_by_brukare: hot och våld per brukare and role, on a tiny database."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from tiny_db import build, census_year, unit

from analytics.analyses import overview
from analytics.filters import Filters, Period, Scope
from analytics.privacy import AccessDenied

Y2022 = Period.calendar_year(2022)


def _dev(i: int, day: date, unit_id: str, domain: str, category: str, **kw: object) -> dict:
    return {"deviation_id": f"d{i}", "reported_date": day, "unit_id": unit_id, "domain": domain, **kw} | {
        "category": category
    }


@pytest.fixture
def conn():
    """U1: P1 utövare twice and utsatt once, P2 utsatt once, one without brukare or role, a fall
    of P1 (not violence), P1 utövare once in 2021; U2: P3 utövare once (SoL)."""
    conn = build(
        {
            "units": [unit("U1", "gruppbostad_lss"), unit("U2", "bostad_sol")],
            "census": census_year("U1", 2022, 4) + census_year("U2", 2022, 3),
            "deviations": [
                _dev(
                    1, date(2022, 1, 5), "U1", "lss", "hot_och_vald", brukare_id="P1", violence_role="utovare"
                ),
                _dev(
                    2, date(2022, 2, 5), "U1", "lss", "hot_och_vald", brukare_id="P1", violence_role="utovare"
                ),
                _dev(
                    3, date(2022, 3, 5), "U1", "lss", "hot_och_vald", brukare_id="P1", violence_role="utsatt"
                ),
                _dev(
                    4, date(2022, 4, 5), "U1", "lss", "hot_och_vald", brukare_id="P2", violence_role="utsatt"
                ),
                _dev(5, date(2022, 5, 5), "U1", "lss", "hot_och_vald"),
                _dev(6, date(2022, 6, 5), "U1", "hsl", "fall", brukare_id="P1"),
                _dev(
                    7, date(2021, 1, 5), "U1", "lss", "hot_och_vald", brukare_id="P1", violence_role="utovare"
                ),
                _dev(
                    8, date(2022, 7, 5), "U2", "sol", "hot_och_vald", brukare_id="P3", violence_role="utovare"
                ),
            ],
        }
    )
    yield conn
    conn.close()


def test_roles_per_brukare(conn) -> None:
    got = overview.violence_roles_by_brukare(conn, Filters.build(Y2022))
    rows = {
        (r.unit_id, None if pd.isna(r.brukare_id) else r.brukare_id): (
            r.count,
            r.utovare,
            r.utsatt,
            r.without_role,
            r.previous_count,
        )
        for r in got.itertuples()
    }
    assert rows == {
        ("U1", "P1"): (3, 2, 1, 0, 1),
        ("U1", "P2"): (1, 0, 1, 0, 0),
        ("U1", None): (1, 0, 0, 1, 0),
        ("U2", "P3"): (1, 1, 0, 0, 0),
    }
    # by unit type (bostad_sol first), then most first, no brukare last
    assert list(got["brukare_id"].fillna("-")) == ["P3", "P1", "P2", "-"]


def test_roles_per_brukare_follow_the_unit_filter_and_the_role(conn) -> None:
    one_unit = overview.violence_roles_by_brukare(conn, Filters.build(Y2022).with_(unit_ids=["U2"]))
    assert list(one_unit["brukare_id"]) == ["P3"]
    politiker = Filters.build(Y2022).with_(scope=Scope(role="politiker"))
    with pytest.raises(AccessDenied):
        overview.violence_roles_by_brukare(conn, politiker)
