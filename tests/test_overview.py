"""The overview's key figures, totals and signals on a tiny hand-made database."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import tiny_db

from analytics.analyses import overview
from analytics.filters import Filters, Period, Scope

Y2022 = Filters.build(Period.calendar_year(2022))


def _dev(i: int, day: date, unit: str, domain: str, category: str, **kw) -> dict:
    return {
        "deviation_id": f"D{i}",
        "reported_date": day,
        "unit_id": unit,
        "domain": domain,
        "category": category,
        **kw,
    }


@pytest.fixture
def conn():
    """U1 gruppbostad (egen regi), U2 bostad_sol (privat). 2022: 3 falls, 2 lakemedel
    (signering, fel_dos), 1 hsl_insats, 2 lss hot_och_vald, 1 sol; 2021: 1 fall, 2 lss."""
    devs = [
        _dev(1, date(2022, 1, 5), "U1", "hsl", "fall", investigated_date=date(2022, 1, 6)),
        _dev(2, date(2022, 2, 5), "U1", "hsl", "fall"),
        _dev(3, date(2022, 2, 9), "U2", "hsl", "fall"),
        _dev(4, date(2022, 3, 1), "U1", "hsl", "lakemedel", subcategory="signering"),
        _dev(5, date(2022, 3, 2), "U1", "hsl", "lakemedel", subcategory="fel_dos", consequence="ingen"),
        _dev(6, date(2022, 4, 1), "U2", "hsl", "hsl_insats"),
        _dev(7, date(2022, 5, 1), "U1", "lss", "hot_och_vald"),
        _dev(8, date(2022, 5, 2), "U1", "lss", "hot_och_vald"),
        _dev(9, date(2022, 6, 1), "U2", "sol", "utebliven_insats"),
        _dev(10, date(2021, 1, 1), "U1", "hsl", "fall"),  # from January: 2021 is covered
        _dev(11, date(2021, 7, 1), "U1", "lss", "bemotande"),
        _dev(12, date(2021, 8, 1), "U1", "lss", "bemotande"),
    ]
    return tiny_db.build(
        {
            "units": [tiny_db.unit("U1"), tiny_db.unit("U2", "bostad_sol", "privat")],
            "census": tiny_db.census_year("U1", 2022, 4) + tiny_db.census_year("U2", 2022, 2),
            "deviations": devs,
            "signings": [
                {
                    "unit_id": "U1",
                    "date": date(2022, 3, 1),
                    "task_kind": "lakemedel",
                    "status": "utford",
                    "count": 70,
                },
                {
                    "unit_id": "U1",
                    "date": date(2022, 3, 1),
                    "task_kind": "lakemedel",
                    "status": "ej_signerad",
                    "count": 30,
                },
                {
                    "unit_id": "U2",
                    "date": date(2022, 3, 1),
                    "task_kind": "lakemedel",
                    "status": "utford",
                    "count": 50,
                },
            ],
        }
    )


def test_kpis(conn) -> None:
    k = overview.kpis(conn, Y2022).set_index("key")
    assert list(k.index) == [
        "fall",
        "lakemedel",
        "hsl_other",
        "lss",
        "sol",
        "hot_och_vald",
    ]  # no vårdsamverkan
    assert k.loc["fall", "count"] == 3 and k.loc["fall", "previous_count"] == 1
    assert k.loc["fall", "change_share"] == pytest.approx(2.0)
    assert k.loc["fall", "investigated_share"] == pytest.approx(1 / 3)
    assert k.loc["hsl_other", "count"] == 1
    assert k.loc["lss", "count"] == 2 and k.loc["lss", "change_share"] == pytest.approx(0.0)
    assert k.loc["hot_och_vald", "count"] == 2 and pd.isna(k.loc["hot_och_vald", "change_share"])
    assert overview.kpi(conn, Y2022, "vardsamverkan")["count"] == 0


def test_totals_per_unit_type_and_domain(conn) -> None:
    per_type = overview.deviations_per_unit_type(conn, Y2022)
    assert per_type.to_dict("records") == [
        {"unit_type": "gruppbostad_lss", "count": 6, "previous_count": 3},
        {"unit_type": "bostad_sol", "count": 3, "previous_count": 0},
    ]
    by_domain = overview.deviations_by_domain(conn, Y2022)
    assert list(by_domain["domain"]) == ["hsl", "lss", "sol"]
    assert list(by_domain["label"]) == ["HSL", "LSS", "SoL"]
    assert list(by_domain["count"]) == [6, 2, 1]


def test_monthly_by_domain_sums_categories(conn) -> None:
    monthly = overview.monthly_by_domain(conn, Y2022)
    february = monthly[(monthly["month"] == pd.Timestamp(2022, 2, 1)) & (monthly["domain"] == "hsl")]
    assert february["count"].tolist() == [2]
    assert monthly["count"].sum() == 9


def test_attribute_totals_put_missing_values_last(conn) -> None:
    medication = Y2022.with_(domains=["hsl"], categories=["lakemedel"])
    subs = overview.attribute_totals(conn, medication, "subcategory")
    assert subs.to_dict("records") == [{"value": "fel_dos", "count": 1}, {"value": "signering", "count": 1}]
    consequences = overview.attribute_totals(conn, medication, "consequence")
    assert consequences["value"].iloc[0] == "ingen" and pd.isna(consequences["value"].iloc[1])


def test_signing_totals(conn) -> None:
    totals = overview.signing_totals(conn, Y2022).set_index("task_kind")
    assert totals.loc["lakemedel", "tasks"] == 150
    assert totals.loc["lakemedel", "unsigned"] == 30
    assert totals.loc["lakemedel", "signed_share"] == pytest.approx(120 / 150)
    assert totals.loc["lakemedel", "reported_deviations"] == 2
    assert overview.signing_unit_types(conn, Y2022, "lakemedel")["unit_type"].tolist() == [
        "gruppbostad_lss",
        "bostad_sol",
    ]


def test_no_signals_from_small_numbers_but_unsigned_tasks_count(conn) -> None:
    # the deviation counts are below SIGNAL_MIN_COUNT (a swing from 1 to 3 is not a signal);
    # the 30 unsigned medication tasks at gruppbostad against 2 reported deviations are
    signals = overview.signals(conn, Y2022)
    assert signals["key"].tolist() == ["medication_underreporting"]
    assert signals["text"].iloc[0] == (
        "Gruppbostad LSS: läkemedelsavvikelser 2 rapporterade mot ~30 osignerade läkemedelsinsatser."
    )


def test_signals_name_the_concentration_and_no_per_cent_change() -> None:
    devs = [_dev(i, date(2022, 1 + i % 12, 1), f"U{i % 2 + 1}", "lss", "hot_och_vald") for i in range(30)]
    devs += [_dev(100 + i, date(2021, 1 + i % 12, 1), "U1", "lss", "bemotande") for i in range(20)]
    conn = tiny_db.build(
        {
            "units": [tiny_db.unit("U1"), tiny_db.unit("U2")],
            "census": tiny_db.census_year("U1", 2022, 4) + tiny_db.census_year("U2", 2022, 4),
            "deviations": devs,
        }
    )
    signals = overview.signals(conn, Y2022).set_index("key")
    assert signals.loc["violence_concentration", "text"] == (
        "Två enheter står för 100\u00a0% av hot och våld (30 av 30 avvikelser)."
    )
    # a rise from 20 to 30 against one earlier period is no signal by itself (issue 10)
    assert "largest_change" not in signals.index
    assert not signals["text"].str.contains("ökade|minskade").any()


def test_few_chosen_units_get_no_concentration_signal() -> None:
    from analytics.filters import Scope

    devs = [_dev(i, date(2022, 1 + i % 12, 1), f"U{i % 2 + 1}", "lss", "hot_och_vald") for i in range(30)]
    conn = tiny_db.build(
        {
            "units": [tiny_db.unit("U1"), tiny_db.unit("U2")],
            "census": tiny_db.census_year("U1", 2022, 4) + tiny_db.census_year("U2", 2022, 4),
            "deviations": devs,
        }
    )
    chef = Y2022.with_(scope=Scope("chef", ("U1", "U2"), "test"))
    assert "violence_concentration" not in overview.signals(conn, chef)["key"].tolist()
    chosen = Y2022.with_(unit_ids=["U1", "U2"])
    assert "violence_concentration" not in overview.signals(conn, chosen)["key"].tolist()
    assert "violence_concentration" in overview.signals(conn, Y2022)["key"].tolist()


def test_politiker_signals_state_no_figure_the_tables_hide() -> None:
    # 20 LSS bemötande deviations, 2 of them followed up: the share rests on a count of 2.
    devs = [
        _dev(
            i,
            date(2022, 1 + i % 12, 1),
            "U1",
            "lss",
            "bemotande",
            **({"followed_up_date": date(2022, 12, 31)} if i < 2 else {}),
        )
        for i in range(20)
    ]
    conn = tiny_db.build(
        {"units": [tiny_db.unit("U1")], "census": tiny_db.census_year("U1", 2022, 4), "deviations": devs}
    )
    analytiker = overview.signals(conn, Y2022).set_index("key")
    assert analytiker.loc["not_followed_up", "text"].endswith("90\u00a0% av 20 avvikelser är inte uppföljda.")
    politiker = Filters.build(Period.calendar_year(2022), Scope("politiker"))
    table = overview.deviations.compliance_by_category(conn, politiker)
    assert table["followed_up_share"].isna().all()  # what the politician's table shows
    assert "not_followed_up" not in set(overview.signals(conn, politiker)["key"])
