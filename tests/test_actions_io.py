"""Excel template, import (all or nothing) and export of the action register, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa

from analytics.stores import actions_io
from analytics.stores.actions import ActionStore, Actor
from analytics.stores.schema import metadata
from tests.pg_server import postgres_server, store_url  # noqa: F401  (fixtures)

NOW = dt.datetime(2024, 5, 10, 10, 0, tzinfo=dt.UTC)
ANALYTIKER = Actor("ada.analys@kommun.se", "analytiker")
CHEF = Actor("chris.chef@kommun.se", "chef", ("U001",))

GOOD_ROWS: list[list[Any]] = [
    ["Fallronder nattetid", "Två ronder", "U001, U002", "avvikelse:A-1; lex sarah:LS-7", "Sara", "2024-06-30",
     "Pågående", None, None, "Fall per brukare och månad"],
    ["Signeringsrutin", None, "U002", None, None, dt.datetime(2024, 3, 1), "genomford", "2024-04-02", None,
     None],
    ["=HYPERLINK(\"http://x\")", "Utvärderad åtgärd", None, "klagomal:K-3", None, 45444, "Utvärderad", None,
     "Färre klagomål", "signing_rate"],
]  # fmt: skip


@pytest.fixture
def store(store_url: str) -> Iterator[ActionStore]:  # noqa: F811
    s = ActionStore(store_url, clock=lambda: NOW)
    yield s
    s.close()


def write_register(path: Path, rows: list[list[Any]], headers: tuple[str, ...] = actions_io.HEADERS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Åtgärder"
    sheet.append(list(headers))
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    book.save(path)
    return path


def fingerprint(s: ActionStore) -> str:
    """A hash of every row of every table of the store."""
    digest = hashlib.sha256()
    with s.engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            digest.update(f"{table.name}:{len(rows)}:{sorted(map(repr, rows))}".encode())
    return digest.hexdigest()


def test_template_has_headers_lists_and_instructions(tmp_path: Path) -> None:
    out = actions_io.write_template(tmp_path / "mall.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Åtgärder", "Instruktioner"]
    sheet = book["Åtgärder"]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "Titel", "Beskrivning", "Enheter", "Kopplade ärenden", "Ansvarig", "Klart senast", "Status",
        "Genomförd datum", "Utvärdering", "Effektmått",
    ]  # fmt: skip
    assert sheet.max_row == 1  # no example rows that would be imported
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    assert lists["G2:G1001"] == '"Planerad,Pågående,Genomförd,Utvärderad,Avbruten"'
    assert "Fall per brukare och månad" in lists["J2:J1001"]
    instructions = [c for row in book["Instruktioner"].iter_rows(values_only=True) for c in row if c]
    assert "Klart senast" in instructions and "lex_sarah:id" in instructions
    # The empty template imports as nothing, not as an error.
    with ActionStore(f"sqlite:///{tmp_path / 'a.sqlite'}") as s:
        assert actions_io.import_register(out, s, ANALYTIKER).action_ids == ()


def test_import_good_register(store: ActionStore, tmp_path: Path) -> None:
    path = write_register(tmp_path / "åtgärder.xlsx", GOOD_ROWS)
    result = actions_io.import_register(path, store, ANALYTIKER, known_units={"U001", "U002"})
    assert len(result.action_ids) == 3
    by_title = {a.title: a for a in store.list_actions(ANALYTIKER)}
    first = by_title["Fallronder nattetid"]
    assert first.units == ("U001", "U002")
    assert first.links == (("avvikelse", "A-1"), ("lex_sarah", "LS-7"))
    assert (first.status, first.due_date, first.effect_measure) == (
        "pagaende",
        dt.date(2024, 6, 30),
        "falls_per_brukare_month",
    )
    second = by_title["Signeringsrutin"]
    assert (second.status, second.due_date, second.completed_date) == (
        "genomford",
        dt.date(2024, 3, 1),
        dt.date(2024, 4, 2),
    )
    third = by_title['=HYPERLINK("http://x")']  # text stays text
    assert third.units == () and third.due_date == dt.date(2024, 6, 1)  # Excel serial 45444
    assert third.status == "utvarderad" and third.completed_date == NOW.date()
    assert all(store.history(ANALYTIKER, a.id) for a in by_title.values())


def test_malformed_register_leaves_the_store_unchanged(store: ActionStore, tmp_path: Path) -> None:
    store.create(ANALYTIKER, title="Finns sedan tidigare", units=["U001"])
    before = fingerprint(store)
    rows = [*GOOD_ROWS]
    rows += [["Ok titel", None, "U001", None, None, None, "planerad", None, None, None]] * 3
    rows.insert(1, ["Ogiltig", None, "U001", None, None, "31/12/2024", "klar", None, None, None])  # row 3
    rows.append(
        [None, "ingen titel", "U999", "ärende:1", None, None, "Utvärderad", "2024-01-01", None, "nöjd"]
    )
    path = write_register(tmp_path / "åtgärder.xlsx", rows)
    with pytest.raises(actions_io.ImportFailed) as info:
        actions_io.import_register(path, store, ANALYTIKER, known_units={"U001", "U002"})
    report = info.value.report()
    assert (
        'åtgärder.xlsx rad 3, kolumn "Status": värdet "klar" är inte en giltig status '
        "(planerad, pågående, genomförd, utvärderad, avbruten)" in report
    )
    assert 'åtgärder.xlsx rad 3, kolumn "Klart senast": värdet "31/12/2024" är inte ett datum' in report
    last = len(rows) + 1
    assert f'rad {last}, kolumn "Titel": saknar värde: Titel är obligatorisk.' in report
    assert f'rad {last}, kolumn "Enheter": värdet "U999" innehåller okända enheter: U999.' in report
    assert f'rad {last}, kolumn "Kopplade ärenden": värdet "ärende:1" har ärendetypen' in report
    assert f'rad {last}, kolumn "Effektmått": värdet "nöjd" är inget känt effektmått' in report
    assert "Åtgärdsregistret är oförändrat" in report
    assert fingerprint(store) == before


def test_failure_while_writing_rolls_back_everything(
    store: ActionStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid file whose third action fails in the database: the first two are not kept either."""
    store.create(ANALYTIKER, title="Finns sedan tidigare")
    before = fingerprint(store)
    original = ActionStore._insert_action
    calls = {"n": 0}

    def failing(self: ActionStore, *args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise sa.exc.OperationalError("insert", {}, Exception("disk full"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ActionStore, "_insert_action", failing)
    path = write_register(tmp_path / "åtgärder.xlsx", GOOD_ROWS)
    with pytest.raises(sa.exc.OperationalError):
        actions_io.import_register(path, store, ANALYTIKER)
    assert calls["n"] == 3
    assert fingerprint(store) == before


def test_at_most_50_lines_per_rule(store: ActionStore, tmp_path: Path) -> None:
    rows = [[f"Åtgärd {i}", None, None, None, None, None, "klar", None, None, None] for i in range(120)]
    path = write_register(tmp_path / "många.xlsx", rows)
    with pytest.raises(actions_io.ImportFailed) as info:
        actions_io.import_register(path, store, ANALYTIKER)
    report = info.value.report()
    assert report.count('värdet "klar" är inte en giltig status') == 50
    assert "… och 70 till (totalt 120)" in report
    assert "Ogiltig status (120 st):" in report
    assert store.count() == 0


def test_missing_header_and_chef_permission(store: ActionStore, tmp_path: Path) -> None:
    no_status = write_register(tmp_path / "utan.xlsx", [["T"]], headers=("Titel",))
    with pytest.raises(actions_io.ImportFailed, match="1 fel") as info:
        actions_io.import_register(no_status, store, ANALYTIKER)
    assert 'utan.xlsx: kolumnen "Status" saknas' in info.value.report()
    rows = [["Egen", None, "U001", None, None, None, "Planerad", None, None, None],
            ["Annans", None, "U002", None, None, None, "Planerad", None, None, None]]  # fmt: skip
    path = write_register(tmp_path / "chef.xlsx", rows)
    with pytest.raises(actions_io.ImportFailed) as info:
        actions_io.import_register(path, store, CHEF)
    assert 'chef.xlsx rad 3, kolumn "Enheter": Du kan bara registrera' in info.value.report()
    assert store.count() == 0


def test_export_round_trip(store: ActionStore, store_url: str, tmp_path: Path) -> None:  # noqa: F811
    actions_io.import_register(write_register(tmp_path / "in.xlsx", GOOD_ROWS), store, ANALYTIKER)
    first = store.list_actions(ANALYTIKER)[0]
    store.update(ANALYTIKER, first.id, first.version, status="genomford", responsible="Per")
    out = tmp_path / "export.xlsx"
    n_actions, n_history = actions_io.export_register(store, ANALYTIKER, out)
    assert n_actions == 3 and n_history == len(store.all_history(ANALYTIKER))

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Åtgärder", "Historik"]
    sheet = book["Åtgärder"]
    assert sheet.cell(4, 2).value == '=HYPERLINK("http://x")' and sheet.cell(4, 2).data_type == "s"
    history = list(book["Historik"].iter_rows(values_only=True))
    assert history[0] == actions_io.HISTORY_HEADERS
    assert (first.id, 2, "Status", "pagaende", "genomford") in {
        (r[0], r[1], r[5], r[6], r[7]) for r in history[1:]
    }

    # Importing the export into an empty store gives the same actions (new ids, importer as author).
    with ActionStore(f"sqlite:///{tmp_path / 'copy.sqlite'}", clock=lambda: NOW) as copy:
        result = actions_io.import_register(out, copy, ANALYTIKER)
        assert result.ignored_columns == ("Id", *actions_io.EXPORT_EXTRA)
        assert [a.fields() for a in copy.list_actions(ANALYTIKER)] == [
            a.fields() for a in store.list_actions(ANALYTIKER)
        ]


def test_command_line_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    template = tmp_path / "mall.xlsx"
    assert actions_io.cli(["template", "actions", "--out", str(template)]) == 0
    assert template.is_file()
    bad = write_register(
        tmp_path / "fel.xlsx", [["T", None, None, None, None, None, "klar", None, None, None]]
    )
    assert (
        actions_io.cli(["actions", "import", str(bad), "--store", url, "--db", str(tmp_path / "none")]) == 2
    )
    assert "finns inte" in capsys.readouterr().err
    assert actions_io.cli(["actions", "import", str(bad), "--store", url]) == 1
    err = capsys.readouterr().err
    assert 'fel.xlsx rad 2, kolumn "Status": värdet "klar"' in err
    good = write_register(tmp_path / "rätt.xlsx", GOOD_ROWS)
    assert actions_io.cli(["actions", "import", str(good), "--store", url, "--user", "it-avd"]) == 0
    assert "Importerade 3 åtgärder från rätt.xlsx" in capsys.readouterr().out
    out = tmp_path / "ut.xlsx"
    assert actions_io.cli(["actions", "export", "--store", url, "--out", str(out)]) == 0
    assert "Exporterade 3 åtgärder" in capsys.readouterr().out
    assert openpyxl.load_workbook(out)["Åtgärder"].max_row == 4
    with ActionStore(url) as s:
        assert {h.changed_by for h in s.all_history(ANALYTIKER)} == {"it-avd"}
    secret = "postgresql+psycopg://app:hemligt@127.0.0.1:1/x"
    assert actions_io.cli(["actions", "export", "--store", secret, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "kunde inte användas" in err and "hemligt" not in err
