"""Validate a folder against the data contract and load it atomically into DuckDB.

    python -m analytics load FOLDER [--db PATH]

Every file is staged in an in-memory DuckDB schema (`stg`) by analytics.readers, every rule of
the contract is checked there with set-based SQL (at most 50 example rows per rule and a total),
and only when no rule is broken is a complete new database built next to the target and moved
onto it with os.replace. On any error the target is byte-for-byte unchanged.
"""

# ruff: noqa: S608 - every SQL text here is built from contract names (quote_ident) and fixed fragments;
# values are always bound ($name). Nothing from a file's content reaches the SQL text.

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics import contract
from analytics.db import quote_ident
from analytics.ingest import marts, profiles
from analytics.ingest.readers import ROW_CONVENTION, Problem, Staged, stage

EXAMPLES_PER_RULE = 50
SHOWN_VALUE_CHARS = 60
YEAR_COLUMNS = ("year", "birth_year")
# Planned dates are allowed in the future.
FUTURE_ALLOWED = {("units", "valid_from"), ("units", "valid_to")}

PERSONNUMMER_RE = r"(\d{2})?\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}"
_CONTROL_RE = r"[\x00-\x1f\x7f]"

# Memory bound of a load. DuckDB keeps its buffers (reading, checking, sorting, aggregating for
# the marts) under memory_limit and spills the rest to a temp directory next to the target, so
# the load's peak RSS is about this limit plus the Python process (~150 MB) whatever the row
# count. No table is pulled into pandas; the checks return at most 50 example rows per rule.
# Env KVALITET_LOAD_MEMORY raises or lowers it (e.g. "4GB").
LOAD_MEMORY_DEFAULT = "1GB"
ENV_LOAD_MEMORY = "KVALITET_LOAD_MEMORY"
_MEMORY_RE = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)

__all__ = ["LoadFailed", "LoadSummary", "Problem", "load_folder", "main"]


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


def show_value(value: str | None) -> str:
    """A cell value as the report shows it: control characters escaped, at most 60 characters."""
    if value is None:
        return "(tomt)"
    out = []
    for ch in value:
        code = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif code < 32 or code == 127:
            out.append(f"\\x{code:02x}")
        else:
            out.append(ch)
    text = "".join(out)
    if len(text) > SHOWN_VALUE_CHARS:
        text = text[:SHOWN_VALUE_CHARS] + "…"
    return '"' + text.replace('"', '\\"') + '"'


def format_problem(p: Problem) -> str:
    where = [p.file]
    if p.row is not None:
        where.append(f" rad {p.row}")
    if p.column is not None:
        where.append(f", kolumn {p.column}")
    if p.row is not None and (p.column is not None or p.value is not None):
        where.append(f", värde {show_value(p.value)}")
    text = "".join(where) + f": {p.rule}"
    if p.detail:
        text += f" ({p.detail})"
    return text


class LoadFailed(Exception):
    """The folder broke at least one rule; nothing was loaded."""

    def __init__(
        self,
        problems: list[Problem],
        totals: dict[str, int] | None = None,
        *,
        folder: Path | None = None,
        warnings: list[str] | None = None,
    ):
        self.problems = problems
        counted: dict[str, int] = defaultdict(int)
        for p in problems:
            counted[p.rule] += 1
        # totals[rule] >= the examples kept for that rule
        self.totals = {r: max(n, (totals or {}).get(r, 0)) for r, n in counted.items()}
        self.folder = folder
        self.warnings = warnings or []
        super().__init__(f"{sum(self.totals.values())} fel")

    def report(self) -> str:
        total = sum(self.totals.values())
        where = f" {self.folder}" if self.folder else "en"
        lines = [
            f"Mapp{where} laddades inte: {total} fel. Databasen är oförändrad.",
            ROW_CONVENTION,
            "",
        ]
        by_rule: dict[str, list[Problem]] = defaultdict(list)
        for p in self.problems:
            by_rule[p.rule].append(p)
        for rule, problems in by_rule.items():
            n = self.totals[rule]
            lines.append(f"{rule} ({n} st):")
            lines += ["  " + format_problem(p) for p in problems[:EXAMPLES_PER_RULE]]
            shown = min(len(problems), EXAMPLES_PER_RULE)
            if n > shown:
                lines.append(f"  … och {n - shown} till (totalt {n})")
            lines.append("")
        if self.warnings:
            lines.append("Varningar:")
            lines += [f"  {w}" for w in self.warnings]
        return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class TableSummary:
    table: str
    file: str
    rows: int
    period_from: dt.date | None
    period_to: dt.date | None


