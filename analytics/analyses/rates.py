"""Per-brukare rates with the census as denominator, per unit type and per unit.

The brukare of a group is the census average over the calendar months overlapping the period
(data-contract.md, census). Task rates come from the optional signings table and are null when
it is absent; deviation rates come from the deviations table (domain/category filters apply).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics import contract
from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect

# (rate column, count column) pairs; the rate is count / brukare.
DEVIATION_RATES: dict[str, str] = {
    "hsl_other_deviations": "hsl_other_count",
    "medication_deviations": "medication_count",
    "fall_deviations": "fall_count",
    "violence_deviations": "violence_count",
}
TASK_RATES: dict[str, str] = {
    "hsl_tasks": "hsl_task_count",
    "medication_tasks": "medication_task_count",
}

RATE_COLUMNS: tuple[str, ...] = (
    "hsl_tasks",
    "medication_tasks",
    "hsl_other_deviations",
    "medication_deviations",
    "fall_deviations",
    "violence_deviations",
)

DEFAULT_COMPARISON: tuple[str, str] = ("gruppbostad_lss", "bostad_sol")

# Suppression for politiker (analytics.privacy): census brukare and deviation counts are
# counts of persons and events; every rate is computed from brukare and its count.
_RATE_COUNTS = ("brukare", *DEVIATION_RATES.values())
_RATE_DERIVED = {rate: (count, "brukare") for rate, count in (TASK_RATES | DEVIATION_RATES).items()}


def _with_tasks(conn: duckdb.DuckDBPyConnection, f: Filters, frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Add task counts (null without a signings table) and every rate column."""
    if supplied(conn, "signings"):
        tasks = run(conn, "signing_tasks_per_unit", f)
        tasks = tasks.groupby(key, as_index=False)[list(TASK_RATES.values())].sum()
        frame = frame.merge(tasks, on=key, how="left")
        for col in TASK_RATES.values():
            frame[col] = frame[col].fillna(0).astype("int64")
    else:
        for col in TASK_RATES.values():
            frame[col] = pd.Series([pd.NA] * len(frame), dtype="Int64", index=frame.index)
    brukare = frame["brukare"].astype("float64").replace(0.0, np.nan)
    for rate, count in (TASK_RATES | DEVIATION_RATES).items():
        frame[rate] = frame[count].astype("float64") / brukare
    return frame


@protect("aggregate", counts=_RATE_COUNTS, derived=_RATE_DERIVED, not_counts=tuple(TASK_RATES.values()))
def rates_per_brukare(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Tasks and deviations per brukare for each unit type.

    One row per unit_type with brukare > 0 in the period, sorted by unit_type. Columns:
    unit_type, brukare (float, census average), the counts hsl_other_count, medication_count,
    fall_count, violence_count, hsl_task_count, medication_task_count (task counts null without
    a signings table), and the rates hsl_tasks, medication_tasks, hsl_other_deviations,
    medication_deviations, fall_deviations, violence_deviations (count / brukare).
    """
    frame = run(conn, "rates_per_brukare", f)
    return _with_tasks(conn, f, frame, "unit_type")


@protect("unit_level")
def rates_per_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """As rates_per_brukare, one row per unit with brukare > 0 in the period.

    Sorted by unit_type, operator, unit_id. Columns: unit_id, unit_name, unit_type, operator,
    brukare, then the count and rate columns of rates_per_brukare.
    """
    frame = run(conn, "rates_per_unit", f)
    return _with_tasks(conn, f, frame, "unit_id")


@protect("aggregate", counts=_RATE_COUNTS, derived=_RATE_DERIVED, not_counts=tuple(TASK_RATES.values()))
def lss_vs_sol(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    unit_types: tuple[str, str] = DEFAULT_COMPARISON,
) -> pd.DataFrame:
    """The report's comparison of two unit types (default gruppbostad LSS against bostad SoL).

    One row per chosen unit type, in the order given, also when it has no brukare (then the
    rates are null). Columns: unit_type, brukare, hsl_tasks, hsl_other_deviations,
    medication_tasks, medication_deviations (per brukare), and the counts behind them:
    hsl_task_count, hsl_other_count, medication_task_count, medication_count.
    """
    for unit_type in unit_types:
        if unit_type not in contract.UNIT_TYPES:
            raise ValueError(f"Okänd verksamhetstyp: {unit_type!r}")
    if len(unit_types) != 2 or unit_types[0] == unit_types[1]:
        raise ValueError("Jämförelsen kräver två olika verksamhetstyper.")
    rates = rates_per_brukare(conn, f.with_(unit_types=unit_types)).set_index("unit_type")
    columns = [
        "brukare",
        "hsl_tasks",
        "hsl_other_deviations",
        "medication_tasks",
        "medication_deviations",
        "hsl_task_count",
        "hsl_other_count",
        "medication_task_count",
        "medication_count",
    ]
    out = rates.reindex(list(unit_types))[columns].rename_axis("unit_type").reset_index()
    out["brukare"] = out["brukare"].fillna(0.0)
    return out


@protect(
    "aggregate",
    counts=("hsl_other_count", "violence_count", "sol_lss_count"),
    derived={
        "hsl_other_deviations": ("hsl_other_count",),
        "violence_deviations": ("violence_count",),
        "sol_lss_deviations": ("sol_lss_count",),
    },
    not_counts=("units",),
)
def mean_per_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Deviations per active unit for each unit type (the report's "per enhet" figures).

    One row per unit_type with active units (census brukare > 0 in the period), sorted by
    unit_type. Columns: unit_type, units (active units), hsl_other_count, violence_count,
    sol_lss_count (the period's deviations at all units of the type), hsl_other_deviations,
    violence_deviations, sol_lss_deviations (those counts / units).
    """
    return run(conn, "mean_per_unit", f)
