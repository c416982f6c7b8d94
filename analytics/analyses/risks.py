"""Risks (the optional contract table risker): the 4 x 4 matrix, risks per level on SKR's scale
and per unit, and the list with the internal control plan.

Riskvärde = probability x consequence (1-16), computed where the register leaves it empty;
"allvarligt riskvärde" is 9 or more (contract.RISK_LEVELS). A risk without a unit belongs to a
process and is counted when no organisation filter or unit scope narrows the view. Numbers of
risks are not counts of people or events and are shown to every role.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@protect("aggregate", not_counts=("probability", "consequence", "value", "risks"))
def risk_matrix(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """All 16 cells of the matrix; one row per (probability, consequence).

    Columns: probability, consequence (1-4), value (their product), risks (assessed in the period).
    Empty without the table.
    """
    if not supplied(conn, "risker"):
        return _empty(("probability", "consequence", "value", "risks"))
    return run(conn, "risk_matrix", f)


@protect("aggregate", not_counts=("risks", "in_internal_control"))
def risks_by_level(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One row per level (lag, mattlig, allvarlig), every level.

    Columns: level, risks, in_internal_control.
    """
    if not supplied(conn, "risker"):
        return _empty(("level", "risks", "in_internal_control"))
    return run(conn, "risks_by_level", f)


@protect("unit_level")
def risks_by_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One row per selected unit with a risk in the period.

    Columns: unit_id, unit_name, risks, lag, mattlig, allvarlig.
    """
    if not supplied(conn, "risker"):
        return _empty(("unit_id", "unit_name", "risks", "lag", "mattlig", "allvarlig"))
    return run(conn, "risks_by_unit", f)


@protect("unit_level")
def risk_list(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One row per risk assessed in the period, highest riskvärde first.

    Columns: risk_id, unit_id, unit_name (null for a process), process, risk, probability,
    consequence, value, level, owner, assessed_date, internal_control.
    """
    if not supplied(conn, "risker"):
        return _empty(("risk_id", "unit_id", "unit_name", "process", "risk", "value", "level"))
    return run(conn, "risk_list", f)
