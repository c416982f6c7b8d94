"""Tiny hand-made input folders for the loader tests.

`base_tables()` is a minimal folder that obeys every rule of the contract and uses every table;
a test copies it, breaks it in exactly one way and writes it with `write_folder`. Cells are
text, as a municipality's CSV export has them. In a CSV or Excel file, row i of a table
(0-based) is line i + 2 of the file (the header is line 1); `csv_line(i)` says so.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from analytics import contract

# Load day used by the tests that call load_folder directly; every base date lies before it.
TODAY = dt.date(2023, 1, 15)

_BASE: dict[str, list[dict[str, str]]] = {
    "units": [
        {
            "unit_id": "U1",
            "unit_name": "Gruppbostaden Ekbacken",
            "administration": "SOF",
            "area": "Gruppbostäder LSS",
            "unit_type": "gruppbostad_lss",
            "operator": "egen_regi",
            "provider": "",
            "valid_from": "2015-01-01",
            "valid_to": "",
        },
        {
            "unit_id": "U2",
            "unit_name": "Hemtjänst Norr",
            "administration": "VAF",
            "area": "Hemtjänst",
            "unit_type": "hemtjanst",
            "operator": "privat",
            "provider": "Attendo",
            "valid_from": "2020-01-01",
            "valid_to": "2022-12-31",
        },
    ],
    "census": [
        {"unit_id": "U1", "month": "2022-01", "brukare": "10", "women": "4", "men": "6"},
        {"unit_id": "U1", "month": "2022-02-01", "brukare": "10", "women": "", "men": ""},
        {"unit_id": "U2", "month": "2022-01", "brukare": "20", "women": "12", "men": "8"},
    ],
    "brukare": [
        {"brukare_id": "B1", "sex": "K", "birth_year": "1950"},
        {"brukare_id": "B2", "sex": "M", "birth_year": "1980"},
        {"brukare_id": "B3", "sex": "", "birth_year": ""},
    ],
    "deviations": [
        {
            "deviation_id": "D1",
            "reported_date": "2022-03-05",
            "event_date": "2022-03-04",
            "unit_id": "U1",
            "brukare_id": "B1",
            "domain": "lss",
            "category": "hot_och_vald",
            "subcategory": "brukare_mot_personal",
            "violence_role": "utovare",
            "reported_by": "",
            "direction": "",
            "lex_sarah": "ja",
            "lex_sarah_outcome": "pagaende",
            "lex_maria": "",
            "ivo_reported": "",
            "consequence": "obehag_oro",
            "cause": "brukarrelaterad",
            "investigated_date": "2022-03-10",
            "followed_up_date": "2022-04-01",
            "description": "Brukaren slog en medarbetare.",
        },
        {
            "deviation_id": "D2",
            "reported_date": "2022-03-06",
            "event_date": "",
            "unit_id": "U2",
            "brukare_id": "B2",
            "domain": "hsl",
            "category": "lakemedel",
            "subcategory": "signering",
            "violence_role": "",
            "reported_by": "verksamhet",
            "direction": "",
            "lex_sarah": "nej",
            "lex_sarah_outcome": "",
            "lex_maria": "false",
            "ivo_reported": "0",
            "consequence": "ingen",
            "cause": "rutin_ej_foljd",
            "investigated_date": "",
            "followed_up_date": "",
            "description": "<script>alert(1)</script>",
        },
        {
            "deviation_id": "D3",
            "reported_date": "2022-03-07",
            "event_date": "2022-03-01",
            "unit_id": "U2",
            "brukare_id": "",
            "domain": "vardsamverkan",
            "category": "informationsoverforing",
            "subcategory": "",
            "violence_role": "",
            "reported_by": "annan_vardgivare",
            "direction": "inkommande",
            "lex_sarah": "",
            "lex_sarah_outcome": "",
            "lex_maria": "",
            "ivo_reported": "",
            "consequence": "",
            "cause": "",
            "investigated_date": "",
            "followed_up_date": "",
            "description": "",
        },
    ],
    "signings": [
        {
            "unit_id": "U1",
            "date": "2022-03-01",
            "brukare_id": "B1",
            "task_kind": "lakemedel",
            "status": "utford",
            "count": "1",
        },
        {
            "unit_id": "U2",
            "date": "2022-03-02",
            "brukare_id": "",
            "task_kind": "hsl_insats",
            "status": "ej_signerad",
            "count": "",
        },
        {
            "unit_id": "U2",
            "date": "2022-03-01",
            "brukare_id": "",
            "task_kind": "lakemedel",
            "status": "ej_utford",
            "count": "30",
        },
    ],
    "complaints": [
        {
            "complaint_id": "C1",
            "received_date": "2022-04-01",
            "unit_id": "U1",
            "area": "",
            "kind": "klagomal",
            "category": "bemotande",
            "sender": "anhorig",
            "confidential": "",
            "answered_date": "2022-04-10",
            "description": "Otrevligt bemötande",
        },
        {
            "complaint_id": "C2",
            "received_date": "2022-04-02",
            "unit_id": "",
            "area": "Hemtjänst",
            "kind": "synpunkt",
            "category": "",
            "sender": "",
            "confidential": "ja",
            "answered_date": "",
            "description": "",
        },
    ],
    "survey_participation": [
        {
            "year": "2022",
            "unit_type": "gruppbostad_lss",
            "operator": "egen_regi",
            "unit_id": "U1",
            "invited": "10",
            "responded": "8",
        },
    ],
    "survey_results": [
        {
            "year": "2022",
            "unit_type": "gruppbostad_lss",
            "operator": "egen_regi",
            "unit_id": "U1",
            "question_id": "q1",
            "sex": "alla",
            "respondents": "8",
            "positive": "6",
        },
        {
            "year": "2022",
            "unit_type": "hemtjanst",
            "operator": "",
            "unit_id": "",
            "question_id": "q2",
            "sex": "K",
            "respondents": "5",
            "positive": "1",
        },
    ],
    "survey_questions": [
        {"question_id": "q1", "text": "Trivs du i ditt boende?", "negative": "nej"},
        {"question_id": "q2", "text": "Är du rädd för något?", "negative": "ja"},
    ],
    "survey_benchmarks": [
        {
            "year": "2022",
            "question_id": "q1",
            "unit_type": "gruppbostad_lss",
            "positive_share": "0.85",
            "source": "Riket",
        },
        {"year": "2022", "question_id": "q2", "unit_type": "", "positive_share": "0.1", "source": ""},
    ],
    "work_incidents": [
        {"incident_id": "W1", "date": "2022-05-01", "unit_id": "U1", "kind": "tillbud", "violence": "ja"},
    ],
    "egenkontroll": [
        {
            "check_id": "EK1",
            "area": "Journalgranskning",
            "unit_id": "U1",
            "subject": "Genomförandeplaner",
            "planned_date": "2022-03-31",
            "done_date": "2022-04-05",
            "checked": "10",
            "compliant": "8",
            "analysis": "Två planer saknade brukarens delaktighet.",
            "reported_date": "2022-05-20",
        },
        {
            "check_id": "EK2",
            "area": "Öppna jämförelser",
            "unit_id": "",
            "subject": "Jämförelse med riket",
            "planned_date": "2023-09-30",  # a plan: may lie after the load day
            "done_date": "",
            "checked": "",
            "compliant": "",
            "analysis": "",
            "reported_date": "",
        },
    ],
    "risker": [
        {
            "risk_id": "R1",
            "unit_id": "",
            "process": "Bemanning",
            "risk": "Brist på personal med rätt kompetens",
            "probability": "3",
            "consequence": "4",
            "risk_value": "12",
            "owner": "Förvaltningschef",
            "assessed_date": "2022-03-01",
            "internal_control": "ja",
        },
        {
            "risk_id": "R2",
            "unit_id": "U1",
            "process": "",
            "risk": "Fall nattetid",
            "probability": "2",
            "consequence": "2",
            "risk_value": "",
            "owner": "",
            "assessed_date": "2022-04-01",
            "internal_control": "",
        },
    ],
}


def base_tables() -> dict[str, list[dict[str, str]]]:
    """A fresh copy of the valid base folder's tables (rows of text cells)."""
    return copy.deepcopy(_BASE)


