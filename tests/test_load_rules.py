"""One test per integrity rule of the data contract, and the input formats the loader accepts.

Each rule test starts from a database loaded from the valid base folder (tests/folders.py),
breaks the folder in exactly one way, and asserts that the report names the file, the row, the
column, the value and the rule, and that the database file is byte-for-byte unchanged.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics import contract
from analytics.db import supplied_tables
from analytics.ingest import load
from tests import folders
from tests.folders import TODAY, base_tables, csv_line, sha256, write_folder


def rejected(tables: dict, db: Path, tmp_path: Path, **write) -> str:
    """Load the broken folder, expect LoadFailed, check the db is unchanged; the report."""
    folder = write_folder(tmp_path / "in", tables, **write)
    before = sha256(db)
    with pytest.raises(load.LoadFailed) as failed:
        load.load_folder(folder, db, today=TODAY)
    assert sha256(db) == before, "databasfilen ändrades trots fel"
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name], "temporära filer ligger kvar"
    return failed.value.report()


def assert_line(report: str, file: str, row: int, column: str, value: str, *words: str) -> None:
    where = f"{file} rad {row}, kolumn {column}, värde {value}: "
    lines = [ln for ln in report.splitlines() if where in ln]
    assert lines, f"ingen rad med {where!r} i rapporten:\n{report}"
    assert any(all(w in ln for w in words) for ln in lines), f"{words} saknas i {lines}"


# (id, table, row index, column, new cell text, value as shown, words of the rule)
CELL_RULES = [
    ("required-empty", "deviations", 1, "reported_date", "", "(tomt)", "värde saknas"),
    ("required-blank-code", "units", 0, "unit_type", "  ", '"  "', "värde saknas"),
    ("id-too-long", "deviations", 2, "deviation_id", "D" * 65, '"' + "D" * 60 + '…"', "för långt", "64"),
    ("id-control-char", "deviations", 2, "deviation_id", "D\x013", '"D\\x013"', "styrtecken"),
    ("free-code-too-long", "units", 1, "administration", "X" * 65, '"' + "X" * 60 + '…"', "för långt"),
    ("pnr-dash", "brukare", 2, "brukare_id", "121212-1212", '"121212-XXXX"', "personnummer"),
    ("pnr-century-dash", "brukare", 2, "brukare_id", "19121212-1212", '"19121212-XXXX"', "personnummer"),
    ("pnr-12-digits", "brukare", 2, "brukare_id", "191212121212", '"19121212XXXX"', "personnummer"),
    ("samordningsnummer", "brukare", 2, "brukare_id", "121272-1212", '"121272-XXXX"', "personnummer"),
    (
        "date-invalid",
        "deviations",
        1,
        "reported_date",
        "2022-13-45",
        '"2022-13-45"',
        "inte ett giltigt datum (ÅÅÅÅ-MM-DD)",
    ),
    ("date-format", "complaints", 0, "received_date", "1/4/2022", '"1/4/2022"', "inte ett giltigt datum"),
    ("date-feb-30", "work_incidents", 0, "date", "2022-02-30", '"2022-02-30"', "inte ett giltigt datum"),
    ("month-invalid", "census", 2, "month", "2022-13", '"2022-13"', "inte en giltig månad"),
    ("month-not-first", "census", 2, "month", "2022-01-15", '"2022-01-15"', "första dag"),
    ("int-invalid", "census", 1, "brukare", "tio", '"tio"', "inte ett heltal"),
    ("int-decimal", "census", 1, "brukare", "10.5", '"10.5"', "inte ett heltal"),
    ("bool-invalid", "deviations", 0, "lex_sarah", "kanske", '"kanske"', "sant/falskt"),
    ("code-unknown", "units", 1, "unit_type", "sjukhus", '"sjukhus"', "okänd kod", "hemtjanst"),
    ("code-case", "deviations", 0, "domain", "LSS", '"LSS"', "okänd kod"),
    ("share-not-number", "survey_benchmarks", 0, "positive_share", "hög", '"hög"', "inte ett tal"),
    ("share-above-one", "survey_benchmarks", 0, "positive_share", "1.5", '"1.5"', "mellan 0 och 1"),
    (
        "text-too-long",
        "deviations",
        2,
        "description",
        "x" * 20_001,
        '"' + "x" * 60 + '…"',
        "för lång",
        "20 001 tecken",
    ),
    ("count-negative", "census", 0, "brukare", "-1", '"-1"', "negativt"),
    ("invited-negative", "survey_participation", 0, "invited", "-5", '"-5"', "negativt"),
    ("signings-count-zero", "signings", 0, "count", "0", '"0"', "minst 1"),
    ("birth-year-early", "brukare", 0, "birth_year", "1850", '"1850"', "minst 1900"),
    ("birth-year-digits", "brukare", 0, "birth_year", "19500", '"19500"', "fyra siffror"),
    ("survey-year-digits", "survey_results", 1, "year", "22", '"22"', "fyra siffror"),
    ("survey-year-future", "survey_participation", 0, "year", "2024", '"2024"', "efter laddningsåret"),
    ("date-future", "deviations", 2, "reported_date", "2023-01-16", '"2023-01-16"', "efter laddningsdagen"),
    ("month-future", "census", 2, "month", "2023-02", '"2023-02"', "efter laddningsdagen"),
    ("signing-future", "signings", 1, "date", "2024-01-01", '"2024-01-01"', "efter laddningsdagen"),
    ("unique-id", "deviations", 1, "deviation_id", "D1", '"D1"', "dubblett", "rad 2"),
    ("unique-question", "survey_questions", 1, "question_id", "q1", '"q1"', "dubblett"),
    ("unit-ref-deviations", "deviations", 2, "unit_id", "U9", '"U9"', "okänt unit_id", "units"),
    ("unit-ref-census", "census", 1, "unit_id", "U9", '"U9"', "okänt unit_id"),
    ("unit-ref-signings", "signings", 2, "unit_id", "U9", '"U9"', "okänt unit_id"),
    ("unit-ref-complaints", "complaints", 0, "unit_id", "U9", '"U9"', "okänt unit_id"),
    ("unit-ref-survey", "survey_results", 0, "unit_id", "U9", '"U9"', "okänt unit_id"),
    ("unit-ref-incidents", "work_incidents", 0, "unit_id", "U9", '"U9"', "okänt unit_id"),
    ("brukare-ref-deviations", "deviations", 1, "brukare_id", "B9", '"B9"', "okänt brukare_id", "brukare"),
    ("brukare-ref-signings", "signings", 1, "brukare_id", "B9", '"B9"', "okänt brukare_id"),
    (
        "category-domain",
        "deviations",
        2,
        "category",
        "fall",
        '"fall"',
        "hör inte till området",
        "vardsamverkan",
    ),
    (
        "subcategory-category",
        "deviations",
        0,
        "subcategory",
        "signering",
        '"signering"',
        "hör inte till kategorin",
        "hot_och_vald",
    ),
    ("subcategory-without", "deviations", 2, "subcategory", "annat", '"annat"', "hör inte till kategorin"),
    ("violence-role", "deviations", 1, "violence_role", "utsatt", '"utsatt"', "bara", "hot_och_vald"),
    ("direction", "deviations", 0, "direction", "inkommande", '"inkommande"', "bara", "vardsamverkan"),
    (
        "event-after-reported",
        "deviations",
        0,
        "reported_date",
        "2022-03-03",
        '"2022-03-03"',
        "fel ordning",
        "event_date 2022-03-04",
    ),
    (
        "investigated-before-reported",
        "deviations",
        0,
        "investigated_date",
        "2022-03-01",
        '"2022-03-01"',
        "fel ordning",
        "reported_date 2022-03-05",
    ),
    (
        "followed-up-before-investigated",
        "deviations",
        0,
        "followed_up_date",
        "2022-03-09",
        '"2022-03-09"',
        "fel ordning",
        "investigated_date 2022-03-10",
    ),
    ("complaint-area", "complaints", 1, "area", "", "(tomt)", "area krävs"),
    ("positive-respondents", "survey_results", 0, "positive", "9", '"9"', "större än respondents"),
    ("responded-invited", "survey_participation", 0, "responded", "11", '"11"', "större än invited"),
    ("valid-to-before-from", "units", 1, "valid_to", "2019-12-31", '"2019-12-31"', "före valid_from"),
]


@pytest.mark.parametrize(
    ("table", "i", "column", "text", "shown", "words"),
    [pytest.param(t, i, c, x, s, w, id=name) for name, t, i, c, x, s, *w in CELL_RULES],
)
def test_cell_rule(db, tmp_path, table, i, column, text, shown, words):
    tables = base_tables()
    tables[table][i][column] = text
    report = rejected(tables, db, tmp_path)
    assert_line(report, f"{table}.csv", csv_line(i), column, shown, *words)


def test_personnummer_is_never_echoed(db, tmp_path):
    tables = base_tables()
    tables["deviations"][2]["brukare_id"] = "19121212-1212"  # also an unknown brukare_id
    report = rejected(tables, db, tmp_path)
    assert "personnummer" in report
    assert "1212-1212" not in report and "19121212-1212" not in report


def test_census_unit_month_is_unique(db, tmp_path):
    tables = base_tables()
    tables["census"][1]["month"] = "2022-01-01"  # U1 2022-01 is row 0 as "2022-01"
    report = rejected(tables, db, tmp_path)
    assert_line(
        report,
        "census.csv",
        csv_line(1),
        "unit_id, month",
        '"U1 / 2022-01-01"',
        "dubblett",
        "(unit_id, month)",
        f"rad {csv_line(0)}",
    )


def test_women_and_men_at_most_brukare(db, tmp_path):
    tables = base_tables()
    tables["census"][0]["women"] = "6"
    report = rejected(tables, db, tmp_path)
    assert_line(report, "census.csv", csv_line(0), "women, men", '"12"', "fler än brukare")


def test_required_table_missing(db, tmp_path):
    tables = base_tables()
    del tables["census"]
    report = rejected(tables, db, tmp_path)
    assert "census.parquet/.csv/.xlsx: obligatorisk tabell saknas" in report


def test_required_column_missing(db, tmp_path):
    tables = base_tables()
    for row in tables["deviations"]:
        del row["domain"]
    report = rejected(tables, db, tmp_path)
    assert "deviations.csv, kolumn domain: obligatorisk kolumn saknas" in report.replace(" rad", "")


def test_brukare_refs_not_checked_without_brukare_table(db, tmp_path):
    tables = base_tables()
    del tables["brukare"]
    tables["deviations"][1]["brukare_id"] = "B9"
    folder = write_folder(tmp_path / "in", tables)
    summary = load.load_folder(folder, db, today=TODAY)
    assert "brukare" not in [t.table for t in summary.tables]
    with duckdb.connect(str(db), read_only=True) as con:
        supplied = supplied_tables(con)
        brukare_rows = con.execute("select count(*) from brukare").fetchone()[0]
    # every contract table exists after a load (issue 8); brukare was not supplied and is empty
    assert "brukare" not in supplied and "deviations" in supplied and brukare_rows == 0


def test_every_broken_rule_is_listed_at_once(db, tmp_path):
    tables = base_tables()
    tables["units"][0]["operator"] = "kommunal"
    tables["census"][0]["brukare"] = "-2"
    tables["deviations"][1]["reported_date"] = "2022-13-45"
    tables["work_incidents"][0]["violence"] = "kanske"
    report = rejected(tables, db, tmp_path)
    for words in (
        "units.csv rad 2, kolumn operator",
        "census.csv rad 2, kolumn brukare",
        "deviations.csv rad 3, kolumn reported_date",
        "work_incidents.csv rad 2, kolumn violence",
    ):
        assert words in report


def test_at_most_50_examples_per_rule_with_total(db, tmp_path):
    tables = base_tables()
    template = tables["signings"][0]
    tables["signings"] = [dict(template, count="-1") for _ in range(70)]
    report = rejected(tables, db, tmp_path)
    lines = [ln for ln in report.splitlines() if "signings.csv rad" in ln and "kolumn count" in ln]
    assert len(lines) == 50
    assert "… och 20 till (totalt 70)" in report
    assert "signings.csv rad 2, kolumn count" in report and "rad 51, kolumn count" in report


def test_personnummer_sql_agrees_with_contract():
    values = [
        "19121212-1212",
        "121212-1212",
        "191212121212",
        "1212121212",
        "121272-1212",
        "121200-1212",
        "121312-1212",
        "121260-1212",
        "12121212",
        "U1",
        "2012-12-12",
        "19121212+1212",
        "121212-121",
        "ab121212-1212",
        "991231-0000",
        "000101-0000",
    ]
    with duckdb.connect() as con:
        got = dict(
            con.execute(
                "select v, regexp_full_match(v, $re) from unnest($vs) t(v)",
                {"re": load.PERSONNUMMER_RE, "vs": values},
            ).fetchall()
        )
    assert got == {v: contract.looks_like_personnummer(v) for v in values}


# ---------------------------------------------------------------------------------------------
# Accepted formats: the same folder in every format gives the same database
# ---------------------------------------------------------------------------------------------


def contents(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            name: con.execute(f'select * from "{name}" order by all').fetchall()  # noqa: S608
            for name in contract.TABLES
        }


@pytest.fixture(scope="module")
def base_contents(base_db: Path) -> dict[str, list[tuple]]:
    return contents(base_db)


@pytest.mark.parametrize(
    ("fmt", "sep"),
    [("csv", ","), ("csv", ";"), ("parquet", ","), ("xlsx", ","), ("xlsx-typed", ",")],
    ids=str,
)
def test_formats_give_the_same_database(tmp_path, base_contents, fmt, sep):
    folder = write_folder(tmp_path / "in", fmt=fmt, sep=sep)
    db = tmp_path / "k.duckdb"
    load.load_folder(folder, db, today=TODAY)
    assert contents(db) == base_contents


def test_base_database_has_defaults_and_verbatim_text(base_contents, base_db):
    with duckdb.connect(str(base_db), read_only=True) as con:
        dev = con.execute(
            "select deviation_id, reported_by, lex_sarah, lex_maria, ivo_reported, description "
            "from deviations order by deviation_id"
        ).fetchall()
        counts = con.execute("select count from signings order by date, unit_id").fetchall()
        share = con.execute("select positive_share from survey_benchmarks order by question_id").fetchall()
    assert dev[0][1:5] == ("verksamhet", True, False, False)
    assert dev[1][5] == "<script>alert(1)</script>"
    assert dev[2][1] == "annan_vardgivare"
    assert [c for (c,) in counts] == [1, 30, 1]
    assert share == [(0.85,), (0.1,)]


def test_semicolon_csv_with_decimal_comma_bom_and_spellings(tmp_path, base_contents):
    tables = base_tables()
    tables["survey_benchmarks"][0]["positive_share"] = "0,85"
    tables["deviations"][0]["lex_sarah"] = "JA"
    tables["deviations"][1]["lex_maria"] = "False"
    tables["deviations"][1]["ivo_reported"] = "NEJ"
    tables["survey_questions"][0]["negative"] = "0"
    tables["survey_questions"][1]["negative"] = "TRUE"
    tables["work_incidents"][0]["violence"] = "1"
    tables["census"][0]["month"] = "2022-01-01"
    tables["census"][1]["month"] = "2022-02"
    tables["units"][0]["unit_id"] = " U1 "  # blanks around an id are trimmed
    folder = write_folder(tmp_path / "in", tables, sep=";")
    for path in folder.glob("*.csv"):  # an Excel-style UTF-8 export: BOM and CRLF
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    db = tmp_path / "k.duckdb"
    load.load_folder(folder, db, today=TODAY)
    assert contents(db) == base_contents


def test_parquet_timestamps_and_text_dates_are_accepted(tmp_path, base_contents):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = write_folder(tmp_path / "in", fmt="parquet")
    t = pq.read_table(folder / "deviations.parquet")
    i = t.schema.get_field_index("reported_date")
    as_ts = t.column(i).cast(pa.timestamp("us"))
    t = t.set_column(i, "reported_date", as_ts)
    j = t.schema.get_field_index("event_date")
    t = t.set_column(j, "event_date", t.column(j).cast(pa.string()))
    pq.write_table(t, folder / "deviations.parquet")
    db = tmp_path / "k.duckdb"
    load.load_folder(folder, db, today=TODAY)
    assert contents(db) == base_contents


def test_extra_columns_and_unknown_files_are_warnings(tmp_path, base_contents):
    tables = base_tables()
    for row in tables["units"]:
        row["kostnadsstalle"] = "4711"
    folder = write_folder(tmp_path / "in", tables)
    (folder / "readme.txt").write_text("hej", encoding="utf-8")
    summary = load.load_folder(folder, tmp_path / "k.duckdb", today=TODAY)
    assert any("kostnadsstalle" in w for w in summary.warnings)
    assert any("readme.txt" in w and "okänd fil" in w for w in summary.warnings)
    assert contents(tmp_path / "k.duckdb") == base_contents


def test_optional_columns_may_be_absent(tmp_path):
    tables = base_tables()
    for row in tables["deviations"]:
        for col in ("reported_by", "lex_sarah", "description", "subcategory"):
            del row[col]
    folder = write_folder(tmp_path / "in", tables)
    db = tmp_path / "k.duckdb"
    load.load_folder(folder, db, today=TODAY)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select distinct reported_by, lex_sarah, description is null from deviations"
        ).fetchall()
    assert rows == [("verksamhet", False, True)]


def test_folders_helper_row_numbers_match_the_file(tmp_path):
    path = folders.write_csv(tmp_path / "x.csv", base_tables()["units"])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[csv_line(1) - 1].startswith("U2,")
