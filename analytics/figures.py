"""The key-figures export (key-figures.md): `python -m analytics figures`.

`key_figures(conn, f)` builds the object from the same analytics functions the dashboard calls
(no SQL of its own), so a figure in the report and on the screen cannot disagree. Rounding
happens here and only here: shares 4 decimals, rates and brukare 2 decimals, counts int; a
figure that cannot be computed (an absent optional table, a zero denominator) is None/null.

Output formats:
- json (default): the object, UTF-8, keys in key-figures.md order, indent 2, a trailing
  newline; identical bytes for identical input.
- csv: ONE long table, UTF-8 with `;` as separator and decimal comma (as Swedish Excel and the
  product's own loader read it). The first column `Avsnitt` names the section; the other
  columns are the union of the sections' Swedish headers, empty where a section has no such
  column. Cells hold codes as in the JSON (stable for import), not labels.
- xlsx: one sheet per section with the same Swedish headers; requires --out.

Roles: only `analytiker` for now; `chef` and `politiker` are refused (exit 2) until the roles
work adds scope restriction and suppression. The `suppressed` list is therefore empty.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics import complaints, deviations, falls, rates, signing, survey, violence
from analytics.filters import Filters, Period
from analytics.store import connect_readonly, table_exists

SHARE_DECIMALS = 4
RATE_DECIMALS = 2

# --------------------------------------------------------------------------------------------
# Value conversion
# --------------------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(math.isnan(value))
    except TypeError:
        return False


def count(value: Any) -> int | None:
    """An integer count, or None."""
    return None if _missing(value) else int(value)


def share(value: Any) -> float | None:
    """A fraction rounded to 4 decimals, or None."""
    return None if _missing(value) else round(float(value), SHARE_DECIMALS)


def rate(value: Any) -> float | None:
    """A rate (or brukare average) rounded to 2 decimals, or None."""
    return None if _missing(value) else round(float(value), RATE_DECIMALS)


def code(value: Any) -> str | None:
    """A code (or id) as text, or None."""
    return None if _missing(value) else str(value)


def _rows(frame: pd.DataFrame, spec: dict[str, Callable[[Any], Any]]) -> list[dict[str, Any]]:
    """Rows of `frame` as dicts with the keys of `spec`, each value converted by its function."""
    return [{key: conv(row[key]) for key, conv in spec.items()} for row in frame.to_dict("records")]


def _first(frame: pd.DataFrame, key: str, conv: Callable[[Any], Any]) -> Any:
    return conv(frame[key].iloc[0]) if len(frame) else None


# --------------------------------------------------------------------------------------------
# The object
# --------------------------------------------------------------------------------------------


def key_figures(conn: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    """The key-figures object of key-figures.md for the filters' period and units."""
    return {
        "period": {"from": f.period.start.isoformat(), "to": f.period.end.isoformat()},
        "deviations_by_category": _deviations_by_category(conn, f),
        "deviations_by_unit_type": _deviations_by_unit_type(conn, f),
        "rates_per_brukare": _rates_per_brukare(conn, f),
        "mean_per_unit": _mean_per_unit(conn, f),
        "falls": _falls(conn, f),
        "violence": _violence(conn, f),
        "signing": _signing(conn, f),
        "complaints": _complaints(conn, f),
        "survey": _survey(conn, f),
        "suppressed": [],
    }


def _deviations_by_category(conn: duckdb.DuckDBPyConnection, f: Filters) -> list[dict[str, Any]]:
    spec = {
        "domain": code,
        "category": code,
        "count": count,
        "previous_count": count,
        "investigated_share": share,
        "followed_up_share": share,
    }
    return _rows(deviations.deviations_by_category(conn, f), spec)


def _deviations_by_unit_type(conn: duckdb.DuckDBPyConnection, f: Filters) -> list[dict[str, Any]]:
    frame = deviations.deviations_by_unit_type(conn, f)
    spec = {"unit_type": code, "operator": code, "domain": code, "count": count}
    return _rows(frame[frame["count"] > 0], spec)


