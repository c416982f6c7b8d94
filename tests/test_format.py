"""Swedish number formatting: space thousands, decimal comma, per cent, signed change."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest

from presentation import format as fmt

NB = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (413, 0, "413"),
        (1039, 0, f"1{NB}039"),
        (226355, 0, f"226{NB}355"),
        (1234567, 0, f"1{NB}234{NB}567"),
        (2.19, 2, "2,19"),
        (37.333, 1, "37,3"),
        (1645.06, 1, f"1{NB}645,1"),
        (-8, 0, f"{MINUS}8"),
        (-1234.5, 1, f"{MINUS}1{NB}234,5"),
        (-0.4, 0, "0"),
    ],
)
def test_number(value: float, decimals: int, expected: str) -> None:
    assert fmt.number(value, decimals) == expected


def test_missing_values_show_a_dash() -> None:
    assert fmt.number(None) == "–"
    assert fmt.number(math.nan) == "–"
    assert fmt.percent(None) == "–"
    assert fmt.change(None) == "–"
    assert fmt.integer(pd.NA) == "–"  # a count hidden for politiker
    assert fmt.percent(pd.NA) == "–"
    assert fmt.relative_change(pd.NA, 5) is None


@pytest.mark.parametrize(
    ("share", "decimals", "expected"),
    [
        (0.52, 0, f"52{NB}%"),
        (0.521, 1, f"52,1{NB}%"),
        (1.0, 0, f"100{NB}%"),
        (0.0, 0, f"0{NB}%"),
        (0.1854, 1, f"18,5{NB}%"),
    ],
)
def test_percent(share: float, decimals: int, expected: str) -> None:
    assert fmt.percent(share, decimals) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (1.4563, f"+146{NB}%"),
        (-0.08, f"{MINUS}8{NB}%"),
        (0.0, f"±0{NB}%"),
        (-0.0004, f"±0{NB}%"),
        (12.5, f"+1{NB}250{NB}%"),
    ],
)
def test_change_is_signed_with_a_true_minus(ratio: float, expected: str) -> None:
    assert fmt.change(ratio) == expected
    assert "-" not in fmt.change(ratio)  # never the hyphen-minus


def test_points() -> None:
    assert fmt.points(0.07) == f"+7{NB}p.e."
    assert fmt.points(-0.13) == f"{MINUS}13{NB}p.e."


def test_relative_change() -> None:
    assert fmt.relative_change(619, 252) == pytest.approx(1.4563, abs=1e-4)
    assert fmt.relative_change(815, 886) == pytest.approx(-0.0801, abs=1e-4)
    assert fmt.relative_change(5, 0) is None
    assert fmt.relative_change(5, None) is None


def test_dates() -> None:
    assert fmt.day(date(2022, 12, 31)) == "2022-12-31"
    assert fmt.day(datetime(2023, 1, 2, 8, 5, 59)) == "2023-01-02 08:05"
    assert fmt.month(date(2022, 5, 1)) == "maj 2022"


def test_rounding_is_half_up_as_in_the_report_not_half_to_even():
    assert fmt.round_half_up(0.125, 2) == 0.13
    assert fmt.round_half_up(1 / 32, 4) == 0.0313
    assert fmt.round_half_up(2.675, 2) == 2.68
    assert fmt.round_half_up(-0.125, 2) == -0.13
    assert fmt.number(0.125, 2) == "0,13"
    assert fmt.percent(0.5215, 1) == "52,2\u00a0%"
