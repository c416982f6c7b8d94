"""Deviation counts, breakdowns, reporting variation and compliance on a tiny hand-made database.

The period is 2022 H1 (2022-01-01 .. 2022-06-30). Its period just before (compare="previous",
key-figures.md v2) is H2 2021, 2021-07-01 .. 2021-12-31; the first deviation (d07) is of
2021-06-30, so the default comparison, H1 2021, is not covered and its figures are null. Units:
  A1 gruppbostad_lss egen_regi, 4 brukare every month
  A2 gruppbostad_lss privat, 2 brukare in January-March only  -> 2 * 3 / 6 = 1.0 brukare
  B1 bostad_sol egen_regi, 3 brukare
  C1 gruppbostad_lss egen_regi, closed 2021-12-31 (no census in 2022; one late report)
  D1 hemtjanst egen_regi in another administration (VAF), 5 brukare
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from tiny_db import build, census_year, unit

from analytics.analyses import deviations
from analytics.filters import Filters, Period, Scope

H1 = Period.half_year(2022, 1)
# The module's tests of previous_* figures compare with the period just before, H2 2021; the
# default comparison (H1 2021) is not covered here: see test_default_comparison_is_not_covered.
BEFORE = "previous"


def dev(did: str, day: date, unit_id: str, domain: str, category: str, **kw: object) -> dict:
    return {
        "deviation_id": did,
        "reported_date": day,
        "unit_id": unit_id,
        "domain": domain,
        "category": category,
        **kw,
    }


def tables() -> dict[str, list[dict]]:
    """The rows of this module's database (also used by test_rates and test_figures)."""
    return {
        "units": [
            unit("A1", "gruppbostad_lss", "egen_regi"),
            unit("A2", "gruppbostad_lss", "privat", provider="Attendo"),
            unit("B1", "bostad_sol", "egen_regi"),
            unit("C1", "gruppbostad_lss", "egen_regi", valid_to=date(2021, 12, 31)),
            unit("D1", "hemtjanst", "egen_regi", administration="VAF", area="Hemtjänst Norr"),
        ],
        "census": [
            *census_year("A1", 2021, 4),
            *census_year("A1", 2022, 4),
            *census_year("A2", 2022, 2, months=range(1, 4)),
            *census_year("B1", 2022, 3),
            *census_year("C1", 2021, 6),
            *census_year("D1", 2022, 5),
        ],
        "deviations": [
            # A1: first and last day of the period and of the previous period, and just outside.
            dev(
                "d01",
                date(2022, 1, 1),
                "A1",
                "hsl",
                "fall",
                brukare_id="P1",
                investigated_date=date(2022, 1, 11),
                followed_up_date=date(2022, 2, 10),
            ),
            dev("d02", date(2022, 6, 30), "A1", "hsl", "fall", brukare_id="P1"),
            dev(
                "d03",
                date(2022, 3, 15),
                "A1",
                "hsl",
                "hsl_insats",
                brukare_id="P2",
                investigated_date=date(2022, 3, 17),
                followed_up_date=date(2022, 7, 5),
            ),
            dev(
                "d04",
                date(2022, 4, 1),
                "A1",
                "lss",
                "hot_och_vald",
                brukare_id="P2",
                violence_role="utovare",
                subcategory="brukare_mot_personal",
                lex_sarah=True,
                ivo_reported=True,
            ),
            dev("d05", date(2021, 12, 31), "A1", "hsl", "fall"),
            dev("d06", date(2021, 7, 1), "A1", "hsl", "fall"),
            dev("d07", date(2021, 6, 30), "A1", "hsl", "fall"),
            dev("d08", date(2022, 7, 1), "A1", "hsl", "fall"),
            # A2: a row without brukare.
            dev(
                "d09",
                date(2022, 2, 1),
                "A2",
                "hsl",
                "lakemedel",
                subcategory="signering",
                investigated_date=date(2022, 2, 5),
                followed_up_date=date(2022, 2, 11),
            ),
            dev(
                "d10", date(2022, 2, 2), "A2", "lss", "hot_och_vald", brukare_id="P3", violence_role="utsatt"
            ),
            # B1: P1 falls here too.
            dev(
                "d11",
                date(2022, 5, 1),
                "B1",
                "sol",
                "utebliven_insats",
                brukare_id="P4",
                investigated_date=date(2022, 5, 7),
            ),
            dev("d12", date(2022, 5, 2), "B1", "hsl", "fall", brukare_id="P1"),
            # C1 (closed): one row in the previous period, one late report in the period.
            dev("d13", date(2021, 9, 1), "C1", "lss", "bemotande", lex_sarah=True),
            dev(
                "d15",
                date(2022, 1, 10),
                "C1",
                "lss",
                "hot_och_vald",
                brukare_id="P5",
                violence_role="utovare",
            ),
            # D1 (VAF).
            dev("d14", date(2022, 1, 15), "D1", "sol", "bemotande", reported_by="myndighet"),
        ],
        "signings": [
            {
                "unit_id": "A1",
                "date": date(2022, 1, 1),
                "task_kind": "lakemedel",
                "status": "utford",
                "count": 300,
            },
            {
                "unit_id": "A1",
                "date": date(2022, 6, 30),
                "task_kind": "lakemedel",
                "status": "ej_signerad",
                "count": 10,
            },
            {
                "unit_id": "A1",
                "date": date(2021, 12, 31),
                "task_kind": "lakemedel",
                "status": "utford",
                "count": 999,
            },
            {
                "unit_id": "A2",
                "date": date(2022, 3, 1),
                "task_kind": "hsl_insats",
                "status": "utford",
                "count": 50,
            },
        ],
    }


