"""Import profiles: how one source system's export maps onto the data contract.

A profile is a TOML file in `profiles/` (versioned with the code). For each kind of file it
names the file-name pattern (glob), the contract table, encoding, delimiter, the column mapping
(header in the file -> contract column), the code mapping ("Fall" -> `fall`), fixed values for
columns the export lacks, and the date and number formats. See docs/importprofiler.md.

The profile is applied before staging: each matched file is rewritten, one record for one
record, as a contract-layout CSV in a work folder, and the ordinary loader validates that
folder. Row numbers therefore stay the file's own, and `Applied.translate` puts the source file
name and header back into every problem the validation reports. A value the profile cannot map
or parse is passed through unchanged, so the report shows the value as it stands in the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import fnmatch
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from analytics import contract
from analytics.db import ROOT
from analytics.ingest.readers import Problem

ENV_PROFILES = "KVALITET_PROFILES"
PROFILE_DIR = ROOT / "profiles"
FORMAT_VERSION = 1
SUFFIXES = (".csv", ".xlsx", ".parquet")
# Thousands separators a Swedish export uses: space, no-break space, narrow no-break space.
_THOUSANDS = (" ", "\u00a0", "\u202f")

_PROFILE_KEYS = {"name", "version", "format", "example", "system", "description", "files"}
_FILE_KEYS = {
    "pattern",
    "table",
    "encoding",
    "delimiter",
    "decimal",
    "date_formats",
    "columns",
    "codes",
    "constants",
}


class ProfileError(ValueError):
    """A profile that cannot be used; `messages` lists every problem in Swedish."""

    def __init__(self, source: str, messages: list[str]):
        self.source = source
        self.messages = messages
        super().__init__(
            f"Importprofilen {source} kan inte användas:\n" + "\n".join(f"  {m}" for m in messages)
        )


@dataclass(frozen=True)
class FileRule:
    """How files matching `pattern` become the contract table `table`."""

    pattern: str
    table: str
    encoding: str = "utf-8-sig"
    delimiter: str | None = None  # None: `;` or `,`, whichever the header line has more of
    decimal: str = "."
    date_formats: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)  # header in file -> contract column
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> value -> code
    constants: dict[str, str] = field(default_factory=dict)  # column -> value for every row

    def matches(self, name: str) -> bool:
        return fnmatch.fnmatch(name.lower(), self.pattern.lower())


@dataclass(frozen=True)
class Profile:
    name: str
    version: int
    files: tuple[FileRule, ...]
    source: str = ""
    example: bool = False
    system: str = ""
    description: str = ""

    def rule_for(self, filename: str) -> FileRule | None:
        return next((r for r in self.files if r.matches(filename)), None)


# ---------------------------------------------------------------------------------------------
# Reading and validating a profile
# ---------------------------------------------------------------------------------------------


def profile_dir() -> Path:
    """Where profiles are kept: env KVALITET_PROFILES, else profiles/ in the repository."""
    return Path(os.environ.get(ENV_PROFILES) or PROFILE_DIR)


def available() -> list[Path]:
    """The profiles in the profile folder (examples included), by file name."""
    directory = profile_dir()
    return sorted(directory.glob("*.toml")) if directory.is_dir() else []


def resolve(name: str) -> Path:
    """A profile given as a name (file stem in profiles/) or a path to a TOML file."""
    path = Path(name)
    if path.suffix == ".toml" and path.exists():
        return path
    candidate = profile_dir() / f"{name}.toml"
    if candidate.exists():
        return candidate
    known = ", ".join(p.stem for p in available()) or "inga"
    raise ProfileError(
        name, [f"profilen finns inte (varken som fil eller i profiles/; tillgängliga: {known})"]
    )


def load(name: str | Path) -> Profile:
    """Read and validate a profile; ProfileError lists every problem."""
    path = resolve(str(name))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ProfileError(path.name, ["filen är inte UTF-8"]) from None
    except tomllib.TOMLDecodeError as e:
        raise ProfileError(path.name, [f"filen är inte giltig TOML: {e}"]) from None
    return parse(data, source=path.name)


def parse(data: dict, *, source: str = "profil") -> Profile:
    """A Profile from parsed TOML, checked against the contract."""
    errors: list[str] = []
    for key in sorted(set(data) - _PROFILE_KEYS):
        errors.append(f"okänd nyckel '{key}' (tillåtna: {', '.join(sorted(_PROFILE_KEYS))})")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append("'name' saknas: ge profilen ett namn, t.ex. name = \"Viva avvikelser\"")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        errors.append("'version' saknas eller är inte ett heltal ≥ 1 (öka den när profilen ändras)")
    fmt = data.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        errors.append(f"'format' = {fmt!r} stöds inte (den här versionen läser format {FORMAT_VERSION})")
    files = data.get("files")
    rules: list[FileRule] = []
    if not isinstance(files, list) or not files:
        errors.append("inga [[files]]-avsnitt: profilen måste beskriva minst en fil")
    else:
        for i, entry in enumerate(files, start=1):
            rule = _parse_rule(entry, f"[[files]] nr {i}", errors)
            if rule is not None:
                rules.append(rule)
    if errors:
        raise ProfileError(source, errors)
    return Profile(
        name=name.strip(),
        version=version,
        files=tuple(rules),
        source=source,
        example=bool(data.get("example", False)),
        system=str(data.get("system", "")),
        description=str(data.get("description", "")),
    )


def _str_map(value: object, where: str, errors: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(f"{where} ska vara en tabell med text = text")
        return {}
    out = {}
    for k, v in value.items():
        if not isinstance(v, str | bool | int) or isinstance(v, float):
            errors.append(f'{where}: värdet för "{k}" ska vara text')
            continue
        out[str(k)] = str(v).lower() if isinstance(v, bool) else str(v)
    return out


def _parse_rule(entry: object, where: str, errors: list[str]) -> FileRule | None:
    if not isinstance(entry, dict):
        errors.append(f"{where}: ska vara en tabell")
        return None
    n_before = len(errors)
    for key in sorted(set(entry) - _FILE_KEYS):
        errors.append(f"{where}: okänd nyckel '{key}' (tillåtna: {', '.join(sorted(_FILE_KEYS))})")
    pattern = entry.get("pattern")
    if not isinstance(pattern, str) or not pattern.strip():
        errors.append(f"{where}: 'pattern' saknas (filnamnsmönster, t.ex. \"avvikelser*.csv\")")
        pattern = ""
    table_name = entry.get("table")
    table = contract.TABLES.get(table_name) if isinstance(table_name, str) else None
    if table is None:
        errors.append(
            f"{where}: 'table' = {table_name!r} är ingen tabell i kontraktet "
            f"(tillåtna: {', '.join(contract.TABLES)})"
        )
        return None
    where = f"{where} ({table.name})"
    encoding = entry.get("encoding", "utf-8-sig")
    try:
        codecs.lookup(str(encoding))
    except LookupError:
        errors.append(f"{where}: okänd teckenkodning 'encoding' = {encoding!r} (t.ex. utf-8, cp1252)")
    delimiter = entry.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        errors.append(f'{where}: \'delimiter\' ska vara ett tecken, t.ex. ";" eller "," eller "\\t"')
    decimal = entry.get("decimal", ".")
    if decimal not in (".", ","):
        errors.append(f'{where}: \'decimal\' ska vara "." eller ","')
    date_formats = entry.get("date_formats", [])
    if isinstance(date_formats, str):
        date_formats = [date_formats]
    if not isinstance(date_formats, list) or not all(isinstance(x, str) and "%" in x for x in date_formats):
        errors.append(
            f"{where}: 'date_formats' ska vara en lista med strptime-format, t.ex. [\"%Y-%m-%d %H:%M\"]"
        )
        date_formats = []
    columns = _str_map(entry.get("columns"), f"{where} [columns]", errors)
    targets: dict[str, str] = {}
    for header, column in columns.items():
        if column not in table.column_names:
            errors.append(
                f'{where} [columns]: "{header}" = "{column}": kolumnen {column} finns inte i '
                f"tabellen {table.name} (tillåtna: {', '.join(table.column_names)})"
            )
        elif column in targets:
            errors.append(f'{where} [columns]: både "{targets[column]}" och "{header}" pekar på {column}')
        else:
            targets[column] = header
    codes: dict[str, dict[str, str]] = {}
    raw_codes = entry.get("codes", {})
    if not isinstance(raw_codes, dict):
        errors.append(f"{where}: [codes] ska innehålla en tabell per kolumn, t.ex. [files.codes.category]")
        raw_codes = {}
    for column, mapping in raw_codes.items():
        values = _str_map(mapping, f"{where} [codes.{column}]", errors)
        if column not in table.column_names:
            errors.append(f"{where} [codes.{column}]: kolumnen {column} finns inte i tabellen {table.name}")
            continue
        col = table.column(column)
        if col.type not in ("code", "bool"):
            errors.append(
                f"{where} [codes.{column}]: kolumnen är av typen {col.type}; koder kan bara "
                "översättas i kod- och sant/falskt-kolumner"
            )
            continue
        allowed = col.codes if col.type == "code" else {"true": "", "false": ""}
        for source_value, code in values.items():
            if allowed is not None and code not in allowed:
                errors.append(
                    f'{where} [codes.{column}]: "{source_value}" = "{code}": {code} är ingen kod '
                    f"för {column} (tillåtna: {', '.join(allowed)})"
                )
        codes[column] = values
    constants = _str_map(entry.get("constants"), f"{where} [constants]", errors)
    for column, value in constants.items():
        if column not in table.column_names:
            errors.append(f"{where} [constants]: kolumnen {column} finns inte i tabellen {table.name}")
        elif column in targets:
            errors.append(
                f'{where} [constants]: {column} får både ett fast värde och kolumnen "{targets[column]}"'
            )
        else:
            col = table.column(column)
            if col.type == "code" and col.codes is not None and value not in col.codes:
                errors.append(f'{where} [constants]: {column} = "{value}" är ingen kod för {column}')
    if len(errors) > n_before:
        return None
    return FileRule(
        pattern=pattern.strip(),
        table=table.name,
        encoding=str(encoding),
        delimiter=delimiter,
        decimal=decimal,
        date_formats=tuple(date_formats),
        columns=columns,
        codes=codes,
        constants=constants,
    )


# ---------------------------------------------------------------------------------------------
# Applying a profile: rewrite matched files in the contract's layout
# ---------------------------------------------------------------------------------------------


@dataclass
class Converted:
    """One source file rewritten as <table>.csv."""

    source: Path
    output: Path
    table: str
    headers: dict[str, str]  # contract column -> header in the source file
    row_map: list[int] | None = None  # output data row i -> source row (xlsx skips empty rows)


@dataclass
class Applied:
    """The work folder the loader reads and how to say its problems in the source's terms."""

    folder: Path
    converted: list[Converted] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def source_of(self, path: Path) -> Path:
        for c in self.converted:
            if c.output.name == path.name:
                return c.source
        return path

    def translate(self, p: Problem) -> Problem:
        """A problem found in the work folder, told with the source file's name and header."""
        c = next((c for c in self.converted if c.output.name == p.file), None)
        if c is None:
            return p
        row = p.row
        if row is not None and c.row_map is not None and 0 <= row - 2 < len(c.row_map):
            row = c.row_map[row - 2]
        column = p.column
        if column is not None:
            column = ", ".join(_told(c, part.strip()) for part in column.split(","))
        return replace(p, file=c.source.name, row=row, column=column)


