"""Build a tiny hand-made database in code, with the product's own schema.

Each test module writes its rows as plain dicts, so every expected number is visible in the
test. Columns left out of a row are null, or the contract default (e.g. lex_sarah = false).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from analytics import contract
from analytics.ingest import marts


def unit(unit_id: str, unit_type: str = "gruppbostad_lss", operator: str = "egen_regi", **kw: Any) -> dict:
    """A units row with sensible defaults."""
    return {
        "unit_id": unit_id,
        "unit_name": kw.pop("unit_name", f"Enhet {unit_id}"),
        "administration": kw.pop("administration", "SOF"),
        "area": kw.pop("area", contract.UNIT_TYPES[unit_type]),
        "unit_type": unit_type,
        "operator": operator,
        **kw,
    }


def census_year(unit_id: str, year: int, brukare: int, months: range = range(1, 13), **kw: Any) -> list[dict]:
    """Census rows for the given months of a year, the same brukare each month."""
    return [{"unit_id": unit_id, "month": date(year, m, 1), "brukare": brukare, **kw} for m in months]


def build(
    tables: dict[str, list[dict[str, Any]]], path: str | Path = ":memory:"
) -> duckdb.DuckDBPyConnection:
    """A database loaded with exactly the given tables (required ones are supplied even if empty)."""
    conn = duckdb.connect(str(path))
    names = list(dict.fromkeys([*contract.REQUIRED_TABLES, *tables]))
    for name in names:
        table = contract.TABLES[name]
        conn.execute(contract.ddl(table))
        cols = table.columns
        placeholders = ", ".join("?" for _ in cols)
        rows = [
            [row.get(c.name, c.default) if row.get(c.name) is not None else c.default for c in cols]
            for row in tables.get(name, [])
        ]
        unknown = {k for row in tables.get(name, []) for k in row} - set(table.column_names)
        if unknown:
            raise KeyError(f"{name}: unknown columns {sorted(unknown)}")
        if rows:
            conn.executemany(f'insert into "{name}" values ({placeholders})', rows)  # noqa: S608 (contract names)
    conn.execute(contract.LOAD_LOG_DDL)
    # As the loader does: the tables not given exist empty, and the marts are built.
    marts.build(conn, names)
    return conn