@pytest.fixture
def conn():
    """The module's tiny database in memory."""
    c = build(tables())
    yield c
    c.close()


def records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """Rows as tuples, NaN/NA as None, floats rounded to 4 decimals."""

    def clean(v: object) -> object:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            return None
        return round(v, 4) if isinstance(v, float) else v

    return [tuple(clean(v) for v in row) for row in frame[columns].itertuples(index=False)]


def test_by_category_counts_period_and_previous_with_boundaries(conn):
    df = deviations.deviations_by_category(conn, Filters.build(H1, compare=BEFORE))
    assert records(df, ["domain", "category", "count", "previous_count", "change"]) == [
        ("hsl", "fall", 3, 2, 1),  # d01 (first day), d02 (last), d12; prev d05 (last), d06 (first)
        ("hsl", "hsl_insats", 1, 0, 1),
        ("hsl", "lakemedel", 1, 0, 1),
        ("lss", "bemotande", 0, 1, -1),  # only in the previous period (closed unit C1)
        ("lss", "hot_och_vald", 3, 0, 3),
        ("sol", "bemotande", 1, 0, 1),
        ("sol", "utebliven_insats", 1, 0, 1),
    ]


def test_by_category_change_share_and_compliance_shares(conn):
    df = deviations.deviations_by_category(conn, Filters.build(H1, compare=BEFORE)).set_index(
        ["domain", "category"]
    )
    assert df.loc[("hsl", "fall"), "change_share"] == pytest.approx(0.5)  # (3 - 2) / 2
    assert pd.isna(df.loc[("hsl", "lakemedel"), "change_share"])  # previous 0
    assert df.loc[("hsl", "fall"), "investigated_share"] == pytest.approx(1 / 3)  # d01 of 3
    assert df.loc[("hsl", "fall"), "followed_up_share"] == pytest.approx(1 / 3)
    # followed up after the period's end still has a followed_up_date
    assert df.loc[("hsl", "hsl_insats"), "followed_up_share"] == 1.0
    assert pd.isna(df.loc[("lss", "bemotande"), "investigated_share"])  # count 0 -> null


def test_by_category_counts_lex_sarah_and_ivo(conn):
    df = deviations.deviations_by_category(conn, Filters.build(H1, compare=BEFORE)).set_index(
        ["domain", "category"]
    )
    assert df.loc[("lss", "hot_och_vald"), ["lex_sarah", "previous_lex_sarah", "ivo_reported"]].tolist() == [
        1,
        0,
        1,
    ]
    assert df.loc[("lss", "bemotande"), ["lex_sarah", "previous_lex_sarah"]].tolist() == [0, 1]  # d13
    assert df["lex_sarah"].sum() == 1


def test_by_attribute_keeps_lex_sarah_apart(conn):
    df = deviations.deviations_by_attribute(
        conn, Filters.build(H1, compare=BEFORE, domains=["lss", "sol"]), "reported_by"
    )
    assert records(
        df, ["domain", "category", "value", "lex_sarah", "count", "previous_count", "investigated"]
    ) == [
        ("lss", "bemotande", "verksamhet", True, 0, 1, 0),  # d13, previous period
        ("lss", "hot_och_vald", "verksamhet", False, 2, 0, 0),  # d10, d15
        ("lss", "hot_och_vald", "verksamhet", True, 1, 0, 0),  # d04
        ("sol", "bemotande", "myndighet", False, 1, 0, 0),  # d14
        ("sol", "utebliven_insats", "verksamhet", False, 1, 0, 1),  # d11
    ]
    sub = deviations.deviations_by_attribute(
        conn, Filters.build(H1, compare=BEFORE, categories=["lakemedel"]), "subcategory"
    )
    assert records(sub, ["category", "value", "count", "investigated", "followed_up"]) == [
        ("lakemedel", "signering", 1, 1, 1)
    ]
    with pytest.raises(ValueError, match="Okänd kolumn"):
        deviations.deviations_by_attribute(conn, Filters.build(H1, compare=BEFORE), "description")


