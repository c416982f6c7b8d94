"""The action register in Excel: template, import (all or nothing) and export.

    python -m analytics actions import FILE.xlsx [--store URL] [--db ANALYTICS.duckdb] [--user NAME]
    python -m analytics actions export [--store URL] [--out FILE.xlsx]
    python -m analytics actions template [--out FILE.xlsx]
    python -m analytics template actions [--out FILE.xlsx]

The import checks every row like the product's loader checks a folder: each problem is reported
as file, row, column, value and rule, in Swedish, at most 50 lines per rule; only when no row breaks
a rule are all actions written, in one transaction. On any error the register is unchanged (exit
code 1). Every imported action is new (import does not update existing actions); columns the
template does not have (e.g. Id and Version of an export) are ignored and named in the report.

The store is chosen by analytics.stores.actions.store_url (--store > env KVALITET_ACTIONS_URL >
[actions] url in .streamlit/secrets.toml > data/actions.sqlite).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from analytics.stores.actions import ActionStore, ActorLike

EXAMPLES_PER_RULE = 50
SHOWN_VALUE_CHARS = 60
MAX_ROWS = 20_000
DATA_SHEET = "Åtgärder"
HISTORY_SHEET = "Historik"
INSTRUCTIONS_SHEET = "Instruktioner"
TEMPLATE_ROWS = 1000  # rows that get the drop-down lists and date checks in the template
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ANALYTICS_DB = ROOT / "data" / "kvalitet.duckdb"

# (field, header, required, help) in template order.
COLUMNS: tuple[tuple[str, str, bool, str], ...] = (
    ("title", "Titel", True, "Kort namn på åtgärden (högst 200 tecken)."),
    ("description", "Beskrivning", False, "Vad som ska göras, fri text."),
    (
        "units",
        "Enheter",
        False,
        "Enhets-id, kommaseparerade (t.ex. U001, U002). Tomt = hela förvaltningen.",
    ),
    (
        "links",
        "Kopplade ärenden",
        False,
        "typ:id, kommaseparerade. Typer: avvikelse, lex_sarah, klagomal, risk, egenkontroll "
        "(t.ex. avvikelse:A-123, lex_sarah:LS-7).",
    ),
    ("responsible", "Ansvarig", False, "Namn eller funktion."),
    ("due_date", "Klart senast", False, "Datum ÅÅÅÅ-MM-DD (eller ett datum i Excel)."),
    (
        "status",
        "Status",
        True,
        "Planerad, Pågående, Genomförd, Utvärderad eller Avbruten (listan i cellen).",
    ),
    (
        "completed_date",
        "Genomförd datum",
        False,
        "Datum ÅÅÅÅ-MM-DD. Tomt för genomförd/utvärderad = importdagen.",
    ),
    ("effect_text", "Utvärdering", False, "Vilken effekt åtgärden fick. Krävs för status Utvärderad."),
    ("effect_measure", "Effektmått", False, "Nyckeltal att följa effekten med (listan i cellen)."),
)
HEADERS = tuple(header for _, header, _, _ in COLUMNS)
EXPORT_EXTRA = ("Version", "Skapad", "Skapad av", "Ändrad", "Ändrad av")
HISTORY_HEADERS = ("Åtgärd", "Version", "Tidpunkt", "Ändrad av", "Roll", "Fält", "Före", "Efter")
DATE_FORMAT = "yyyy-mm-dd"
STAMP_FORMAT = "yyyy-mm-dd hh:mm:ss"


# ---------------------------------------------------------------------------------------------
# Problems and results
# ---------------------------------------------------------------------------------------------


def show_value(value: Any) -> str:
    """A cell value as the report shows it: quoted, control characters escaped, at most 60 characters."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "(tomt)"
    if isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    text = "".join(
        {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(
            ch, f"\\x{ord(ch):02x}" if ord(ch) < 32 or ord(ch) == 127 else ch
        )
        for ch in text
    )
    if len(text) > SHOWN_VALUE_CHARS:
        text = text[:SHOWN_VALUE_CHARS] + "…"
    return '"' + text.replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file, Excel row, column header), the value, and why (Swedish)."""

    rule: str
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: Any = None
    show_value: bool = True

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" rad {self.row}"
        if self.column is not None:
            where += f', kolumn "{self.column}"'
        if self.row is not None and self.show_value:
            return f"{where}: värdet {show_value(self.value)} {self.message}"
        return f"{where}: {self.message}"


RULE_TITLES = {
    "file": "Filen kan inte läsas",
    "header": "Kolumnrubriker",
    "rows": "Antal rader",
    "required": "Obligatoriskt värde saknas",
    "text_length": "För lång text",
    "status": "Ogiltig status",
    "date": "Ogiltigt datum",
    "unit_length": "Ogiltigt enhets-id",
    "unknown_unit": "Okänd enhet",
    "link_form": "Kopplat ärende: fel form",
    "link_kind": "Kopplat ärende: okänd typ",
    "link_id": "Kopplat ärende: id saknas",
    "measure": "Okänt effektmått",
    "status_rules": "Status, datum och utvärdering stämmer inte",
    "permission": "Behörighet",
}


class ImportFailed(Exception):
    """The register file broke at least one rule; nothing was written."""

    def __init__(self, file: str, problems: Sequence[Problem]):
        self.file = file
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} fel")

    def report(self) -> str:
        """All problems grouped by rule, at most 50 lines per rule."""
        lines = [
            f"{self.file} importerades inte: {len(self.problems)} fel. Åtgärdsregistret är oförändrat.",
            "Rad = raden i Excel (rubrikraden är rad 1).",
            "",
        ]
        by_rule: dict[str, list[Problem]] = defaultdict(list)
        for p in self.problems:
            by_rule[p.rule].append(p)
        for rule, problems in by_rule.items():
            lines.append(f"{RULE_TITLES.get(rule, rule)} ({len(problems)} st):")
            lines += [f"  {p}" for p in problems[:EXAMPLES_PER_RULE]]
            if len(problems) > EXAMPLES_PER_RULE:
                rest = len(problems) - EXAMPLES_PER_RULE
                lines.append(f"  … och {rest} till (totalt {len(problems)})")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    file: str
    action_ids: tuple[int, ...]
    ignored_columns: tuple[str, ...] = field(default=())

    def report(self, where: str) -> str:
        n = len(self.action_ids)
        lines = [f"Importerade {n} {'åtgärd' if n == 1 else 'åtgärder'} från {self.file} till {where}."]
        if self.ignored_columns:
            lines.append(
                f"Kolumner som inte lästes (finns inte i mallen): {', '.join(self.ignored_columns)}."
            )
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Reading a register
# ---------------------------------------------------------------------------------------------


def _cell_date(value: Any) -> Any:
    """An Excel serial number (a date cell without date format) as a date; other values as they are."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        from openpyxl.utils.datetime import from_excel

        stamp = from_excel(value)
        return stamp.date() if isinstance(stamp, dt.datetime) else stamp
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_register(
    path: Path,
    store: ActionStore,
    actor: ActorLike,
    *,
    known_units: Collection[str] | None = None,
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Parse and check every row of the register; ImportFailed with every problem found.

    Returns the actions as field dicts (ready for ActionStore.create_many) and the ignored headers.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    from analytics.stores import actions as A

    name = path.name
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ImportFailed(name, [Problem("file", name, "filen finns inte.")]) from None
    except (InvalidFileException, OSError, KeyError, ValueError) as e:
        message = f"kan inte läsas som en Excelfil (.xlsx): {type(e).__name__}."
        raise ImportFailed(name, [Problem("file", name, message)]) from None
    try:
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None) or ()
        problems: list[Problem] = []
        headers = [str(h).strip() if h is not None else "" for h in header_row]
        by_header = {h.casefold(): f for f, h, _, _ in COLUMNS}
        positions: dict[str, int] = {}
        ignored: list[str] = []
        for i, header in enumerate(headers):
            if not header:
                continue
            fieldname = by_header.get(header.casefold())
            if fieldname is None:
                ignored.append(header)
            elif fieldname in positions:
                problems.append(Problem("header", name, f'kolumnen "{header}" finns två gånger.'))
            else:
                positions[fieldname] = i
        for fieldname, header, required, _ in COLUMNS:
            if required and fieldname not in positions:
                problems.append(
                    Problem("header", name, f'kolumnen "{header}" saknas (rubrikerna: {", ".join(HEADERS)}).')
                )
        if problems:
            raise ImportFailed(name, problems)

        header_of = {f: h for f, h, _, _ in COLUMNS}
        items: list[dict[str, Any]] = []
        for row_number, row in enumerate(rows, start=2):
            cells = {f: (row[i] if i < len(row) else None) for f, i in positions.items()}
            if all(_blank(v) for v in cells.values()):
                continue
            if len(items) >= MAX_ROWS:
                problems.append(Problem("rows", name, f"fler än {MAX_ROWS} åtgärder; dela upp filen."))
                break
            item, row_problems = _check_row(name, row_number, cells, header_of, known_units, store, actor, A)
            problems += row_problems
            if item is not None:
                items.append(item)
    finally:
        book.close()
    if problems:
        raise ImportFailed(name, problems)
    return items, tuple(ignored)


