"""The load is all or nothing: readers of the old file keep working, failures change nothing,
and load_log accumulates one row per table and load."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics import contract
from analytics.ingest import load, marts
from tests.folders import TODAY, base_tables, sha256, write_folder


def renamed_units() -> dict:
    tables = base_tables()
    tables["units"][0]["unit_name"] = "Ekbacken (nytt namn)"
    tables["deviations"] = tables["deviations"][:2]
    return tables


def test_reader_of_the_old_file_keeps_its_data(tmp_path):
    db = tmp_path / "db" / "kvalitet.duckdb"
    load.load_folder(write_folder(tmp_path / "v1"), db, today=TODAY)
    reader = duckdb.connect(str(db), read_only=True)
    try:
        before = reader.execute("select unit_name from units where unit_id = 'U1'").fetchall()
        load.load_folder(write_folder(tmp_path / "v2", renamed_units()), db, today=TODAY)
        # The open reader still sees the file it opened, whole and unchanged.
        assert reader.execute("select unit_name from units where unit_id = 'U1'").fetchall() == before
        assert reader.execute("select count(*) from deviations").fetchall() == [(3,)]
    finally:
        reader.close()
    with duckdb.connect(str(db), read_only=True) as fresh:
        assert fresh.execute("select unit_name from units where unit_id = 'U1'").fetchall() == [
            ("Ekbacken (nytt namn)",)
        ]
        assert fresh.execute("select count(*) from deviations").fetchall() == [(2,)]


def test_load_log_accumulates_with_sha256_rows_and_period(tmp_path):
    db = tmp_path / "kvalitet.duckdb"
    first = write_folder(tmp_path / "v1")
    second = write_folder(tmp_path / "v2", renamed_units())
    load.load_folder(first, db, today=TODAY)
    load.load_folder(second, db, today=TODAY)
    with duckdb.connect(str(db), read_only=True) as con:
        log = con.execute(
            "select load_id, source, file, table_name, sha256, rows, period_from, period_to, "
            "contract_version, loaded_at from load_log order by load_id, table_name"
        ).fetchall()
    n = len(contract.TABLES)
    assert [r[0] for r in log] == [1] * n + [2] * n
    by_load = {(r[0], r[3]): r for r in log}
    for load_id, folder in ((1, first), (2, second)):
        for table in contract.TABLES:
            row = by_load[(load_id, table)]
            assert row[1] == str(folder.resolve())
            assert row[2] == f"{table}.csv"
            assert row[4] == sha256(folder / f"{table}.csv")
            assert row[8] == contract.CONTRACT_VERSION
            assert row[9] is not None
    assert by_load[(1, "deviations")][5] == 3 and by_load[(2, "deviations")][5] == 2
    assert by_load[(1, "census")][6:8] == (TODAY.replace(2022, 1, 1), TODAY.replace(2022, 2, 1))
    assert by_load[(1, "units")][6:8] == (None, None)


def test_failed_load_keeps_the_log_and_the_data(tmp_path):
    db = tmp_path / "db" / "kvalitet.duckdb"
    load.load_folder(write_folder(tmp_path / "v1"), db, today=TODAY)
    before = sha256(db)
    tables = renamed_units()
    tables["census"][0]["brukare"] = "-1"
    with pytest.raises(load.LoadFailed):
        load.load_folder(write_folder(tmp_path / "bad", tables), db, today=TODAY)
    assert sha256(db) == before
    assert [p.name for p in db.parent.iterdir()] == [db.name]


def test_error_while_building_removes_the_temp_file(tmp_path, monkeypatch):
    db = tmp_path / "db" / "kvalitet.duckdb"
    load.load_folder(write_folder(tmp_path / "v1"), db, today=TODAY)
    before = sha256(db)

    def broken_build(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(load, "_build", broken_build)
    with pytest.raises(load.LoadFailed) as failed:
        load.load_folder(write_folder(tmp_path / "v2", renamed_units()), db, today=TODAY)
    assert "databasen kunde inte byggas" in failed.value.report()
    assert "No space left on device" in failed.value.report()
    assert sha256(db) == before
    assert [p.name for p in db.parent.iterdir()] == [db.name]


def test_first_load_creates_the_database_and_its_folder(tmp_path):
    db = tmp_path / "new" / "sub" / "kvalitet.duckdb"
    summary = load.load_folder(write_folder(tmp_path / "v1"), db, today=TODAY)
    assert db.exists() and summary.rows == sum(len(rows) for rows in base_tables().values())
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    # every contract table (issue 8: empty when not supplied), the bookkeeping and the marts
    assert tables == set(contract.TABLES) | {"load_log", "supplied_tables"} | set(marts.MARTS)


def test_schema_is_the_contract_ddl(tmp_path):
    db = tmp_path / "kvalitet.duckdb"
    load.load_folder(write_folder(tmp_path / "v1"), db, today=TODAY)
    with duckdb.connect(str(db), read_only=True) as con:
        for table in contract.TABLES.values():
            cols = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_name = $t order by ordinal_position",
                {"t": table.name},
            ).fetchall()
            assert cols == [(c.name, c.duckdb_type) for c in table.columns]


def test_database_with_a_write_log_is_not_replaced(tmp_path):
    """A .wal next to the file belongs to a writer that is still open (or was cut off): replacing
    the file under it would replay that log onto the new database at the next open."""
    db = tmp_path / "db" / "kvalitet.duckdb"
    load.load_folder(write_folder(tmp_path / "v1"), db, today=TODAY)
    writer = duckdb.connect(str(db))
    try:
        writer.execute("update units set unit_name = 'Skrivs just nu' where unit_id = 'U1'")
        assert Path(str(db) + ".wal").exists()
        before = sha256(db)
        with pytest.raises(load.LoadFailed) as failed:
            load.load_folder(write_folder(tmp_path / "v2", renamed_units()), db, today=TODAY)
        report = failed.value.report()
        assert ".wal" in report and "annan process" in report
        assert sha256(db) == before
    finally:
        writer.close()
    load.load_folder(write_folder(tmp_path / "v3", renamed_units()), db, today=TODAY)
    with duckdb.connect(str(db), read_only=True) as fresh:
        assert fresh.execute("select unit_name from units where unit_id = 'U1'").fetchall() == [
            ("Ekbacken (nytt namn)",)
        ]
