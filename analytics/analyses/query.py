"""Run a named SQL file with the filters bound as parameters.

SQL files live in analytics/sql/<name>.sql. A file may include shared CTE fragments written as
`{{fragment}}`, taken from analytics/sql/_<fragment>.sql (static SQL text only; every value is a
bound `$parameter`). Only the parameters a query mentions are bound, because DuckDB rejects
unused ones.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import duckdb
import pandas as pd

from analytics.analyses.comparison import blank_uncovered
from analytics.db import sql as read_sql
from analytics.filters import Filters

_INCLUDE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


# The table whose comparison period a query's previous_* columns count (default: deviations).
COMPARED_TABLE: dict[str, str] = {"complaint_totals": "complaints"}
# Queries of exactly one row (totals): the row stays when the comparison is blanked.
ONE_ROW: frozenset[str] = frozenset({"complaint_totals"})


@cache
def compiled(name: str) -> str:
    """The SQL of `name` with its {{fragments}} expanded (recursively)."""

    def expand(text: str, seen: tuple[str, ...]) -> str:
        def repl(m: re.Match[str]) -> str:
            frag = m.group(1)
            if frag in seen:
                raise ValueError(f"SQL include cycle: {' -> '.join((*seen, frag))}")
            return expand(read_sql(f"_{frag}"), (*seen, frag))

        return _INCLUDE.sub(repl, text)

    return expand(read_sql(name), (name,))


@cache
def parameters_of(name: str) -> frozenset[str]:
    return frozenset(_PARAM.findall(compiled(name)))


def run(conn: duckdb.DuckDBPyConnection, name: str, f: Filters | None = None, **extra: Any) -> pd.DataFrame:
    """Execute analytics/sql/<name>.sql with the filters' parameters; a materialised DataFrame."""
    available = (f.params() if f is not None else {}) | extra
    needed = parameters_of(name)
    missing = needed - available.keys()
    if missing:
        raise KeyError(f"SQL {name!r} needs parameters not given: {sorted(missing)}")
    params = {k: available[k] for k in needed}
    with conn.cursor() as cur:
        result = cur.execute(compiled(name), params).df()
    if f is not None and "prev_from" in needed:
        # a comparison the data do not reach back to is null, never 0 (key-figures.md v2)
        result = blank_uncovered(
            result, conn, f, COMPARED_TABLE.get(name, "deviations"), keep_rows=name in ONE_ROW
        )
    return result