@dataclass
class LoadSummary:
    folder: Path
    db: Path
    tables: list[TableSummary]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def report(self) -> str:
        # the data's period: a plan's dates (egenkontroll.planned_date) may lie ahead and say
        # nothing about what the data covers
        data = [t for t in self.tables if not _is_plan(t.table)]
        starts = [t.period_from for t in data if t.period_from]
        ends = [t.period_to for t in data if t.period_to]
        lines = [
            f"Laddade {len(self.tables)} tabeller, {_n(self.rows)} rader, från {self.folder} "
            f"till {self.db} ({_seconds(self.seconds)})."
        ]
        if starts and ends:
            lines.append(f"Period: {min(starts)} – {max(ends)}.")
        for t in self.tables:
            period = f", {t.period_from} – {t.period_to}" if t.period_from else ""
            noun = "rad" if t.rows == 1 else "rader"
            lines.append(f"  {t.table:<22} {_n(t.rows):>12} {noun}{period}  ({t.file})")
        if self.warnings:
            lines.append("Varningar:")
            lines += [f"  {w}" for w in self.warnings]
        return "\n".join(lines) + "\n"


def _is_plan(table: str) -> bool:
    """True when the table's period column is a plan's date (may lie after the load day)."""
    column = contract.PERIOD_COLUMN.get(table)
    return bool(column) and contract.TABLES[table].column(column).future_allowed


def _n(x: int) -> str:
    return f"{x:,}".replace(",", " ")


def _seconds(s: float) -> str:
    return f"{s:.1f} s".replace(".", ",")


# ---------------------------------------------------------------------------------------------
# Finding the files
# ---------------------------------------------------------------------------------------------

SUFFIXES = (".parquet", ".csv", ".xlsx")


def _find_files(folder: Path, problems: list[Problem], warnings: list[str]) -> list[Staged]:
    by_table: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")):
            continue  # hidden files and Excel lock files
        stem, suffix = path.stem.lower(), path.suffix.lower()
        if path.is_file() and stem in contract.TABLES and suffix in SUFFIXES:
            by_table[stem].append(path)
        else:
            warnings.append(f"{path.name}: okänd fil, hoppas över")
    staged = []
    for name, table in contract.TABLES.items():
        paths = by_table.get(name, [])
        if len(paths) > 1:
            for p in paths:
                problems.append(
                    Problem(
                        p.name,
                        None,
                        None,
                        None,
                        "två filer för samma tabell",
                        "behåll en av " + ", ".join(x.name for x in paths),
                    )
                )
        elif paths:
            staged.append(Staged(name, paths[0], paths[0].suffix.lower().lstrip(".")))
        elif table.required:
            problems.append(
                Problem(
                    f"{name}.parquet/.csv/.xlsx",
                    None,
                    None,
                    None,
                    "obligatorisk tabell saknas",
                    f"lägg filen {name}.csv, {name}.parquet eller {name}.xlsx i mappen",
                )
            )
    return staged


# ---------------------------------------------------------------------------------------------
# Validation: one SQL query per column, then the rules that span columns or tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ColumnSql:
    value: str  # the cell as (trimmed, nullified) text or native value
    shown: str  # the cell as VARCHAR for the report
    typed: str  # the value in the contract's storage type, null if it does not parse


