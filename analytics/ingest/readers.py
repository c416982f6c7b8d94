"""Read one input file (Parquet, CSV or Excel) into a DuckDB staging table.

Each reader creates `stg."<table>"` with a `_row` column (the row number the user sees, see
ROW_CONVENTION) and one column per contract column found in the file, named as in the contract.
A column is staged either as text (VARCHAR, to be parsed and validated by the loader) or, for
Parquet, in a native type that already matches the contract (DATE, BIGINT, DOUBLE, BOOLEAN).
Structural problems (not UTF-8, unreadable, duplicate or missing columns, malformed CSV lines)
are returned as Problems; the loader then skips the content checks for that file.
"""

# ruff: noqa: S608 - SQL text is built from contract names (quote_ident) and fixed
# fragments only; paths and every other value are bound ($name).

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from analytics import contract
from analytics.db import quote_ident

ROW_CONVENTION = (
    "Radnummer: i CSV- och Excelfiler räknas rubrikraden som rad 1 (som i Excel), "
    "i Parquetfiler är första dataraden rad 1."
)

# A CSV line longer than this cannot be valid: its text cells would exceed MAX_TEXT_LENGTH.
MAX_CSV_LINE_BYTES = 1_000_000
_CHUNK = 1 << 20
NATIVE = ("DATE", "BIGINT", "DOUBLE", "BOOLEAN")


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file, row, column), what (value) and which rule."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    detail: str | None = None


@dataclass
class Staged:
    """What a reader produced for one file."""

    table: str
    path: Path
    fmt: str  # "parquet" | "csv" | "xlsx"
    columns: list[str] = field(default_factory=list)  # contract columns present, file order
    extra_columns: list[str] = field(default_factory=list)
    staged_types: dict[str, str] = field(default_factory=dict)  # column -> VARCHAR or a NATIVE type
    decimal_comma: bool = False
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, rule: str, *, row=None, column=None, value=None, detail=None) -> None:
        self.problems.append(Problem(self.path.name, row, column, value, rule, detail))


def _check_header(staged: Staged, names: list[str]) -> dict[str, int] | None:
    """Match a file's column names against the contract; positions of the known ones."""
    table = contract.TABLES[staged.table]
    positions: dict[str, int] = {}
    seen: set[str] = set()
    for i, raw in enumerate(names):
        name = (raw or "").strip().lower()
        if name in seen:
            staged.problem("kolumnnamnet förekommer flera gånger", column=name or f"(kolumn {i + 1})")
            continue
        seen.add(name)
        if name in table.column_names:
            positions[name] = i
        else:
            staged.extra_columns.append(raw if raw else f"(tom rubrik, kolumn {i + 1})")
    for col in table.columns:
        if col.required and col.name not in positions:
            staged.problem("obligatorisk kolumn saknas", column=col.name)
    if staged.problems:
        return None
    staged.columns = sorted(positions, key=positions.__getitem__)
    return positions


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