def _check_row(
    name: str,
    row: int,
    cells: dict[str, Any],
    header_of: dict[str, str],
    known_units: Collection[str] | None,
    store: ActionStore,
    actor: ActorLike,
    A: Any,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One row's values parsed, or the problems with it."""
    problems: list[Problem] = []

    def problem(rule: str, fieldname: str, message: str, *, show: bool = True) -> None:
        problems.append(Problem(rule, name, message, row, header_of[fieldname], cells.get(fieldname), show))

    parsers = {
        "units": A.parse_units,
        "links": A.parse_links,
        "due_date": lambda v: A.parse_date(_cell_date(v)),
        "completed_date": lambda v: A.parse_date(_cell_date(v)),
        "effect_measure": A.parse_measure,
    }
    values: dict[str, Any] = {}
    for fieldname, value in cells.items():
        if fieldname == "status":
            if _blank(value):
                problem("required", fieldname, "saknar värde: Status är obligatorisk.", show=False)
                continue
            parse: Any = A.parse_status
        else:
            parse = parsers.get(fieldname)
        if parse is None:  # free text
            text = A._text(value)
            if fieldname == "title" and not text:
                problem("required", fieldname, "saknar värde: Titel är obligatorisk.", show=False)
            elif len(text) > A.TEXT_LIMITS[fieldname]:
                problem(
                    "text_length", fieldname, f"är längre än {A.TEXT_LIMITS[fieldname]} tecken ({len(text)})."
                )
            values[fieldname] = text
            continue
        try:
            values[fieldname] = parse(value)
        except A.Invalid as e:
            problem(e.rule, fieldname, e.reason + ".")
    if known_units is not None and values.get("units"):
        missing = sorted(set(values["units"]) - set(known_units))
        if missing:
            problem("unknown_unit", "units", f"innehåller okända enheter: {', '.join(missing)}.")
    if problems:
        return None, problems
    full = {
        "title": "",
        "description": "",
        "units": (),
        "links": (),
        "responsible": "",
        "due_date": None,
        "status": "planerad",
        "completed_date": None,
        "effect_text": "",
        "effect_measure": None,
    } | values
    for fieldname, message in store.status_problems(full):
        label = A.FIELD_LABELS[fieldname]
        text = message.removeprefix(f"{label}: ")
        column = fieldname if fieldname in header_of and fieldname in cells else "status"
        problem("status_rules", column, text, show=False)
    try:
        store.check_write(actor, full["units"])
    except PermissionError as e:
        problem("permission", "units", str(e), show=False)
    return (None if problems else values), problems


def import_register(
    path: Path,
    store: ActionStore,
    actor: ActorLike,
    *,
    known_units: Collection[str] | None = None,
) -> ImportResult:
    """Check the whole register, then create every action in one transaction (or none)."""
    items, ignored = read_register(path, store, actor, known_units=known_units)
    ids = store.create_many(actor, items, known_units=known_units) if items else []
    return ImportResult(path.name, tuple(ids), ignored)


# ---------------------------------------------------------------------------------------------
# Writing: template and export
# ---------------------------------------------------------------------------------------------


def _set(sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> None:
    """Write one cell; text is always text (a title like '=HYPERLINK(...)' never becomes a formula)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from analytics.stores.actions import LOCAL_TZ

        value = value.astimezone(LOCAL_TZ).replace(tzinfo=None)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format


def _header(sheet: Worksheet, headers: Sequence[str], widths: dict[str, int] | None = None) -> None:
    from openpyxl.styles import Font

    for i, header in enumerate(headers, start=1):
        _set(sheet, 1, i, header)
        sheet.cell(row=1, column=i).font = Font(bold=True)
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = (widths or {}).get(header, max(14, len(header) + 4))
    sheet.freeze_panes = "A2"


_WIDTHS = {"Titel": 40, "Beskrivning": 50, "Kopplade ärenden": 30, "Utvärdering": 40, "Effektmått": 32}


def _save(book: Any, out: Path) -> None:
    """Save next to the target and move it into place: never a half-written file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_template(path: Path) -> Path:
    """The Excel template of the register: data sheet with lists and date checks, and instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from analytics.stores.actions import EFFECT_MEASURES, LINK_KIND_LABELS, STATUS_LABELS

    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    _header(sheet, HEADERS, _WIDTHS)
    col = {f: i for i, (f, _, _, _) in enumerate(COLUMNS, start=1)}

    def area(fieldname: str) -> str:
        letter = get_column_letter(col[fieldname])
        return f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"

    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_LABELS.values()) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Ogiltig status",
        error="Välj en status i listan: " + ", ".join(STATUS_LABELS.values()) + ".",
        promptTitle="Status",
        prompt="Välj i listan.",
    )
    status.add(area("status"))
    measure = DataValidation(
        type="list",
        formula1='"' + ",".join(EFFECT_MEASURES.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Okänt effektmått",
        error="Välj ett effektmått i listan, eller lämna tomt.",
    )
    measure.add(area("effect_measure"))
    sheet.add_data_validation(status)
    sheet.add_data_validation(measure)
    for fieldname in ("due_date", "completed_date"):
        dates = DataValidation(
            type="date",
            operator="greaterThan",
            formula1="36526",  # 2000-01-01
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ogiltigt datum",
            error="Skriv ett datum, ÅÅÅÅ-MM-DD.",
        )
        dates.add(area(fieldname))
        sheet.add_data_validation(dates)

    info = book.create_sheet(INSTRUCTIONS_SHEET)
    lines: list[tuple[str, ...]] = [
        ("Åtgärdsregister – så fyller du i mallen",),
        ("En rad per åtgärd på bladet Åtgärder. Rubrikraden ska stå kvar oförändrad.",),
        (
            "Importera: python -m analytics actions import fil.xlsx "
            "(allt eller inget: vid fel ändras ingenting).",
        ),
        ("Varje rad blir en ny åtgärd; befintliga åtgärder ändras i appen.",),
        (),
        ("Kolumn", "Obligatorisk", "Så fyller du i"),
    ]
    lines += [(header, "ja" if required else "nej", help_text) for _, header, required, help_text in COLUMNS]
    lines += [
        (),
        ("Status", "Betydelse"),
        ("Planerad", "beslutad, inte påbörjad"),
        ("Pågående", "påbörjad"),
        ("Genomförd", "klar; Genomförd datum sätts till importdagen om det är tomt"),
        ("Utvärderad", "klar och effekten bedömd (kolumnen Utvärdering krävs)"),
        ("Avbruten", "genomförs inte"),
        (),
        ("Ärendetyp (Kopplade ärenden)", "Skriv"),
        *[(label, f"{code}:id") for code, label in LINK_KIND_LABELS.items()],
        (),
        ("Effektmått", "Kod (går också att skriva)"),
        *[(label, code) for code, label in EFFECT_MEASURES.items()],
        (),
        ("Exempel", ""),
        ("Titel", "Fallronder nattetid"),
        ("Enheter", "U001, U002"),
        ("Kopplade ärenden", "avvikelse:A-2024-118, lex_sarah:LS-2024-7"),
        ("Klart senast", "2024-09-30"),
        ("Status", "Pågående"),
    ]
    for r, values in enumerate(lines, start=1):
        for c, value in enumerate(values, start=1):
            _set(info, r, c, value)
    info["A1"].font = Font(bold=True, size=14)
    headings = {
        ("Kolumn", "Obligatorisk", "Så fyller du i"),
        ("Status", "Betydelse"),
        ("Ärendetyp (Kopplade ärenden)", "Skriv"),
        ("Effektmått", "Kod (går också att skriva)"),
        ("Exempel", ""),
    }
    for r, values in enumerate(lines, start=1):
        if values in headings:
            for c in range(1, len(values) + 1):
                info.cell(row=r, column=c).font = Font(bold=True)
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 40
    info.column_dimensions["C"].width = 90
    for row in info.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _save(book, path)
    return path


def export_register(store: ActionStore, actor: ActorLike, path: Path) -> tuple[int, int]:
    """Every action the actor may read, plus their history on a second sheet; (actions, history rows)."""
    from openpyxl import Workbook

    from analytics.stores.actions import EFFECT_MEASURES, FIELD_LABELS, STATUS_LABELS

    found = store.list_actions(actor)
    history = store.all_history(actor)
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    _header(sheet, ("Id", *HEADERS, *EXPORT_EXTRA), _WIDTHS)
    for r, a in enumerate(found, start=2):
        row: list[tuple[Any, str | None]] = [
            (a.id, None),
            (a.title, None),
            (a.description, None),
            (", ".join(a.units), None),
            (", ".join(f"{kind}:{record}" for kind, record in a.links), None),
            (a.responsible, None),
            (a.due_date, DATE_FORMAT),
            (STATUS_LABELS[a.status], None),
            (a.completed_date, DATE_FORMAT),
            (a.effect_text, None),
            (EFFECT_MEASURES.get(a.effect_measure or "", a.effect_measure), None),
            (a.version, None),
            (a.created_at, STAMP_FORMAT),
            (a.created_by, None),
            (a.updated_at, STAMP_FORMAT),
            (a.updated_by, None),
        ]
        for c, (value, fmt) in enumerate(row, start=1):
            _set(sheet, r, c, value if value != "" else None, fmt)
    hist = book.create_sheet(HISTORY_SHEET)
    _header(hist, HISTORY_HEADERS, {"Före": 40, "Efter": 40, "Ändrad av": 28})
    for r, h in enumerate(history, start=2):
        values: list[tuple[Any, str | None]] = [
            (h.action_id, None),
            (h.version, None),
            (h.at, STAMP_FORMAT),
            (h.changed_by, None),
            (h.role, None),
            (FIELD_LABELS.get(h.field, h.field), None),
            (h.old_value, None),
            (h.new_value, None),
        ]
        for c, (value, fmt) in enumerate(values, start=1):
            _set(hist, r, c, value, fmt)
    _save(book, path)
    return len(found), len(history)


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `actions {import,export,template}` on the sub-parsers of `python -m analytics`."""
    p = subparsers.add_parser("actions", help="åtgärdsregistret: Excelmall, import och export")
    sub = p.add_subparsers(dest="actions_command", required=True)
    i = sub.add_parser("import", help="importera ett åtgärdsregister från Excel (allt eller inget)")
    i.add_argument("file", help="Excelfilen (.xlsx), t.ex. från mallen")
    i.add_argument("--store", default=None, help="databas-URL (standard: se docs/atgardsregister.md)")
    i.add_argument(
        "--db",
        default=None,
        help="analysdatabasen vars enheter godtas (standard data/kvalitet.duckdb om den finns)",
    )
    i.add_argument("--user", default=None, help="namn i historiken (standard: inloggad OS-användare)")
    e = sub.add_parser("export", help="exportera alla åtgärder och deras historik till Excel")
    e.add_argument("--store", default=None, help="databas-URL (standard: se docs/atgardsregister.md)")
    e.add_argument("--out", default=None, help="Excelfil (standard atgardsregister-ÅÅÅÅ-MM-DD.xlsx)")
    t = sub.add_parser("template", help="skriv Excelmallen för åtgärdsregistret")
    t.add_argument("--out", default=None, help="Excelfil (standard atgardsregister-mall.xlsx)")
    return p


def add_template_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `template actions [--out FILE]` (the top-level template command)."""
    p = subparsers.add_parser("template", help="skriv en Excelmall")
    p.add_argument(
        "kind",
        choices=("actions", "egenkontroll", "risker"),
        help="actions: åtgärdsregistret; egenkontroll, risker: tabellerna i datakontraktet",
    )
    p.add_argument("--out", default=None, help="Excelfil (standard atgardsregister-mall.xlsx, TABELL.xlsx)")
    return p


def _known_units(db: str | None) -> tuple[Collection[str] | None, str]:
    """Unit ids of the analytics database (read-only), and a note for the report."""
    path = Path(db) if db else DEFAULT_ANALYTICS_DB
    if not path.is_file():
        if db:
            raise FileNotFoundError(f"Analysdatabasen {path} finns inte.")
        return None, f"Obs: {path} finns inte; enhets-id kontrolleras inte mot enhetslistan.\n"
    import duckdb

    con = duckdb.connect(
        str(path),
        read_only=True,
        config={"enable_external_access": False, "autoload_known_extensions": False},
    )
    try:
        units = {row[0] for row in con.execute("select unit_id from units").fetchall()}
    finally:
        con.close()
    return units, ""


def _user(explicit: str | None) -> str:
    if explicit and explicit.strip():
        return explicit.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "import"


def main(args: argparse.Namespace) -> int:
    """Run `actions import|export|template` or `template actions`; 0 ok, 1 rule broken, 2 other error."""
    from sqlalchemy.exc import SQLAlchemyError

    command = getattr(args, "actions_command", None)
    if getattr(args, "command", None) == "template" and getattr(args, "kind", "actions") != "actions":
        from analytics.ingest import templates

        return templates.main(args)
    if getattr(args, "command", None) == "template" or command == "template":
        out = Path(args.out or "atgardsregister-mall.xlsx")
        write_template(out)
        print(f"Mallen för åtgärdsregistret skrevs till {out}.")
        return 0

    from analytics.stores.actions import ActionError, ActionStore, Actor, shown_url, store_url

    try:
        url = store_url(getattr(args, "store", None))
    except ValueError as e:
        print(str(e), file=sys.stderr)
        return 2
    where = shown_url(url)
    actor = Actor(_user(getattr(args, "user", None)), "analytiker")
    try:
        if command == "import":
            known, note = _known_units(args.db)
            with ActionStore(url) as store:
                try:
                    result = import_register(Path(args.file), store, actor, known_units=known)
                except ImportFailed as e:
                    sys.stdout.write(note)
                    print(e.report(), file=sys.stderr, end="")
                    return 1
                except ActionError as e:  # the store's own checks (should not be reached after read_register)
                    print(
                        f"{Path(args.file).name} importerades inte: {e} Åtgärdsregistret är oförändrat.",
                        file=sys.stderr,
                    )
                    return 1
            sys.stdout.write(note + result.report(where))
            return 0
        if command == "export":
            out = Path(args.out or f"atgardsregister-{dt.date.today().isoformat()}.xlsx")
            with ActionStore(url) as store:
                n_actions, n_history = export_register(store, actor, out)
            print(f"Exporterade {n_actions} åtgärder och {n_history} historikrader från {where} till {out}.")
            return 0
    except FileNotFoundError as e:
        print(str(e), file=sys.stderr)
        return 2
    except SQLAlchemyError as e:
        detail = getattr(e, "orig", None) or e
        print(f"Åtgärdsregistret {where} kunde inte användas ({type(e).__name__}): {detail}", file=sys.stderr)
        return 2
    print("Ange import, export eller template.", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser with the same commands as `python -m analytics` (actions, template)."""
    parser = argparse.ArgumentParser(prog="python -m analytics.stores.actions_io")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    add_template_parser(sub)
    return parser


def cli(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` with build_parser() and run main()."""
    return main(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(cli())
