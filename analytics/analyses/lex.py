"""Lex Sarah and lex Maria: reports, the comparison period, IVO, outcomes and the case list.

The berättelse's mandatory chapter: how many reports under each law, how many went to IVO, the
distribution of lex Sarah decisions in the code list's order ("fördelning av beslut"), per
domain and category, and for the analysis team the cases themselves (brukare-level: refused for
politiker and written to the access log by the caller).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import contract
from analytics.analyses.query import run
from analytics.filters import Filters
from analytics.privacy import protect

# The two laws: code -> Swedish name.
LAWS: dict[str, str] = {"lex_sarah": "Lex Sarah", "lex_maria": "Lex Maria"}

# lex Sarah outcomes in the code list's order, a report without outcome last.
OUTCOME_ORDER: tuple[str, ...] = (*contract.LEX_SARAH_OUTCOMES, contract.NOT_ASSESSED)


def _law(law: str) -> str:
    if law not in LAWS:
        raise ValueError(f"Okänd lag: {law!r}. Tillåtna: {', '.join(LAWS)}")
    return law


def outcome_label(outcome: str) -> str:
    """Swedish name of a lex Sarah outcome code (ej_bedomd included)."""
    return contract.label(contract.LEX_SARAH_OUTCOMES | contract.MISSING_LABELS, outcome)


@protect(
    "aggregate",
    counts=("reports", "previous_reports", "ivo_reported"),
    groups=None,
)
def lex_summary(conn: duckdb.DuckDBPyConnection, f: Filters, law: str = "lex_sarah") -> pd.DataFrame:
    """Reports under `law` (a key of LAWS); exactly one row.

    Columns: reports (the period's deviations with the law's flag), previous_reports (the same
    in the comparison period; null when the data do not reach back), ivo_reported (the period's
    reports with ivo_reported).
    """
    return run(conn, "lex_summary", f, law=_law(law))


@protect("aggregate", counts=("count",))
def lex_by_outcome(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The period's lex Sarah reports per outcome; one row per outcome present (a null outcome
    as 'ej_bedomd'), in the code list's order with 'ej_bedomd' last. Columns: outcome, label
    (Swedish), count.
    """
    frame = run(conn, "lex_by_outcome", f, outcomes=list(contract.LEX_SARAH_OUTCOMES))
    frame.insert(1, "label", [outcome_label(o) for o in frame["outcome"]])
    return frame


@protect(
    "aggregate",
    counts=("count", "previous_count", "ivo_reported", "investigated"),
    derived={"investigated_share": ("investigated", "count")},
    groups=("domain",),
)
def lex_by_category(conn: duckdb.DuckDBPyConnection, f: Filters, law: str = "lex_sarah") -> pd.DataFrame:
    """Reports under `law` per domain and category; one row per (domain, category) with a
    report in the period or the comparison period, sorted by domain, category.

    Columns: domain, category, count, previous_count, ivo_reported, investigated,
    investigated_share (null when count is 0).
    """
    frame = run(conn, "lex_by_category", f, law=_law(law))
    frame["investigated_share"] = (frame["investigated"] / frame["count"].where(frame["count"] > 0)).astype(
        "float64"
    )
    return frame


@protect("aggregate", counts=("count",))
def lex_by_domain(conn: duckdb.DuckDBPyConnection, f: Filters, law: str = "lex_sarah") -> pd.DataFrame:
    """The period's reports under `law` per domain; one row per domain present, sorted by
    domain. Columns: domain, count."""
    by_category = lex_by_category(conn, f, law)
    totals = by_category.groupby("domain", as_index=False)["count"].sum()
    return totals[totals["count"] > 0].sort_values("domain").reset_index(drop=True)


@protect("brukare_level")
def lex_cases(conn: duckdb.DuckDBPyConnection, f: Filters, law: str = "lex_sarah") -> pd.DataFrame:
    """The period's reports under `law` at the selected units, newest first: the analysis
    team's case list. No free text.

    Columns: deviation_id, reported_date, unit_id, unit_name, brukare_id, domain, category,
    lex_sarah_outcome, ivo_reported, investigated_date, followed_up_date.
    """
    return run(conn, "lex_cases", f, law=_law(law))
