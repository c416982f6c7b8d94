"""The SPC layer on a tiny hand-made database: monthly series, baseline and change month,
variation, signals, funnels of units, rate ratios; and what a chef's funnel sends to the browser.

The database: six units with 10 brukare each month of 2021 and 2022 (60 brukare a month, 720
brukare-months a year). Falls: 2021 only at Solrosen, 1, 3, 2, 2 repeated (24 in the year); 2022
every month 6 at Solrosen, 1 at each of the four other gruppbostäder and 1 at Tallen (bostad
SoL), so 11 a month (132 in the year). One LSS and one SoL deviation in June 2022.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pandas as pd
import plotly.io as pio
import pytest
import tiny_db

from analytics import stats
from analytics.analyses import overview, spc
from analytics.filters import Filters, Period, Scope
from presentation import spc_charts

Y2022 = Filters.build(Period.calendar_year(2022))
GRUPPBOSTAD = {"U1": "Solrosen", "U2": "Liljan", "U3": "Vallmon", "U4": "Blåklinten", "U5": "Prästkragen"}
FALLS_2021 = [1, 3, 2, 2] * 3


def _dev(i: int, day: date, unit: str, domain: str = "hsl", category: str = "fall") -> dict:
    return {
        "deviation_id": f"D{i}",
        "reported_date": day,
        "unit_id": unit,
        "domain": domain,
        "category": category,
    }


def tables() -> dict[str, list[dict]]:
    devs: list[dict] = []
    for month, n in enumerate(FALLS_2021, start=1):
        devs += [_dev(len(devs), date(2021, month, 1 + k), "U1") for k in range(n)]
    for month in range(1, 13):
        devs += [_dev(len(devs), date(2022, month, 1 + k), "U1") for k in range(6)]
        devs += [_dev(len(devs), date(2022, month, 2), u) for u in ("U2", "U3", "U4", "U5", "U6")]
    devs += [
        _dev(900, date(2022, 6, 1), "U1", "lss", "bemotande"),
        _dev(901, date(2022, 6, 1), "U6", "sol", "annat"),
    ]
    units = [tiny_db.unit(u, "gruppbostad_lss", unit_name=n) for u, n in GRUPPBOSTAD.items()]
    units.append(tiny_db.unit("U6", "bostad_sol", unit_name="Tallen"))
    census = [
        row for u in [*GRUPPBOSTAD, "U6"] for y in (2021, 2022) for row in tiny_db.census_year(u, y, 10)
    ]
    return {"units": units, "census": census, "deviations": devs}


@pytest.fixture(scope="module")
def conn():
    """The tiny database described in the module docstring."""
    return tiny_db.build(tables())


# --- monthly series -------------------------------------------------------------------------------


def test_fall_series_runs_from_the_first_month_with_a_fixed_baseline(conn) -> None:
    frame = spc.monthly_spc(conn, Y2022, "fall")
    assert len(frame) == 24 and frame["month"].iloc[0] == date(2021, 1, 1)
    assert frame["in_period"].tolist() == [False] * 12 + [True] * 12
    assert frame["exposure"].tolist() == [60.0] * 24
    assert frame["count"].tolist() == [float(n) for n in FALLS_2021] + [11.0] * 12
    # centre = the baseline's falls / brukare-months, the same for every month (never rebased)
    assert frame["centre"].tolist() == pytest.approx([24 / 720] * 24)
    assert frame["baseline"].tolist() == [True] * 12 + [False] * 12
    # Laney u': sigma_i = sqrt(c / 60); z of 1, 3, 2 falls; sigma_z = mean |z step| / 1.128
    c = 24 / 720
    sigma = math.sqrt(c / 60)
    z = [(n / 60 - c) / sigma for n in FALLS_2021]
    sigma_z = sum(abs(b - a) for a, b in zip(z, z[1:], strict=False)) / 11 / 1.128
    assert frame["upper"].iloc[0] == pytest.approx(c + 3 * sigma * sigma_z)
    assert not frame["signal"].iloc[:12].any()
    assert frame["signal"].iloc[12:].all()  # 11/60 is far above the 2021 limits
    assert set(frame["rule"].iloc[12:]) == {"utanfor"} and set(frame["direction"].iloc[12:]) == {"hog"}
    assert frame.attrs["baseline_start"] == [date(2021, 1, 1)] and frame.attrs["baseline_end"] == [
        date(2021, 12, 1)
    ]


def test_baseline_length_is_the_users_choice(conn) -> None:
    frame = spc.monthly_spc(conn, Y2022, "fall", baseline=24)
    assert frame["centre"].iloc[0] == pytest.approx((24 + 132) / 1440)
    assert frame["baseline"].all()


def test_a_declared_change_month_starts_new_limits_there(conn) -> None:
    frame = spc.monthly_spc(conn, Y2022, "fall", change_month=date(2022, 1, 1))
    assert frame["segment"].tolist() == [0] * 12 + [1] * 12
    assert frame["centre"].iloc[0] == pytest.approx(24 / 720)
    assert frame["centre"].iloc[12] == pytest.approx(132 / 720)
    assert not frame["signal"].iloc[12:].any()  # 11 every month: no special cause after the change
    assert len(frame.attrs["baseline_start"]) == 2


def test_a_month_cut_by_the_period_end_is_left_out(conn) -> None:
    frame = spc.monthly_spc(conn, Y2022.with_(period=Period(date(2022, 1, 1), date(2022, 12, 15))), "fall")
    assert frame["month"].iloc[-1] == date(2022, 11, 1)


def test_the_series_ends_with_the_data_not_with_zeros_after_it(conn) -> None:
    frame = spc.monthly_spc(conn, Y2022.with_(period=Period(date(2022, 7, 1), date(2023, 6, 30))), "fall")
    assert frame["month"].iloc[-1] == date(2022, 12, 1)


def test_unknown_measure_and_bad_baseline_are_refused_in_swedish(conn) -> None:
    with pytest.raises(ValueError, match="Okänt mått"):
        spc.monthly_spc(conn, Y2022, "nonsense")
    with pytest.raises(ValueError, match="Baslinjen"):
        spc.monthly_spc(conn, Y2022, "fall", baseline=1)


def test_complaints_series_is_empty_without_the_table(conn) -> None:
    assert spc.monthly_spc(conn, Y2022, "synpunkter").empty


# --- reading a series -----------------------------------------------------------------------------


def test_variation_and_signal_sentence_name_the_rule_with_the_measures_direction(conn) -> None:
    frame = spc.monthly_spc(conn, Y2022, "fall")
    v = spc.variation(frame, spc.LOWER_BETTER)
    assert (v.status, v.rule, v.judgement) == ("hog", "utanfor", "samre")
    assert v.text == "Särskild orsak: försämring (högre)"
    assert spc.rule_sentence("Fall", frame, spc.LOWER_BETTER, "u") == (
        "Fall: dec 2022 över den övre styrgränsen, högre än förväntat, en försämring."
    )
    # the same series read as a measure without a direction: no judgement, "fler än förväntat"
    assert spc.variation(frame, spc.NEUTRAL).text == "Särskild orsak: fler än förväntat"


def test_a_run_on_one_side_is_named_as_a_level_shift() -> None:
    values = [10, 12, 11, 9, 10, 11, 12, 9, 10, 11, 10, 10] + [12, 13, 12, 13, 12, 13, 12]
    raw = pd.DataFrame({"month": pd.date_range("2021-01-01", periods=19, freq="MS").date, "count": values})
    frame = spc.spc_frame(raw.assign(exposure=math.nan, in_period=True), "xmr", 12, None)
    assert frame["rule"].iloc[-1] == "niva"
    assert spc.rule_sentence("Synpunkter", frame, spc.NEUTRAL, "xmr") == (
        "Synpunkter: 7 månader i rad över medel (nivåskifte), fler än förväntat."
    )


def test_common_cause_and_too_few_events() -> None:
    values = [10, 12, 11, 9, 10, 11, 12, 9, 10, 11, 10, 12, 11, 10, 12]
    raw = pd.DataFrame({"month": pd.date_range("2021-01-01", periods=15, freq="MS").date, "count": values})
    frame = spc.spc_frame(raw.assign(exposure=math.nan, in_period=True), "xmr", 12, None)
    assert spc.variation(frame, spc.NEUTRAL).text == "Vanlig variation"
    sparse = spc.spc_frame(
        raw.assign(count=[0, 1] * 7 + [3], exposure=math.nan, in_period=True), "xmr", 12, None
    )
    assert spc.variation(sparse, spc.NEUTRAL).status == "okand"  # 6 events in the baseline
    assert spc.rule_sentence("X", sparse, spc.NEUTRAL, "xmr") is None


def test_assurance_against_a_target_is_judged_from_the_limits() -> None:
    frame = pd.DataFrame({"lower": [0.02], "upper": [0.06]})
    assert spc.assurance(frame, 0.08, spc.LOWER_BETTER) == "uppfylls"
    assert spc.assurance(frame, 0.01, spc.LOWER_BETTER) == "uppfylls_inte"
    assert spc.assurance(frame, 0.04, spc.LOWER_BETTER) == "varierar"
    assert spc.assurance(frame, 0.01, spc.HIGHER_BETTER) == "uppfylls"
    assert spc.assurance(frame, 0.04, spc.NEUTRAL) is None  # no direction, no target to meet
    assert spc.assurance(frame, None, spc.LOWER_BETTER) is None


def test_politiker_gets_no_signal_built_on_a_hidden_month(conn) -> None:
    politiker = Y2022.with_(scope=Scope("politiker", None, "p"))
    frame = spc.monthly_spc(conn, politiker, "fall")
    assert frame["count"].iloc[:12].isna().all()  # 1-3 falls a month: hidden
    assert frame["value"].iloc[:12].isna().all() and frame["signal"].iloc[:12].isna().all()
    # with the baseline months hidden there are too few shown events for a signal or an icon
    assert spc.rule_signals(conn, politiker).empty
    variation = spc.kpi_variation(conn, politiker).set_index("key")
    assert variation.loc["fall", "status"] == "okand"
    analytiker = spc.kpi_variation(conn, Y2022).set_index("key")
    assert analytiker.loc["fall", "status"] == "hog"


def test_politiker_gets_no_centre_that_would_give_a_small_baseline_total_away() -> None:
    # 3 falls in the whole 2021 baseline: centre x brukare-months would be that count
    devs = [_dev(i, date(2021, m, 1), "U1") for i, m in enumerate((1, 5, 9))]
    devs += [_dev(10 + i, date(2022, 1 + i % 12, 1), "U1") for i in range(30)]
    small = tiny_db.build(
        {
            "units": [tiny_db.unit("U1")],
            "census": tiny_db.census_year("U1", 2021, 10) + tiny_db.census_year("U1", 2022, 10),
            "deviations": devs,
        }
    )
    politiker = spc.monthly_spc(small, Y2022.with_(scope=Scope("politiker", None, "p")), "fall")
    assert politiker["centre"].isna().all() and politiker["upper"].isna().all()
    assert not politiker["signal"].fillna(False).any()
    assert spc.monthly_spc(small, Y2022, "fall")["centre"].iloc[0] == pytest.approx(3 / 120)


def test_overview_signals_come_from_the_rules(conn) -> None:
    signals = overview.signals(conn, Y2022)
    fall = signals[signals["key"] == "spc_fall"].iloc[0]
    assert fall["rule"] == "utanfor" and fall["page"] == "fall"
    assert fall["text"].startswith("Fall: dec 2022 över den övre styrgränsen")
    from_rules = signals[signals["rule"] != "iakttagelse"]
    assert not from_rules["text"].str.contains("ökade|minskade|%").any()


# --- funnels --------------------------------------------------------------------------------------


def test_funnel_expected_is_the_types_rate_times_the_units_brukare_months(conn) -> None:
    frame = spc.funnel_units(conn, Y2022, "fall", overdispersion=False).set_index("unit_name")
    # gruppbostad: (72 + 4 * 12) falls over 5 * 120 brukare-months = 0.2 a brukare-month
    assert frame.loc["Solrosen", "expected"] == pytest.approx(24.0)
    assert frame.loc["Solrosen", "ratio"] == pytest.approx(3.0)
    assert frame.loc["Liljan", "ratio"] == pytest.approx(0.5)
    assert frame.loc["Tallen", "ratio"] == pytest.approx(1.0)  # alone in its type
    assert frame.loc["Solrosen", "outside"] == "hög"
    assert frame.loc["Solrosen", "upper998"] == pytest.approx(stats.funnel([72], [24.0])["upper998"].iloc[0])
    overall = spc.funnel_units(conn, Y2022, "fall", overdispersion=False, by_type=False)
    assert overall.set_index("unit_name").loc["Tallen", "expected"] == pytest.approx(120 * 132 / 720)


def test_funnel_states_phi_and_tau2(conn) -> None:
    frame = spc.funnel_units(conn, Y2022, "fall")
    assert frame.attrs["phi"] > 1 and frame.attrs["tau2"] >= 0 and frame.attrs["adjusted"] in (True, False)
    caption = spc_charts.funnel_caption(frame)
    assert "φ = " in caption and "τ² = " in caption


def test_chef_funnel_names_only_the_own_unit(conn) -> None:
    chef = Y2022.with_(scope=Scope("chef", ("U2",), "c"))
    frame = spc.funnel_units(conn, chef, "fall")
    assert len(frame) == 6
    assert frame.loc[frame["own"], "unit_name"].tolist() == ["Liljan"]
    assert frame.loc[~frame["own"], ["unit_id", "unit_name", "unit_type"]].isna().all().all()


def test_chef_funnel_figure_sends_no_other_units_name_or_id(conn) -> None:
    chef = Y2022.with_(scope=Scope("chef", ("U2",), "c"))
    frame = spc.funnel_units(conn, chef, "fall")
    payload = pio.to_json(spc_charts.funnel_chart(frame, title="Fall"))
    assert "Liljan" in payload  # the own unit is named (the search can fail)
    for unit_id, name in [*GRUPPBOSTAD.items(), ("U6", "Tallen")]:
        if unit_id != "U2":
            assert name not in payload and f'"{unit_id}"' not in payload
    assert "Annan enhet" in payload
    assert "gruppbostad_lss" not in payload and "bostad_sol" not in payload


def test_politiker_gets_no_unit_level_funnel(conn) -> None:
    with pytest.raises(PermissionError, match="politiker"):
        spc.funnel_units(conn, Y2022.with_(scope=Scope("politiker", None, "p")), "fall")
    with pytest.raises(PermissionError, match="politiker"):
        spc.funnel_signals(conn, Y2022.with_(scope=Scope("politiker", None, "p")))


def test_funnel_sentence_names_the_unit_and_the_limit(conn) -> None:
    frame = spc.funnel_units(conn, Y2022, "fall", overdispersion=False).set_index("unit_name", drop=False)
    assert spc.funnel_sentence(frame.loc["Solrosen"], "fall") == (
        "Solrosen har fler fall per brukare än förväntat (utanför 99,8 %-gränsen), en avvikande nivå."
    )
    low = pd.Series({"unit_name": "Liljan", "outside": "låg"})
    assert spc.funnel_sentence(low, "avvikelser") == (
        "Liljan rapporterar färre avvikelser per brukare än förväntat (utanför 99,8 %-gränsen): "
        "låg rapporteringsbenägenhet?"
    )


# --- rate ratios ----------------------------------------------------------------------------------


def test_unit_against_its_type(conn) -> None:
    frame = spc.unit_vs_type(conn, Y2022, "fall").set_index("unit_name")
    # Solrosen 72 / 120 against the other four gruppbostäder 48 / 480
    assert frame.loc["Solrosen", "ratio"] == pytest.approx(6.0)
    assert frame.loc["Solrosen", "lower"] == pytest.approx(stats.rate_ratio(72, 120, 48, 480)["lower"])
    assert bool(frame.loc["Solrosen", "significant"])
    assert math.isnan(frame.loc["Tallen", "ratio"])  # no other bostad SoL to compare with
    assert spc.verdict(frame.loc["Solrosen", "significant"]) == "skillnaden är statistiskt säkerställd (95 %)"


def test_lss_against_sol(conn) -> None:
    frame = spc.lss_sol_rate_ratios(conn, Y2022).set_index("key")
    # gruppbostad 120 falls / 600 brukare-months against bostad SoL 12 / 120: 0.2 / 0.1
    assert frame.loc["fall", "ratio"] == pytest.approx(2.0)
    assert frame.loc["fall", "upper"] == pytest.approx(stats.rate_ratio(120, 600, 12, 120)["upper"])
    table = spc_charts.ratio_table(frame.reset_index(), "label", {"rate_a": "LSS", "rate_b": "SoL"})
    row = table.set_index("label").loc["Fall"]
    assert row["LSS"] == "20,0" and row["SoL"] == "10,0"
    assert row["Kvot (95 % KI)"].startswith("2,00 (95 % KI ")
    assert row["Tolkning"] == spc.verdict(frame.loc["fall", "significant"])


def test_period_comparison_as_rate_ratio(conn) -> None:
    frame = overview.period_rate_ratios(conn, Y2022).set_index("key")
    # 132 falls in 720 brukare-months against 24 in 720
    assert frame.loc["fall", "ratio"] == pytest.approx(5.5)
    assert frame.loc["fall", "exposure_unit"] == "brukarmanader"
    assert bool(frame.loc["fall", "significant"])


def test_a_small_difference_may_be_chance() -> None:
    ratio = spc.ratio_of(12, 100, 10, 100)
    assert not ratio["significant"]
    assert spc.verdict(ratio["significant"]) == "skillnaden kan vara slumpmässig"
    assert spc_charts.ratio_text(ratio["ratio"], ratio["lower"], ratio["upper"]).startswith("1,20 (95 % KI ")
    none_before = spc.ratio_of(5, 100, 0, 100)  # nothing in the earlier period: an open interval
    assert spc_charts.ratio_text(**{k: none_before[k] for k in ("ratio", "lower", "upper")}).startswith(
        "∞ (95 % KI "
    )
    assert spc_charts.ratio_text(**{k: none_before[k] for k in ("ratio", "lower", "upper")}).endswith("–∞)")


# --- the chart ------------------------------------------------------------------------------------


def test_spc_chart_colours_special_causes_by_polarity_and_shows_the_icon(conn) -> None:
    frame = spc.monthly_spc(conn, Y2022, "fall")
    fig = spc_charts.spc_chart(frame, title="Fall")
    points = next(t for t in fig.data if t.name == "Månad")
    colors = list(points.marker.color)
    assert colors[:12] == [spc_charts.COMMON] * 12
    assert colors[12:] == [spc_charts.CONCERN] * 12  # more falls per brukare is worse
    icon = next(a for a in fig.layout.annotations if a.name == "variation")
    assert icon.text == "Särskild orsak: försämring (högre)"
    assert "jan 2021 – dec 2021 (12 månader)" in next(
        a.text for a in fig.layout.annotations if a.name == "baseline"
    )
    neutral = frame.copy()
    neutral.attrs = {**frame.attrs, "polarity": spc.NEUTRAL}
    colors = list(
        next(t for t in spc_charts.spc_chart(neutral, title="X").data if t.name == "Månad").marker.color
    )
    assert colors[12:] == [spc_charts.NEUTRAL_SPECIAL] * 12
    hover = json.dumps(list(points.text), ensure_ascii=False)
    assert "sämre" not in hover


def test_signing_rate_is_a_laney_p_chart_of_signed_over_tasks() -> None:
    signings = [
        {"unit_id": "U1", "date": date(2022, m, 3), "task_kind": "lakemedel", "status": status, "count": n}
        for m in range(1, 13)
        for status, n in (("utford", 950 + m), ("ej_signerad", 50 - m))
    ]
    signings.append(
        {
            "unit_id": "U1",
            "date": date(2022, 5, 3),
            "task_kind": "hsl_insats",
            "status": "ej_signerad",
            "count": 500,
        }
    )
    small = tiny_db.build(
        {
            "units": [tiny_db.unit("U1")],
            "census": tiny_db.census_year("U1", 2022, 10),
            "deviations": [_dev(1, date(2022, 1, 5), "U1")],
            "signings": signings,
        }
    )
    frame = spc.monthly_spc(small, Y2022, "signering")
    assert frame.attrs["method"] == "p" and frame.attrs["polarity"] == spc.HIGHER_BETTER
    assert frame["exposure"].tolist() == [1000.0] * 12  # lakemedel only: the hsl_insats row is left out
    assert frame["count"].tolist() == [float(50 - m) for m in range(1, 13)]  # unsigned
    assert frame["value"].iloc[0] == pytest.approx(951 / 1000)
    assert frame["centre"].iloc[0] == pytest.approx(sum(950 + m for m in range(1, 13)) / 12000)
    assert frame["upper"].max() <= 1.0


def test_complaints_are_an_xmr_chart_of_counts() -> None:
    per_month = [3, 1, 2, 4, 2, 3, 1, 2, 3, 2, 4, 3]
    complaints = [
        {
            "complaint_id": f"K{m}-{k}",
            "received_date": date(2022, m, 1 + k),
            "unit_id": "U1",
            "kind": "klagomal",
        }
        for m, n in enumerate(per_month, start=1)
        for k in range(n)
    ]
    small = tiny_db.build(
        {
            "units": [tiny_db.unit("U1")],
            "census": tiny_db.census_year("U1", 2022, 10),
            "deviations": [_dev(1, date(2022, 1, 5), "U1")],
            "complaints": complaints,
        }
    )
    frame = spc.monthly_spc(small, Y2022, "synpunkter")
    assert frame["value"].tolist() == [float(n) for n in per_month]
    mean = sum(per_month) / 12
    moving_range = sum(abs(b - a) for a, b in zip(per_month, per_month[1:], strict=False)) / 11
    assert frame["centre"].iloc[0] == pytest.approx(mean)
    assert frame["upper"].iloc[0] == pytest.approx(mean + 2.66 * moving_range)
    assert frame["upper_2s"].iloc[0] == pytest.approx(mean + 2 / 3 * 2.66 * moving_range)


def test_no_period_comparison_without_data_in_the_earlier_period(conn) -> None:
    frame = overview.period_rate_ratios(conn, Filters.build(Period.calendar_year(2021))).set_index("key")
    # 2020 has no census and no deviations: nothing to compare with, not "infinitely more"
    assert math.isnan(frame.loc["fall", "ratio"]) and frame.loc["fall", "significant"] is None


def test_a_chart_with_too_few_events_colours_no_point() -> None:
    raw = pd.DataFrame({"month": pd.date_range("2021-01-01", periods=15, freq="MS").date})
    sparse = spc.spc_frame(
        raw.assign(count=[0, 1] * 7 + [4], exposure=math.nan, in_period=True), "xmr", 12, None
    )
    sparse.attrs = {"method": "xmr", "polarity": spc.NEUTRAL}
    assert sparse["signal"].iloc[-1]  # 4 is above the limits of a 0/1 series ...
    points = next(t for t in spc_charts.spc_chart(sparse, title="X").data if t.name == "Månad")
    assert set(points.marker.color) == {spc_charts.COMMON}  # ... but 6 events judge nothing
    assert not any("Särskild orsak" in text for text in points.text)