def test_by_unit_type_operator_domain(conn):
    df = deviations.deviations_by_unit_type(conn, Filters.build(H1, compare=BEFORE))
    assert records(df, ["unit_type", "operator", "domain", "count", "previous_count"]) == [
        ("bostad_sol", "egen_regi", "hsl", 1, 0),
        ("bostad_sol", "egen_regi", "sol", 1, 0),
        ("gruppbostad_lss", "egen_regi", "hsl", 3, 2),
        ("gruppbostad_lss", "egen_regi", "lss", 2, 1),  # d04 + d15 at the closed C1; prev d13
        ("gruppbostad_lss", "privat", "hsl", 1, 0),
        ("gruppbostad_lss", "privat", "lss", 1, 0),
        ("hemtjanst", "egen_regi", "sol", 1, 0),
    ]


def test_by_unit_carries_census_brukare_and_rate(conn):
    df = deviations.deviations_by_unit(conn, Filters.build(H1, compare=BEFORE))
    assert records(
        df, ["unit_id", "unit_type", "operator", "count", "previous_count", "brukare", "per_brukare"]
    ) == [
        ("B1", "bostad_sol", "egen_regi", 2, 0, 3.0, 0.6667),
        ("A1", "gruppbostad_lss", "egen_regi", 4, 2, 4.0, 1.0),
        ("C1", "gruppbostad_lss", "egen_regi", 1, 1, 0.0, None),  # closed: no census, no rate
        ("A2", "gruppbostad_lss", "privat", 2, 0, 1.0, 2.0),  # census Jan-Mar only: 2 * 3 / 6
        ("D1", "hemtjanst", "egen_regi", 1, 0, 5.0, 0.2),
    ]
    assert df.loc[df.unit_id == "A2", "unit_name"].item() == "Enhet A2"


def test_by_brukare_within_unit_with_null_brukare_row(conn):
    df = deviations.deviations_by_brukare(conn, Filters.build(H1, compare=BEFORE, unit_ids=["A1", "A2"]))
    assert records(df, ["unit_id", "brukare_id", "count", "previous_count"]) == [
        ("A1", "P1", 2, 0),
        ("A1", "P2", 2, 0),
        ("A1", None, 0, 2),
        ("A2", "P3", 1, 0),
        ("A2", None, 1, 0),
    ]


def test_reporting_variation_counts_all_units_but_divides_by_active(conn):
    df = deviations.reporting_variation(conn, Filters.build(H1, compare=BEFORE), kind="violence").set_index(
        "unit_type"
    )
    row = df.loc["gruppbostad_lss"]
    # d04 (A1), d10 (A2), d15 (C1, closed): 3 rows over 2 active units
    assert (row["units"], row["count"], row["mean_per_unit"]) == (2, 3, 1.5)
    assert (row["zero_units"], row["max_count"], row["count_at_inactive_units"]) == (0, 1, 1)
    hsl_other = deviations.reporting_variation(
        conn, Filters.build(H1, compare=BEFORE), kind="hsl_other"
    ).set_index("unit_type")
    g = hsl_other.loc["gruppbostad_lss"]
    assert (g["count"], g["mean_per_unit"], g["zero_units"], g["max_count"], g["median_count"]) == (
        1,
        0.5,
        1,
        1,
        0.5,
    )
    assert list(hsl_other.index) == ["bostad_sol", "gruppbostad_lss", "hemtjanst"]


def test_unit_distribution_lists_active_and_reporting_units(conn):
    df = deviations.unit_distribution(conn, Filters.build(H1, compare=BEFORE), kind="violence")
    assert records(df, ["unit_id", "active", "count"]) == [
        ("B1", True, 0),
        ("A1", True, 1),
        ("A2", True, 1),
        ("C1", False, 1),
        ("D1", True, 0),
    ]


def test_unknown_kind_is_refused(conn):
    with pytest.raises(ValueError, match="Okänt avvikelseslag"):
        deviations.reporting_variation(
            conn, Filters.build(H1, compare=BEFORE), kind="everything; drop table units"
        )