class _Validator:
    def __init__(self, con: duckdb.DuckDBPyConnection, today: dt.date):
        self.con = con
        self.today = today
        self.problems: list[Problem] = []
        self.totals: dict[str, int] = defaultdict(int)
        self._pending: list[tuple] = []

    # -- running checks -----------------------------------------------------------------------
    # Checks are queued per file and run as one union query: (_row, shown, rule_no, detail)
    # over the broken rows only, at most EXAMPLES_PER_RULE examples per rule plus a total.

    def run(self, file: str, column: str | None, sql: str, rules: list[str], params=None) -> None:
        """Queue a check query with columns (_row, shown, rule_no, detail) over broken rows."""
        self._pending.append((file, column, sql, rules, params or {}))

    def discard(self) -> None:
        self._pending = []

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        parts, params, where = [], {"limit": EXAMPLES_PER_RULE}, []
        for k, (file, column, sql, rules, p) in enumerate(pending):
            for name, value in p.items():
                sql = re.sub(rf"\${name}\b", f"$p{k}_{name}", sql)
                params[f"p{k}_{name}"] = value
            parts.append(f"select _row, shown, rule_no + {len(where)} as rule_no, detail from ({sql})")
            where += [(file, column, rule) for rule in rules]
        rows = self.con.execute(
            f"with bad as ({' union all '.join(parts)}) "
            "select rule_no, _row, shown, detail, count(*) over (partition by rule_no) as total "
            "from bad qualify row_number() over (partition by rule_no order by _row) <= $limit "
            "order by rule_no, _row",
            params,
        ).fetchall()
        seen: set[int] = set()
        for rule_no, row, shown, detail, total in rows:
            file, column, rule = where[rule_no]
            if shown is not None and contract.looks_like_personnummer(shown):
                shown = re.sub(r"\d{4}(\s*)$", r"XXXX\1", shown)  # never echo an identity number
            self.problems.append(Problem(file, int(row), column, shown, rule, detail))
            if rule_no not in seen:
                seen.add(rule_no)
                self.totals[rule] += int(total)

    # -- per column ---------------------------------------------------------------------------

    def column_sql(self, s: Staged, col: contract.Column) -> _ColumnSql:
        q = quote_ident(col.name)
        kind = s.staged_types[col.name]
        shown = f"left(cast({q} as varchar), 200)"
        if kind != "VARCHAR":
            typed = {
                "DATE": q,
                "BIGINT": q,
                "BOOLEAN": q,
                "DOUBLE": f"cast({q} as bigint)" if col.type == "int" else q,
            }[kind]
            if col.type == "int" and kind == "DOUBLE":
                typed = f"case when isfinite({q}) and {q} = trunc({q}) then cast({q} as bigint) end"
            return _ColumnSql(q, shown, typed)
        # Free text is kept verbatim; every other type is trimmed. An empty cell is null.
        v = f"nullif({q}, '')" if col.type == "text" else f"nullif(trim({q}), '')"
        typed = {
            "id": v,
            "code": v,
            "text": v,
            "date": f"case when regexp_full_match({v}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') "
            f"then try_cast({v} as date) end",
            "month": f"case when regexp_full_match({v}, '\\d{{4}}-\\d{{2}}') "
            f"then try_cast({v} || '-01' as date) "
            f"when regexp_full_match({v}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') then try_cast({v} as date) end",
            "int": f"case when regexp_full_match({v}, '[+-]?\\d{{1,18}}') then cast({v} as bigint) end",
            "bool": f"case when lower({v}) in ('true', 'ja', '1') then true "
            f"when lower({v}) in ('false', 'nej', '0') then false end",
            "share": self._share_sql(v, s.decimal_comma),
        }[col.type]
        return _ColumnSql(v, shown, typed)

    @staticmethod
    def _share_sql(v: str, decimal_comma: bool) -> str:
        x = f"replace({v}, ',', '.')" if decimal_comma else v
        return (
            f"case when regexp_full_match({x}, '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)') "
            f"then try_cast({x} as double) end"
        )

    def check_columns(self, s: Staged) -> None:
        table = contract.TABLES[s.table]
        for col in table.columns:
            if col.name in s.columns:
                self._check_column(s, col)

    def _check_column(self, s: Staged, col: contract.Column) -> None:
        c = self.column_sql(s, col)
        v, t = c.value, c.typed
        native = s.staged_types[col.name] != "VARCHAR"
        rules: list[tuple[str, str, str]] = []  # (predicate on broken rows, rule, detail sql)
        params: dict[str, object] = {}
        if col.required and col.default is None:
            rules.append((f"{v} is null", "värde saknas i obligatorisk kolumn", "null"))
        if col.type == "id" or (col.type == "code" and col.codes is None):
            what = "id" if col.type == "id" else "koden"
            rules.append(
                (
                    f"length({v}) > {contract.MAX_ID_LENGTH}",
                    f"{what} är för långt (högst {contract.MAX_ID_LENGTH} tecken)",
                    f"replace(format('{{:,}}', length({v})), ',', ' ') || ' tecken'",
                )
            )
            rules.append((f"regexp_matches({v}, '{_CONTROL_RE}')", f"{what} innehåller styrtecken", "null"))
            if col.type == "id":
                rules.append(
                    (
                        f"regexp_full_match({v}, '{PERSONNUMMER_RE}')",
                        "ser ut som ett personnummer: id får aldrig vara personnummer",
                        "'använd en pseudonym; värdet visas maskerat'",
                    )
                )
        elif col.type == "code":
            params["codes"] = list(col.codes)
            allowed = ", ".join(col.codes)
            if len(allowed) > 160:
                allowed = allowed[:160] + " …"
            rules.append(
                (
                    f"{v} is not null and not list_contains($codes, {v})",
                    "okänd kod",
                    f"'tillåtna: {allowed}'",
                )
            )
        elif col.type == "text":
            rules.append(
                (
                    f"length({v}) > {contract.MAX_TEXT_LENGTH}",
                    f"texten är för lång (högst {_n(contract.MAX_TEXT_LENGTH)} tecken)",
                    f"replace(format('{{:,}}', length({v})), ',', ' ') || ' tecken'",
                )
            )
        elif not native or col.type == "int":
            message = {
                "date": "inte ett giltigt datum (ÅÅÅÅ-MM-DD)",
                "month": "inte en giltig månad (ÅÅÅÅ-MM eller ÅÅÅÅ-MM-01)",
                "int": "inte ett heltal",
                "bool": "inte ett sant/falskt-värde (true/false, ja/nej, 1/0)",
                "share": "inte ett tal",
            }[col.type]
            rules.append((f"{v} is not null and {t} is null", message, "null"))
        # Rules on the typed value (null-safe: an unparsable cell is reported above only).
        if col.type == "month":
            rules.append(
                (
                    f"day({t}) <> 1",
                    "månaden ska anges som ÅÅÅÅ-MM eller med månadens första dag (ÅÅÅÅ-MM-01)",
                    "null",
                )
            )
        if (
            col.type in ("date", "month")
            and (s.table, col.name) not in FUTURE_ALLOWED
            and not col.future_allowed
        ):
            params["today"] = self.today
            limit = "$today" if col.type == "date" else "date_trunc('month', $today)"
            rules.append(
                (
                    f"{t} > {limit}",
                    "datumet ligger efter laddningsdagen",
                    "'laddningsdag ' || cast($today as varchar)",
                )
            )
        if col.type == "int" and col.name in YEAR_COLUMNS:
            params["year"] = self.today.year
            rules.append((f"{t} not between 1000 and 9999", "årtalet ska ha fyra siffror", "null"))
            rules.append((f"{t} > $year", "årtalet ligger efter laddningsåret", "null"))
        if col.type == "int" and col.min_value is not None and col.min_value not in (1000,):
            if col.min_value == 0:
                rule = "antalet får inte vara negativt"
            else:
                rule = f"värdet ska vara minst {col.min_value}"
            rules.append((f"{t} < {col.min_value}", rule, "null"))
        if col.type == "int" and col.max_value is not None:
            rules.append((f"{t} > {col.max_value}", f"värdet ska vara högst {col.max_value}", "null"))
        if col.type == "share":
            rules.append((f"{t} < 0 or {t} > 1 or isnan({t})", "andelen ska ligga mellan 0 och 1", "null"))
        if not rules:
            return
        cases = " ".join(f"when {p} then {i}" for i, (p, _, _) in enumerate(rules))
        details = " ".join(f"when {p} then {d}" for p, _, d in rules)
        where = " or ".join(f"coalesce({p}, false)" for p, _, _ in rules)
        sql = (
            f"select _row, {c.shown} as shown, case {cases} end as rule_no, "
            f"case {details} end as detail from stg.{quote_ident(s.table)} where {where}"
        )
        self.run(s.path.name, col.name, sql, [r for _, r, _ in rules], params)

    # -- the typed view and the rules across columns and tables -------------------------------

    def create_typed_view(self, s: Staged) -> None:
        table = contract.TABLES[s.table]
        exprs = ["_row"]
        for col in table.columns:
            if col.name in s.columns:
                expr = self.column_sql(s, col).typed
            else:
                expr = "null"
            exprs.append(f"cast({expr} as {col.duckdb_type}) as {quote_ident(col.name)}")
        self.con.execute(
            f"create view stg.{quote_ident('typed_' + s.table)} as "
            f"select {', '.join(exprs)} from stg.{quote_ident(s.table)}"
        )

    def check_rows(self, s: Staged, loaded: dict[str, Staged]) -> None:
        t = f"stg.{quote_ident('typed_' + s.table)}"
        table = contract.TABLES[s.table]
        file = s.path.name

        def run(column, sql, rule, params=None):
            self.run(file, column, sql, [rule], params)

        for col in table.columns:
            q = quote_ident(col.name)
            if col.unique and col.name in s.columns:
                run(
                    col.name,
                    f"""
                    select _row, cast({q} as varchar) as shown, 0 as rule_no,
                           'finns också på rad ' || cast(first_row as varchar) as detail
                    from (select _row, {q}, min(_row) over (partition by {q}) as first_row from {t}
                          where {q} is not null)
                    where _row > first_row""",
                    "dubblett: värdet ska vara unikt",
                )
            if col.references and col.name in s.columns:
                target = loaded.get(col.references)
                if target is None or not target.ok:
                    continue
                key = contract.TABLES[col.references].columns[0].name
                ref = f"stg.{quote_ident('typed_' + col.references)}"
                run(
                    col.name,
                    f"""
                    select _row, cast({q} as varchar) as shown, 0 as rule_no, null as detail
                    from {t} where {q} is not null
                      and {q} not in (select {quote_ident(key)} from {ref}
                                      where {quote_ident(key)} is not null)
                """,
                    f"okänt {col.name}: finns inte i {col.references}",
                )
        for key in table.unique_keys:
            cols = ", ".join(quote_ident(k) for k in key)
            shown = " || ' / ' || ".join(f"cast({quote_ident(k)} as varchar)" for k in key)
            notnull = " and ".join(f"{quote_ident(k)} is not null" for k in key)
            run(
                ", ".join(key),
                f"""
                select _row, {shown} as shown, 0 as rule_no,
                       'finns också på rad ' || cast(first_row as varchar) as detail
                from (select *, min(_row) over (partition by {cols}) as first_row from {t} where {notnull})
                where _row > first_row""",
                f"dubblett: ({', '.join(key)}) ska vara unikt",
            )
        for rule in contract.ROW_RULES:
            if rule.table == s.table:
                self._row_rule(rule, t, run)
        getattr(self, f"_rows_{s.table}", lambda *_: None)(s, t, run)

    @staticmethod
    def _row_rule(rule: contract.RowRule, t: str, run) -> None:
        """A declarative rule across one row's columns (contract.ROW_RULES)."""
        q = [quote_ident(c) for c in rule.columns]
        shown = f"cast({q[0]} as varchar)"
        if rule.kind in ("le", "ge"):
            where = f"{q[0]} {'>' if rule.kind == 'le' else '<'} {q[1]}"
            detail = f"'{rule.columns[1]} ' || cast({q[1]} as varchar)"
        elif rule.kind == "requires":
            where, detail = f"{q[0]} is not null and {q[1]} is null", f"'{rule.columns[1]} saknas'"
        elif rule.kind == "one_of":
            where, detail, shown = " and ".join(f"{c} is null" for c in q), "null", "null"
        elif rule.kind == "product":
            where = f"{q[0]} <> {q[1]} * {q[2]}"
            a, b = rule.columns[1:3]
            detail = f"'{a} ' || cast({q[1]} as varchar) || ' × {b} ' || cast({q[2]} as varchar)"
        else:
            raise ValueError(f"okänd radregel {rule.kind!r}")
        run(
            ", ".join(rule.columns[:2]) if rule.kind == "one_of" else rule.columns[0],
            f"select _row, {shown} as shown, 0 as rule_no, {detail} as detail from {t} where {where}",
            rule.message,
        )

    def _rows_units(self, s, t, run):
        run(
            "valid_to",
            f"""
            select _row, cast(valid_to as varchar) as shown, 0 as rule_no,
                   'valid_from ' || cast(valid_from as varchar) as detail
            from {t} where valid_to < valid_from""",
            "valid_to ligger före valid_from",
        )

    def _rows_census(self, s, t, run):
        run(
            "women, men",
            f"""
            select _row, cast(coalesce(women, 0) + coalesce(men, 0) as varchar) as shown, 0 as rule_no,
                   'women ' || coalesce(cast(women as varchar), '-') || ' + men '
                   || coalesce(cast(men as varchar), '-') || ' > brukare ' || cast(brukare as varchar)
                   as detail
            from {t} where coalesce(women, 0) + coalesce(men, 0) > brukare""",
            "women + men är fler än brukare",
        )

    def _rows_deviations(self, s, t, run):
        pairs = [f"{d}|{c}" for d, cats in contract.CATEGORIES_BY_DOMAIN.items() for c in cats]
        run(
            "category",
            f"""
            select _row, category as shown, 0 as rule_no, 'domain ' || domain as detail
            from {t} where domain is not null and list_contains($domains, domain)
              and category is not null and list_contains($categories, category)
              and not list_contains($pairs, domain || '|' || category)""",
            "kategorin hör inte till området (domain)",
            {"pairs": pairs, "domains": list(contract.DOMAINS), "categories": list(contract.CATEGORY_LABELS)},
        )
        subpairs = [f"{c}|{x}" for c, subs in contract.SUBCATEGORIES_BY_CATEGORY.items() for x in subs]
        run(
            "subcategory",
            f"""
            select _row, subcategory as shown, 0 as rule_no, 'category ' || category as detail
            from {t} where subcategory is not null and list_contains($subs, subcategory)
              and category is not null and list_contains($categories, category)
              and not list_contains($pairs, category || '|' || subcategory)""",
            "underkategorin hör inte till kategorin",
            {
                "pairs": subpairs,
                "subs": list(contract.SUBCATEGORY_LABELS),
                "categories": list(contract.CATEGORY_LABELS),
            },
        )
        run(
            "violence_role",
            f"""
            select _row, violence_role as shown, 0 as rule_no,
                   'category ' || coalesce(category, '-') as detail
            from {t} where violence_role is not null and category is distinct from 'hot_och_vald'""",
            "violence_role får bara anges för kategorin hot_och_vald",
        )
        run(
            "direction",
            f"""
            select _row, direction as shown, 0 as rule_no, 'domain ' || coalesce(domain, '-') as detail
            from {t} where direction is not null and domain is distinct from 'vardsamverkan'""",
            "direction får bara anges för området vardsamverkan",
        )
        order = contract.DEVIATION_DATE_ORDER
        for i, later in enumerate(order[1:], start=1):
            earlier = ", ".join(quote_ident(c) for c in order[:i])
            q = quote_ident(later)
            # greatest() skips nulls: the latest of the earlier dates that are given.
            run(
                later,
                f"""
                select _row, cast({q} as varchar) as shown, 0 as rule_no, detail from (
                    select _row, {q}, greatest({earlier}) as before,
                           {
                    " || ".join(
                        f"coalesce(' {c} ' || cast({quote_ident(c)} as varchar), '')" for c in order[:i]
                    )
                } as detail
                    from {t})
                where {q} < before""",
                "datumen i fel ordning (event_date ≤ reported_date ≤ investigated_date ≤ followed_up_date)",
            )

    def _rows_complaints(self, s, t, run):
        run(
            "area",
            f"""
            select _row, area as shown, 0 as rule_no, null as detail
            from {t} where unit_id is null and (area is null or trim(area) = '')""",
            "area krävs när unit_id saknas",
        )

    def _rows_survey_participation(self, s, t, run):
        run(
            "responded",
            f"""
            select _row, cast(responded as varchar) as shown, 0 as rule_no,
                   'invited ' || cast(invited as varchar) as detail
            from {t} where responded > invited""",
            "responded är större än invited",
        )

    def _rows_survey_results(self, s, t, run):
        run(
            "positive",
            f"""
            select _row, cast(positive as varchar) as shown, 0 as rule_no,
                   'respondents ' || cast(respondents as varchar) as detail
            from {t} where positive > respondents""",
            "positive är större än respondents",
        )