def _told(c: Converted, column: str) -> str:
    header = c.headers.get(column)
    if header is None or header == column:
        return column
    return f'"{header}" ({column})'


def apply(profile: Profile, folder: Path, work: Path) -> Applied:
    """Rewrite the files of `folder` that the profile matches into `work`; other files that
    already follow the contract's naming are linked unchanged."""
    work.mkdir(parents=True, exist_ok=True)
    applied = Applied(work)
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or not path.is_file():
            continue
        rule = profile.rule_for(path.name)
        if rule is not None and path.stem.lower() in contract.TABLES and rule.table != path.stem.lower():
            rule = None  # units.csv is the contract's units, even if a broad pattern matches it
        if rule is None:
            # A file already in the contract's layout (units.csv) goes through as it is.
            (work / path.name).symlink_to(path.resolve())
            continue
        if path.suffix.lower() not in SUFFIXES:
            applied.problems.append(
                Problem(
                    path.name, None, None, None, "filtypen stöds inte", "använd .csv, .xlsx eller .parquet"
                )
            )
            continue
        output = work / f"{rule.table}.csv"
        if output.exists():
            first = next(c.source.name for c in applied.converted if c.output == output)
            applied.problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    "två filer för samma tabell",
                    f"både {first} och {path.name} matchar profilens mönster för {rule.table}; behåll en",
                )
            )
            continue
        try:
            converted = _convert(rule, path, output, applied)
        except (UnicodeDecodeError, csv.Error, OSError, ValueError) as e:
            detail = f"{type(e).__name__}: {str(e)[:200]}"
            if isinstance(e, UnicodeDecodeError):
                detail = f"profilen anger teckenkodningen {rule.encoding}; kontrollera 'encoding' ({detail})"
            applied.problems.append(
                Problem(path.name, None, None, None, "filen kunde inte läsas med profilen", detail)
            )
            continue
        applied.converted.append(converted)
    return applied


