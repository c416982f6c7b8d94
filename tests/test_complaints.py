"""Complaints on a tiny hand-made database: every expected number is countable below."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from tiny_db import build, unit

from analytics.analyses import complaints
from analytics.filters import Filters, Period, Scope

YEAR = Period.calendar_year(2022)

UNITS = [
    unit("G1", "gruppbostad_lss", "egen_regi", area="Gruppbostäder LSS"),
    unit("P1", "gruppbostad_lss", "privat", area="Gruppbostäder LSS"),
    unit("M1", "myndighetsutovning", "egen_regi", area="Myndighetsutövning"),
    unit("O1", "ovrigt", "egen_regi", area="Övrigt"),
    unit("A1", "daglig_verksamhet", "egen_regi", area="Daglig verksamhet", administration="ALF"),
]


def complaint(cid: str, received: date, unit_id: str | None, kind: str, **kw: object) -> dict:
    return {"complaint_id": cid, "received_date": received, "unit_id": unit_id, "kind": kind, **kw}


SECRET = "SEKRETESS"  # every confidential description contains this marker

COMPLAINTS = [
    complaint("C01", date(2022, 1, 1), "G1", "klagomal", category="information", sender="anhorig",
              answered_date=date(2022, 1, 11), description="Svar dröjde"),
    complaint("C02", date(2022, 3, 15), "G1", "synpunkt", category="information", sender="anhorig",
              answered_date=date(2022, 3, 17)),
    complaint("C03", date(2022, 5, 1), "P1", "klagomal", category="bemotande", sender="personal"),
    complaint("C04", date(2022, 6, 1), "M1", "klagomal", confidential=True,
              answered_date=date(2022, 6, 5), description=f"{SECRET}-A om en namngiven person"),
    complaint("C05", date(2022, 7, 1), "M1", "klagomal", sender="anhorig", confidential=True,
              description=f"{SECRET}-B"),
    # only an area: one that units carry, and one that no unit carries
    complaint("C06", date(2022, 8, 1), None, "synpunkt", area="Myndighetsutövning", category="fysisk_miljo",
              sender="okand", answered_date=date(2022, 8, 21), description="Trappan är hal"),
    complaint("C07", date(2022, 12, 31), None, "berom", area="Förvaltningsövergripande", sender="anhorig",
              confidential=True, description=f"{SECRET}-C"),
    complaint("C08", date(2022, 9, 1), "A1", "forslag", category="information", sender="personal",
              answered_date=date(2022, 9, 2)),
    complaint("C13", date(2022, 10, 1), "O1", "synpunkt", category="annat", sender="brukare"),
    # the previous calendar year, on its first and last day; and just outside both years
    complaint("C09", date(2021, 1, 1), "G1", "klagomal"),
    complaint("C10", date(2021, 12, 31), "P1", "klagomal"),
    complaint("C11", date(2020, 12, 31), "G1", "klagomal"),
    complaint("C12", date(2023, 1, 1), "G1", "klagomal"),
]  # fmt: skip


@pytest.fixture
def conn():
    """Tiny database with complaints of every shape."""
    c = build({"units": UNITS, "complaints": COMPLAINTS})
    yield c
    c.close()


def rows(df: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in df.itertuples(index=False)]


def totals(conn, f: Filters) -> tuple:
    df = complaints.complaint_totals(conn, f)
    assert list(df.columns) == ["count", "previous_count", "confidential"]
    assert len(df) == 1
    return rows(df)[0]


def test_totals_count_previous_and_confidential(conn) -> None:
    assert totals(conn, Filters.build(YEAR)) == (9, 2, 3)


@pytest.mark.parametrize(
    ("period", "compare", "expected"),
    [
        # the same dates a year earlier, 2021-01-01..2021-12-31: C09 and C10 on its first and last day
        (YEAR, "year", (9, 2, 3)),
        # a whole year just before is the same year: key-figures.md v2
        (YEAR, "previous", (9, 2, 3)),
        # one day: a year earlier (C09), or the single day before (C10)
        (Period(date(2022, 1, 1), date(2022, 1, 1)), "year", (1, 1, 0)),
        (Period(date(2022, 1, 1), date(2022, 1, 1)), "previous", (1, 1, 0)),
        (Period(date(2022, 1, 2), date(2022, 1, 2)), "previous", (0, 1, 0)),
        # H2 2022 against H2 2021 (C10), or against H1 2022 (C01-C04); version 1 took the
        # 184 days 2021-12-29..2022-06-30, which no one asked for
        (Period.half_year(2022, 2), "year", (5, 1, 2)),
        (Period.half_year(2022, 2), "previous", (5, 4, 2)),
        # two days over the new year: 2021-12-31..2022-01-01 (C10, C01), or the two days before
        (Period(date(2022, 12, 31), date(2023, 1, 1)), "year", (2, 2, 1)),
        (Period(date(2022, 12, 31), date(2023, 1, 1)), "previous", (2, 0, 1)),
    ],
)
def test_previous_period_day_boundaries(conn, period: Period, compare: str, expected: tuple) -> None:
    assert totals(conn, Filters.build(period, compare=compare)) == expected


def test_comparison_before_the_first_complaint_is_null(conn) -> None:
    # the first complaint is of 2020-12-31: the data reach back to December 2020, not before
    assert totals(conn, Filters.build(Period.calendar_year(2021))) == (2, None, 0)
    january = Period(date(2021, 1, 1), date(2021, 1, 31))
    assert totals(conn, Filters.build(january, compare="previous")) == (1, 1, 0)  # C09; December 2020: C11
    assert totals(conn, Filters.build(january)) == (1, None, 0)  # January 2020


def test_by_unit_type_area_only_rows_go_to_ovrigt(conn) -> None:
    df = complaints.complaints_by_unit_type(conn, Filters.build(YEAR))
    assert list(df.columns) == ["unit_type", "operator", "count"]
    assert rows(df) == [
        ("daglig_verksamhet", "egen_regi", 1),
        ("gruppbostad_lss", "egen_regi", 2),
        ("gruppbostad_lss", "privat", 1),
        ("myndighetsutovning", "egen_regi", 2),
        ("ovrigt", "egen_regi", 1),
        ("ovrigt", None, 2),  # C06 and C07: operator null, sorted last
    ]


def test_by_area(conn) -> None:
    df = complaints.complaints_by_area(conn, Filters.build(YEAR))
    assert rows(df) == [
        ("Daglig verksamhet", 1),
        ("Förvaltningsövergripande", 1),
        ("Gruppbostäder LSS", 3),
        ("Myndighetsutövning", 3),  # two at unit M1, one naming only the area
        ("Övrigt", 1),
    ]


def test_by_category_null_as_okategoriserad_sorted_by_count_then_code(conn) -> None:
    df = complaints.complaints_by_category(conn, Filters.build(YEAR))
    assert list(df.columns) == ["category", "count"]
    assert rows(df) == [
        ("information", 3),
        ("okategoriserad", 3),  # C04, C05, C07; tied with information, after it by code
        ("annat", 1),
        ("bemotande", 1),
        ("fysisk_miljo", 1),
    ]


def test_by_sender_null_joins_okand(conn) -> None:
    df = complaints.complaints_by_sender(conn, Filters.build(YEAR))
    assert list(df.columns) == ["sender", "count"]
    assert rows(df) == [("anhorig", 4), ("okand", 2), ("personal", 2), ("brukare", 1)]


def test_by_kind(conn) -> None:
    df = complaints.complaints_by_kind(conn, Filters.build(YEAR))
    assert rows(df) == [("klagomal", 4), ("synpunkt", 3), ("berom", 1), ("forslag", 1)]


def test_answer_times(conn) -> None:
    df = complaints.complaint_answer_times(conn, Filters.build(YEAR))
    assert list(df.columns) == ["kind", "count", "answered", "answered_share", "median_days", "open"]
    assert rows(df.drop(columns="answered_share")) == [
        ("all", 9, 5, 4.0, 4),  # answered after 10, 2, 4, 20, 1 days: median 4
        ("berom", 1, 0, None, 1),
        ("forslag", 1, 1, 1.0, 0),
        ("klagomal", 4, 2, 7.0, 2),  # 10 and 4 days
        ("synpunkt", 3, 2, 11.0, 1),  # 2 and 20 days
    ]
    assert df["answered_share"].tolist() == pytest.approx([5 / 9, 0.0, 1.0, 0.5, 2 / 3])


def test_answer_times_without_complaints_in_period(conn) -> None:
    df = complaints.complaint_answer_times(conn, Filters.build(Period.calendar_year(2019)))
    assert rows(df) == [("all", 0, 0, None, None, 0)]


@pytest.mark.parametrize(
    ("lists", "expected_ids"),
    [
        # a unit-type filter excludes area-only rows, unless it holds 'ovrigt', where they are shown
        ({"unit_types": ["gruppbostad_lss"]}, {"C01", "C02", "C03"}),
        ({"unit_types": ["ovrigt"]}, {"C13", "C06", "C07"}),
        # an operator or unit filter excludes area-only rows
        ({"operators": ["egen_regi"]}, {"C01", "C02", "C04", "C05", "C08", "C13"}),
        ({"unit_ids": ["M1"]}, {"C04", "C05"}),
        # an area filter matches a unit's area and an area-only row's area alike
        ({"areas": ["Myndighetsutövning"]}, {"C04", "C05", "C06"}),
        # administration: area-only rows whose area some unit of the administration carries
        ({"administrations": ["SOF"]}, {"C01", "C02", "C03", "C04", "C05", "C06", "C13"}),
        ({"administrations": ["ALF"]}, {"C08"}),
    ],
)
def test_organisation_filters_and_area_only_rows(conn, lists: dict, expected_ids: set[str]) -> None:
    f = Filters.build(YEAR, **lists)
    assert totals(conn, f)[0] == len(expected_ids)
    assert complaints.complaints_by_kind(conn, f)["count"].sum() == len(expected_ids)
    listed = set(complaints.complaints_list(conn, f)["complaint_id"])
    assert listed == expected_ids - {"C04", "C05", "C07"}  # confidential ones are never listed


def test_chef_sees_only_own_units_never_area_only_rows(conn) -> None:
    f = Filters.build(YEAR, scope=Scope(role="chef", units=("G1", "M1")))
    assert totals(conn, f) == (4, 1, 2)
    assert rows(complaints.complaints_by_unit_type(conn, f)) == [
        ("gruppbostad_lss", "egen_regi", 2),
        ("myndighetsutovning", "egen_regi", 2),
    ]


def test_list_returns_descriptions_of_non_confidential_rows_only(conn) -> None:
    df = complaints.complaints_list(conn, Filters.build(YEAR))
    assert df["complaint_id"].tolist() == ["C01", "C02", "C03", "C06", "C08", "C13"]
    by_id = df.set_index("complaint_id")
    assert by_id.loc["C01", "description"] == "Svar dröjde"
    assert by_id.loc["C06", "description"] == "Trappan är hal"
    assert pd.isna(by_id.loc["C02", "description"])
    assert by_id.loc["C06", "unit_type"] == "ovrigt" and pd.isna(by_id.loc["C06", "operator"])
    assert by_id.loc["C01", "days_to_answer"] == 10
    assert pd.isna(by_id.loc["C03", "days_to_answer"])


def test_list_is_refused_to_roles_that_may_not_see_free_text(conn) -> None:
    # The list is row level with free text: politiker get aggregates only (analytics.privacy).
    with pytest.raises(PermissionError, match="politiker"):
        complaints.complaints_list(conn, Filters.build(YEAR, scope=Scope(role="politiker")))


ALL_FUNCTIONS = [
    complaints.complaint_totals,
    complaints.complaints_by_unit_type,
    complaints.complaints_by_area,
    complaints.complaints_by_category,
    complaints.complaints_by_sender,
    complaints.complaints_by_kind,
    complaints.complaint_answer_times,
    complaints.complaints_list,
]


@pytest.mark.parametrize("fn", ALL_FUNCTIONS)
@pytest.mark.parametrize(
    "f",
    [
        Filters.build(YEAR),
        Filters.build(Period(date(2020, 1, 1), date(2023, 12, 31))),
        Filters.build(YEAR, unit_ids=["M1"]),
        Filters.build(YEAR, scope=Scope(role="chef", units=("M1",))),
    ],
)
def test_no_confidential_description_anywhere(conn, fn, f: Filters) -> None:
    df = fn(conn, f)
    cells = [str(v) for v in df.astype(object).to_numpy().ravel()]
    assert not [c for c in cells if SECRET in c]
    assert not [c for c in df.columns if SECRET in str(c)]


@pytest.mark.parametrize("fn", ALL_FUNCTIONS[1:])
def test_absent_table_gives_empty_frame_with_columns(conn, fn) -> None:
    without = build({"units": UNITS})
    df = fn(without, Filters.build(YEAR))
    assert df.empty
    assert list(df.columns) == list(fn(conn, Filters.build(YEAR)).columns)


def test_absent_table_gives_null_totals_not_zero() -> None:
    df = complaints.complaint_totals(build({"units": UNITS}), Filters.build(YEAR))
    assert list(df.columns) == ["count", "previous_count", "confidential"]
    assert len(df) == 1 and df.isna().all(axis=None)


def test_empty_table_gives_zero_totals() -> None:
    df = complaints.complaint_totals(build({"units": UNITS, "complaints": []}), Filters.build(YEAR))
    # key-figures.md v2: an empty table does not reach back to the comparison period: null
    assert rows(df) == [(0, None, 0)]
