"""The access log: one appended line per view, never rewritten, kept across database reloads."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_deviations import H1, tables
from tiny_db import build

from analytics import privacy
from analytics.analyses import deviations
from analytics.db import connect_readonly
from analytics.filters import Filters, Scope
from analytics.ingest import load
from analytics.privacy import access_log

CHEF = Scope("chef", ("A1",), "anna.berg@kommun.se")
AT = datetime(2024, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=1)))


def test_a_view_of_a_brukare_list_writes_exactly_one_entry_with_the_ids(tmp_path: Path) -> None:
    log = tmp_path / "log" / "access.jsonl"
    conn = build(tables())
    f = Filters.build(H1, CHEF)
    rows = deviations.deviations_by_brukare(conn, f)
    assert privacy.needs_access_log(deviations.deviations_by_brukare)
    ids = access_log.brukare_ids_in(rows)
    assert ids == ["P1", "P2"]  # A1 in test_deviations: d01-d04 (P1, P2), the rest without
    entry = access_log.log_view(CHEF.user, CHEF.role, "Avvikelser", f, ids, "brukare_level", path=log, now=AT)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == entry
    assert entry["brukare_ids"] == ["P1", "P2"]
    assert entry["user"] == "anna.berg@kommun.se" and entry["page"] == "Avvikelser"
    assert entry["at"] == "2024-03-05T14:30:00+01:00"
    assert entry["filters"]["period"] == {"from": "2022-01-01", "to": "2022-06-30"}
    assert entry["filters"]["scope_units"] == ["A1"]


def test_appending_keeps_every_earlier_byte(tmp_path: Path) -> None:
    log = tmp_path / "access.jsonl"
    f = Filters.build(H1)
    access_log.log_view(
        "a@k.se", "analytiker", "Avvikelser", f, ["P2", "P1", "P1"], "brukare_level", path=log
    )
    before = log.read_bytes()
    access_log.log_view("a@k.se", "analytiker", "Synpunkter", f, [], "free_text", record_ids=["K1"], path=log)
    after = log.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert len(after.splitlines()) == 2
    assert json.loads(after.splitlines()[0])["brukare_ids"] == ["P1", "P2"]


def test_the_log_survives_a_reload_of_the_database(tmp_path: Path, demo_folder: Path, monkeypatch) -> None:
    log = tmp_path / "data" / "access_log" / "access.jsonl"
    monkeypatch.setenv(access_log.ENV_ACCESS_LOG, str(log))
    db = tmp_path / "data" / "kvalitet.duckdb"
    load.load_folder(demo_folder, db)
    conn = connect_readonly(db)
    f = Filters.build(H1, Scope("chef", ("U001",), "c@k.se"))
    ids = access_log.brukare_ids_in(deviations.deviations_by_brukare(conn, f))
    conn.close()
    access_log.log_view("c@k.se", "chef", "Avvikelser", f, ids, "brukare_level")
    content = log.read_bytes()
    load.load_folder(demo_folder, db)  # a reload replaces the database file
    assert log.read_bytes() == content
    assert access_log.read_log()["user"].tolist() == ["c@k.se"]


def test_read_log_filters_by_user_and_period_newest_first(tmp_path: Path) -> None:
    log = tmp_path / "access.jsonl"
    f = Filters.build(H1)
    for day, user in [(1, "a@k.se"), (2, "b@k.se"), (3, "A@k.se"), (9, "a@k.se")]:
        when = datetime(2024, 3, day, 9, 0, tzinfo=UTC)
        access_log.log_view(
            user, "analytiker", "Avvikelser", f, [f"P{day}"], "brukare_level", path=log, now=when
        )
    everything = access_log.read_log(log)
    assert everything["brukare_ids"].tolist() == ["P9", "P3", "P2", "P1"]
    assert list(everything.columns) == list(access_log.COLUMNS)
    anna = access_log.read_log(log, user="a@k.se", date_from=date(2024, 3, 1), date_to=date(2024, 3, 3))
    assert anna["brukare_ids"].tolist() == ["P3", "P1"]
    assert access_log.read_log(tmp_path / "none.jsonl").empty


def test_an_unreadable_line_is_counted_not_fatal(tmp_path: Path) -> None:
    log = tmp_path / "access.jsonl"
    access_log.log_view("a@k.se", "analytiker", "Data", Filters.build(H1), ["P1"], "brukare_level", path=log)
    with log.open("ab") as fh:
        fh.write(b'{"at": "2024-03-0')  # cut off by a crash
    frame = access_log.read_log(log)
    assert len(frame) == 1 and frame.attrs["unreadable_lines"] == 1


def test_view_key_is_stable_and_kind_is_checked() -> None:
    f = Filters.build(H1)
    key = access_log.view_key("a@k.se", "Avvikelser", f, ["P2", "P1"], "brukare_level")
    assert key == access_log.view_key("a@k.se", "Avvikelser", f, ["P1", "P2"], "brukare_level")
    assert key != access_log.view_key("a@k.se", "Avvikelser", f, ["P1"], "brukare_level")
    with pytest.raises(ValueError, match="Okänt slag"):
        access_log.log_view(
            "a@k.se", "analytiker", "Avvikelser", f, [], "unit_level", path=Path("/nonexistent/x")
        )