def _rows(rule: FileRule, path: Path) -> tuple[list[str], Iterator[tuple[int, list[str | None]]]]:
    """(header, (source row number, cells) for each record) of a CSV, Excel or Parquet file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        fh = path.open("r", encoding=rule.encoding, newline="")
        first = fh.readline()
        fh.seek(0)
        delimiter = rule.delimiter or (";" if first.count(";") > first.count(",") else ",")
        reader = csv.reader(fh, delimiter=delimiter, quotechar='"')
        header = [h.lstrip("\ufeff") for h in next(reader, [])]

        def records() -> Iterator[tuple[int, list[str | None]]]:
            with fh:
                for i, cells in enumerate(reader, start=2):
                    yield i, list(cells)

        return header, records()
    if suffix == ".xlsx":
        import openpyxl

        from analytics.ingest.readers import _cell_text

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = ["" if h is None else str(h) for h in (next(rows, None) or ())]

        def records() -> Iterator[tuple[int, list[str | None]]]:
            try:
                for i, values in enumerate(rows, start=2):
                    if values is None or all(v is None or v == "" for v in values):
                        continue
                    yield i, [_xlsx_text(v, _cell_text) for v in values]
            finally:
                wb.close()

        return header, records()
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    header = list(pf.schema_arrow.names)

    def records() -> Iterator[tuple[int, list[str | None]]]:
        i = 1
        for batch in pf.iter_batches(batch_size=10_000):
            columns = [batch.column(k).to_pylist() for k in range(batch.num_columns)]
            for r in range(batch.num_rows):
                yield i, [_parquet_text(col[r]) for col in columns]
                i += 1

    return header, records()


def _xlsx_text(value: object, cell_text) -> str | None:
    # A datetime cell keeps its time so that a date format with %H:%M still applies.
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time() else value.date().isoformat()
    return cell_text(value)


def _parquet_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _lookup(mapping: dict[str, str]) -> dict[str, str]:
    """The code mapping keyed case- and space-insensitively."""
    return {k.strip().casefold(): v for k, v in mapping.items()}


def _convert(rule: FileRule, path: Path, output: Path, applied: Applied) -> Converted:
    table = contract.TABLES[rule.table]
    header, records = _rows(rule, path)
    by_name = {h.strip().casefold(): i for i, h in enumerate(header)}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for source_header, column in rule.columns.items():
        i = by_name.get(source_header.strip().casefold())
        if i is not None:
            positions[column], headers[column] = i, header[i]
    for i, h in enumerate(header):
        name = h.strip().lower()
        if name in table.column_names and name not in positions and name not in rule.constants:
            positions[name], headers[name] = i, h  # a header that already is the contract's name
    missing = [(h, c) for h, c in rule.columns.items() if c not in positions]
    for source_header, column in missing:
        if table.column(column).required:
            headers[column] = source_header  # the loader reports it missing under both names
        else:
            applied.warnings.append(f'{path.name}: kolumnen "{source_header}" ({column}) finns inte i filen')
    used = set(positions.values())
    skipped = [h or f"(tom rubrik, kolumn {i + 1})" for i, h in enumerate(header) if i not in used]
    if skipped:
        applied.warnings.append(
            f"{path.name}: kolumner som profilen inte använder hoppas över: {', '.join(skipped)}"
        )
    out_columns = [c for c in table.column_names if c in positions or c in rule.constants]
    convert = {c: _cell_converter(rule, table.column(c)) for c in out_columns}
    row_map: list[int] = []
    dense = True
    with output.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=",", quotechar='"', lineterminator="\n")
        w.writerow(out_columns)
        for expected, (row, cells) in enumerate(records, start=2):
            dense = dense and row == expected
            row_map.append(row)
            out = []
            for c in out_columns:
                if c in rule.constants:
                    out.append(rule.constants[c])
                    continue
                i = positions[c]
                value = cells[i] if i < len(cells) else None
                out.append(convert[c](value))
            w.writerow(out)
    return Converted(path, output, rule.table, headers, None if dense else row_map)


def _cell_converter(rule: FileRule, col: contract.Column):
    codes = _lookup(rule.codes.get(col.name, {}))
    formats = rule.date_formats

    def cell(value: str | None) -> str:
        if value is None:
            return ""
        text = value.strip()
        if text == "":
            return value if col.type == "text" else ""
        if codes:
            return codes.get(text.casefold(), value)
        if col.type in ("date", "month") and formats:
            return _date(text, formats, month=col.type == "month") or value
        if col.type in ("int", "share"):
            return _number(text, rule.decimal, integer=col.type == "int") or value
        return value

    return cell


def _date(text: str, formats: Iterable[str], *, month: bool) -> str | None:
    for fmt in formats:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.strftime("%Y-%m") if month else parsed.date().isoformat()
    return None


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _number(text: str, decimal: str, *, integer: bool) -> str | None:
    for sep in _THOUSANDS:
        text = text.replace(sep, "")
    if decimal == ",":
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    if integer and "." in text:
        whole, _, frac = text.partition(".")
        return whole if frac.strip("0") == "" else None
    return text


# ---------------------------------------------------------------------------------------------
# Proposing a profile for an unknown export (the upload page's mapping table)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    header: str
    column: str | None  # None: do not use this column
    score: float  # 0-100, rapidfuzz's WRatio


def _known_rules(table: str) -> list[FileRule]:
    """The rules for `table` in the saved profiles: what exports have been seen to call things."""
    rules = []
    for path in available():
        try:
            rules += [r for r in load(path).files if r.table == table]
        except ProfileError:
            continue
    return rules


def _choices(table: contract.Table) -> dict[str, str]:
    """Text to match a header against -> contract column: the name, its Swedish label, and the
    headers the saved profiles map to it."""
    out: dict[str, str] = {}
    for rule in _known_rules(table.name):
        out |= rule.columns
    for col in table.columns:
        out[col.name.replace("_", " ")] = col.name
        out[col.label] = col.name
    return out


def propose_table(filename: str) -> tuple[str | None, float]:
    """The contract table a file name most resembles (its name or Swedish label)."""
    from rapidfuzz import fuzz, process, utils

    choices = {t.name.replace("_", " "): t.name for t in contract.TABLES.values()}
    choices |= {t.label: t.name for t in contract.TABLES.values()}
    stem = re.sub(r"[_\-\d]+", " ", Path(filename).stem)
    found = process.extractOne(stem, list(choices), scorer=fuzz.WRatio, processor=utils.default_process)
    if found is None or found[1] < 60:
        return None, 0.0
    return choices[found[0]], float(found[1])


def propose_columns(table: str, headers: list[str], *, cutoff: float = 70) -> list[Proposal]:
    """For each header, the contract column it most resembles (each column used at most once)."""
    from rapidfuzz import fuzz, process, utils

    choices = _choices(contract.TABLES[table])
    scored = []
    for h in headers:
        for text, score, _ in process.extract(
            h, list(choices), scorer=fuzz.WRatio, processor=utils.default_process, limit=5
        ):
            scored.append((score, h, choices[text]))
    taken: dict[str, tuple[str, float]] = {}
    used: set[str] = set()
    for score, h, column in sorted(scored, key=lambda x: -x[0]):
        if score < cutoff or h in taken or column in used:
            continue
        taken[h] = (column, score)
        used.add(column)
    return [Proposal(h, *taken.get(h, (None, 0.0))) for h in headers]


def propose_codes(
    column: contract.Column, values: Iterable[str], *, table: str | None = None, cutoff: float = 60
) -> list[Proposal]:
    """For each value not already a code of the column, the code (or label, or value a saved
    profile maps) it most resembles."""
    from rapidfuzz import fuzz, process, utils

    if column.codes is None:
        return []
    choices: dict[str, str] = {}
    for rule in _known_rules(table) if table else []:
        choices |= {v: c for v, c in rule.codes.get(column.name, {}).items() if c in column.codes}
    choices |= {code.replace("_", " "): code for code in column.codes}
    choices |= {label: code for code, label in column.codes.items()}
    out = []
    for v in dict.fromkeys(x.strip() for x in values if x and x.strip()):
        if v in column.codes:
            continue
        found = process.extractOne(v, list(choices), scorer=fuzz.WRatio, processor=utils.default_process)
        if found is None or found[1] < cutoff:
            out.append(Proposal(v, None, 0.0))
        else:
            out.append(Proposal(v, choices[found[0]], float(found[1])))
    return out


def read_sample(
    path: Path, *, encoding: str = "utf-8-sig", rows: int = 500
) -> tuple[list[str], list[list[str | None]]]:
    """The header and the first `rows` records of a file, for proposing a mapping."""
    rule = FileRule(pattern="*", table="units", encoding=encoding)
    header, records = _rows(rule, path)
    sample = []
    for _, cells in records:
        sample.append(cells)
        if len(sample) >= rows:
            break
    return header, sample


# ---------------------------------------------------------------------------------------------
# Writing a profile (the upload page saves what the user confirmed)
# ---------------------------------------------------------------------------------------------


def _toml_str(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(ch if ord(ch) >= 32 and ch != "\x7f" else f"\\u{ord(ch):04x}" for ch in out)
    return f'"{out}"'


def to_toml(profile: Profile) -> str:
    """The profile as TOML text that `parse` reads back to the same profile."""
    lines = [
        f"name = {_toml_str(profile.name)}",
        f"version = {profile.version}",
        f"format = {FORMAT_VERSION}",
        f"example = {'true' if profile.example else 'false'}",
    ]
    if profile.system:
        lines.append(f"system = {_toml_str(profile.system)}")
    if profile.description:
        lines.append(f"description = {_toml_str(profile.description)}")
    for r in profile.files:
        lines += ["", "[[files]]", f"pattern = {_toml_str(r.pattern)}", f"table = {_toml_str(r.table)}"]
        lines.append(f"encoding = {_toml_str(r.encoding)}")
        if r.delimiter:
            lines.append(f"delimiter = {_toml_str(r.delimiter)}")
        lines.append(f"decimal = {_toml_str(r.decimal)}")
        if r.date_formats:
            lines.append(f"date_formats = [{', '.join(_toml_str(f) for f in r.date_formats)}]")
        if r.columns:
            lines += ["", "[files.columns]"] + [
                f"{_toml_str(h)} = {_toml_str(c)}" for h, c in r.columns.items()
            ]
        if r.constants:
            lines += ["", "[files.constants]"] + [
                f"{_toml_str(c)} = {_toml_str(v)}" for c, v in r.constants.items()
            ]
        for column, mapping in r.codes.items():
            lines += ["", f"[files.codes.{column}]"] + [
                f"{_toml_str(v)} = {_toml_str(c)}" for v, c in mapping.items()
            ]
    return "\n".join(lines) + "\n"


def slug(name: str) -> str:
    """A file stem for a profile name: lower-case ASCII, digits and underscores."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
    s = re.sub(r"[^a-z0-9]+", "_", name.lower().translate(table)).strip("_")
    return s[:60] or "profil"