def csv_line(i: int) -> int:
    """The line number of 0-based data row i in a CSV or Excel file (header is line 1)."""
    return i + 2


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    *,
    sep: str = ",",
    encoding: str = "utf-8",
    columns: list[str] | None = None,
) -> Path:
    columns = columns or list(rows[0])
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=sep, quotechar='"', lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([r.get(c, "") for c in columns])
    return path


def _arrow_value(col: contract.Column, text: str):
    if text == "":
        return None
    if col.type in ("date", "month"):
        return dt.date.fromisoformat(text if len(text) == 10 else text + "-01")
    if col.type == "int":
        return int(text)
    if col.type == "bool":
        return text.lower() in ("true", "ja", "1")
    if col.type == "share":
        return float(text)
    return text


_ARROW_TYPES = {
    "id": pa.string(),
    "code": pa.string(),
    "text": pa.string(),
    "date": pa.date32(),
    "month": pa.date32(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "share": pa.float64(),
}


def write_parquet(path: Path, table: str, rows: list[dict[str, str]]) -> Path:
    """A Parquet file with the contract's native types (as the demo writes them)."""
    t = contract.TABLES[table]
    arrays = {}
    for name in rows[0]:
        col = t.column(name)
        arrays[name] = pa.array([_arrow_value(col, r[name]) for r in rows], _ARROW_TYPES[col.type])
    pq.write_table(pa.table(arrays), path)
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]], table: str | None = None) -> Path:
    """An Excel file; with `table`, cells are typed (date, number, bool) as Excel users make them."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    columns = list(rows[0])
    ws.append(columns)
    for r in rows:
        if table is None:
            ws.append([r[c] if r[c] != "" else None for c in columns])
        else:
            t = contract.TABLES[table]
            ws.append([_arrow_value(t.column(c), r[c]) for c in columns])
    wb.save(path)
    return path


def write_folder(
    folder: Path, tables: dict[str, list[dict[str, str]]] | None = None, *, fmt: str = "csv", sep: str = ","
) -> Path:
    """Write every table as <table>.<fmt> into folder (created) and return the folder."""
    tables = base_tables() if tables is None else tables
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        if fmt == "csv":
            write_csv(folder / f"{name}.csv", rows, sep=sep)
        elif fmt == "parquet":
            write_parquet(folder / f"{name}.parquet", name, rows)
        elif fmt == "xlsx":
            write_xlsx(folder / f"{name}.xlsx", rows)
        elif fmt == "xlsx-typed":
            write_xlsx(folder / f"{name}.xlsx", rows, name)
        else:
            raise ValueError(fmt)
    return folder


def sha256(path: Path) -> str:
    """The file's sha256: the tests' proof that a database file was left byte-for-byte unchanged."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
