"""Import profiles: a folder in a source system's own layout (Swedish headers, `;`, decimal
comma, Swedish code labels, dates with a time) loads through a profile into exactly the database
the contract layout gives; bad values are reported with the file's own names; the load history
records every attempt."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from analytics import contract
from analytics.__main__ import main
from analytics.ingest import history, load, profiles
from tests.folders import TODAY, base_tables, csv_line, sha256, write_folder

TIME_OF_DAY = " 14:10"


def _foreign(rule: profiles.FileRule, rows: list[dict[str, str]]) -> tuple[list[str], list[list[str]]]:
    """The contract rows as the source system would export them under `rule` (the inverse of
    the profile): its headers, the first Swedish label it maps to each code, dates with a time,
    decimal commas."""
    header_of = {column: header for header, column in rule.columns.items()}
    label_of = {
        column: {code: label for label, code in reversed(list(mapping.items()))}
        for column, mapping in rule.codes.items()
    }
    table = contract.TABLES[rule.table]
    columns = list(rows[0])
    out = []
    for r in rows:
        cells = []
        for c in columns:
            value, col = r[c], table.column(c)
            if value and c in label_of:
                value = label_of[c].get(value.lower() if col.type == "bool" else value, value)
            elif value and col.type == "date":
                value += TIME_OF_DAY
            elif value and col.type == "share":
                value = value.replace(".", ",")
            cells.append(value)
        out.append(cells)
    return [header_of.get(c, c) for c in columns], out


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return path


BENCHMARKS = profiles.FileRule(
    pattern="jamforelse*.csv",
    table="survey_benchmarks",
    delimiter=";",
    decimal=",",
    columns={
        "År": "year",
        "Fråga": "question_id",
        "Verksamhetstyp": "unit_type",
        "Andel positiva": "positive_share",
    },
    codes={"unit_type": {"Gruppbostad LSS": "gruppbostad_lss"}},
)

# source file name -> the table it holds
FOREIGN_FILES = {
    "Avvikelser_2022.csv": "deviations",
    "kia_export.csv": "work_incidents",
    "jamforelsevarden.csv": "survey_benchmarks",
}


@pytest.fixture
def profile() -> profiles.Profile:
    """The shipped Viva and Kia example profiles, plus a benchmarks rule with decimal comma."""
    viva, kia = profiles.load("viva_avvikelser"), profiles.load("kia_arbetsmiljo")
    return profiles.Profile("Test", 1, viva.files + kia.files + (BENCHMARKS,))


def foreign_folder(folder: Path, profile: profiles.Profile, tables=None) -> Path:
    """The base folder with deviations, work_incidents and survey_benchmarks in foreign layout."""
    tables = tables or base_tables()
    write_folder(folder, {t: rows for t, rows in tables.items() if t not in FOREIGN_FILES.values()})
    for name, table in FOREIGN_FILES.items():
        rule = profile.rule_for(name)
        assert rule is not None and rule.table == table
        _write(folder / name, *_foreign(rule, tables[table]))
    return folder


def _content(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f'select * from "{t}" order by all').fetchall() for t in contract.TABLES}  # noqa: S608


def test_the_foreign_layout_really_is_foreign(tmp_path: Path, profile) -> None:
    folder = foreign_folder(tmp_path / "in", profile)
    text = (folder / "Avvikelser_2022.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("Avvikelsenummer;Registreringsdatum;Händelsedatum;")
    assert ";Hot och våld;" in text and ";Läkemedel;" in text and "2022-03-05 14:10" in text
    assert ";0,85;" in (folder / "jamforelsevarden.csv").read_text(encoding="utf-8-sig")
    with pytest.raises(load.LoadFailed):  # without the profile the folder is rejected
        load.load_folder(folder, tmp_path / "x.duckdb", today=TODAY)


def test_a_foreign_layout_loads_through_a_profile_to_the_same_database(tmp_path: Path, profile) -> None:
    reference = tmp_path / "ref.duckdb"
    load.load_folder(write_folder(tmp_path / "contract"), reference, today=TODAY)
    db = tmp_path / "profile.duckdb"
    summary = load.load_folder(foreign_folder(tmp_path / "in", profile), db, today=TODAY, profile=profile)
    assert _content(db) == _content(reference)
    assert {t.file for t in summary.tables} >= set(FOREIGN_FILES)  # the load log names the source files
    with duckdb.connect(str(db), read_only=True) as con:
        files = {r[0] for r in con.execute("select file from load_log").fetchall()}
    assert "Avvikelser_2022.csv" in files and "deviations.csv" not in files


def test_the_command_line_takes_a_profile_path_and_records_the_load(tmp_path: Path, profile) -> None:
    path = tmp_path / "test.toml"
    path.write_text(profiles.to_toml(profile), encoding="utf-8")
    db = tmp_path / "cli.duckdb"
    assert (
        main(["load", str(foreign_folder(tmp_path / "in", profile)), "--db", str(db), "--profile", str(path)])
        == 0
    )
    with duckdb.connect(str(db), read_only=True) as con:
        categories = sorted(r[0] for r in con.execute("select category from deviations").fetchall())
    assert categories == ["hot_och_vald", "informationsoverforing", "lakemedel"]
    (record,) = history.read()
    assert record["approved"] is True and record["source"] == "kommandorad" and record["profile"] == "test"
    assert record["rows"] == sum(len(rows) for rows in base_tables().values())


def test_an_unmapped_code_is_reported_with_the_files_own_names(tmp_path: Path, profile, db: Path) -> None:
    folder = foreign_folder(tmp_path / "in", profile)
    path = folder / "Avvikelser_2022.csv"
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace(";Läkemedel;", ";Läkemedelsfel;"), encoding="utf-8"
    )
    before = sha256(db)
    with pytest.raises(load.LoadFailed) as exc:
        load.load_folder(folder, db, today=TODAY, profile=profile)
    assert sha256(db) == before
    (p,) = exc.value.problems
    assert (p.file, p.row, p.value, p.rule) == (
        "Avvikelser_2022.csv",
        csv_line(1),
        "Läkemedelsfel",
        "okänd kod",
    )
    assert p.column == '"Kategori" (category)'
    assert 'Avvikelser_2022.csv rad 3, kolumn "Kategori" (category), värde "Läkemedelsfel": okänd kod' in (
        exc.value.report()
    )


def test_a_date_the_formats_do_not_parse_is_reported_as_it_stands(tmp_path: Path, profile, db: Path) -> None:
    tables = base_tables()
    tables["work_incidents"][0]["date"] = "1 maj 2022"
    folder = foreign_folder(tmp_path / "in", profile, tables)
    with pytest.raises(load.LoadFailed) as exc:
        load.load_folder(folder, db, today=TODAY, profile=profile)
    (p,) = exc.value.problems
    assert (p.file, p.row, p.column) == ("kia_export.csv", 2, '"Händelsedatum" (date)')
    assert p.value == "1 maj 2022" + TIME_OF_DAY


def test_a_missing_required_header_names_the_header_the_profile_expects(
    tmp_path: Path, profile, db: Path
) -> None:
    folder = foreign_folder(tmp_path / "in", profile)
    path = folder / "Avvikelser_2022.csv"
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace("Registreringsdatum", "Datum"), encoding="utf-8"
    )
    with pytest.raises(load.LoadFailed) as exc:
        load.load_folder(folder, db, today=TODAY, profile=profile)
    rules = {(p.file, p.column, p.rule) for p in exc.value.problems}
    assert (
        "Avvikelser_2022.csv",
        '"Registreringsdatum" (reported_date)',
        "obligatorisk kolumn saknas",
    ) in rules
    assert any("Datum" in w for w in exc.value.warnings)  # the unused header is named


def test_a_rejected_command_line_load_is_in_the_history(tmp_path: Path, profile, db: Path) -> None:
    folder = foreign_folder(tmp_path / "in", profile)
    assert main(["load", str(folder), "--db", str(db)]) == 1  # forgot --profile
    (record,) = history.read()
    assert record["approved"] is False and record["errors"] >= 1 and record["profile"] is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"table": "avvikelser"}, "'table' = 'avvikelser' är ingen tabell i kontraktet"),
        ({"columns": {"Kategori": "kategori"}}, "kolumnen kategori finns inte i tabellen deviations"),
        ({"codes": {"category": {"Fall": "fal"}}}, '"Fall" = "fal": fal är ingen kod för category'),
        (
            {"codes": {"reported_date": {"Idag": "x"}}},
            "koder kan bara översättas i kod- och sant/falskt-kolumner",
        ),
        ({"encoding": "latin-9x"}, "okänd teckenkodning"),
        ({"date_formats": ["YYYY-MM-DD"]}, "'date_formats' ska vara en lista med strptime-format"),
        ({"columns": {"A": "category", "B": "category"}}, 'både "A" och "B" pekar på category'),
        ({"colums": {}}, "okänd nyckel 'colums'"),
    ],
)
def test_a_broken_profile_is_refused_with_a_swedish_reason(change: dict, expected: str) -> None:
    files = {"pattern": "*.csv", "table": "deviations", **change}
    with pytest.raises(profiles.ProfileError) as exc:
        profiles.parse({"name": "Test", "version": 1, "files": [files]}, source="test.toml")
    assert any(expected in m for m in exc.value.messages), exc.value.messages


def test_a_broken_profile_on_the_command_line_leaves_the_database(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\nversion = 1\n[[files]]\npattern = "*"\ntable = "nej"\n', encoding="utf-8")
    before = sha256(db)
    assert main(["load", str(tmp_path), "--db", str(db), "--profile", str(path)]) == 1
    assert sha256(db) == before
    assert history.read()[0]["rules"] == {"importprofilen kan inte användas": 1}


def test_every_shipped_profile_is_valid_and_marked_as_an_example() -> None:
    shipped = profiles.available()
    assert {p.stem for p in shipped} >= {
        "viva_avvikelser",
        "mcss_signeringar",
        "infracontrol_synpunkter",
        "kia_arbetsmiljo",
    }
    for path in shipped:
        profile = profiles.load(path.stem)
        assert profile.example and "EXEMPEL ATT ANPASSA" in path.read_text(encoding="utf-8")
        assert profiles.parse(__import__("tomllib").loads(profiles.to_toml(profile))) == profile.__class__(
            **{**profile.__dict__, "source": "profil"}
        )


def test_the_viva_example_maps_the_issue_codes() -> None:
    rule = profiles.load("viva_avvikelser").files[0]
    assert rule.codes["category"]["Fall"] == "fall"
    assert rule.codes["category"]["Läkemedelshantering"] == "lakemedel"


def test_proposals_match_swedish_headers_and_labels() -> None:
    proposed = profiles.propose_columns("deviations", ["Händelsedatum", "Kategori", "Enhets-ID", "Xyzzy"])
    assert [p.column for p in proposed] == ["event_date", "category", "unit_id", None]
    codes = profiles.propose_codes(
        contract.TABLES["deviations"].column("category"),
        ["Fall", "Läkemedelshantering", "Hot & våld", "fall"],
    )
    assert [(p.header, p.column) for p in codes] == [
        ("Fall", "fall"),
        ("Läkemedelshantering", "lakemedel"),
        ("Hot & våld", "hot_och_vald"),
    ]
    assert profiles.propose_table("Avvikelser_2022-12.csv")[0] == "deviations"


def test_a_saved_profile_reads_back_and_is_not_overwritten(tmp_path: Path, profile) -> None:
    path = profiles.save(profile, tmp_path)
    assert path.name == "test.toml"
    assert profiles.load(path).files == profile.files
    with pytest.raises(FileExistsError):
        profiles.save(profile, tmp_path)
    assert json.loads(json.dumps(profiles.slug("Äldreomsorg/Viva 2"))) == "aldreomsorg_viva_2"


def test_proposals_learn_the_headers_of_saved_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = ["Avvikelsenummer", "Registreringsdatum"]
    monkeypatch.setenv("KVALITET_PROFILES", str(tmp_path))  # no saved profiles
    assert [p.column for p in profiles.propose_columns("deviations", headers)] != [
        "deviation_id",
        "reported_date",
    ]
    monkeypatch.delenv("KVALITET_PROFILES")  # the shipped examples
    assert [p.column for p in profiles.propose_columns("deviations", headers)] == [
        "deviation_id",
        "reported_date",
    ]


def test_the_history_status_says_a_rejected_last_attempt_in_plain_words() -> None:
    ok = {"at": "2026-11-01T08:00:00", "approved": True, "errors": 0}
    bad = {"at": "2026-11-02T08:00:00", "approved": False, "errors": 7}
    assert history.status([]) == ("none", "Inga laddningsförsök är registrerade ännu.")
    assert history.status([ok]) == ("ok", "Senaste laddningen, 2026-11-01 08:00, godkändes.")
    level, text = history.status([bad, ok])
    assert level == "error"
    assert text == (
        "Senaste laddningsförsöket, 2026-11-02 08:00, avvisades (7 fel) och ingenting från det laddades. "
        "Uppgifterna som visas kommer från laddningen 2026-11-01 08:00."
    )
    assert "/" not in text and "_" not in text  # no paths, no database names


def test_a_broad_pattern_never_takes_a_file_named_after_another_table(tmp_path: Path) -> None:
    rule = profiles.FileRule(pattern="*.csv", table="deviations", columns={"Avvikelsenummer": "deviation_id"})
    folder = write_folder(tmp_path / "in")
    applied = profiles.apply(profiles.Profile("Bred", 1, (rule,)), folder, tmp_path / "work")
    # deviations.csv is taken by the rule (same table); units.csv, census.csv ... pass unchanged
    assert [c.source.name for c in applied.converted] == ["deviations.csv"]
    assert (tmp_path / "work" / "units.csv").resolve() == (folder / "units.csv").resolve()
