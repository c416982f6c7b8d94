"""Uploads: zip files are unpacked safely (no path traversal, no bombs, bounded member count) and
a load runs in a child process with memory and time limits, leaving the database unchanged when
it is refused or killed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from analytics.ingest import history, upload
from tests.folders import sha256, write_folder


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_zip_member_cannot_escape_the_upload_folder(tmp_path: Path) -> None:
    folder = tmp_path / "up"
    folder.mkdir()
    added = upload.add_file(
        folder, "export.zip", _zip({"../../evil.csv": b"a\n1\n", "sub/units.csv": b"x\n"})
    )
    assert sorted(added) == ["evil.csv", "units.csv"]
    assert sorted(p.name for p in folder.iterdir()) == ["evil.csv", "units.csv"]
    assert not (tmp_path / "evil.csv").exists()


def test_a_zip_bomb_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload, "MAX_UNPACKED_BYTES", 1_000_000)
    data = _zip({"deviations.csv": b"0" * 5_000_000})  # compresses to a few kB
    assert len(data) < 50_000
    with pytest.raises(upload.UploadError, match="högst 1 MB tillåts"):
        upload.add_file(tmp_path, "bomb.zip", data)


def test_too_many_members_and_nested_zips_are_refused(tmp_path: Path) -> None:
    many = _zip({f"f{i}.csv": b"a\n" for i in range(upload.MAX_MEMBERS + 1)})
    with pytest.raises(upload.UploadError, match="högst 100 tillåts"):
        upload.add_file(tmp_path, "many.zip", many)
    with pytest.raises(upload.UploadError, match="zip-fil i zip-filen"):
        upload.add_file(tmp_path, "nested.zip", _zip({"inner.zip": b"PK"}))
    with pytest.raises(upload.UploadError, match="ingen giltig zip-fil"):
        upload.add_file(tmp_path, "broken.zip", b"not a zip")
    with pytest.raises(upload.UploadError, match="filtypen stöds inte"):
        upload.add_file(tmp_path, "units.exe", b"MZ")


def test_a_valid_folder_loads_in_a_child_process(tmp_path: Path, db: Path) -> None:
    folder = write_folder(tmp_path / "in")
    before = sha256(db)
    # the base folder's dates lie before 2023-01-15; today is later, so it is valid today too
    result = upload.run_load(folder, db, user="anna")
    assert result.approved, result.report
    assert sha256(db) != before
    record = history.read()[0]
    assert (record["approved"], record["source"], record["user"]) == (True, "uppladdning", "anna")


def test_a_refused_upload_reports_rows_and_leaves_the_database(tmp_path: Path, db: Path) -> None:
    folder = write_folder(tmp_path / "in")
    text = (folder / "deviations.csv").read_text(encoding="utf-8").replace(",lakemedel,", ",lakemedl,")
    (folder / "deviations.csv").write_text(text, encoding="utf-8")
    before = sha256(db)
    result = upload.run_load(folder, db, user="anna")
    assert not result.approved and sha256(db) == before
    (p,) = result.problems
    assert (p["file"], p["row"], p["column"], p["value"], p["rule"]) == (
        "deviations.csv",
        3,
        "category",
        "lakemedl",
        "okänd kod",
    )
    assert "Databasen är oförändrad" in result.report
    assert history.read()[0]["approved"] is False


def test_a_load_killed_by_the_memory_limit_leaves_the_database(tmp_path: Path, db: Path) -> None:
    folder = write_folder(tmp_path / "in")
    before = sha256(db)
    result = upload.run_load(folder, db, user="anna", memory=200 * 1024 * 1024)
    assert not result.approved and sha256(db) == before
    assert history.read()[0]["approved"] is False


def test_the_mapping_sample_is_read_in_a_child_process(tmp_path: Path) -> None:
    path = tmp_path / "Avvikelser.csv"
    path.write_text("Avvikelsenummer;Kategori\nA1;Fall\nA2;Läkemedelshantering\n", encoding="utf-8")
    assert upload.sample(path, "utf-8-sig") == (
        ["Avvikelsenummer", "Kategori"],
        [["A1", "Fall"], ["A2", "Läkemedelshantering"]],
    )
    broken = tmp_path / "trasig.parquet"
    broken.write_bytes(b"PAR1 not really")
    with pytest.raises(upload.UploadError, match="kunde inte läsas för förslagen"):
        upload.sample(broken, "utf-8-sig")