def save(profile: Profile, directory: Path | None = None, *, overwrite: bool = False) -> Path:
    """Write the profile to directory/<slug>.toml after checking it reads back unchanged."""
    directory = directory or profile_dir()
    text = to_toml(profile)
    parse(tomllib.loads(text), source="ny profil")  # never save what cannot be loaded
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{slug(profile.name)}.toml"
    if path.exists() and not overwrite:
        raise FileExistsError(f"Profilen {path.name} finns redan; välj ett annat namn.")
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# Guesses for the mapping table of the upload page
# ---------------------------------------------------------------------------------------------

KNOWN_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y%m%d",
    "%Y-%m",
)
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp1252")


def guess_encoding(path: Path) -> str:
    """utf-8-sig when the file's start decodes as UTF-8, else cp1252 (Excel's "CSV" on Windows)."""
    if path.suffix.lower() != ".csv":
        return "utf-8-sig"
    head = path.read_bytes()[: 1 << 20]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8-sig"


def guess_delimiter(path: Path, encoding: str) -> str | None:
    if path.suffix.lower() != ".csv":
        return None
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        first = fh.readline()
    return ";" if first.count(";") > first.count(",") else ","


def guess_date_formats(values: Iterable[str]) -> tuple[str, ...]:
    """The known formats that parse at least one of the values (most values first)."""
    values = [v.strip() for v in values if v and v.strip()][:200]
    hits = {f: sum(_date(v, (f,), month=False) is not None for v in values) for f in KNOWN_DATE_FORMATS}
    return tuple(f for f, n in sorted(hits.items(), key=lambda x: -x[1]) if n)


def pattern_for(filename: str) -> str:
    """A file-name pattern that also matches next month's export: digits become *."""
    return re.sub(r"\*+", "*", re.sub(r"\d+", "*", filename))