def _rates_per_brukare(conn: duckdb.DuckDBPyConnection, f: Filters) -> list[dict[str, Any]]:
    spec: dict[str, Callable[[Any], Any]] = {"unit_type": code, "brukare": rate}
    spec |= {column: rate for column in rates.RATE_COLUMNS}
    return _rows(rates.rates_per_brukare(conn, f), spec)


def _mean_per_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> list[dict[str, Any]]:
    spec = {
        "unit_type": code,
        "units": count,
        "hsl_other_deviations": rate,
        "violence_deviations": rate,
        "sol_lss_deviations": rate,
    }
    return _rows(rates.mean_per_unit(conn, f), spec)


def _falls(conn: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    summary = falls.falls_summary(conn, f)
    per_brukare = falls.falls_per_brukare(conn, f)
    return {
        "deviations": _first(summary, "deviations", count),
        "brukare": _first(summary, "brukare", count),
        "women": _first(summary, "women", count),
        "men": _first(summary, "men", count),
        "falls_per_brukare": {str(r["falls"]): count(r["brukare"]) for r in per_brukare.to_dict("records")},
    }


def _violence(conn: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    summary = violence.violence_summary(conn, f)
    top = violence.top_units(conn, f)
    incidents = violence.work_incidents_summary(conn, f)
    return {
        "deviations": _first(summary, "deviations", count),
        "share_of_sol_lss": _first(summary, "share_of_sol_lss", share),
        "utovare": _first(summary, "utovare", count),
        "utsatt": _first(summary, "utsatt", count),
        "personal_mot_brukare": _first(summary, "personal_mot_brukare", count),
        "top_units": _rows(top, {"unit_id": code, "count": count}),
        "top5_share": _first(summary, "top_share", share),
        "top5_brukare": _first(summary, "top_brukare", count),
        "work_incidents": _first(incidents, "work_incidents", count),
        "work_incidents_top5_share": _first(incidents, "top_share", share),
    }


def _signing(conn: duckdb.DuckDBPyConnection, f: Filters) -> list[dict[str, Any]] | None:
    if not table_exists(conn, "signings"):
        return None
    spec = {
        "unit_type": code,
        "operator": code,
        "task_kind": code,
        "tasks": count,
        "signed_share": share,
        "unsigned": count,
        "reported_deviations": count,
    }
    return _rows(signing.signing_by_group(conn, f), spec)


def _complaints(conn: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    totals = complaints.complaint_totals(conn, f)
    present = table_exists(conn, "complaints")

    def listed(frame: pd.DataFrame, spec: dict[str, Callable[[Any], Any]]) -> list[dict[str, Any]] | None:
        return _rows(frame, spec) if present else None

    return {
        "count": _first(totals, "count", count),
        "previous_count": _first(totals, "previous_count", count),
        "confidential": _first(totals, "confidential", count),
        "by_unit_type": listed(
            complaints.complaints_by_unit_type(conn, f),
            {"unit_type": code, "operator": code, "count": count},
        ),
        "by_category": listed(complaints.complaints_by_category(conn, f), {"category": code, "count": count}),
        "by_sender": listed(complaints.complaints_by_sender(conn, f), {"sender": code, "count": count}),
    }


def _survey(conn: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    totals = survey.survey_totals(conn, f)
    results = survey.survey_summary(conn, f)
    spec = {
        "question_id": code,
        "unit_type": code,
        "positive_share": share,
        "previous_share": share,
        "benchmark": share,
    }
    return {
        "year": _first(totals, "year", count) if len(totals) else f.period.end.year,
        "invited": _first(totals, "invited", count),
        "respondents": _first(totals, "respondents", count),
        "response_rate": _first(totals, "response_rate", share),
        "results": _rows(results, spec) if table_exists(conn, "survey_results") else None,
    }


def to_json(figures: dict[str, Any]) -> str:
    """The object as JSON text: UTF-8 characters kept, indent 2, trailing newline."""
    return json.dumps(figures, ensure_ascii=False, indent=2, separators=(",", ": ")) + "\n"


# --------------------------------------------------------------------------------------------
# Flat tables (csv, xlsx): one table per section, Swedish headers
# --------------------------------------------------------------------------------------------

# JSON key -> Swedish header, for every column of every flat table.
HEADERS: dict[str, str] = {
    "from": "Från",
    "to": "Till",
    "domain": "Område",
    "category": "Kategori",
    "unit_type": "Verksamhetstyp",
    "operator": "Regi",
    "task_kind": "Insatstyp",
    "unit_id": "Enhets-id",
    "sender": "Avsändare",
    "question_id": "Fråga",
    "count": "Antal",
    "previous_count": "Antal föregående period",
    "investigated_share": "Andel utredda",
    "followed_up_share": "Andel uppföljda",
    "brukare": "Brukare",
    "hsl_tasks": "HSL-insatser per brukare",
    "medication_tasks": "Läkemedelsinsatser per brukare",
    "hsl_other_deviations": "HSL övrigt per brukare",
    "medication_deviations": "Läkemedelsavvikelser per brukare",
    "fall_deviations": "Fall per brukare",
    "violence_deviations": "Hot och våld per brukare",
    "units": "Aktiva enheter",
    "tasks": "Insatser",
    "signed_share": "Andel signerade",
    "unsigned": "Ej signerade",
    "reported_deviations": "Rapporterade avvikelser",
    "positive_share": "Andel positiva",
    "previous_share": "Andel positiva föregående år",
    "benchmark": "Jämförelsevärde",
    "measure": "Mått",
    "value": "Värde",
    "path": "Sökväg",
}

# mean_per_unit reuses rate keys with a different meaning: its own headers.
MEAN_HEADERS: dict[str, str] = {
    "hsl_other_deviations": "HSL övrigt per aktiv enhet",
    "violence_deviations": "Hot och våld per aktiv enhet",
    "sol_lss_deviations": "SoL och LSS per aktiv enhet",
}

# Scalar figures of the object sections, as (measure) rows: JSON key -> Swedish measure name.
MEASURES: dict[str, str] = {
    "deviations": "Avvikelser",
    "women": "Kvinnor",
    "men": "Män",
    "share_of_sol_lss": "Andel av SoL- och LSS-avvikelser",
    "utovare": "Utövare",
    "utsatt": "Utsatt",
    "personal_mot_brukare": "Personal mot brukare",
    "top5_share": "Andel från de fem enheterna med flest",
    "top5_brukare": "Brukare som utövare vid de fem enheterna",
    "work_incidents": "Arbetsmiljöhändelser med hot och våld (Kia)",
    "work_incidents_top5_share": "Andel Kia-händelser från de fem enheterna med flest",
    "count": "Antal",
    "previous_count": "Antal föregående period",
    "confidential": "Sekretessmarkerade",
    "year": "År",
    "invited": "Inbjudna",
    "respondents": "Svarande",
    "response_rate": "Svarsfrekvens",
    "brukare": "Brukare",
}


def _table(rows: list[dict[str, Any]] | None, headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    names = HEADERS | (headers or {})
    return [{names[k]: v for k, v in row.items()} for row in rows or []]


def _measures(section: dict[str, Any], names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The section's scalar figures (lists and dicts are tables of their own) as measure rows."""
    names = MEASURES | (names or {})
    return [
        {HEADERS["measure"]: names[k], HEADERS["value"]: v}
        for k, v in section.items()
        if k in names and not isinstance(v, list | dict)
    ]


def flat_tables(figures: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The object as named flat tables (section name -> rows with Swedish headers), in order."""
    fl, vi, co, su = figures["falls"], figures["violence"], figures["complaints"], figures["survey"]
    falls_rows = _measures(fl, {"brukare": "Brukare som fallit"})
    falls_rows += [
        {HEADERS["measure"]: f"Brukare med {k} fall", HEADERS["value"]: v}
        for k, v in fl["falls_per_brukare"].items()
    ]
    return {
        "Period": _table([figures["period"]]),
        "Avvikelser per kategori": _table(figures["deviations_by_category"]),
        "Avvikelser per verksamhetstyp": _table(figures["deviations_by_unit_type"]),
        "Per brukare": _table(figures["rates_per_brukare"]),
        "Medelvärde per enhet": _table(figures["mean_per_unit"], MEAN_HEADERS),
        "Fall": falls_rows,
        "Hot och våld": _measures(vi),
        "Hot och våld, fem enheter": _table(vi["top_units"]),
        "Signering": _table(figures["signing"]),
        "Klagomål": _measures(co),
        "Klagomål per verksamhetstyp": _table(co["by_unit_type"]),
        "Klagomål per kategori": _table(co["by_category"]),
        "Klagomål per avsändare": _table(co["by_sender"]),
        "Brukarundersökning": _measures(su),
        "Brukarundersökning, resultat": _table(su["results"]),
        "Undertryckta": [{HEADERS["path"]: p} for p in figures["suppressed"]],
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def to_csv(figures: dict[str, Any]) -> str:
    """One long table: Avsnitt + the union of the sections' headers (first-seen order)."""
    tables = flat_tables(figures)
    columns: list[str] = []
    for rows in tables.values():
        for row in rows:
            columns += [c for c in row if c not in columns]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Avsnitt", *columns])
    for section, rows in tables.items():
        for row in rows:
            writer.writerow([section, *(_csv_cell(row.get(c)) for c in columns)])
    return out.getvalue()


def write_xlsx(figures: dict[str, Any], path: Path) -> None:
    """One sheet per section (also an empty one keeps its sheet, headers only if known)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for section, rows in flat_tables(figures).items():
        sheet = book.create_sheet(section[:31])
        if not rows:
            sheet.append(["Inga rader"])
            continue
        header = list(rows[0])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([row.get(c) for c in header])
        for i, name in enumerate(header, start=1):
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(12, len(name) + 2)
    book.save(path)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


class UsageError(Exception):
    """A problem with the arguments or the database, told to the user in Swedish."""


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        message = f"Ogiltigt datum för {option}: {value!r}. Ange ÅÅÅÅ-MM-DD, t.ex. 2022-01-01."
        raise UsageError(message) from None


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Filters for the export: the period, and the role (only analytiker for now)."""
    role = getattr(args, "role", "analytiker") or "analytiker"
    if role in ("chef", "politiker"):
        raise UsageError(
            f"Rollen {role} stöds ännu inte av figures: den kommer med arbetet med roller och "
            "behörigheter. Använd --role analytiker."
        )
    if role != "analytiker":
        raise UsageError(f"Okänd roll: {role!r}. Tillåtna: analytiker (chef och politiker kommer senare).")
    start = _date(args.date_from, "--from")
    end = _date(args.date_to, "--to")
    try:
        period = Period(start, end)
    except ValueError as e:
        raise UsageError(str(e)) from None
    return Filters.build(period)


def _open(db: str) -> duckdb.DuckDBPyConnection:
    path = Path(db)
    if not path.is_file():
        raise UsageError(
            f"Databasen finns inte: {path}. Ladda data först: python -m analytics load MAPP --db {path}"
        )
    try:
        conn = connect_readonly(path)
    except duckdb.Error as e:
        raise UsageError(f"Kan inte öppna databasen {path}: {e}") from None
    missing = [t for t in ("units", "census", "deviations") if not table_exists(conn, t)]
    if missing:
        conn.close()
        raise UsageError(f"Databasen {path} saknar tabellerna {', '.join(missing)}. Ladda data först.")
    return conn


def main(args: argparse.Namespace) -> int:
    """`python -m analytics figures`: 0 on success, 2 on a usage or database problem."""
    fmt = getattr(args, "format", "json") or "json"
    out = Path(args.out) if getattr(args, "out", None) else None
    try:
        f = filters_from_args(args)
        if fmt == "xlsx" and out is None:
            raise UsageError("Formatet xlsx kräver --out FIL.xlsx.")
        conn = _open(args.db)
        try:
            figures = key_figures(conn, f)
        finally:
            conn.close()
        if fmt == "xlsx":
            assert out is not None
            write_xlsx(figures, out)
            return 0
        text = to_json(figures) if fmt == "json" else to_csv(figures)
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
        return 0
    except UsageError as e:
        print(f"Fel: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"Fel: kunde inte skriva {out}: {e.strerror or e}", file=sys.stderr)
        return 2
