"""Enheter: the units of one type side by side, as at the analysis team's half-year review.

One row per unit: deviations per brukare, shares investigated and followed up, the medication
signing rate, unsigned tasks per reported medication deviation, and the per-brukare rate of
the last four half-years. Built from the per-unit functions of deviations and signing, so the
figures agree with their pages. A chef sees own units against the type's median, computed over
every unit of the type but naming none.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from analytics.analyses import deviations, signing
from analytics.db import supplied
from analytics.filters import Filters, Period, Scope
from analytics.privacy import protect

# The measures of a unit row that the type's median is taken of: column -> Swedish name.
MEASURES: dict[str, str] = {
    "per_brukare": "Avvikelser per brukare",
    "investigated_share": "Andel utredda",
    "followed_up_share": "Andel uppföljda",
    "signed_share": "Signeringsgrad läkemedel",
    "unsigned_per_deviation": "Ej signerade per rapporterad läkemedelsavvikelse",
}

TREND_HALVES = 4  # half-years in the trend column
MEDIAN_MIN_UNITS = 3  # fewer units: a median would give a unit's value away to a chef


def trend_halves(end: date, count: int = TREND_HALVES) -> list[Period]:
    """The `count` half-years up to and including the one that holds `end`, oldest first."""
    half = 1 if end.month <= 6 else 2
    year = end.year
    halves = []
    for _ in range(count):
        halves.append(Period.half_year(year, half))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return halves[::-1]


def _of_type(f: Filters, unit_type: str) -> Filters:
    return f.with_(unit_types=[unit_type])


@protect("unit_level")
def unit_table(conn: duckdb.DuckDBPyConnection, f: Filters, unit_type: str) -> pd.DataFrame:
    """One row per selected unit of `unit_type` that is active (census brukare > 0) in the
    period or has a deviation, sorted by unit_name.

    Columns: unit_id, unit_name, operator, brukare, deviations, per_brukare (null without
    census), investigated_share, followed_up_share (of the period's deviations; null with none),
    signed_share (medication signings; null without signings), unsigned, reported_medication
    (the unit's lakemedel deviations), unsigned_per_deviation (null when none was reported),
    trend (list: per_brukare of each half-year of trend_halves, None where not active).
    """
    g = _of_type(f, unit_type)
    units = deviations.unit_distribution(conn, g, "all").rename(columns={"count": "deviations"})
    units = units[["unit_id", "unit_name", "operator", "brukare", "deviations", "per_brukare"]]
    compliance = deviations.compliance_by_unit(conn, g)[
        ["unit_id", "investigated_share", "followed_up_share"]
    ]
    units = units.merge(compliance, on="unit_id", how="left", validate="one_to_one")
    if supplied(conn, "signings"):
        signed = signing.signing_rate_by_unit(conn, g)
        signed = signed[signed["task_kind"] == "lakemedel"]
        signed = signed[
            ["unit_id", "signed_share", "unsigned", "reported_deviations", "unsigned_per_deviation"]
        ]
        signed = signed.rename(columns={"reported_deviations": "reported_medication"})
    else:
        signed = pd.DataFrame(
            columns=["unit_id", "signed_share", "unsigned", "reported_medication", "unsigned_per_deviation"]
        )
    units = units.merge(signed, on="unit_id", how="left", validate="one_to_one")
    for column in ("unsigned", "reported_medication"):
        units[column] = units[column].astype("Int64")
    for column in ("signed_share", "unsigned_per_deviation", "investigated_share", "followed_up_share"):
        units[column] = units[column].astype("float64")
    history = {}
    for half in trend_halves(f.period.end):
        per = deviations.unit_distribution(conn, g.with_(period=half), "all")
        history[half] = dict(zip(per["unit_id"], per["per_brukare"], strict=True))
    units["trend"] = [
        [None if pd.isna(h.get(u)) else float(h[u]) for h in history.values()] for u in units["unit_id"]
    ]
    return units.sort_values(["unit_name", "unit_id"]).reset_index(drop=True)


@protect("aggregate", not_counts=("units",))
def unit_type_median(conn: duckdb.DuckDBPyConnection, f: Filters, unit_type: str) -> pd.DataFrame:
    """The median of each MEASURES column over every active unit of `unit_type` (the viewer's
    scope and unit choice do not narrow it: the median is the type's); exactly one row.

    Columns: units (active units of the type in the period), then MEASURES. Each median is null
    with fewer than MEDIAN_MIN_UNITS units that have the measure.
    """
    everyone = f.with_(scope=Scope(), unit_ids=None)
    table = unit_table(conn, everyone, unit_type)
    active = table[table["brukare"] > 0]
    row: dict[str, object] = {"units": len(active)}
    for column in MEASURES:
        values = active[column].dropna()
        row[column] = float(values.median()) if len(values) >= MEDIAN_MIN_UNITS else float("nan")
    frame = pd.DataFrame([row])
    frame["units"] = frame["units"].astype("int64")
    return frame