# ---------------------------------------------------------------------------------------------
# Building the new database
# ---------------------------------------------------------------------------------------------


def _describe(e: BaseException) -> str:
    """An exception in one short line (its type and the first line of its message)."""
    first = (str(e).strip().splitlines() or [""])[0][:300]
    return f"{type(e).__name__}: {first}" if first else type(e).__name__


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def _build(
    con: duckdb.DuckDBPyConnection,
    staged: list[Staged],
    folder: Path,
    db: Path,
    loaded_at: dt.datetime,
    origin: Callable[[Path], Path] = lambda p: p,
) -> list[TableSummary]:
    summaries = []
    for s in staged:
        table = contract.TABLES[s.table]
        con.execute(contract.ddl(table))
        cols, exprs, params = [], [], {}
        for i, col in enumerate(table.columns):
            q = quote_ident(col.name)
            cols.append(q)
            if col.default is None:
                exprs.append(q)
            else:
                params[f"d{i}"] = col.default
                exprs.append(f"coalesce({q}, cast($d{i} as {col.duckdb_type}))")
        con.execute(
            f"insert into main.{quote_ident(s.table)} ({', '.join(cols)}) "
            f"select {', '.join(exprs)} from stg.{quote_ident('typed_' + s.table)} order by _row",
            params,
        )
        period = contract.PERIOD_COLUMN.get(s.table)
        lo = hi = None
        if period:
            lo, hi = con.execute(
                f"select min({quote_ident(period)}), max({quote_ident(period)}) "
                f"from main.{quote_ident(s.table)}"
            ).fetchall()[0]
        summaries.append(TableSummary(s.table, origin(s.path).name, s.rows, lo, hi))
    con.execute(contract.LOAD_LOG_DDL)
    if db.exists():
        con.execute("attach $path as old (read_only)", {"path": str(db)})
        try:
            has_log = con.execute(
                "select count(*) from duckdb_tables() where database_name = 'old' and table_name = 'load_log'"
            ).fetchall()[0][0]
            if has_log:
                con.execute("insert into main.load_log select * from old.load_log")
        finally:
            con.execute("detach old")
    load_id = con.execute("select coalesce(max(load_id), 0) + 1 from main.load_log").fetchall()[0][0]
    for s, summary in zip(staged, summaries, strict=True):
        con.execute(
            "insert into main.load_log values "
            "($id, $at, $source, $file, $table, $sha, $rows, $lo, $hi, $version)",
            {
                "id": load_id,
                "at": loaded_at,
                "source": str(folder.resolve()),
                "file": origin(s.path).name,
                "table": s.table,
                "sha": _sha256(origin(s.path)),
                "rows": summary.rows,
                "lo": summary.period_from,
                "hi": summary.period_to,
                "version": contract.CONTRACT_VERSION,
            },
        )
    # Every contract table exists from here on (empty when not supplied); then the marts.
    marts.build(con, [s.table for s in staged])
    return summaries


