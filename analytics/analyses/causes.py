"""Bakomliggande orsak: the causes the reporters give, with the consequence, and how often none
is given (a data-quality signal: a berättelse that says "personalbrist in 80 percent" needs the
share that gave any cause at all).

Deviations of the domains hsl, lss and sol in the period; a null cause or consequence is the
code 'ej_angiven' (contract.NOT_GIVEN).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import contract
from analytics.analyses.query import run
from analytics.filters import Filters
from analytics.privacy import protect


def cause_label(cause: str) -> str:
    """Swedish name of a cause code (ej_angiven included)."""
    return contract.label(contract.CAUSES | contract.MISSING_LABELS, cause)


def consequence_label(consequence: str) -> str:
    """Swedish name of a consequence code (ej_angiven included)."""
    return contract.label(contract.CONSEQUENCES | contract.MISSING_LABELS, consequence)


@protect("aggregate", counts=("count",), groups=("domain",))
def causes(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Key figure `causes`: one row per (domain, cause) present among the period's hsl, lss and
    sol deviations, sorted by domain, count descending, cause. Columns: domain, cause, count.
    """
    return run(conn, "causes", f)


@protect("aggregate", counts=("count",), groups=("domain", "category"))
def causes_by_category(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One row per (domain, category, cause, consequence) present among the period's hsl, lss
    and sol deviations, sorted by those. Columns: domain, category, cause, consequence, count.
    """
    return run(conn, "causes_by_category", f)


@protect(
    "aggregate",
    counts=("count", "without_cause"),
    derived={"without_cause_share": ("count", "without_cause")},
)
def cause_missing(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """How many of the period's deviations give no cause; one row per domain (hsl, lss, sol)
    with a deviation, sorted by domain. Columns: domain, label (Swedish), count, without_cause,
    without_cause_share.
    """
    frame = run(conn, "cause_missing", f)
    frame.insert(1, "label", [contract.label(contract.DOMAINS, d) for d in frame["domain"]])
    return frame
