"""MCSS signing of delegated HSL tasks: signing rates and the under-reporting estimate.

Every function selects signings dated in the period at the units passing the organisation
filters and the viewer's scope. tasks = sum of `count` (every status); signed = utford +
ej_utford; unsigned = ej_signerad; signed_share = signed / tasks. Event rows and pre-aggregated
rows add up alike: the loader stores count = 1 where the file left it empty.

reported_deviations = the period's hsl deviations, at the same units, whose category matches the
task kind: lakemedel tasks <-> category lakemedel; hsl_insats tasks <-> every hsl category
except fall and lakemedel ("HSL övrigt"). An unsigned task is a missed or undocumented task, so
unsigned far above reported_deviations estimates how much goes unreported. The domain and
category filters do not apply here: the match is part of the definition.

Without a signings table every function returns an empty frame with its documented columns.
Shares are unrounded fractions 0-1 (the export and the UI round).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import contract
from analytics.analyses.query import run
from analytics.filters import Filters
from analytics.privacy import protect

# Dimensions signing_by_month may group by: value bound as $by -> meaning.
MONTH_GROUPS: dict[str, str] = {
    "all": "Alla",
    "unit_type": "Verksamhetstyp",
    "operator": "Regi",
    "task_kind": "Insatstyp",
}

# Suppression for politiker (analytics.privacy): unsigned tasks and reported deviations are
# counted; signed = tasks - unsigned would reveal a hidden unsigned, so it goes with it.
SIGNING_COUNTS: tuple[str, ...] = ("unsigned", "reported_deviations")
SIGNING_DERIVED: dict[str, tuple[str, ...]] = {
    "signed": ("unsigned",),
    "signed_share": ("unsigned",),
    "unsigned_per_deviation": ("unsigned", "reported_deviations"),
}

# Columns of the signing frames (for the empty frame without a signings table).
_MEASURE_COLUMNS: dict[str, str] = {
    "tasks": "int64",
    "signed": "int64",
    "signed_share": "float64",
    "unsigned": "int64",
    "reported_deviations": "int64",
}


@protect(
    "aggregate", counts=SIGNING_COUNTS, derived=SIGNING_DERIVED, groups=("task_kind",), not_counts=("tasks",)
)
def signing_by_group(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Signing per group (key figure `signing`); one row per (unit_type, operator, task_kind)
    with tasks > 0, sorted by those three.

    Columns: unit_type, operator, task_kind, tasks (int), signed (int), signed_share (float),
    unsigned (int), reported_deviations (int: matching hsl deviations at all selected units of
    the same unit_type and operator, also those without signings).
    """
    return run(conn, "signing_by_group", f)


@protect(
    "aggregate", counts=SIGNING_COUNTS, derived=SIGNING_DERIVED, groups=("task_kind",), not_counts=("tasks",)
)
def signing_by_unit_type(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Signing and the under-reporting estimate per unit type, all operators together; one row
    per (unit_type, task_kind) with tasks > 0, sorted by those two.

    Columns: unit_type, task_kind, tasks, signed, signed_share, unsigned, reported_deviations
    (matching deviations at all selected units of the type), unsigned_per_deviation (float:
    unsigned / reported_deviations; null when no deviation was reported).
    """
    return run(conn, "signing_by_unit_type", f)


@protect("unit_level")
def signing_rate_by_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Signing rate and the under-reporting estimate per unit; one row per (unit_id, task_kind)
    with tasks > 0, sorted by unit_type, operator, unit_id, task_kind.

    Columns: unit_id, unit_name, unit_type, operator, task_kind, tasks, signed, signed_share,
    unsigned, reported_deviations (matching deviations at that unit), unsigned_per_deviation
    (null when the unit reported no matching deviation).
    """
    return run(conn, "signing_rate_by_unit", f)


@protect(
    "aggregate", counts=SIGNING_COUNTS, derived=SIGNING_DERIVED, groups=("group_key",), not_counts=("tasks",)
)
def signing_by_month(
    conn: duckdb.DuckDBPyConnection, f: Filters, by: str = "all", task_kind: str | None = None
) -> pd.DataFrame:
    """Signing per calendar month; one row per (month, group_key) with tasks > 0, sorted by
    month then group_key.

    `by` is one of MONTH_GROUPS: "all" (group_key 'all'), "unit_type", "operator" or
    "task_kind" (group_key is that code). `task_kind` restricts to one task kind (None: both).
    Columns: month (first day, datetime), group_key, tasks, signed, signed_share, unsigned.
    """
    if by not in MONTH_GROUPS:
        raise ValueError(f"Okänd gruppering: {by!r}. Tillåtna: {', '.join(MONTH_GROUPS)}")
    if task_kind is not None and task_kind not in contract.TASK_KINDS:
        raise ValueError(f"Okänd insatstyp: {task_kind!r}. Tillåtna: {', '.join(contract.TASK_KINDS)}")
    return run(conn, "signing_by_month", f, by=by, task_kind=task_kind)