# ---------------------------------------------------------------------------------------------
# The entry points
# ---------------------------------------------------------------------------------------------


def load_config(spill: Path) -> dict[str, str]:
    """The loader's DuckDB settings: the memory bound and where to spill beyond it."""
    limit = os.environ.get(ENV_LOAD_MEMORY, "").strip() or LOAD_MEMORY_DEFAULT
    if not _MEMORY_RE.fullmatch(limit):
        raise ValueError(f"{ENV_LOAD_MEMORY} ska vara t.ex. 1GB eller 512MB, inte {limit!r}")
    return {"memory_limit": limit, "temp_directory": str(spill)}


def load_folder(
    folder: Path, db: Path, *, today: dt.date | None = None, profile: profiles.Profile | None = None
) -> LoadSummary:
    """Validate `folder` against the contract and, only if every rule holds, replace `db`.

    With an import profile, the files it matches are first rewritten in the contract's layout
    (analytics.ingest.profiles) and every problem is told with the source file's name and header.
    Raises LoadFailed (with .problems and .report()) and leaves `db` byte-for-byte unchanged
    if any rule is broken or anything else goes wrong.
    """
    folder, db = Path(folder), Path(db)
    if profile is None or not folder.is_dir():
        return _load_folder(folder, db, today=today)
    work = db.parent / f".{db.name}.{os.getpid()}.{time.time_ns()}.profile"
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        applied = profiles.apply(profile, folder, work)
        try:
            summary = _load_folder(
                work,
                db,
                today=today,
                shown_folder=folder,
                origin=applied.source_of,
                problems=applied.problems,
                warnings=applied.warnings,
            )
        except LoadFailed as e:
            raise LoadFailed(
                [applied.translate(p) for p in e.problems], e.totals, folder=folder, warnings=e.warnings
            ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return summary


def _load_folder(
    folder: Path,
    db: Path,
    *,
    today: dt.date | None = None,
    shown_folder: Path | None = None,
    origin: Callable[[Path], Path] = lambda p: p,
    problems: list[Problem] | None = None,
    warnings: list[str] | None = None,
) -> LoadSummary:
    started = time.perf_counter()
    today = today or dt.date.today()
    problems = list(problems or [])
    warnings = list(warnings or [])
    shown = shown_folder or folder
    if not folder.is_dir():
        raise LoadFailed([Problem(str(folder), None, None, None, "mappen finns inte")], folder=shown)
    if Path(str(db) + ".wal").exists():
        raise LoadFailed(
            [
                Problem(
                    str(db),
                    None,
                    None,
                    None,
                    "databasen har en skrivlogg (.wal) som inte är inskriven",
                    "en annan process skriver till databasen just nu, eller en tidigare skrivning avbröts; "
                    "vänta tills den är klar, eller öppna databasen en gång med duckdb och stäng den, "
                    "och ladda sedan igen",
                )
            ],
            folder=shown,
        )
    staged = _find_files(folder, problems, warnings)
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.parent / f".{db.name}.{os.getpid()}.{time.time_ns()}.tmp"
    # Staging on disk next to the target: memory stays bounded for files of millions of rows.
    staging = tmp.with_suffix(".staging")
    spill = tmp.with_suffix(".spill")  # DuckDB's temp directory: what does not fit in memory_limit
    con = None
    try:
        con = duckdb.connect(str(tmp), config=load_config(spill))
        con.execute("attach $path as stg", {"path": str(staging)})
        validator = _Validator(con, today)
        for s in staged:
            try:
                stage(con, s)
            except Exception as e:  # an unreadable file is a problem with that file, not a crash
                s.problem("filen kunde inte läsas", detail=_describe(e))
            problems += s.problems
            if s.extra_columns:
                warnings.append(f"{s.path.name}: okända kolumner hoppas över: {', '.join(s.extra_columns)}")
            if s.ok and s.rows == 0:
                if contract.TABLES[s.table].required:
                    s.problem("tabellen har inga rader", detail="en obligatorisk tabell måste ha data")
                    problems += s.problems
                else:
                    warnings.append(f"{s.path.name}: inga rader; tabellen laddas tom")
        ok = {s.table: s for s in staged if s.ok}
        for s in ok.values():
            validator.create_typed_view(s)
        for s in ok.values():
            current = s.path.name
            try:
                validator.check_columns(s)
                validator.check_rows(s, ok)
                validator.flush()
            except duckdb.Error as e:
                validator.discard()
                problems.append(
                    Problem(current, None, None, None, "oväntat fel vid kontrollen", _describe(e))
                )
        problems += validator.problems
        if problems:
            totals = defaultdict(int, validator.totals)
            raise LoadFailed(problems, totals, folder=shown, warnings=warnings)
        summaries = _build(con, staged, shown, db, dt.datetime.now().replace(microsecond=0), origin)
        con.execute("detach stg")
        con.execute("checkpoint")
        con.close()
        con = None
        _fsync(tmp)
        os.replace(tmp, db)
        _fsync(db.parent)
    except LoadFailed:
        raise
    except Exception as e:
        raise LoadFailed(
            [Problem(str(db), None, None, None, "databasen kunde inte byggas", _describe(e))],
            folder=shown,
            warnings=warnings,
        ) from e
    finally:
        if con is not None:
            con.close()
        _remove(tmp)
        _remove(staging)
        shutil.rmtree(spill, ignore_errors=True)
    return LoadSummary(shown, db, summaries, warnings, time.perf_counter() - started)


def main(args: argparse.Namespace) -> int:
    """`python -m analytics load FOLDER [--db PATH] [--profile NAME]`: 0 on success, 1 with a
    report on error. Every attempt is appended to the load history (analytics.ingest.history)."""
    from analytics.ingest import history

    folder = Path(args.folder)
    profile_name = getattr(args, "profile", None)
    who = {
        "user": getattr(args, "user", None) or os.environ.get("USER") or "okänd",
        "source": getattr(args, "source", None) or "kommandorad",
        "profile": Path(profile_name).stem if profile_name else None,
    }
    report_json = getattr(args, "report_json", None)
    started = time.perf_counter()
    try:
        profile = profiles.load(profile_name) if profile_name else None
        summary = load_folder(folder, Path(args.db), profile=profile)
    except profiles.ProfileError as e:
        failed = LoadFailed(
            [Problem(e.source, None, None, None, "importprofilen kan inte användas", m) for m in e.messages],
            folder=folder,
        )
        return _refused(failed, who, folder, started, report_json)
    except LoadFailed as e:
        return _refused(e, who, folder, started, report_json)
    except Exception as e:  # the last guard: a short message, never a traceback
        print(
            f"Laddningen av {folder} avbröts av ett oväntat fel ({type(e).__name__}: {e}). "
            "Databasen är oförändrad.",
            file=sys.stderr,
        )
        history.append(
            history.aborted_record(**who, folder=str(folder), reason=f"oväntat fel ({type(e).__name__})")
        )
        return 1
    history.append(history.approved_record(summary, **who))
    if report_json:
        _write_json(report_json, {"approved": True, "report": summary.report(), "problems": []})
    print(summary.report(), end="")
    return 0


def _refused(failed: LoadFailed, who: dict, folder: Path, started: float, report_json: str | None) -> int:
    from analytics.ingest import history

    history.append(
        history.rejected_record(failed, **who, folder=str(folder), seconds=time.perf_counter() - started)
    )
    if report_json:
        problems = [
            {**vars(p), "text": format_problem(p), "shown_value": show_value(p.value) if p.row else None}
            for p in failed.problems
        ]
        _write_json(
            report_json,
            {"approved": False, "report": failed.report(), "totals": failed.totals, "problems": problems},
        )
    print(failed.report(), file=sys.stderr, end="")
    return 1


def _write_json(path: str, data: dict) -> None:
    import json

    Path(path).write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")


def write_contract_doc(args: argparse.Namespace) -> int:
    """`python -m analytics contract-doc [--out PATH]`: render docs/data-contract.md."""
    from analytics.db import ROOT

    out = Path(args.out) if args.out else ROOT / contract.DOC_PATH
    out.write_text(contract.render_markdown(), encoding="utf-8")
    print(f"Skrev {out}")
    return 0
