"""analytics.store: table lookups, cached only where the tables cannot change."""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.db import connect_readonly, table_exists, table_names


def test_read_write_connection_sees_a_table_created_after_the_first_lookup():
    conn = duckdb.connect()
    assert not table_exists(conn, "census")
    conn.execute("create table census (a int)")
    assert table_exists(conn, "census")


def test_read_only_connection_lists_the_files_tables(tmp_path: Path):
    path = tmp_path / "t.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("create table units (a int)")
        conn.execute("create table census (a int)")
    conn = connect_readonly(path)
    try:
        assert table_names(conn) == {"units", "census"}
        assert table_exists(conn, "units") and not table_exists(conn, "signings")
        assert table_names(conn) is table_names(conn)  # cached: one query per connection
    finally:
        conn.close()
