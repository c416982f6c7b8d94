"""Statistical process control and comparison helpers: XmR, Laney p'/u', funnel plots, rate ratios.

Everything here is plain numpy/scipy with no I/O, so the functions can be tested against published values.

- ``xmr``: the NHS "Making Data Count" XmR (individuals) chart with its four special-cause rules.
- ``laney``: Laney's p' and u' charts (over-dispersion-corrected p and u charts), with the same rules.
- ``funnel``: a Spiegelhalter funnel of observed against expected counts, exact Poisson limits, optionally
  widened for over-dispersion by an additive random-effects tau^2 (as in Spiegelhalter 2005 / FunnelPlotR).
- ``rate_ratio``: the ratio of two Poisson rates with an exact (R's ``poisson.test``) or mid-p interval.

scipy is used (rather than hand-written distribution code) because its chi-square quantiles, binomial
test and Clopper-Pearson interval are well tested and match R's to full precision; that is what lets the
tests reproduce R's published numbers to six decimals.

Rule names (Swedish, shown in the product): ``"utanfor"`` a point outside the control limits, ``"niva"``
a run on one side of the centre line, ``"trend"`` a run of increasing or decreasing points, and
``"tva_av_tre"`` two of three consecutive points beyond the 2-sigma band on the same side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import optimize, stats

__all__ = ["xmr", "laney", "funnel", "rate_ratio", "RULES", "TREND_LENGTH"]

#: The special-cause rules in order of precedence: a point flagged by several gets the first one's name.
RULES: tuple[str, ...] = ("utanfor", "niva", "trend", "tva_av_tre")

#: Points in a trend: this many consecutive strictly increasing (or strictly decreasing) points.
TREND_LENGTH = 7

#: XmR constant: 3 / d2 with d2 = 1.128 for moving ranges of two points.
XMR_CONSTANT = 2.66

#: d2 for moving ranges of two points (Laney's sigma_z = mean moving range / d2).
D2 = 1.128

ArrayLike = Sequence[float] | np.ndarray | pd.Series


# --------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------


def _index_of(*inputs: object, length: int) -> pd.Index:
    """The index of the first pandas Series among ``inputs``, else a RangeIndex of ``length``."""
    for item in inputs:
        if isinstance(item, pd.Series):
            return item.index
    return pd.RangeIndex(length)


def _as_float_array(values: object, name: str) -> np.ndarray:
    """``values`` as a 1-D float array (None becomes NaN); ValueError if it is not one-dimensional."""
    if isinstance(values, pd.Series):
        arr = pd.to_numeric(values).to_numpy(dtype=float, na_value=np.nan)
    else:
        arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    return arr


def _baseline_length(baseline: int | None, n: int) -> int:
    """The number of leading points forming the baseline: all ``n`` when None, else ``min(baseline, n)``.

    Raises ValueError when ``baseline`` is not a positive integer.
    """
    if baseline is None:
        return n
    if isinstance(baseline, bool) or not isinstance(baseline, int | np.integer) or baseline < 1:
        raise ValueError("baseline must be a positive integer or None")
    return min(int(baseline), n)


def _labels(labels: np.ndarray, index: pd.Index) -> pd.Series:
    """An object Series of labels or None (pandas 3 would otherwise infer a string column with NaN)."""
    return pd.Series(labels, index=index, dtype=object)


def _runs(labels: np.ndarray) -> list[tuple[int, int, int]]:
    """Maximal runs of equal labels as ``(start, stop, label)`` with ``stop`` exclusive."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            runs.append((start, i, int(labels[start])))
            start = i
    return runs


