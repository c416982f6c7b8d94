"""The report as a document model: sections of paragraphs, tables, charts and places to write.

The builder (build.py) fills it from the analytics functions; the writers (docx, pdf, xlsx)
only lay it out, so the three formats cannot differ in a number. Values in tables stay numbers
(None for a figure that is hidden or cannot be computed) with a kind that says how to print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from presentation import format as fmt

# How a table column is printed: text, a count, a share 0–1 (per cent), a rate (2 decimals),
# a number with one decimal (days, averages), a relative change (signed per cent), a checksum
# (text set in a narrow monospace).
ColumnKind = Literal["text", "count", "share", "rate", "decimal", "change", "hash"]

HIDDEN = "–"


@dataclass
class Paragraph:
    text: str
    note: bool = False  # a smaller, muted line (e.g. what the report left out)


@dataclass
class Table:
    """A captioned table; `sheet` names its sheet in the XLSX."""

    title: str
    caption: str
    columns: list[str]
    kinds: list[ColumnKind]
    rows: list[list[Any]]
    sheet: str

    def cell_text(self, row: int, column: int) -> str:
        return cell_text(self.rows[row][column], self.kinds[column])


@dataclass
class Chart:
    """A plotly figure (presentation.charts) with its caption and alt text; `svg` once rendered."""

    title: str
    caption: str
    alt: str
    figure: Any
    svg: bytes | None = None
    png: bytes | None = None


@dataclass
class Analysis:
    """The clearly marked place where the team writes its own analysis and actions."""

    heading: str = "Analys och åtgärder"
    prompt: str = "Skriv här: vad siffrorna visar, tänkbara orsaker och vilka åtgärder som beslutats."


Block = Paragraph | Table | Chart | Analysis


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block | None) -> Section:
        self.blocks += [b for b in blocks if b is not None]
        return self


@dataclass
class Source:
    """One loaded source file (the load log): for the XLSX first sheet and the appendix."""

    table: str
    file: str
    sha256: str
    rows: int
    loaded_at: str


@dataclass
class Report:
    kind: str  # "nämnd" or "analysmöte"
    title: str
    subtitle: str
    period: str  # "2022" / "2022-01-01 – 2022-06-30"
    period_dates: str
    comparison: str
    role: str  # Swedish label of the role
    scope: str  # "Hela förvaltningen" / the units
    filters: str  # every active filter, "Inga" when none
    created: datetime
    loaded_at: str
    sources: list[Source] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)  # what the report left out, and why
    brukare_level: bool = False  # whether it shows brukare ids (then it must be access-logged)
    brukare_ids: list[str] = field(default_factory=list)
    charts_drawn: bool = False  # the charts were rendered (or tried: then `omitted` says so)

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def meta_rows(self) -> list[tuple[str, str]]:
        """The facts of the title page and the XLSX first sheet, in order."""
        return [
            ("Rapport", self.title),
            ("Period", f"{self.period} ({self.period_dates})"),
            ("Jämförelse", self.comparison),
            ("Urval (filter)", self.filters),
            ("Roll", self.role),
            ("Omfattning", self.scope),
            ("Data laddade", self.loaded_at),
            ("Skapad", self.created.strftime("%Y-%m-%d %H:%M")),
        ]


def cell_text(value: Any, kind: ColumnKind) -> str:
    """A cell as printed: Swedish numbers, "–" for a hidden or absent figure."""
    if kind in ("text", "hash"):
        return HIDDEN if value is None else str(value)
    if kind == "count":
        return fmt.integer(value)
    if kind == "share":
        return fmt.percent(value)
    if kind == "rate":
        return fmt.number(value, 2)
    if kind == "decimal":  # days, averages: one decimal
        return fmt.number(value, 1)
    if kind == "change":
        return fmt.change(value)
    raise ValueError(f"Okänd kolumntyp: {kind!r}")
