"""Jämlikhet: deviations, falls and hot och våld by the brukare's sex and age group.

Needs the optional brukare table (sex, birth year); complaints name no brukare, so they cannot
be split. Groups under the threshold (privacy.min_cell, default 5) are hidden for everyone, not
only for politiker: sex and age group narrow a small unit down to a person.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import contract, privacy
from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect

# The subjects split, in display order: code -> Swedish name.
SUBJECTS: dict[str, str] = {
    "avvikelser": "Alla avvikelser med brukare",
    "fall": "Fall",
    "hot_och_vald": "Hot och våld",
}

SEX_LABELS: dict[str, str] = contract.SEXES | {contract.UNKNOWN: "Okänt kön"}

_COLUMNS = {"subject": "str", "sex": "str", "age_group": "str", "count": "Int64", "brukare": "Int64"}


@protect("aggregate", counts=("count", "brukare"), groups=("subject",))
def by_sex_and_age(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The period's deviations that name a brukare, by subject, sex and age group.

    One row per (subject, sex, age_group) present, subjects in SUBJECTS order, then sex (K, M,
    okand), then age group (contract.AGE_GROUPS order). Columns: subject, sex, age_group, count,
    brukare (distinct brukare). Counts from 1 to the threshold - 1 are null for every role, with
    complementary suppression per subject. Empty without a brukare table.
    """
    if not supplied(conn, "brukare"):
        return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _COLUMNS.items()})
    frame = run(conn, "equality", f)
    order = {
        "subject": {s: i for i, s in enumerate(SUBJECTS)},
        "sex": {s: i for i, s in enumerate(SEX_LABELS)},
        "age_group": {a: i for i, a in enumerate(contract.AGE_GROUPS)},
    }
    frame = frame.sort_values(list(order), key=lambda s: s.map(order[s.name])).reset_index(drop=True)
    for column in ("count", "brukare"):
        frame[column] = frame[column].astype("Int64")
    return privacy.suppress(frame, ("count", "brukare"), groups=("subject",)).frame


@protect("aggregate", counts=tuple(SEX_LABELS), groups=None)
def age_by_sex(conn: duckdb.DuckDBPyConnection, f: Filters, subject: str = "avvikelser") -> pd.DataFrame:
    """One subject of by_sex_and_age as a table: one row per age group (contract.AGE_GROUPS
    order) with any deviation, a column per sex (K, M, okand) holding the count (0 when none,
    null when hidden). Columns: age_group, label (Swedish), K, M, okand.
    """
    if subject not in SUBJECTS:
        raise ValueError(f"Okänt ämne: {subject!r}. Tillåtna: {', '.join(SUBJECTS)}")
    long = by_sex_and_age(conn, f)
    long = long[long["subject"] == subject]
    present = [a for a in contract.AGE_GROUPS if a in set(long["age_group"])]
    grid = pd.MultiIndex.from_product([present, list(SEX_LABELS)], names=["age_group", "sex"])
    counts = long.set_index(["age_group", "sex"])["count"].astype("Float64")
    counts = counts.reindex(grid)
    absent = ~grid.isin(long.set_index(["age_group", "sex"]).index)
    counts[absent] = 0
    wide = counts.unstack("sex").reindex(columns=list(SEX_LABELS)).reset_index()
    wide.columns.name = None
    wide.insert(1, "label", [contract.AGE_GROUPS[a] for a in wide["age_group"]])
    for sex in SEX_LABELS:
        wide[sex] = wide[sex].astype("Int64")
    return wide