def _scan_csv(path: Path) -> tuple[int | None, int | None]:
    """(line of the first bytes that are not UTF-8, first line longer than MAX_CSV_LINE_BYTES).

    One streaming pass, never more than a chunk in memory. The line-length check also guards
    against DuckDB silently dropping a final line that is longer than its read buffer.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    current = 0  # bytes so far in the line being read
    long_line = None
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                return line + chunk.count(b"\n", 0, e.start), long_line
            if long_line is None:
                parts = chunk.split(b"\n")
                for k, part in enumerate(parts):
                    current += len(part)
                    if current > MAX_CSV_LINE_BYTES:
                        long_line = line + k
                        break
                    if k < len(parts) - 1:
                        current = 0
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return line, long_line
    return None, long_line


def _csv_header(path: Path) -> tuple[list[str], str]:
    """The header names and the separator (`;` or `,`), read from the start of the file."""
    with path.open("rb") as fh:
        head = fh.read(_CHUNK).decode("utf-8-sig", errors="replace")
    first_line = head.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter, quotechar='"')
    names = next(reader, [])
    return [n.lstrip("\ufeff") for n in names], delimiter


def _too_long() -> str:
    return (
        f"över {MAX_CSV_LINE_BYTES:,} byte; en textcell får vara högst "
        f"{contract.MAX_TEXT_LENGTH:,} tecken".replace(",", " ")
    )


def stage_csv(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    path = staged.path
    bad_line, long_line = _scan_csv(path)
    if bad_line is not None:
        staged.problem(
            "filen är inte UTF-8",
            row=bad_line,
            detail="filen verkar vara sparad som Latin-1/Windows-1252; spara den som CSV UTF-8 "
            "(i Excel: Spara som → CSV UTF-8 (kommaavgränsad)) och ladda igen",
        )
        return
    if long_line is not None:
        staged.problem("raden är för lång", row=long_line, detail=_too_long())
        return
    names, delimiter = _csv_header(path)
    positions = _check_header(staged, names)
    if positions is None:
        return
    # Every column of the file is read as text under a name of our own: c0, c1, ...
    columns = {f"c{i}": "VARCHAR" for i in range(len(names))}
    select = ", ".join(f"c{positions[c]} as {quote_ident(c)}" for c in staged.columns)
    con.execute(
        f"create table stg.{quote_ident(staged.table + '__raw')} as "
        f"select {select} from read_csv($path, auto_detect = false, header = true, delim = $delim, "
        "quote = '\"', escape = '\"', columns = $columns, store_rejects = true, "
        "rejects_table = $rejects, rejects_scan = $scans, "
        "max_line_size = $max_line)",
        {
            "path": str(path),
            "delim": delimiter,
            "columns": columns,
            "max_line": MAX_CSV_LINE_BYTES,
            "rejects": f"rejects_{staged.table}",
            "scans": f"reject_scans_{staged.table}",
        },
    )
    rejects = con.execute(
        "select line, error_type, left(csv_line, 200), error_message, "
        f"count(*) over () from {quote_ident('rejects_' + staged.table)} order by line limit 50"
    ).fetchall()
    for line, error_type, csv_line, message, _ in rejects:
        if error_type == "LINE SIZE OVER MAXIMUM":
            rule, detail = "raden är för lång", _too_long()
        else:
            rule = "raden kunde inte tolkas som CSV"
            detail = f"{error_type}: {message}"
        staged.problem(rule, row=int(line), value=csv_line, detail=detail)
    if rejects:
        total = rejects[0][4]
        if total > len(rejects):
            staged.problem("raden kunde inte tolkas som CSV", detail=f"och {total - len(rejects)} rader till")
        return
    staged.staged_types = {c: "VARCHAR" for c in staged.columns}
    staged.decimal_comma = delimiter == ";"
    # Created by create-table-as in file order, so rowid is the data row index (header = line 1).
    con.execute(
        f"create view stg.{quote_ident(staged.table)} as "
        f"select rowid + 2 as _row, * from stg.{quote_ident(staged.table + '__raw')}"
    )


# ---------------------------------------------------------------------------------------------
# Parquet
# ---------------------------------------------------------------------------------------------


def _parquet_expr(name: str, col_type: str, arrow_type: pa.DataType) -> tuple[str, str]:
    """(select expression, staged type) for one Parquet column."""
    q = quote_ident(name)
    if col_type in ("date", "month"):
        if pa.types.is_date(arrow_type) or pa.types.is_timestamp(arrow_type):
            return f"cast({q} as date)", "DATE"
    elif col_type == "int":
        if pa.types.is_integer(arrow_type):
            return f"cast({q} as bigint)", "BIGINT"
        if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
            return f"cast({q} as double)", "DOUBLE"
    elif col_type == "bool":
        if pa.types.is_boolean(arrow_type):
            return q, "BOOLEAN"
    elif col_type == "share":
        if (
            pa.types.is_floating(arrow_type)
            or pa.types.is_decimal(arrow_type)
            or pa.types.is_integer(arrow_type)
        ):
            return f"cast({q} as double)", "DOUBLE"
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return q, "VARCHAR"
    return f"cast({q} as varchar)", "VARCHAR"


def stage_parquet(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    try:
        schema = pq.read_schema(staged.path)
    except (pa.ArrowException, OSError) as e:
        staged.problem("filen kunde inte läsas som Parquet", detail=str(e)[:200])
        return
    names = list(schema.names)
    # DuckDB binds column names case-insensitively, so only exact lower-case names are used.
    if any(n != n.lower() for n in names if n.lower() in contract.TABLES[staged.table].column_names):
        for n in names:
            if n != n.lower() and n.lower() in contract.TABLES[staged.table].column_names:
                staged.problem("kolumnnamnet ska skrivas med små bokstäver", column=n)
        return
    if _check_header(staged, names) is None:
        return
    table = contract.TABLES[staged.table]
    exprs = []
    for c in staged.columns:
        expr, kind = _parquet_expr(c, table.column(c).type, schema.field(c).type)
        staged.staged_types[c] = kind
        exprs.append(f"{expr} as {quote_ident(c)}")
    try:
        con.execute(
            f"create table stg.{quote_ident(staged.table)} as "
            f"select file_row_number + 1 as _row, {', '.join(exprs)} "
            "from read_parquet($path, file_row_number = true)",
            {"path": str(staged.path)},
        )
    except duckdb.Error as e:
        staged.problem("filen kunde inte läsas som Parquet", detail=(str(e).splitlines() or [""])[0][:200])


# ---------------------------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------------------------


def _cell_text(value: object) -> str | None:
    """An Excel cell as the text the loader parses (dates as ÅÅÅÅ-MM-DD, time dropped)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def stage_xlsx(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(staged.path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, ValueError, KeyError) as e:
        staged.problem("filen kunde inte läsas som Excel (.xlsx)", detail=str(e)[:200])
        return
    except Exception as e:  # zipfile.BadZipFile and friends from a file that is not xlsx
        staged.problem("filen kunde inte läsas som Excel (.xlsx)", detail=f"{type(e).__name__}: {e}"[:200])
        return
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        names = ["" if h is None else str(h) for h in header]
        while names and names[-1] == "":
            names.pop()  # formatted but empty cells right of the header
        positions = _check_header(staged, names)
        if positions is None:
            return
        data: dict[str, list[str | None]] = {c: [] for c in staged.columns}
        row_numbers: list[int] = []
        for excel_row, values in enumerate(rows, start=2):
            if values is None or all(v is None or v == "" for v in values):
                continue
            row_numbers.append(excel_row)
            for c in staged.columns:
                i = positions[c]
                data[c].append(_cell_text(values[i]) if i < len(values) else None)
    finally:
        wb.close()
    arrow = pa.table(
        {"_row": pa.array(row_numbers, pa.int64())} | {c: pa.array(v, pa.string()) for c, v in data.items()}
    )
    staged.staged_types = {c: "VARCHAR" for c in staged.columns}
    con.register("xlsx_staging", arrow)
    try:
        con.execute(f"create table stg.{quote_ident(staged.table)} as select * from xlsx_staging")
    finally:
        con.unregister("xlsx_staging")


READERS = {".parquet": stage_parquet, ".csv": stage_csv, ".xlsx": stage_xlsx}


def stage(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    """Stage one file; afterwards staged.ok says whether its content can be checked."""
    if staged.path.stat().st_size == 0:
        staged.problem("filen är tom (0 byte)")
        return
    READERS[staged.fmt and "." + staged.fmt](con, staged)
    if staged.ok:
        staged.rows = con.execute(f"select count(*) from stg.{quote_ident(staged.table)}").fetchall()[0][0]
