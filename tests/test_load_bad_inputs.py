"""Bad input through the command line: exit code 1, a clear Swedish message, never a traceback,
and the database file unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from analytics import contract
from analytics.__main__ import main
from tests.folders import base_tables, sha256, write_csv, write_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The valid base folder as CSV files, for the test to break."""
    return write_folder(tmp_path / "in")


def cli_rejects(folder: Path, db: Path, capsys, *words: str) -> str:
    """Run `python -m analytics load` in-process; expect exit 1, the words, no traceback."""
    before = sha256(db)
    code = main(["load", str(folder), "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Traceback" not in out + err
    for w in words:
        assert w in err, f"{w!r} saknas i:\n{err}"
    assert "Databasen är oförändrad" in err
    assert sha256(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]
    return err


def test_empty_file(folder, db, capsys):
    (folder / "deviations.csv").write_bytes(b"")
    cli_rejects(folder, db, capsys, "deviations.csv: filen är tom (0 byte)")


def test_header_only_required_table(folder, db, capsys):
    (folder / "units.csv").write_text("unit_id,unit_name,administration,area,unit_type,operator\n")
    cli_rejects(folder, db, capsys, "units.csv: tabellen har inga rader")


def test_header_only_optional_table_loads_empty_with_warning(folder, db, capsys):
    (folder / "complaints.csv").write_text("complaint_id,received_date,kind\n")
    assert main(["load", str(folder), "--db", str(db)]) == 0
    out, _ = capsys.readouterr()
    assert "complaints.csv: inga rader; tabellen laddas tom" in out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from complaints").fetchall() == [(0,)]


def test_parquet_that_is_not_parquet(folder, db, capsys):
    (folder / "signings.csv").unlink()
    (folder / "signings.parquet").write_text("unit_id,date\nU1,2022-01-01\n")
    cli_rejects(folder, db, capsys, "signings.parquet: filen kunde inte läsas som Parquet")


def test_xlsx_that_is_not_excel(folder, db, capsys):
    (folder / "brukare.csv").unlink()
    (folder / "brukare.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    cli_rejects(folder, db, capsys, "brukare.xlsx: filen kunde inte läsas som Excel")


def test_latin1_csv(folder, db, capsys):
    write_csv(folder / "units.csv", base_tables()["units"], encoding="latin-1")
    cli_rejects(folder, db, capsys, "units.csv rad 2: filen är inte UTF-8", "spara den som CSV UTF-8")


def test_duplicate_columns(folder, db, capsys):
    rows = base_tables()["census"]
    write_csv(folder / "census.csv", rows, columns=["unit_id", "month", "brukare", "month"])
    cli_rejects(folder, db, capsys, "census.csv, kolumn month: kolumnnamnet förekommer flera gånger")


def test_missing_columns(folder, db, capsys):
    rows = base_tables()["deviations"]
    write_csv(folder / "deviations.csv", rows, columns=["deviation_id", "unit_id", "domain", "category"])
    err = cli_rejects(folder, db, capsys, "obligatorisk kolumn saknas")
    assert "deviations.csv, kolumn reported_date: obligatorisk kolumn saknas" in err


def test_two_files_for_one_table(folder, db, capsys):
    shutil.copy(folder / "units.csv", folder / "units.xlsx")
    cli_rejects(folder, db, capsys, "två filer för samma tabell", "units.csv", "units.xlsx")


@pytest.mark.parametrize("pnr", ["19121212-1212", "121212-1212", "191212121212"])
def test_personnummer_in_an_id_column(folder, db, capsys, pnr):
    tables = base_tables()
    tables["brukare"][2]["brukare_id"] = pnr
    write_folder(folder, tables)
    err = cli_rejects(folder, db, capsys, "brukare.csv rad 4, kolumn brukare_id", "personnummer")
    assert pnr not in err


def test_invalid_date(folder, db, capsys):
    tables = base_tables()
    tables["deviations"][0]["reported_date"] = "2022-13-45"
    write_folder(folder, tables)
    cli_rejects(
        folder,
        db,
        capsys,
        'deviations.csv rad 2, kolumn reported_date, värde "2022-13-45": inte ett giltigt datum (ÅÅÅÅ-MM-DD)',
    )


def test_negative_count(folder, db, capsys):
    tables = base_tables()
    tables["census"][2]["brukare"] = "-4"
    write_folder(folder, tables)
    cli_rejects(
        folder, db, capsys, 'census.csv rad 4, kolumn brukare, värde "-4": antalet får inte vara negativt'
    )


def test_100_mb_free_text_cell_is_rejected(folder, db, capsys):
    rows = base_tables()["deviations"]
    path = write_csv(folder / "deviations.csv", rows[:1])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("D2,2022-03-06,,U2,B2,hsl,fall,,,,,,,,,,,,,")
        chunk = "x" * (1 << 20)
        for _ in range(100):
            fh.write(chunk)
        fh.write("\n")
    cli_rejects(folder, db, capsys, "deviations.csv rad 3", "raden är för lång", "20 000 tecken")


def test_long_text_cell_within_a_line_is_rejected(folder, db, capsys):
    tables = base_tables()
    tables["complaints"][0]["description"] = "å" * 50_000
    write_folder(folder, tables)
    cli_rejects(
        folder, db, capsys, "complaints.csv rad 2, kolumn description", "texten är för lång", "50 000 tecken"
    )


def test_malformed_csv_line(folder, db, capsys):
    with (folder / "work_incidents.csv").open("a", encoding="utf-8") as fh:
        fh.write("W2,2022-05-02,U1,olycka,nej,extra,cells\n")
    cli_rejects(folder, db, capsys, "work_incidents.csv rad 3", "kunde inte tolkas som CSV")


def test_required_table_missing(folder, db, capsys):
    (folder / "units.csv").unlink()
    cli_rejects(folder, db, capsys, "units.parquet/.csv/.xlsx: obligatorisk tabell saknas")


def test_folder_missing(tmp_path, db, capsys):
    cli_rejects(tmp_path / "finns-inte", db, capsys, "mappen finns inte")


def test_target_that_is_not_a_database(folder, tmp_path, capsys):
    target = tmp_path / "other" / "kvalitet.duckdb"
    target.parent.mkdir()
    target.write_bytes(b"not a duckdb file, something the user keeps here")
    cli_rejects(folder, target, capsys, "databasen kunde inte byggas")


def test_unexpected_error_names_the_file_and_leaves_no_traceback(folder, db, capsys, monkeypatch):
    from analytics.ingest import readers

    def boom(con, staged):
        raise RuntimeError("disken försvann")

    monkeypatch.setitem(readers.READERS, ".csv", boom)
    cli_rejects(folder, db, capsys, "units.csv: filen kunde inte läsas", "disken försvann")


def test_script_in_description_is_stored_verbatim(folder, db, capsys):
    text = '<script>alert(1)</script> & "citat"; ny\nrad'
    tables = base_tables()
    tables["deviations"][0]["description"] = text
    write_folder(folder, tables)
    assert main(["load", str(folder), "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert f"Laddade {len(contract.TABLES)} tabeller" in out and "Traceback" not in out + err
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("select description from deviations where deviation_id = 'D1'").fetchall()
    assert stored == [(text,)]


def test_success_summary(folder, db, capsys):
    assert main(["load", str(folder), "--db", str(db)]) == 0
    out, _ = capsys.readouterr()
    assert f"Laddade {len(contract.TABLES)} tabeller" in out
    assert "Period: 2022-01-01 – 2022-05-01" in out
    assert "deviations" in out and "3 rader, 2022-03-05 – 2022-03-07" in out
