"""Marts: the tables the analyses read, derived once at load from the staged contract tables.

The loader writes one validated table per contract table (every one, empty when its file was not
supplied), records which files were supplied (`supplied_tables`), then runs `build`. Each mart is
one SQL file here whose first line states its grain. The analyses read marts, never raw events:
a page's cost does not grow with the number of MCSS signing events.

    contract tables (staging) -> mart_deviations       one row per deviation, with the kind flags
                              -> mart_brukare_months   one row per unit and census month
                              -> mart_signings_daily   one row per unit, day, task_kind, status
                              -> mart_signings_monthly one row per unit, month, task_kind, status
                              -> mart_column_nulls     one row per contract table and column
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import duckdb

from analytics import contract
from analytics.contract.kinds import flag_columns_sql
from analytics.db import quote_ident

MARTS_DIR = Path(__file__).resolve().parent

# In build order (a mart may read the ones before it).
MARTS: tuple[str, ...] = (
    "mart_deviations",
    "mart_brukare_months",
    "mart_signings_daily",
    "mart_signings_monthly",
    "mart_column_nulls",
)

SUPPLIED_TABLES_DDL = """
create table if not exists supplied_tables (
    table_name varchar not null
)
"""


def _column_nulls_sql() -> str:
    """One select per contract table: its row count and each column's nulls, one row per column."""
    parts = []
    for table in contract.TABLES.values():
        nulls = ", ".join(
            f"count(*) - count({quote_ident(c.name)}) as {quote_ident(c.name)}" for c in table.columns
        )
        parts.append(
            f"select '{table.name}' as table_name, column_name, _rows as rows, nulls\n"  # noqa: S608 (contract names)
            f"from (unpivot (select count(*) as _rows, {nulls} from {quote_ident(table.name)})\n"
            "      on columns(* exclude (_rows)) into name column_name value nulls)"
        )
    return "\nunion all\n".join(parts)


@cache
def mart_sql(name: str) -> str:
    """The CREATE statement of one mart, with the contract's kinds and columns rendered in."""
    text = (MARTS_DIR / f"{name}.sql").read_text(encoding="utf-8")
    text = text.replace("{{kind_flags}}", flag_columns_sql("d.domain", "d.category"))
    return text.replace("{{column_nulls}}", _column_nulls_sql())


def grain(name: str) -> str:
    """The mart's grain, from its first line ("-- grain: one row per ...")."""
    first = mart_sql(name).splitlines()[0]
    if not first.startswith("-- grain: "):
        raise ValueError(f"{name}.sql must start with '-- grain: ...'")
    return first.removeprefix("-- grain: ")


def build(con: duckdb.DuckDBPyConnection, supplied: Iterable[str]) -> None:
    """Complete a database of staged contract tables: create every contract table that is
    missing (empty, with the contract's columns and types), record the supplied ones, and
    build the marts."""
    supplied = [t for t in contract.TABLES if t in set(supplied)]
    for table in contract.TABLES.values():
        con.execute(contract.ddl(table).replace("create table ", "create table if not exists ", 1))
    con.execute(SUPPLIED_TABLES_DDL)
    con.execute("delete from supplied_tables")
    con.executemany("insert into supplied_tables values (?)", [[t] for t in supplied])
    for name in MARTS:
        con.execute(f"drop table if exists {name}")
        con.execute(mart_sql(name))
