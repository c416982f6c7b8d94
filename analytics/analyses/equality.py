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
from analytics.db import table_exists
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
    if not table_exists(conn, "brukare"):
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
