"""Effect of an action (analytics.analyses.effect) on a tiny database with known numbers.

U1: 10 brukare every month of 2021-2022. Falls: one a month October 2021 - March 2022, one in
April 2022 (the completion month), one in June and one in September 2022. Completed
2022-04-10: before = October 2021 - March 2022 (6 falls / 60 brukare-months), after = May -
October 2022 (2 / 60). Signings at U1: 100 tasks a month, 10 unsigned before and 2 after.
"""

from __future__ import annotations

import datetime as dt

import pytest
from scipy.stats import beta
from tiny_db import build, census_year, unit

from analytics.analyses import effect
from analytics.filters import Filters, Period, Scope
from analytics.privacy import AccessDenied
from analytics.stores.actions import EFFECT_MEASURES

COMPLETED = dt.date(2022, 4, 10)
F = Filters.build(Period.calendar_year(2022), unit_ids=["U1"])


def _signings(month: dt.date, unsigned: int) -> list[dict]:
    return [
        {
            "unit_id": "U1",
            "date": month,
            "task_kind": "lakemedel",
            "status": "utford",
            "count": 100 - unsigned,
        },
        {
            "unit_id": "U1",
            "date": month,
            "task_kind": "lakemedel",
            "status": "ej_signerad",
            "count": unsigned,
        },
    ]


@pytest.fixture(scope="module")
def conn():
    """The tiny database of the module docstring (U2: another unit with falls, never counted)."""
    falls = [dt.date(2021, m, 5) for m in (10, 11, 12)] + [dt.date(2022, m, 5) for m in (1, 2, 3, 4, 6, 9)]
    deviations = [
        {"deviation_id": f"F{i}", "reported_date": d, "unit_id": "U1", "domain": "hsl", "category": "fall"}
        for i, d in enumerate(falls)
    ] + [
        {
            "deviation_id": "X1",
            "reported_date": dt.date(2022, 6, 1),
            "unit_id": "U2",
            "domain": "hsl",
            "category": "fall",
        },
        {
            "deviation_id": "V1",
            "reported_date": dt.date(2022, 6, 1),
            "unit_id": "U1",
            "domain": "lss",
            "category": "hot_och_vald",
        },
    ]
    before = [dt.date(2021, m, 1) for m in (10, 11, 12)] + [dt.date(2022, m, 1) for m in (1, 2, 3)]
    after = [dt.date(2022, m, 1) for m in range(5, 11)]
    signings = [r for m in before for r in _signings(m, 10 if m.month == 10 else 0)]
    signings += [r for m in after for r in _signings(m, 2 if m.month == 5 else 0)]
    c = build(
        {
            "units": [unit("U1"), unit("U2")],
            "census": census_year("U1", 2021, 10) + census_year("U1", 2022, 10) + census_year("U2", 2022, 3),
            "deviations": deviations,
            "signings": signings,
        }
    )
    yield c
    c.close()


def test_windows_are_the_six_whole_months_either_side_of_the_completion_month() -> None:
    assert effect.windows(COMPLETED) == (
        dt.date(2021, 10, 1),
        dt.date(2022, 3, 1),
        dt.date(2022, 5, 1),
        dt.date(2022, 10, 1),
    )
    assert effect.windows(dt.date(2022, 1, 31))[:2] == (dt.date(2021, 7, 1), dt.date(2021, 12, 1))


def test_falls_before_and_after_with_the_exact_poisson_interval(conn) -> None:
    frame = effect.effect_windows(conn, F, "falls_per_brukare_month", COMPLETED)
    assert list(frame["window"]) == ["fore", "efter"]
    assert list(frame["events"]) == [6, 2]
    assert list(frame["exposure"]) == [60, 60]
    assert list(frame["months"]) == [6, 6]
    result = effect.read_effect(frame, "falls_per_brukare_month")
    assert result.before == pytest.approx(0.10)
    assert result.after == pytest.approx(2 / 60)
    assert result.ratio == pytest.approx(1 / 3)
    # equal exposures: 2 of the 8 falls after; Clopper-Pearson for p = 2/8, then p / (1 - p)
    lo, hi = beta.ppf(0.025, 2, 7), beta.ppf(0.975, 3, 6)
    assert result.lower == pytest.approx(lo / (1 - lo))
    assert result.upper == pytest.approx(hi / (1 - hi))
    assert result.significant is False
    assert result.direction() == "lägre"
    assert "kan vara slumpmässig" in result.verdict()


def test_other_measures_count_their_own_events(conn) -> None:
    every = effect.effect_windows(conn, F, "deviations_per_brukare_month", COMPLETED)
    assert list(every["events"]) == [6, 3]  # the falls and the violence deviation in June
    violence = effect.effect_windows(conn, F, "violence_per_brukare_month", COMPLETED)
    assert list(violence["events"]) == [0, 1]


def test_signing_rate_uses_planned_tasks_and_unsigned_ones(conn) -> None:
    frame = effect.effect_windows(conn, F, "signing_rate", COMPLETED)
    assert list(frame["exposure"]) == [600, 600]
    assert list(frame["events"]) == [10, 2]
    result = effect.read_effect(frame, "signing_rate")
    assert result.before == pytest.approx(590 / 600)
    assert result.after == pytest.approx(598 / 600)
    assert result.ratio == pytest.approx(0.2)
    assert result.upper < 1 and result.significant is True
    assert result.verdict() == "Skillnaden är statistiskt säkerställd (95 %)."


def test_no_events_and_missing_months_are_said_plainly(conn) -> None:
    late = effect.read_effect(
        effect.effect_windows(conn, F, "falls_per_brukare_month", dt.date(2022, 12, 1)),
        "falls_per_brukare_month",
    )
    assert late.after_months == 0 and not late.complete
    assert late.ratio is None and "kan inte beräknas" in late.verdict()


def test_a_chef_gets_only_own_units_and_a_politiker_nothing(conn) -> None:
    other = Filters.build(Period.calendar_year(2022), Scope("chef", ("U2",), "c"), unit_ids=["U1"])
    frame = effect.effect_windows(conn, other, "falls_per_brukare_month", COMPLETED)
    assert list(frame["events"]) == [0, 0] and list(frame["exposure"]) == [0, 0]
    with pytest.raises(AccessDenied):
        effect.effect_windows(conn, F.with_(scope=Scope("politiker")), "falls_per_brukare_month", COMPLETED)


def test_missing_signings_table_gives_an_empty_frame() -> None:
    c = build({"units": [unit("U1")], "census": census_year("U1", 2022, 1), "deviations": []})
    assert effect.read_effect(effect.effect_windows(c, F, "signing_rate", COMPLETED), "signing_rate") is None


def test_measures_are_the_action_registers() -> None:
    assert {k: m.label for k, m in effect.MEASURES.items()} == EFFECT_MEASURES