def test_compliance_by_domain_shares_and_medians(conn):
    df = deviations.compliance_by_domain(conn, Filters.build(H1, compare=BEFORE))
    cols = [
        "domain",
        "count",
        "investigated",
        "investigated_share",
        "followed_up",
        "followed_up_share",
        "median_days_to_investigation",
        "median_days_to_follow_up",
    ]
    assert records(df, cols) == [
        # hsl: d01 (10 / 40 days), d02, d03 (2 / 112), d09 (4 / 10), d12
        ("hsl", 5, 3, 0.6, 3, 0.6, 4.0, 40.0),
        ("lss", 3, 0, 0.0, 0, 0.0, None, None),
        ("sol", 2, 1, 0.5, 0, 0.0, 6.0, None),  # d11 investigated after 6 days
    ]


def test_compliance_by_category_and_unit(conn):
    by_cat = deviations.compliance_by_category(conn, Filters.build(H1, compare=BEFORE)).set_index(
        ["domain", "category"]
    )
    assert by_cat.loc[("hsl", "fall"), "median_days_to_investigation"] == 10.0
    assert by_cat.loc[("hsl", "fall"), "investigated_share"] == pytest.approx(1 / 3)
    by_unit = deviations.compliance_by_unit(conn, Filters.build(H1, compare=BEFORE)).set_index("unit_id")
    assert by_unit.loc["A2", "median_days_to_follow_up"] == 10.0
    assert by_unit.loc["A1", "count"] == 4
    assert set(deviations.COMPLIANCE_LEVELS) == {"domain", "category", "unit"}


def test_open_by_age_at_period_end(conn):
    df = deviations.open_by_age(conn, Filters.build(H1, compare=BEFORE))
    # ages at 2022-06-30: d02 0, d03 107 (followed up only in July), d12 59, d04 90, d10 148,
    # d15 171, d11 60, d14 166
    assert records(df, ["domain", "age_bucket", "count"]) == [
        ("hsl", "0_30", 1),
        ("hsl", "31_90", 1),
        ("hsl", "91_180", 1),
        ("lss", "31_90", 1),
        ("lss", "91_180", 2),
        ("sol", "31_90", 1),
        ("sol", "91_180", 1),
    ]


def test_open_by_age_bucket_boundaries():
    period = Period(date(2022, 1, 1), date(2022, 7, 14))
    c = build(tables())
    df = deviations.open_by_age(c, Filters.build(period, domains=["sol", "lss"]))
    # at 2022-07-14: d14 (01-15) is 180 days old, d15 (01-10) 185, d04 (04-01) 104
    assert records(df, ["domain", "age_bucket", "count"]) == [
        ("lss", "91_180", 2),  # d04 104, d10 (02-02) 162
        ("lss", "over_180", 1),  # d15
        ("sol", "31_90", 1),  # d11 (05-01) 74
        ("sol", "91_180", 1),  # d14 at exactly 180
    ]


@pytest.mark.parametrize(
    ("lists", "expected"),
    [
        ({"administrations": ["VAF"]}, ["D1"]),
        ({"areas": ["Hemtjänst Norr"]}, ["D1"]),
        ({"unit_types": ["bostad_sol"]}, ["B1"]),
        ({"operators": ["privat"]}, ["A2"]),
        ({"unit_ids": ["A1", "C1"]}, ["A1", "C1"]),
    ],
)
def test_organisation_filters_restrict_units(conn, lists, expected):
    df = deviations.deviations_by_unit(conn, Filters.build(H1, compare=BEFORE, **lists))
    assert sorted(df["unit_id"]) == expected


def test_domain_and_category_filters(conn):
    by_cat = deviations.deviations_by_category(conn, Filters.build(H1, compare=BEFORE, domains=["hsl"]))
    assert set(by_cat["domain"]) == {"hsl"}
    falls_only = deviations.deviations_by_unit(
        conn, Filters.build(H1, compare=BEFORE, categories=["fall"])
    ).set_index("unit_id")
    assert falls_only["count"].to_dict() == {"B1": 1, "A1": 2, "A2": 0, "D1": 0}


def test_chef_scope_restricts_units(conn):
    chef = Scope(role="chef", units=("A2",))
    df = deviations.deviations_by_unit(conn, Filters.build(H1, compare=BEFORE, scope=chef))
    assert list(df["unit_id"]) == ["A2"]
    # asking for a unit outside the scope gives nothing rather than that unit
    outside = deviations.deviations_by_category(
        conn, Filters.build(H1, compare=BEFORE, scope=chef, unit_ids=["A1"])
    )
    assert outside.empty
