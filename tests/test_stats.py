"""Tests for analytics.stats: published reference values, hand computations and each rule's edge cases.

Reference values and their sources:
- XmR on 17 monthly ratios: the project brief's published check (centre 0.059297, limits
  0.022852-0.095743, 2-sigma band 0.035000-0.083595).
- XmR on R's ``set.seed(123); rnorm(20)``: NHSRplotthedots tests/testthat/_snaps/ptd_spc_standard.md
  (mean 0.1416238, limits -3.01138 / 3.294627; with y[15] = 10 and no outlier screening 0.6694159,
  -4.596625 / 5.935457). Only the numbers are compared; no code was taken from that GPL package.
- Two of three on opposite sides: the data of NHSRplotthedots' test "it only reports special cause for
  2of3 points close to limits when they are on the same side of the mean".
- Rate ratio: the brief's check (41 / 28,010 against 15 / 19,017) and the example in R's
  ``?poisson.test`` (Armitage & Berry: 11 / 800 against 21 / 3,011 gives 1.971488, 0.8584264-4.2772659,
  p = 0.07967).
- Exact Poisson funnel limits: FunnelPlotR tests/testthat/test-poisson_limits.R (E = 15, 20, 30), plus
  an inversion with scipy.stats.poisson and the well-known E = 100 count limits 81.37 / 121.63.
- Over-dispersion (phi, tau^2): hand-computed below from the formulas with plain math.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analytics.stats import funnel, laney, rate_ratio, xmr

TOL = 1e-6  # "to 6 decimals"

# A baseline of 8 points alternating around 0: centre 0, mean moving range 10, limits -/+ 26.6 and
# 2-sigma band -/+ 17.7333. BASE_NEG ends below the centre, BASE_POS ends above it.
BASE_NEG = [5.0, -5.0] * 4
BASE_POS = [-5.0, 5.0] * 4


def _rules(df: pd.DataFrame) -> list[str | None]:
    """The rule column as a plain list."""
    return list(df["rule"])


# ------------------------------------------------------------------------------------------------------
# XmR: published values
# ------------------------------------------------------------------------------------------------------


def test_xmr_published_monthly_ratios() -> None:
    numerators = [5, 7, 5, 7, 7, 5, 4, 9, 8, 13, 8, 7, 8, 7, 12, 11, 8]
    denominators = [113, 132, 121, 134, 116, 131, 93, 138, 182, 157, 100, 103, 146, 108, 153, 141, 134]
    df = xmr([n / d for n, d in zip(numerators, denominators, strict=True)])
    row = df.iloc[0]
    assert row["centre"] == pytest.approx(0.059297, abs=TOL)
    assert row["lower"] == pytest.approx(0.022852, abs=TOL)
    assert row["upper"] == pytest.approx(0.095743, abs=TOL)
    assert row["lower_2s"] == pytest.approx(0.035000, abs=TOL)
    assert row["upper_2s"] == pytest.approx(0.083595, abs=TOL)
    assert list(df.columns) == ["value", "centre", "lower", "upper", "lower_2s", "upper_2s", "signal", "rule"]
    assert not df["signal"].any()


# R: set.seed(123); rnorm(20)
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
    -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
    -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def test_xmr_matches_nhsrplotthedots_snapshot() -> None:
    df = xmr(RNORM_123)
    assert df["centre"].iloc[0] == pytest.approx(0.1416238, abs=TOL)
    assert df["lower"].iloc[0] == pytest.approx(-3.01138, abs=TOL)
    assert df["upper"].iloc[0] == pytest.approx(3.294627, abs=TOL)

    # Their r3: y[15] = 10 without outlier screening (our MR-bar never screens).
    spiked = RNORM_123.copy()
    spiked[14] = 10.0
    df = xmr(spiked)
    assert df["centre"].iloc[0] == pytest.approx(0.6694159, abs=TOL)
    assert df["lower"].iloc[0] == pytest.approx(-4.596625, abs=TOL)
    assert df["upper"].iloc[0] == pytest.approx(5.935457, abs=TOL)


def test_xmr_limits_from_the_formula() -> None:
    values = [3.0, 7.0, 4.0, 6.0]
    df = xmr(values)
    mr_bar = (4 + 3 + 2) / 3
    assert df["centre"].iloc[0] == pytest.approx(5.0)
    assert df["upper"].iloc[0] == pytest.approx(5 + 2.66 * mr_bar)
    assert df["lower_2s"].iloc[0] == pytest.approx(5 - 2 / 3 * 2.66 * mr_bar)


# ------------------------------------------------------------------------------------------------------
# XmR: rules
# ------------------------------------------------------------------------------------------------------


def test_baseline_sets_centre_and_limits_and_later_points_are_judged() -> None:
    values = [1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 10.0, 1.5]
    df = xmr(values, baseline=6)
    assert df["centre"].iloc[0] == pytest.approx(1.5)
    assert df["upper"].iloc[0] == pytest.approx(1.5 + 2.66 * 1.0)
    assert _rules(df)[6] == "utanfor"
    assert df["signal"].sum() == 1

    whole = xmr(values)
    assert whole["centre"].iloc[0] == pytest.approx(sum(values) / len(values))
    assert whole["upper"].iloc[0] > df["upper"].iloc[0]


def test_utanfor_point_outside_limits() -> None:
    # Limits are -/+ 26.6: 27 and -27 are outside, -26 is inside (and alone beyond the 2-sigma band).
    df = xmr(BASE_NEG + [27.0, 0.0, 0.0, -26.0, 0.0, 0.0, -27.0], baseline=8)
    assert _rules(df)[8:] == ["utanfor", None, None, None, None, None, "utanfor"]


def test_niva_run_of_six_is_no_signal_and_seven_is() -> None:
    six = xmr(BASE_NEG + [1.0] * 6 + [-1.0], baseline=8)
    assert not six["signal"].any()

    seven = xmr(BASE_NEG + [1.0] * 7 + [-1.0], baseline=8)
    assert _rules(seven) == [None] * 8 + ["niva"] * 7 + [None]

    below = xmr(BASE_POS + [-1.0] * 7, baseline=8)
    assert _rules(below)[8:] == ["niva"] * 7


def test_niva_respects_run_length() -> None:
    df = xmr(BASE_NEG + [1.0] * 6 + [-1.0], baseline=8, run_length=6)
    assert _rules(df)[8:] == ["niva"] * 6 + [None]


def test_niva_point_on_the_centre_breaks_the_run() -> None:
    df = xmr(BASE_NEG + [1.0] * 3 + [0.0] + [1.0] * 4, baseline=8)
    assert not df["signal"].any()

    on_centre = xmr(BASE_NEG + [0.0] * 7, baseline=8)
    assert not on_centre["signal"].any()


def test_trend_of_seven_is_a_signal_and_six_is_not() -> None:
    # 5 -> -3 is a decrease, so the increasing run starts at -3; it crosses the centre (no niva).
    seven = xmr(BASE_POS + [-3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 4.0], baseline=8)
    assert _rules(seven) == [None] * 8 + ["trend"] * 7

    six = xmr(BASE_POS + [-2.0, -1.0, 1.0, 2.0, 3.0, 4.0], baseline=8)
    assert not six["signal"].any()

    down = xmr(BASE_NEG + [3.0, 2.0, 1.0, -1.0, -2.0, -3.0, -4.0], baseline=8)
    assert _rules(down)[8:] == ["trend"] * 7


def test_trend_broken_by_a_tie() -> None:
    df = xmr(BASE_POS + [-3.0, -2.0, -1.0, 1.0, 1.0, 2.0, 3.0, 4.0], baseline=8)
    assert not df["signal"].any()


def test_two_of_three_same_side_flags_only_those_points() -> None:
    df = xmr(BASE_NEG + [18.0, 0.0, 18.0, 0.0], baseline=8)
    assert df["upper_2s"].iloc[0] == pytest.approx(2 / 3 * 26.6)
    assert _rules(df)[8:] == ["tva_av_tre", None, "tva_av_tre", None]


def test_two_of_three_opposite_sides_is_no_signal() -> None:
    df = xmr(BASE_NEG + [18.0, -18.0, 0.0, 18.0, 0.0, 0.0, -18.0], baseline=8)
    assert not df["signal"].any()


def test_two_of_three_flags_only_the_side_with_two() -> None:
    df = xmr(BASE_NEG + [18.0, -18.0, 18.0], baseline=8)
    assert _rules(df)[8:] == ["tva_av_tre", None, "tva_av_tre"]


def test_two_of_three_nhsrplotthedots_opposite_sides() -> None:
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    df = xmr(data)
    assert df["upper_2s"].iloc[0] < 5.5 < df["upper"].iloc[0]
    assert not df["signal"].iloc[-2:].any()


def test_point_beyond_the_limits_counts_in_two_of_three() -> None:
    df = xmr(BASE_NEG + [30.0, 0.0, 18.0], baseline=8)
    assert _rules(df)[8:] == ["utanfor", None, "tva_av_tre"]


def test_rule_precedence() -> None:
    # Seven points above the centre, the last outside the limits: utanfor beats niva.
    df = xmr(BASE_NEG + [1.0] * 6 + [30.0], baseline=8)
    assert _rules(df)[8:] == ["niva"] * 6 + ["utanfor"]

    # Seven increasing points all above the centre: niva beats trend.
    df = xmr(BASE_NEG + [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], baseline=8)
    assert _rules(df)[8:] == ["niva"] * 7

    # Seven increasing points crossing the centre, the last two beyond the 2-sigma band: trend beats
    # tva_av_tre.
    df = xmr(BASE_POS + [-3.0, -2.0, -1.0, 1.0, 2.0, 18.0, 19.0], baseline=8)
    assert _rules(df)[8:] == ["trend"] * 7


def test_nan_skipped_for_moving_range_and_never_flagged() -> None:
    series = pd.Series([1.0, np.nan, 3.0, 2.0], index=["jan", "feb", "mar", "apr"])
    df = xmr(series)
    assert list(df.index) == ["jan", "feb", "mar", "apr"]
    assert df["centre"].iloc[0] == pytest.approx(2.0)
    # Only |2 - 3| is a moving range: pairs involving the missing value are left out.
    assert df["upper"].iloc[0] == pytest.approx(2.0 + 2.66 * 1.0)
    assert math.isnan(df["value"].iloc[1])
    assert not df["signal"].iloc[1]

    # A missing month inside a run neither breaks it nor is flagged.
    values = BASE_NEG + [1.0] * 3 + [np.nan] + [1.0] * 4
    df = xmr(values, baseline=8)
    assert _rules(df)[8:] == ["niva"] * 3 + [None] + ["niva"] * 4


def test_fewer_than_two_points() -> None:
    one = xmr([5.0])
    assert one["centre"].iloc[0] == 5.0
    assert one[["lower", "upper", "lower_2s", "upper_2s"]].isna().all(axis=None)
    assert not one["signal"].any()

    empty = xmr([])
    assert len(empty) == 0
    assert "rule" in empty.columns

    # A baseline of one point gives no moving range, so no limits and no signal anywhere.
    df = xmr([1.0] + [5.0] * 8, baseline=1)
    assert df["upper"].isna().all()
    assert not df["signal"].any()


def test_xmr_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        xmr([1.0, 2.0], baseline=0)
    with pytest.raises(ValueError):
        xmr([1.0, 2.0], run_length=1)


# ------------------------------------------------------------------------------------------------------
# Laney p' / u'
# ------------------------------------------------------------------------------------------------------


def test_laney_p_hand_computed() -> None:
    num = [10, 14, 9, 20]
    den = [100, 120, 90, 110]
    df = laney(num, den, "p")

    p_bar = 53 / 420
    p = [a / b for a, b in zip(num, den, strict=True)]
    sigma = [math.sqrt(p_bar * (1 - p_bar) / b) for b in den]
    z = [(pi - p_bar) / si for pi, si in zip(p, sigma, strict=True)]
    sigma_z = (abs(z[1] - z[0]) + abs(z[2] - z[1]) + abs(z[3] - z[2])) / 3 / 1.128

    assert list(df.columns) == ["value", "centre", "lower", "upper", "signal", "rule"]
    assert df["centre"].iloc[0] == pytest.approx(p_bar, abs=1e-12)
    for i in range(4):
        assert df["value"].iloc[i] == pytest.approx(p[i], abs=1e-12)
        assert df["upper"].iloc[i] == pytest.approx(p_bar + 3 * sigma[i] * sigma_z, abs=1e-12)
        assert df["lower"].iloc[i] == pytest.approx(max(0.0, p_bar - 3 * sigma[i] * sigma_z), abs=1e-12)


def test_laney_u_hand_computed_with_baseline() -> None:
    num = [4, 9, 6, 30]
    den = [1000.0, 1500.0, 1200.0, 1000.0]
    df = laney(num, den, "u", baseline=3)

    u_bar = 19 / 3700
    sigma = [math.sqrt(u_bar / b) for b in den]
    z = [(a / b - u_bar) / s for a, b, s in zip(num, den, sigma, strict=True)]
    sigma_z = (abs(z[1] - z[0]) + abs(z[2] - z[1])) / 2 / 1.128

    assert df["centre"].iloc[3] == pytest.approx(u_bar, abs=1e-12)
    assert df["upper"].iloc[3] == pytest.approx(u_bar + 3 * sigma[3] * sigma_z, abs=1e-12)
    assert 0.030 > df["upper"].iloc[3]
    assert _rules(df) == [None, None, None, "utanfor"]


def test_laney_large_n_does_not_flag_what_a_p_chart_would() -> None:
    # Proportions around 0.105 with n = 100,000: real but stable period-to-period variation.
    p = [0.100, 0.110, 0.101, 0.109, 0.100, 0.110, 0.102, 0.108, 0.100, 0.110, 0.101, 0.109]
    n = 100_000
    num = [round(pi * n) for pi in p]
    df = laney(num, [n] * len(p), "p")

    p_bar = sum(num) / (n * len(p))
    sigma_plain = math.sqrt(p_bar * (1 - p_bar) / n)
    assert all(abs(pi - p_bar) > 3 * sigma_plain for pi in p)  # a plain p chart flags every period
    assert not df["signal"].any()
    assert (df["upper"] - df["centre"]).iloc[0] > 5 * 3 * sigma_plain


def test_laney_zero_denominator_not_flagged_and_limits_capped() -> None:
    series = pd.Series([1, 0, 2, 1, 9], index=list("abcde"))
    df = laney(series, [10, 0, 10, 10, 10], "p")
    assert list(df.index) == list("abcde")
    assert math.isnan(df["value"].loc["b"])
    assert not df["signal"].loc["b"]
    assert df["centre"].iloc[0] == pytest.approx(13 / 40)
    assert (df["lower"].dropna() >= 0).all()
    assert (df["upper"].dropna() <= 1).all()


def test_laney_rules_apply() -> None:
    # Baseline u = 0.05 per unit on 1000 units a period; limits 0.05 -/+ 0.006839, 2-sigma band -/+ 0.004559.
    base = [50, 52, 48, 51, 49, 50, 52, 48]
    shift = laney(base + [53] * 7, [1000] * 15, "u", baseline=8)
    assert shift["upper"].iloc[0] == pytest.approx(0.056839, abs=TOL)
    assert _rules(shift)[8:] == ["niva"] * 7

    assert not laney(base + [53] * 6 + [47], [1000] * 15, "u", baseline=8)["signal"].any()
    assert _rules(laney(base + [55, 50, 55], [1000] * 11, "u", baseline=8))[8:] == [
        "tva_av_tre",
        None,
        "tva_av_tre",
    ]
    assert _rules(laney(base + [60], [1000] * 9, "u", baseline=8))[8:] == ["utanfor"]


def test_laney_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        laney([1], [2], "x")
    with pytest.raises(ValueError):
        laney([3], [2], "p")


# ------------------------------------------------------------------------------------------------------
# Funnel
# ------------------------------------------------------------------------------------------------------


def test_funnel_exact_limits_match_funnelplotr() -> None:
    df = funnel([15, 20, 30], [15, 20, 30])
    assert df["lower95"].round(7).tolist() == [0.5596924, 0.6108260, 0.6746958]
    assert df["upper95"].round(6).tolist() == [1.649348, 1.544419, 1.427562]
    assert df["lower998"].round(7).tolist() == [0.3862650, 0.4479107, 0.5289724]
    assert df["upper998"].round(6).tolist() == [2.082907, 1.902094, 1.702771]


def test_funnel_exact_limits_invert_the_poisson() -> None:
    expected = [5.0, 20.0, 100.0]
    df = funnel(expected, expected)
    for e, low, high in zip(expected, df["lower95"], df["upper95"], strict=True):
        # The lower mean at which observing >= E has probability 2.5 %, the upper at which <= E has.
        assert sps.poisson.sf(e - 1, low * e) == pytest.approx(0.025, abs=1e-9)
        assert sps.poisson.cdf(e, high * e) == pytest.approx(0.025, abs=1e-9)
    assert df["lower95"].iloc[2] * 100 == pytest.approx(81.37, abs=0.01)
    assert df["upper95"].iloc[2] * 100 == pytest.approx(121.63, abs=0.01)


def test_funnel_high_low_classification() -> None:
    df = funnel(pd.Series([100, 140, 65, 130, 0], index=list("abcde")), [100, 100, 100, 100, 0])
    assert list(df.index) == list("abcde")
    assert df["upper998"].iloc[0] < 1.40 and df["lower998"].iloc[0] > 0.65
    assert df["upper95"].iloc[0] < 1.30 < df["upper998"].iloc[0]
    assert list(df["outside"]) == [None, "hög", "låg", None, None]
    assert df["ratio"].iloc[1] == pytest.approx(1.4)
    assert df.loc["e", ["ratio", "lower95", "upper998"]].isna().all()


def _type7_quantile(sorted_values: list[float], q: float) -> float:
    """R's default (type 7) quantile of already sorted values."""
    h = (len(sorted_values) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def test_funnel_overdispersion_hand_computed() -> None:
    observed = [30, 45, 60, 20, 90, 55, 25, 70, 40, 110]
    expected = [40, 40, 50, 30, 70, 60, 35, 55, 45, 80]
    df = funnel(observed, expected, overdispersion=True)

    k = len(observed)
    z = [2 * (math.sqrt(o) - math.sqrt(e)) for o, e in zip(observed, expected, strict=True)]
    ordered = sorted(z)
    low, high = _type7_quantile(ordered, 0.1), _type7_quantile(ordered, 0.9)
    z_w = [min(max(zi, low), high) for zi in z]
    phi = sum(zi**2 for zi in z_w) / k
    w = [4 * e for e in expected]  # 1 / s^2 with s = 1 / (2 sqrt(E))
    tau2 = (k * phi - (k - 1)) / (sum(w) - sum(wi**2 for wi in w) / sum(w))

    assert phi > 1 and tau2 > 0
    assert df.attrs["phi"] == pytest.approx(phi, abs=1e-12)
    assert df.attrs["tau2"] == pytest.approx(tau2, abs=1e-12)
    assert df.attrs["adjusted"] is True
    for i, e in enumerate(expected):
        half95 = 1.959963984540054 * math.sqrt(1 / (4 * e) + tau2)
        half998 = 3.090232306167813 * math.sqrt(1 / (4 * e) + tau2)
        assert df["lower95"].iloc[i] == pytest.approx((1 - half95) ** 2, abs=1e-12)
        assert df["upper95"].iloc[i] == pytest.approx((1 + half95) ** 2, abs=1e-12)
        assert df["upper998"].iloc[i] == pytest.approx((1 + half998) ** 2, abs=1e-12)

    plain = funnel(observed, expected)
    assert plain.attrs["phi"] == pytest.approx(phi, abs=1e-12)
    assert plain.attrs["adjusted"] is False
    assert (df["upper998"] > plain["upper998"]).all()
    assert (df["outside"].isna().sum()) >= (plain["outside"].isna().sum())


def test_funnel_no_overdispersion_keeps_exact_limits() -> None:
    observed = [100, 101, 99, 100, 102, 98]
    expected = [100, 100, 100, 100, 100, 100]
    df = funnel(observed, expected, overdispersion=True)
    assert df.attrs["phi"] < 1
    assert df.attrs["tau2"] == 0.0
    assert df.attrs["adjusted"] is False
    assert df["upper95"].tolist() == funnel(observed, expected)["upper95"].tolist()


def test_funnel_phi_just_below_one_is_not_overdispersion() -> None:
    # (k - 1)/k < phi <= 1: the tau^2 formula alone would give a small positive tau^2, but like FunnelPlotR
    # (which then draws unadjusted limits) phi <= 1 means no over-dispersion: tau2 0 and exact limits.
    observed = [110] * 6 + [90] * 4
    expected = [100] * 10
    df = funnel(observed, expected, overdispersion=True)
    z2 = [(2 * (math.sqrt(o) - 10)) ** 2 for o in observed]
    assert df.attrs["phi"] == pytest.approx(sum(z2) / 10, abs=1e-12)
    assert 0.9 < df.attrs["phi"] <= 1
    assert df.attrs["tau2"] == 0.0
    assert df.attrs["adjusted"] is False
    assert df["lower998"].tolist() == funnel(observed, expected)["lower998"].tolist()


# ------------------------------------------------------------------------------------------------------
# Rate ratio
# ------------------------------------------------------------------------------------------------------


def test_rate_ratio_exact_published() -> None:
    r = rate_ratio(41, 28_010, 15, 19_017)
    assert r["ratio"] == pytest.approx(1.855759, abs=TOL)
    assert r["lower"] == pytest.approx(1.005684, abs=TOL)
    assert r["upper"] == pytest.approx(3.609300, abs=TOL)
    assert r["p_value"] == pytest.approx(0.04085203, abs=1e-8)


def test_rate_ratio_exact_r_help_example() -> None:
    # ?poisson.test: poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878))
    r = rate_ratio(11, 800, 6 + 8 + 7, 1083 + 1050 + 878)
    assert r["ratio"] == pytest.approx(1.971488, abs=TOL)
    assert r["lower"] == pytest.approx(0.8584264, abs=1e-7)
    assert r["upper"] == pytest.approx(4.2772659, abs=1e-7)
    assert round(r["p_value"], 5) == 0.07967


def test_rate_ratio_zero_counts() -> None:
    zero1 = rate_ratio(0, 10, 5, 10)
    assert zero1["ratio"] == 0.0 and zero1["lower"] == 0.0
    p_high = 1 - 0.025 ** (1 / 5)  # Clopper-Pearson upper bound for 0 of 5
    assert zero1["upper"] == pytest.approx(p_high / (1 - p_high), abs=1e-12)
    assert zero1["p_value"] == pytest.approx(2 / 32, abs=1e-12)

    zero2 = rate_ratio(5, 10, 0, 10)
    assert zero2["ratio"] == math.inf and zero2["upper"] == math.inf
    assert zero2["lower"] == pytest.approx((1 - p_high) / p_high, abs=1e-12)

    midp = rate_ratio(0, 10, 5, 10, method="midp")
    assert midp["lower"] == 0.0 and midp["upper"] < zero1["upper"]

    with pytest.raises(ValueError):
        rate_ratio(0, 10, 0, 10)


def test_rate_ratio_midp_hand_computed() -> None:
    # 3 against 7 with equal exposure: X ~ Bin(10, 1/2) under the null.
    r = rate_ratio(3, 50.0, 7, 50.0, method="midp")
    lower_tail = (1 + 10 + 45) / 1024 + 0.5 * 120 / 1024  # P(X < 3) + P(X = 3) / 2
    assert r["p_value"] == pytest.approx(2 * lower_tail, abs=1e-12)
    assert r["ratio"] == pytest.approx(3 / 7)

    def binom_pmf(x: int, p: float) -> float:
        return math.comb(10, x) * p**x * (1 - p) ** (10 - x)

    p_low = r["lower"] / (1 + r["lower"])  # exposures equal, so ratio = p / (1 - p)
    p_high = r["upper"] / (1 + r["upper"])
    upper_tail_at_low = sum(binom_pmf(x, p_low) for x in range(4, 11)) + 0.5 * binom_pmf(3, p_low)
    lower_tail_at_high = sum(binom_pmf(x, p_high) for x in range(3)) + 0.5 * binom_pmf(3, p_high)
    assert upper_tail_at_low == pytest.approx(0.025, abs=1e-9)
    assert lower_tail_at_high == pytest.approx(0.025, abs=1e-9)


def test_rate_ratio_midp_is_narrower_than_exact() -> None:
    exact = rate_ratio(41, 28_010, 15, 19_017)
    midp = rate_ratio(41, 28_010, 15, 19_017, method="midp")
    assert midp["ratio"] == exact["ratio"]
    assert exact["lower"] < midp["lower"] < midp["ratio"] < midp["upper"] < exact["upper"]
    assert midp["p_value"] < exact["p_value"]


def test_rate_ratio_conf_level() -> None:
    r90 = rate_ratio(41, 28_010, 15, 19_017, conf=0.90)
    r95 = rate_ratio(41, 28_010, 15, 19_017)
    assert r95["lower"] < r90["lower"] and r90["upper"] < r95["upper"]
    with pytest.raises(ValueError):
        rate_ratio(1, 1, 1, 1, method="wald")
