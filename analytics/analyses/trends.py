"""Trends: monthly and half-yearly series of deviation counts and per-brukare rates.

Every calendar month overlapping the filters' period is present (zero-filled), so a trend
chart shows quiet months as 0 rather than skipping them. A monthly rate divides the month's
count by that month's census brukare (no annualisation); a half-year rate divides the half's
count by the census average over its months in the period, as for any period.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.analyses.query import run
from analytics.filters import Filters
from analytics.privacy import protect

# Suppression for politiker (analytics.privacy): counts and the rates computed from them.
_TREND_COUNTS = (
    "brukare",
    "deviations",
    "hsl_other_count",
    "medication_count",
    "fall_count",
    "violence_count",
    "sol_lss_count",
)
_TREND_DERIVED = {
    "deviations_per_brukare": ("deviations", "brukare"),
    "hsl_other_deviations": ("hsl_other_count", "brukare"),
    "medication_deviations": ("medication_count", "brukare"),
    "fall_deviations": ("fall_count", "brukare"),
    "violence_deviations": ("violence_count", "brukare"),
}


@protect("aggregate", counts=("count",), groups=("month", "domain"))
def monthly_deviations(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Deviations per month, domain and category.

    One row per (month, domain, category) for every month of the period and every (domain,
    category) with a deviation in the period, sorted by month, domain, category. Columns:
    month (date, first day), domain, category, count.
    """
    return run(conn, "monthly_deviations", f)


@protect("aggregate", counts=_TREND_COUNTS, derived=_TREND_DERIVED, groups=("month",))
def monthly_rates(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Counts and per-brukare rates per month and unit type, with that month's census.

    One row per (month, unit_type) for every month of the period and every unit type with
    census brukare or a deviation in the period, plus a row with unit_type "all" (first in
    each month) summing them. Sorted by month, then "all", then unit_type. Columns: month,
    unit_type, brukare (that month's census), deviations, hsl_other_count, medication_count,
    fall_count, violence_count, sol_lss_count, and the rates deviations_per_brukare,
    hsl_other_deviations, medication_deviations, fall_deviations, violence_deviations (count /
    brukare; null when brukare is 0).
    """
    return run(conn, "monthly_rates", f)


@protect(
    "aggregate", counts=_TREND_COUNTS, derived=_TREND_DERIVED, groups=("half_year",), not_counts=("months",)
)
def half_yearly_rates(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """As monthly_rates, per half year (H1 = January–June) overlapping the period.

    One row per (half year, unit_type) plus an "all" row first in each half. Columns:
    half_start (date), half_year ("2022 H1"), unit_type, months (months of the half in the
    period), brukare (census average over those months), the counts and the rates of
    monthly_rates.
    """
    return run(conn, "half_yearly_rates", f)
