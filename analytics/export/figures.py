"""The key-figures export (key-figures.md, version 2): `python -m analytics figures`.

Every `previous_*` figure counts the comparison period of `--compare` (`year`, the default: the
same dates a year earlier; `previous`: the period just before), named in `period.comparison`, and
is null when the data do not reach back to it (analytics.analyses.comparison). docs/nyckeltal.md
is rendered from this module (analytics/export/figures_doc.py).

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

Roles (`--role`, key-figures.md "Roles"):
- analytiker (default): everything; `suppressed` is empty.
- chef: requires `--units U001,U002` (ids of the units table; an unknown id is an error) and
  exports only those units (the scope restricts every query). The survey is delivered per
  unit type, not per unit, so its figures stay förvaltning-wide (analytics.privacy).
- politiker: the same analytics functions' results pass `analytics.privacy.suppress` with each
  function's registered rule, so the export and the dashboard hide the same cells: counts from
  1 to min_cell - 1 become null, figures computed from them too, and complementary suppression
  hides the next-smallest row of a list with exactly one hidden row. `suppressed` lists the
  JSON path of every hidden value (counts, derived figures, and `violence.top5_brukare`) in
  document order. `top_units` carries counts only, no unit ids. In csv and xlsx a hidden value
  is an empty cell.
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

from analytics import privacy
from analytics.analyses import (
    causes,
    complaints,
    deviations,
    falls,
    lex,
    rates,
    reporting,
    series,
    signing,
    survey,
    violence,
)
from analytics.db import connect_readonly, supplied, table_exists
from analytics.filters import COMPARISONS, Filters, Period, Scope
from analytics.privacy import periods
from presentation.format import round_half_up

SHARE_DECIMALS = 4
RATE_DECIMALS = 2

# The object's keys in key-figures.md order (version 2); docs/nyckeltal.md is rendered from them.
KEYS: tuple[str, ...] = (
    "period",
    "deviations_by_category",
    "deviations_by_unit_type",
    "rates_per_brukare",
    "mean_per_unit",
    "falls",
    "violence",
    "signing",
    "complaints",
    "survey",
    "lex_sarah",
    "lex_maria",
    "causes",
    "vardsamverkan",
    "by_reporter",
    "yearly",
    "suppressed",
)

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
    return None if _missing(value) else round_half_up(value, SHARE_DECIMALS)


def rate(value: Any) -> float | None:
    """A rate (or brukare average) rounded to 2 decimals, or None."""
    return None if _missing(value) else round_half_up(value, RATE_DECIMALS)


def code(value: Any) -> str | None:
    """A code (or id) as text, or None."""
    return None if _missing(value) else str(value)


def _rows(frame: pd.DataFrame, spec: dict[str, Callable[[Any], Any]]) -> list[dict[str, Any]]:
    """Rows of `frame` as dicts with the keys of `spec`, each value converted by its function."""
    return [{key: conv(row[key]) for key, conv in spec.items()} for row in frame.to_dict("records")]


class _Hider:
    """Applies the politiker suppression (analytics.privacy) and collects the hidden paths."""

    def __init__(self, f: Filters) -> None:
        self.on = f.scope.role == "politiker"
        self.paths: list[str] = []

    def frame(
        self, frame: pd.DataFrame, fn: Callable[..., Any] | privacy.Rule
    ) -> tuple[pd.DataFrame, set[tuple[int, str]]]:
        """The frame as the role may see it (fn's registered rule) and its hidden (row, column)."""
        frame = frame.reset_index(drop=True)
        if not self.on:
            return frame, set()
        rule = fn if isinstance(fn, privacy.Rule) else privacy.rule_of(fn)
        hidden = privacy.suppress(frame, rule.counts, rule.derived, hidden=rule.hidden, groups=rule.groups)
        return hidden.frame, {(c.row, c.column) for c in hidden.cells}

    def rows(
        self,
        frame: pd.DataFrame,
        fn: Callable[..., Any] | privacy.Rule,
        spec: dict[str, Callable[[Any], Any]],
        path: str,
    ) -> list[dict[str, Any]]:
        shown, hidden = self.frame(frame, fn)
        rows = _rows(shown, spec)
        for i in range(len(rows)):
            self.paths += [f"{path}[{i}].{key}" for key in spec if (i, key) in hidden]
        return rows

    def values(
        self,
        frame: pd.DataFrame,
        fn: Callable[..., Any],
        keys: dict[str, tuple[str, Callable[[Any], Any]]],
        path: str,
    ) -> dict[str, Any]:
        """A one-row frame's figures: JSON key -> (column, converter)."""
        shown, hidden = self.frame(frame, fn)
        out = {}
        for key, (column, conv) in keys.items():
            out[key] = _first(shown, column, conv)
            if (0, column) in hidden:
                self.paths.append(f"{path}.{key}")
        return out


def _first(frame: pd.DataFrame, key: str, conv: Callable[[Any], Any]) -> Any:
    return conv(frame[key].iloc[0]) if len(frame) else None


# --------------------------------------------------------------------------------------------
# The object
# --------------------------------------------------------------------------------------------


def key_figures(conn: duckdb.DuckDBPyConnection, f: Filters, cache: dict | None = None) -> dict[str, Any]:
    """The key-figures object of key-figures.md for the filters' period, units and role.

    The functions run unrestricted and this module applies the role's rules itself, so that it
    can name the path of every hidden value (analytics.privacy.unrestricted). For politiker the
    hidden cells are decided for the period's whole year at once (analytics.export.politiker);
    `cache` (a dict) keeps those decisions between calls, e.g. for every period of a year.
    """
    if f.scope.role == "politiker":
        from analytics.export import politiker

        hider = _Hider(f)
        with privacy.unrestricted():
            survey_section = _survey(conn, f, hider)
        return politiker.politiker_figures(conn, f, key_figures, (survey_section, hider.paths), cache)
    hider = _Hider(f)
    with privacy.unrestricted():
        figures = {
            "period": {
                "from": f.period.start.isoformat(),
                "to": f.period.end.isoformat(),
                "comparison": {"from": f.comparison.start.isoformat(), "to": f.comparison.end.isoformat()},
            },
            "deviations_by_category": _deviations_by_category(conn, f, hider),
            "deviations_by_unit_type": _deviations_by_unit_type(conn, f, hider),
            "rates_per_brukare": _rates_per_brukare(conn, f, hider),
            "mean_per_unit": _mean_per_unit(conn, f, hider),
            "falls": _falls(conn, f, hider),
            "violence": _violence(conn, f, hider),
            "signing": _signing(conn, f, hider),
            "complaints": _complaints(conn, f, hider),
            "survey": _survey(conn, f, hider),
            "lex_sarah": _lex(conn, f, hider, "lex_sarah"),
            "lex_maria": _lex(conn, f, hider, "lex_maria"),
            "causes": _causes(conn, f, hider),
            "vardsamverkan": _vardsamverkan(conn, f, hider),
            "by_reporter": _by_reporter(conn, f, hider),
            "yearly": _yearly(conn, f, hider),
        }
    figures["suppressed"] = hider.paths
    return figures


def _deviations_by_category(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> list[dict[str, Any]]:
    spec = {
        "domain": code,
        "category": code,
        "count": count,
        "previous_count": count,
        "investigated_share": share,
        "followed_up_share": share,
    }
    fn = deviations.deviations_by_category
    return h.rows(fn(conn, f), fn, spec, "deviations_by_category")


def _deviations_by_unit_type(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> list[dict[str, Any]]:
    fn = deviations.deviations_by_unit_type
    frame = fn(conn, f)
    spec = {"unit_type": code, "operator": code, "domain": code, "count": count}
    return h.rows(frame[frame["count"] > 0], fn, spec, "deviations_by_unit_type")


def _rates_per_brukare(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> list[dict[str, Any]]:
    spec: dict[str, Callable[[Any], Any]] = {"unit_type": code, "brukare": rate}
    spec |= {column: rate for column in rates.RATE_COLUMNS}
    fn = rates.rates_per_brukare
    return h.rows(fn(conn, f), fn, spec, "rates_per_brukare")


def _mean_per_unit(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> list[dict[str, Any]]:
    spec = {
        "unit_type": code,
        "units": count,
        "hsl_other_deviations": rate,
        "violence_deviations": rate,
        "sol_lss_deviations": rate,
    }
    fn = rates.mean_per_unit
    return h.rows(fn(conn, f), fn, spec, "mean_per_unit")


def _falls(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> dict[str, Any]:
    keys = {key: (key, count) for key in ("deviations", "brukare", "women", "men")}
    out = h.values(falls.falls_summary(conn, f), falls.falls_summary, keys, "falls")
    per_brukare, hidden = h.frame(falls.falls_per_brukare(conn, f), falls.falls_per_brukare)
    out["falls_per_brukare"] = {}
    for i, row in enumerate(per_brukare.to_dict("records")):
        out["falls_per_brukare"][str(row["falls"])] = count(row["brukare"])
        if (i, "brukare") in hidden:
            h.paths.append(f"falls.falls_per_brukare.{row['falls']}")
    return out


# The five units' counts for politiker: counts of deviations, nothing pointing at a unit.
_TOP_UNITS_RULE = privacy.Rule(privacy.Sensitivity.AGGREGATE, counts=("count",))


def _violence(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> dict[str, Any]:
    summary = violence.violence_summary(conn, f)
    fn = violence.violence_summary
    out = h.values(
        summary,
        fn,
        {
            "deviations": ("deviations", count),
            "share_of_sol_lss": ("share_of_sol_lss", share),
            "utovare": ("utovare", count),
            "utsatt": ("utsatt", count),
            "personal_mot_brukare": ("personal_mot_brukare", count),
        },
        "violence",
    )
    top = violence.top_units(conn, f)
    if h.on:
        out["top_units"] = h.rows(top[["count"]], _TOP_UNITS_RULE, {"count": count}, "violence.top_units")
    else:
        out["top_units"] = _rows(top, {"unit_id": code, "count": count})
    out |= h.values(
        summary, fn, {"top5_share": ("top_share", share), "top5_brukare": ("top_brukare", count)}, "violence"
    )
    out |= h.values(
        violence.work_incidents_summary(conn, f),
        violence.work_incidents_summary,
        {"work_incidents": ("work_incidents", count), "work_incidents_top5_share": ("top_share", share)},
        "violence",
    )
    return out


def _signing(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> list[dict[str, Any]] | None:
    if not supplied(conn, "signings"):
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
    fn = signing.signing_by_group
    return h.rows(fn(conn, f), fn, spec, "signing")


def _complaints(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> dict[str, Any]:
    present = supplied(conn, "complaints")
    out = h.values(
        complaints.complaint_totals(conn, f),
        complaints.complaint_totals,
        {key: (key, count) for key in ("count", "previous_count", "confidential")},
        "complaints",
    )

    def listed(fn: Callable[..., pd.DataFrame], spec: dict[str, Callable[[Any], Any]], key: str) -> Any:
        return h.rows(fn(conn, f), fn, spec, f"complaints.{key}") if present else None

    out["by_unit_type"] = listed(
        complaints.complaints_by_unit_type,
        {"unit_type": code, "operator": code, "count": count},
        "by_unit_type",
    )
    out["by_category"] = listed(
        complaints.complaints_by_category, {"category": code, "count": count}, "by_category"
    )
    out["by_sender"] = listed(complaints.complaints_by_sender, {"sender": code, "count": count}, "by_sender")
    return out


def _survey(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> dict[str, Any]:
    totals = survey.survey_totals(conn, f)
    out: dict[str, Any] = {"year": _first(totals, "year", count) if len(totals) else f.period.end.year}
    out["previous_year"] = survey.survey_previous_year(conn, f)
    out |= h.values(
        totals,
        survey.survey_totals,
        {
            "invited": ("invited", count),
            "respondents": ("respondents", count),
            "response_rate": ("response_rate", share),
        },
        "survey",
    )
    spec = {
        "question_id": code,
        "unit_type": code,
        "positive_share": share,
        "previous_share": share,
        "benchmark": share,
    }
    present = supplied(conn, "survey_results")
    fn = survey.survey_summary
    out["results"] = h.rows(fn(conn, f), fn, spec, "survey.results") if present else None
    return out


def _lex(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider, law: str) -> dict[str, Any]:
    keys = {key: (key, count) for key in ("reports", "previous_reports", "ivo_reported")}
    out = h.values(lex.lex_summary(conn, f, law), lex.lex_summary, keys, law)
    if law == "lex_sarah":
        fn = lex.lex_by_outcome
        out["by_outcome"] = h.rows(fn(conn, f), fn, {"outcome": code, "count": count}, f"{law}.by_outcome")
        fn = lex.lex_by_domain
        out["by_domain"] = h.rows(fn(conn, f, law), fn, {"domain": code, "count": count}, f"{law}.by_domain")
    return out


def _causes(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> list[dict[str, Any]]:
    fn = causes.causes
    return h.rows(fn(conn, f), fn, {"domain": code, "cause": code, "count": count}, "causes")


def _vardsamverkan(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> dict[str, Any]:
    fn = reporting.vardsamverkan_by_direction
    shown, hidden = h.frame(fn(conn, f), fn)
    out = {}
    for i, row in enumerate(shown.to_dict("records")):
        out[row["direction"]] = count(row["count"])
        if (i, "count") in hidden:
            h.paths.append(f"vardsamverkan.{row['direction']}")
    return out


def _by_reporter(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> list[dict[str, Any]]:
    fn = reporting.by_reporter
    spec = {"reported_by": code, "count": count, "investigated_share": share}
    return h.rows(fn(conn, f), fn, spec, "by_reporter")


def _yearly(conn: duckdb.DuckDBPyConnection, f: Filters, h: _Hider) -> list[dict[str, Any]]:
    fn = series.series
    spec: dict[str, Callable[[Any], Any]] = {"year": count, "to": _day}
    spec |= {key: count for key in series.YEARLY_KEYS}
    frame = fn(conn, f, "year").rename(columns={"span_to": "to"})
    return h.rows(frame, fn, spec, "yearly")


def _day(value: Any) -> str | None:
    return None if _missing(value) else pd.Timestamp(value).date().isoformat()


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
    "comparison_from": "Jämförelse från",
    "comparison_to": "Jämförelse till",
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
    "outcome": "Bedömning",
    "cause": "Bakomliggande orsak",
    "reported_by": "Rapporterad av",
    "year": "År",
    "hsl": "HSL",
    "lss": "LSS",
    "sol": "SoL",
    "vardsamverkan": "Vårdsamverkan",
    "organisatorisk": "Organisatoriska",
    "lex_sarah": "Lex Sarah",
    "lex_maria": "Lex Maria",
    "ivo_reported": "Anmälda till IVO",
    "falls": "Fall",
    "violence": "Hot och våld",
    "complaints": "Synpunkter och klagomål",
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
    "previous_year": "Föregående omgång",
    "reports": "Anmälningar",
    "previous_reports": "Anmälningar jämförelseperioden",
    "ivo_reported": "Anmälda till IVO",
    "inkommande": "Inkommande",
    "utgaende": "Utgående",
    "ej_angiven": "Riktning ej angiven",
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
        "Period": _table([_period_row(figures["period"])]),
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
        "Lex Sarah": _measures(figures["lex_sarah"]),
        "Lex Sarah per bedömning": _table(figures["lex_sarah"]["by_outcome"]),
        "Lex Sarah per område": _table(figures["lex_sarah"]["by_domain"]),
        "Lex Maria": _measures(figures["lex_maria"]),
        "Bakomliggande orsak": _table(figures["causes"]),
        "Vårdsamverkan": _measures(figures["vardsamverkan"]),
        "Per rapportör": _table(figures["by_reporter"]),
        "Årsserie": _table(figures["yearly"]),
        "Undertryckta": [{HEADERS["path"]: p} for p in figures["suppressed"]],
    }


def _period_row(period: dict[str, Any]) -> dict[str, Any]:
    return {
        "from": period["from"],
        "to": period["to"],
        "comparison_from": period["comparison"]["from"],
        "comparison_to": period["comparison"]["to"],
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


ROLES = ("analytiker", "chef", "politiker")


def _units(value: str | None) -> tuple[str, ...]:
    return tuple(sorted({u.strip() for u in (value or "").split(",") if u.strip()}))


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Filters for the export: the period and the role's scope (chef: the --units)."""
    role = getattr(args, "role", "analytiker") or "analytiker"
    if role not in ROLES:
        raise UsageError(f"Okänd roll: {role!r}. Tillåtna: {', '.join(ROLES)}.")
    units = _units(getattr(args, "units", None))
    if role == "chef" and not units:
        raise UsageError("Rollen chef kräver --units med kommaseparerade enhets-id, t.ex. --units U001,U002.")
    if role != "chef" and getattr(args, "units", None):
        raise UsageError(f"--units gäller bara --role chef (rollen är {role}).")
    if role == "politiker":
        try:
            privacy.min_cell()
        except ValueError as e:
            raise UsageError(f"{privacy.ENV_MIN_CELL}: {e}") from None
    start = _date(args.date_from, "--from")
    end = _date(args.date_to, "--to")
    try:
        period = Period(start, end)
    except ValueError as e:
        raise UsageError(str(e)) from None
    if role == "politiker":
        try:
            periods.check(period)
        except ValueError as e:
            raise UsageError(f"{e} Ange t.ex. --from 2022-01-01 --to 2022-06-30.") from None
    compare = getattr(args, "compare", "year") or "year"
    if compare not in COMPARISONS:
        raise UsageError(f"Okänd jämförelse: {compare!r}. Tillåtna: {', '.join(COMPARISONS)}.")
    if role == "politiker" and compare != "year":
        # The year family's suppression is decided with the same period a year earlier.
        raise UsageError("Rollen politiker jämförs alltid med samma period föregående år (--compare year).")
    try:
        period.comparison(compare)
    except (OverflowError, ValueError):
        raise UsageError(
            f"Jämförelseperioden (föregående period) före {start} går inte att räkna ut; "
            "välj ett senare --from."
        ) from None
    return Filters.build(period, Scope(role, units or None, "figures"), compare=compare)


def _check_units(conn: duckdb.DuckDBPyConnection, f: Filters) -> None:
    """A chef's units must all exist: a typo must not give a silently empty export."""
    if f.scope.units is None:
        return
    with conn.cursor() as cur:
        known = {row[0] for row in cur.execute("select unit_id from units").fetchall()}
    unknown = [u for u in f.scope.units if u not in known]
    if unknown:
        raise UsageError(f"Okända enhets-id i --units: {', '.join(unknown)} (finns inte i tabellen units).")


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
            _check_units(conn, f)
            figures = key_figures(conn, f)
        except duckdb.Error as e:
            first = (str(e).strip().splitlines() or [""])[0]
            raise UsageError(
                f"Databasen {args.db} följer inte datakontraktet ({type(e).__name__}: {first}). "
                "Ladda om den: python -m analytics load MAPP"
            ) from None
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