def _apply_rules(
    values: np.ndarray,
    centre: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    lower_2s: np.ndarray,
    upper_2s: np.ndarray,
    run_length: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Evaluate the four special-cause rules.

    Inputs are equal-length float arrays (limits per point). Points whose value or centre is NaN are
    skipped: they are never flagged, and runs, trends and two-of-three windows are judged on the sequence
    of the remaining points (a missing month neither breaks nor extends a run by itself).

    Returns ``(signal, rule)``: a bool array and an object array holding None or the name of the first
    rule in ``RULES`` order that flags the point.
    """
    n = len(values)
    flags = {name: np.zeros(n, dtype=bool) for name in RULES}
    pos = np.flatnonzero(~np.isnan(values) & ~np.isnan(centre))
    v = values[pos]

    with np.errstate(invalid="ignore"):
        # utanfor: strictly outside the control limits (NaN limits never flag).
        flags["utanfor"][pos] = (v > upper[pos]) | (v < lower[pos])

        # niva: run_length or more consecutive points strictly on one side; a point on the centre breaks it.
        side = np.sign(v - centre[pos]).astype(int)
        for start, stop, label in _runs(side):
            if label != 0 and stop - start >= run_length:
                flags["niva"][pos[start:stop]] = True

        # trend: TREND_LENGTH or more points each strictly above (below) the previous; a tie breaks it.
        if len(v) >= 2:
            step = np.sign(np.diff(v)).astype(int)
            for start, stop, label in _runs(step):
                if label != 0 and stop - start + 1 >= TREND_LENGTH:
                    flags["trend"][pos[start : stop + 1]] = True

        # tva_av_tre: two of three consecutive points beyond the 2-sigma band on the same side; points
        # beyond the control limits count too. Only the points beyond the band on that side are flagged.
        above = v > upper_2s[pos]
        below = v < lower_2s[pos]
        for start in range(max(0, len(v) - 2)):
            window = slice(start, start + 3)
            for beyond in (above, below):
                if beyond[window].sum() >= 2:
                    hits = np.flatnonzero(beyond[window]) + start
                    flags["tva_av_tre"][pos[hits]] = True

    rule = np.full(n, None, dtype=object)
    for name in reversed(RULES):  # the first rule in RULES order wins
        rule[flags[name]] = name
    signal = np.array([r is not None for r in rule], dtype=bool)
    return signal, rule


# --------------------------------------------------------------------------------------------------------
# XmR
# --------------------------------------------------------------------------------------------------------


def xmr(values: ArrayLike, baseline: int | None = None, run_length: int = 7) -> pd.DataFrame:
    """NHS "Making Data Count" XmR chart of ``values`` with special-cause rules.

    Inputs:
        values: the measurements in time order (list, array or Series; a Series' index is kept).
        baseline: the number of leading points used for the centre line and limits; None uses all.
            Points after the baseline are still judged against those limits.
        run_length: the number of consecutive points on one side of the centre that make a "niva" signal.

    Returns a DataFrame (one row per input value) with columns ``value``, ``centre`` (mean of the baseline),
    ``lower``/``upper`` (centre -/+ 2.66 * mean moving range of the baseline), ``lower_2s``/``upper_2s``
    (centre -/+ 2/3 * 2.66 * mean moving range), ``signal`` (bool) and ``rule`` (None or one of ``RULES``;
    the first in that order when several apply).

    Missing values (NaN/None): a moving range involving a missing value is left out of the mean moving
    range; a missing point is never flagged, and the rules run over the remaining points in order.
    With fewer than two non-missing baseline values (or no moving range between adjacent ones) the
    limits are NaN and no point is flagged.
    """
    if isinstance(run_length, bool) or not isinstance(run_length, int | np.integer) or run_length < 2:
        raise ValueError("run_length must be an integer >= 2")
    x = _as_float_array(values, "values")
    n = len(x)
    index = _index_of(values, length=n)
    b = _baseline_length(baseline, n)

    base = x[:b]
    valid = base[~np.isnan(base)]
    centre = float(valid.mean()) if len(valid) else math.nan
    moving_ranges = np.abs(np.diff(base))
    moving_ranges = moving_ranges[~np.isnan(moving_ranges)]

    if len(valid) >= 2 and len(moving_ranges):
        mr_bar = float(moving_ranges.mean())
        half, half_2s = XMR_CONSTANT * mr_bar, XMR_CONSTANT * mr_bar * 2.0 / 3.0
        limits = (centre - half, centre + half, centre - half_2s, centre + half_2s)
    else:
        limits = (math.nan,) * 4

    columns = {
        "value": x,
        "centre": np.full(n, centre),
        "lower": np.full(n, limits[0]),
        "upper": np.full(n, limits[1]),
        "lower_2s": np.full(n, limits[2]),
        "upper_2s": np.full(n, limits[3]),
    }
    if math.isnan(limits[0]):
        signal, rule = np.zeros(n, dtype=bool), np.full(n, None, dtype=object)
    else:
        signal, rule = _apply_rules(
            x,
            columns["centre"],
            columns["lower"],
            columns["upper"],
            columns["lower_2s"],
            columns["upper_2s"],
            run_length,
        )
    return pd.DataFrame({**columns, "signal": signal, "rule": _labels(rule, index)}, index=index)


# --------------------------------------------------------------------------------------------------------
# Laney p' / u'
# --------------------------------------------------------------------------------------------------------


def laney(
    numerators: ArrayLike, denominators: ArrayLike, kind: str, baseline: int | None = None
) -> pd.DataFrame:
    """Laney's p' (``kind="p"``, proportions) or u' (``kind="u"``, rates) chart.

    Inputs:
        numerators: event counts per period (or successes for p); non-negative.
        denominators: the size per period (cases for p, exposure for u); non-negative. For p each
            numerator must not exceed its denominator.
        kind: ``"p"`` or ``"u"``.
        baseline: the number of leading periods used for the centre and sigma_z; None uses all.

    Computation: centre = sum(numerators) / sum(denominators) over the baseline; the within-period sigma
    is sigma_i = sqrt(c (1 - c) / n_i) (p) or sqrt(c / n_i) (u); z_i = (value_i - c) / sigma_i;
    sigma_z = mean |z_i - z_{i-1}| / 1.128 over the baseline (pairs with a missing z left out).
    Limits are c -/+ 3 sigma_i sigma_z, the lower floored at 0 and a p upper limit capped at 1.

    Returns a DataFrame (index from the first pandas Series input, else 0..n-1) with columns ``value``
    (numerator / denominator), ``centre``, ``lower``, ``upper``, ``signal`` and ``rule``. The rules are
    those of ``xmr`` with ``run_length`` 7; for ``tva_av_tre`` the per-period 2-sigma band is
    c -/+ 2 sigma_i sigma_z (not reported as a column).

    A zero denominator gives value NaN and the period is not flagged (nor used in the baseline). When no
    limits can be formed (no usable baseline period, a centre of 0, or 1 for p, so sigma_i is 0, or no
    adjacent pair of baseline z-scores) the limits are NaN and nothing is flagged.
    """
    if kind not in ("p", "u"):
        raise ValueError('kind must be "p" or "u"')
    num = _as_float_array(numerators, "numerators")
    den = _as_float_array(denominators, "denominators")
    if len(num) != len(den):
        raise ValueError("numerators and denominators must have the same length")
    if np.any(num < 0) or np.any(den < 0):
        raise ValueError("numerators and denominators must be non-negative")
    if kind == "p" and np.any(num > den):
        raise ValueError("for a p chart no numerator may exceed its denominator")
    n = len(num)
    index = _index_of(numerators, denominators, length=n)
    b = _baseline_length(baseline, n)

    usable = (den > 0) & ~np.isnan(num) & ~np.isnan(den)
    value = np.full(n, math.nan)
    value[usable] = num[usable] / den[usable]

    base = usable[:b]
    total = den[:b][base].sum()
    centre = float(num[:b][base].sum() / total) if total > 0 else math.nan

    sigma = np.full(n, math.nan)
    spread = centre * (1.0 - centre) if kind == "p" else centre
    if not math.isnan(centre) and spread > 0:
        sigma[usable] = np.sqrt(spread / den[usable])
    z = (value - centre) / sigma
    z_steps = np.abs(np.diff(z[:b]))
    z_steps = z_steps[~np.isnan(z_steps)]
    sigma_z = float(z_steps.mean() / D2) if len(z_steps) else math.nan

    centre_col = np.full(n, centre)
    width = sigma * sigma_z
    lower = np.maximum(centre - 3.0 * width, 0.0)
    upper = centre + 3.0 * width
    if kind == "p":
        upper = np.minimum(upper, 1.0)
    # np.maximum/np.minimum propagate NaN, so periods without a sigma keep NaN limits.

    if math.isnan(sigma_z):
        signal, rule = np.zeros(n, dtype=bool), np.full(n, None, dtype=object)
    else:
        signal, rule = _apply_rules(
            value, centre_col, lower, upper, centre - 2.0 * width, centre + 2.0 * width, run_length=7
        )
    return pd.DataFrame(
        {
            "value": value,
            "centre": centre_col,
            "lower": lower,
            "upper": upper,
            "signal": signal,
            "rule": _labels(rule, index),
        },
        index=index,
    )


# --------------------------------------------------------------------------------------------------------
# Funnel plot
# --------------------------------------------------------------------------------------------------------


def _exact_poisson_ratio_limits(expected: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson limits for O/E at target 1: chi2(a/2; 2E)/(2E) and chi2(1-a/2; 2E+2)/(2E).

    Input: expected counts (positive; others give NaN) and the two-sided alpha. Returns (lower, upper).
    """
    lower = np.full(len(expected), math.nan)
    upper = np.full(len(expected), math.nan)
    ok = expected > 0
    e = expected[ok]
    lower[ok] = stats.chi2.ppf(alpha / 2.0, 2.0 * e) / (2.0 * e)
    upper[ok] = stats.chi2.ppf(1.0 - alpha / 2.0, 2.0 * e + 2.0) / (2.0 * e)
    return lower, upper


def _overdispersion(observed: np.ndarray, expected: np.ndarray, trim: float = 0.1) -> tuple[float, float]:
    """Dispersion ratio phi and additive between-unit variance tau^2 on the square-root ratio scale.

    Inputs: observed and expected counts (units with a missing observed or a non-positive expected count
    are left out). z_i = 2 (sqrt(O_i) - sqrt(E_i)), Winsorised at the ``trim`` / ``1 - trim`` quantiles
    (linear interpolation, R's type 7); phi = sum(z_w^2) / k. With s_i = 1 / (2 sqrt(E_i)) and
    w_i = 1 / s_i^2: tau^2 = (k phi - (k - 1)) / (sum w - sum w^2 / sum w) when phi > 1, else 0.

    Returns ``(phi, tau2)``; phi is NaN with no usable unit, tau2 is 0 with fewer than two.
    """
    ok = (expected > 0) & ~np.isnan(observed)
    o, e = observed[ok], expected[ok]
    k = len(o)
    if k == 0:
        return math.nan, 0.0
    z = 2.0 * (np.sqrt(o) - np.sqrt(e))
    low, high = np.quantile(z, [trim, 1.0 - trim])
    z_w = np.clip(z, low, high)
    phi = float(np.sum(z_w**2) / k)
    if k < 2 or phi <= 1.0:
        return phi, 0.0
    w = 4.0 * e  # 1 / s_i^2
    tau2 = (k * phi - (k - 1)) / (w.sum() - np.sum(w**2) / w.sum())
    return phi, float(max(0.0, tau2))


def funnel(observed: ArrayLike, expected: ArrayLike, overdispersion: bool = False) -> pd.DataFrame:
    """Spiegelhalter funnel of observed against expected counts (target ratio 1).

    Inputs:
        observed: observed counts per unit (non-negative; NaN allowed and then not judged).
        expected: expected counts per unit (non-negative; a unit with 0 expected gets NaN limits).
        overdispersion: widen the limits by an additive random-effects tau^2 (see below).

    Returns a DataFrame (index from the first pandas Series input, else 0..n-1) with columns
    ``observed``, ``expected``, ``ratio`` (O/E), ``lower95``, ``upper95``, ``lower998``, ``upper998``
    (limits on the ratio scale) and ``outside``: "hög" above the 99.8 % upper limit, "låg" below the
    99.8 % lower limit, else None. ``df.attrs`` holds ``phi`` (dispersion ratio), ``tau2`` (the
    between-unit variance on the square-root scale) and ``adjusted`` (whether the limits were widened).

    Unadjusted limits are exact Poisson at the unit's expected count E:
    lower = chi2(alpha/2; 2E)/(2E), upper = chi2(1 - alpha/2; 2E + 2)/(2E).

    Over-dispersion (Spiegelhalter 2005; FunnelPlotR's "CQC" square-root method for standardised ratios):
    z_i = 2 (sqrt(O_i) - sqrt(E_i)) Winsorised at the 10th/90th percentile, phi = mean(z_w^2), and
    tau^2 as in ``_overdispersion``. phi and tau2 are always estimated and reported. When
    ``overdispersion`` is True and phi > 1 the limits become (1 -/+ z_a sqrt(1/(4E) + tau^2))^2 (the
    lower end floored at 0 before squaring); when phi <= 1 there is no over-dispersion, tau2 is 0 and the
    exact Poisson limits are kept. This follows FunnelPlotR, which sets tau^2 to 0 when k phi < k - 1 and
    draws unadjusted limits when phi <= 1; we do not use Spiegelhalter's alternative test
    phi > 1 + 2 sqrt(2/k). Unlike FunnelPlotR's CQC branch, the square-root-scale limits are squared back
    to the ratio scale, as the transformation requires.
    """
    o = _as_float_array(observed, "observed")
    e = _as_float_array(expected, "expected")
    if len(o) != len(e):
        raise ValueError("observed and expected must have the same length")
    if np.any(o < 0) or np.any(e < 0):
        raise ValueError("observed and expected must be non-negative")
    n = len(o)
    index = _index_of(observed, expected, length=n)

    ratio = np.full(n, math.nan)
    positive = e > 0
    ratio[positive] = o[positive] / e[positive]

    phi, tau2 = _overdispersion(o, e)
    adjusted = bool(overdispersion and tau2 > 0)
    limits: dict[str, np.ndarray] = {}
    for label, alpha in (("95", 0.05), ("998", 0.002)):
        if adjusted:
            z_a = stats.norm.ppf(1.0 - alpha / 2.0)
            half = np.full(n, math.nan)
            half[positive] = z_a * np.sqrt(1.0 / (4.0 * e[positive]) + tau2)
            limits[f"lower{label}"] = np.maximum(1.0 - half, 0.0) ** 2
            limits[f"upper{label}"] = (1.0 + half) ** 2
        else:
            limits[f"lower{label}"], limits[f"upper{label}"] = _exact_poisson_ratio_limits(e, alpha)

    outside = np.full(n, None, dtype=object)
    with np.errstate(invalid="ignore"):
        outside[ratio > limits["upper998"]] = "hög"
        outside[ratio < limits["lower998"]] = "låg"

    df = pd.DataFrame(
        {"observed": o, "expected": e, "ratio": ratio, **limits, "outside": _labels(outside, index)},
        index=index,
    )
    df.attrs.update({"phi": phi, "tau2": tau2, "adjusted": adjusted})
    return df


# --------------------------------------------------------------------------------------------------------
# Rate ratio
# --------------------------------------------------------------------------------------------------------


def _midp_tails(x: int, n: int, p: float) -> tuple[float, float]:
    """Mid-p tails of Binomial(n, p) at x: (P(X < x) + P(X = x)/2, P(X > x) + P(X = x)/2)."""
    half = 0.5 * stats.binom.pmf(x, n, p)
    return float(stats.binom.cdf(x - 1, n, p) + half), float(stats.binom.sf(x, n, p) + half)


def _count(value: float, name: str) -> int:
    """``value`` as a non-negative integer count; ValueError otherwise."""
    if isinstance(value, bool) or not float(value).is_integer() or value < 0:
        raise ValueError(f"{name} must be a non-negative whole number")
    return int(value)


def rate_ratio(
    count1: int,
    exposure1: float,
    count2: int,
    exposure2: float,
    conf: float = 0.95,
    method: str = "exact",
) -> dict[str, float]:
    """Ratio of two Poisson rates, (count1/exposure1) / (count2/exposure2), with interval and p-value.

    Inputs: event counts (non-negative whole numbers, not both 0), exposures (positive), the confidence
    level ``conf`` in (0, 1) and ``method``:

    - ``"exact"``: as R's ``poisson.test(c(count1, count2), c(exposure1, exposure2))``. Conditional on
      the total n = count1 + count2, count1 ~ Binomial(n, p) with p = exposure1 / (exposure1 + exposure2)
      under equal rates. The p-value is the two-sided binomial test (scipy.stats.binomtest, which uses
      R's binom.test definition) and the interval is Clopper-Pearson for p, each bound transformed to
      p_b / (1 - p_b) * exposure2 / exposure1.
    - ``"midp"``: the same conditional binomial with mid-p tails, lower = P(X < x) + P(X = x)/2 and
      upper = P(X > x) + P(X = x)/2. Two-sided p = min(1, 2 * min(lower, upper)) at the null p. The
      interval bound p_L solves upper(p_L) = (1 - conf)/2 and p_U solves lower(p_U) = (1 - conf)/2
      (scipy.optimize.brentq), then transformed as above.

    Returns a dict with ``ratio``, ``lower``, ``upper`` and ``p_value``. count1 = 0 gives ratio 0 and
    lower 0; count2 = 0 gives ratio inf and upper inf (as R).
    """
    c1, c2 = _count(count1, "count1"), _count(count2, "count2")
    if not (exposure1 > 0 and exposure2 > 0) or not (math.isfinite(exposure1) and math.isfinite(exposure2)):
        raise ValueError("exposures must be positive and finite")
    if not 0 < conf < 1:
        raise ValueError("conf must be between 0 and 1")
    if method not in ("exact", "midp"):
        raise ValueError('method must be "exact" or "midp"')
    n = c1 + c2
    if n == 0:
        raise ValueError("at least one of the counts must be positive")

    p_null = exposure1 / (exposure1 + exposure2)
    ratio = math.inf if c2 == 0 else (c1 / exposure1) / (c2 / exposure2)
    alpha = 1.0 - conf

    if method == "exact":
        test = stats.binomtest(c1, n, p_null)
        p_value = float(test.pvalue)
        ci = test.proportion_ci(confidence_level=conf, method="exact")
        p_low, p_high = float(ci.low), float(ci.high)
    else:
        low_tail, high_tail = _midp_tails(c1, n, p_null)
        p_value = min(1.0, 2.0 * min(low_tail, high_tail))
        p_low = 0.0
        if c1 > 0:
            p_low = optimize.brentq(lambda p: _midp_tails(c1, n, p)[1] - alpha / 2, 0.0, 1.0, xtol=1e-15)
        p_high = 1.0
        if c1 < n:
            p_high = optimize.brentq(lambda p: _midp_tails(c1, n, p)[0] - alpha / 2, 0.0, 1.0, xtol=1e-15)

    scale = exposure2 / exposure1

    def to_ratio(p: float) -> float:
        """A bound on p transformed to the rate-ratio scale."""
        return math.inf if p >= 1.0 else p / (1.0 - p) * scale

    return {"ratio": ratio, "lower": to_ratio(p_low), "upper": to_ratio(p_high), "p_value": p_value}
