"""Builds the report's document model from the analytics functions the screen and `figures` use.

Every number comes either from `analytics.export.figures.key_figures` (the key tables: the same
object, suppression and rounding as the export) or from a registered analytics function called
with the viewer's filters, so the role's rules apply exactly as on the screen: politiker get
suppressed aggregates and nothing per unit or brukare; chef only their units. No SQL here.

Two kinds (KINDS): `nämnd`, the half-year or annual analysis for the board laid out like chapter
5 of the berättelse, and `analysmöte`, the pack for one område or some units.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics import contract, privacy, stats
from analytics.analyses import complaints, datastatus, deviations, falls, overview, survey, trends
from analytics.export import figures as key_figures_export
from analytics.export.report import provenance
from analytics.export.report.model import (
    Analysis,
    Chart,
    ColumnKind,
    Paragraph,
    Report,
    Section,
    Source,
    Table,
)
from analytics.filters import ROLES, Filters, Period, Scope
from presentation import charts
from presentation import format as fmt

KINDS: dict[str, str] = {
    "nämnd": "Analys till nämnden (halvår eller helår)",
    "analysmöte": "Underlag för analysmöte (område eller enheter)",
}

# A progress callback: (share done 0–1, what is being built).
Progress = Callable[[float, str], None]

# Funnel limits: a unit outside the 99.8 % limits of its unit type is listed.
FUNNEL_MIN_EXPECTED = 5.0

SOURCE_NAMES: dict[str, str] = charts.SOURCES | {"figures": "nyckeltal (python -m analytics figures)"}


def _noop(_share: float, _text: str) -> None:
    return None


class _Builder:
    """Holds the filters, the figures and the caption facts while the sections are built."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, f: Filters) -> None:
        self.conn = conn
        self.f = f
        self.politiker = f.scope.role == "politiker"
        self.omitted: list[str] = []
        self.brukare_ids: list[str] = []
        self.unit_names: dict[str, str] = {} if self.politiker else datastatus.unit_names(conn)
        self.period = provenance.period_words(f.period)
        self.comparison = provenance.comparison_period(f)
        self.comparison_words = provenance.period_words(self.comparison)
        # Column headers: short ("H1 2022"), the captions say it in words.
        self.period_column = provenance.short_label(f.period)
        self.comparison_column = provenance.short_label(self.comparison)
        self.filters = provenance.filters_text(f, self.unit_names)
        self.figures = key_figures_export.key_figures(conn, f)
        self.previous_figures = key_figures_export.key_figures(conn, f.with_(period=self.comparison))
        complaints_figures = self.figures.get("complaints") or {}
        # A table's n when it names none: what its source counts in the period.
        self.default_n: dict[str, Any] = {
            "deviations": _sum(r["count"] for r in self.figures["deviations_by_category"]),
            "signings": _sum(r["tasks"] for r in self.figures.get("signing") or []),
            "complaints": complaints_figures.get("count"),
            "survey": (self.figures.get("survey") or {}).get("respondents"),
            "figures": "se raderna",
        }

    # -- captions and small numbers ---------------------------------------------------------

    def shown(self, *counts: Any) -> bool:
        """False when a politiker would read a count from 1 to the threshold - 1 in a sentence."""
        if not self.politiker:
            return True
        limit = privacy.min_cell()
        return not any(c is not None and not pd.isna(c) and 0 < float(c) < limit for c in counts)

    def n_text(self, n: Any) -> str:
        if isinstance(n, str):
            return f", n: {n}"
        if n is None or pd.isna(n):
            return ""
        if not self.shown(n):
            return f", n < {privacy.min_cell()}"
        return f", n = {fmt.integer(n)}"

    def caption(self, source: str, n: Any = None, comparison: bool = False, period: str | None = None) -> str:
        """ "Period: 2022. Jämförelse: 2021. Urval: …. Källa: avvikelser (Viva), n = 3 706." """
        parts = [f"Period: {period or self.period}."]
        if comparison:
            parts.append(f"Jämförelse: {self.comparison_words}.")
        parts.append(f"Urval: {self.filters}.")
        parts.append(f"Källa: {SOURCE_NAMES.get(source, source)}{self.n_text(n)}.")
        return " ".join(parts)

    def table(
        self,
        title: str,
        records: Iterable[Mapping[str, Any]] | pd.DataFrame,
        spec: list[tuple[str, str, ColumnKind]],
        *,
        source: str,
        n: Any = None,
        comparison: bool = False,
        labels: Mapping[str, Callable[[Any], str]] | None = None,
        sheet: str | None = None,
        period: str | None = None,
    ) -> Table:
        """A table of `records` with the columns of spec (key, Swedish header, kind); `labels`
        turns a code column into Swedish text."""
        if isinstance(records, pd.DataFrame):
            records = records.to_dict("records")
        labels = labels or {}
        rows = []
        for record in records:
            row = []
            for key, _, kind in spec:
                value = record.get(key)
                if value is not None and not isinstance(value, str) and pd.isna(value):
                    value = None
                if key in labels:
                    value = labels[key](value)
                elif kind == "count" and value is not None:
                    value = int(value)
                elif kind in ("share", "rate", "change") and value is not None:
                    value = float(value)
                row.append(value)
            rows.append(row)
        if n is None:
            n = self.default_n.get(source)
        return Table(
            title=title,
            caption=self.caption(source, n, comparison, period),
            columns=[header for _, header, _ in spec],
            kinds=[kind for _, _, kind in spec],
            rows=rows,
            sheet=sheet or title,
        )

    def chart(
        self, title: str, figure: Any, alt: str, source: str, n: Any = None, period: str | None = None
    ) -> Chart:
        if n is None:
            n = self.default_n.get(source)
        return Chart(title=title, caption=self.caption(source, n, period=period), alt=alt, figure=figure)

    def allowed(self, fn: Callable[..., Any]) -> bool:
        return privacy.allowed(fn, self.f.scope)


def _domain(code: Any) -> str:
    return contract.label(contract.DOMAINS, code)


def _unit_type(code: Any) -> str:
    return contract.unit_type_label(code)


def _operator(code: Any) -> str:
    """ "Egen regi", "Privat": the label without its explanation in brackets (tables are narrow)."""
    return contract.label(contract.OPERATORS, code).split(" (")[0] if code else "–"


def _category(code: Any) -> str:
    return contract.category_label(code)


def _sum(values: Iterable[Any]) -> int | None:
    """The total of counts, or None when one is hidden or missing (no n that reveals it)."""
    total = 0
    for value in values:
        if value is None or pd.isna(value):
            return None
        total += int(value)
    return total


def _rough(value: float) -> str:
    """A rough figure for a sentence: 6 707 -> "6 700", 68 -> "68"."""
    digits = max(len(str(int(abs(value)))) - 2, 0)
    return fmt.integer(round(value, -digits))


def _change(current: Any, previous: Any) -> float | None:
    return fmt.relative_change(current, previous)


# --------------------------------------------------------------------------------------------
# Sections shared by both kinds
# --------------------------------------------------------------------------------------------


def _scalar(section: Mapping[str, Any] | None, key: str) -> Any:
    return None if not isinstance(section, Mapping) else section.get(key)


# (label, figures section, key, kind): the key-figure table, read from figures' output by name so
# that version 2's new sections (lex_sarah, lex_maria) appear as soon as figures delivers them.
KEY_FIGURES: tuple[tuple[str, str, str, ColumnKind], ...] = (
    ("Fallavvikelser", "falls", "deviations", "count"),
    ("Brukare som fallit", "falls", "brukare", "count"),
    ("Hot och våld (avvikelser)", "violence", "deviations", "count"),
    ("Andel av SoL- och LSS-avvikelser som är hot och våld", "violence", "share_of_sol_lss", "share"),
    ("Arbetsmiljöhändelser med hot och våld (Kia)", "violence", "work_incidents", "count"),
    ("Rapporter enligt lex Sarah", "lex_sarah", "reports", "count"),
    ("Lex Sarah anmälda till IVO", "lex_sarah", "ivo_reported", "count"),
    ("Rapporter enligt lex Maria", "lex_maria", "reports", "count"),
    ("Lex Maria anmälda till IVO", "lex_maria", "ivo_reported", "count"),
    ("Synpunkter och klagomål", "complaints", "count", "count"),
    ("Sekretessmarkerade synpunkter", "complaints", "confidential", "count"),
    ("Brukarundersökningen (hela förvaltningen): svarande", "survey", "respondents", "count"),
    ("Brukarundersökningen (hela förvaltningen): svarsfrekvens", "survey", "response_rate", "share"),
)


def _key_figures(b: _Builder) -> Section:
    section = Section("Nyckeltal")
    section.add(
        Paragraph(
            f"Nyckeltalen för {b.period} jämförs med {b.comparison_words}. Alla tal kommer ur samma "
            "beräkningar som dashboarden och nyckeltalsexporten (python -m analytics figures)."
        )
    )
    kpis = overview.kpis(b.conn, b.f)
    section.add(
        b.table(
            "Avvikelser per område",
            kpis.assign(
                change=[_change(c, p) for c, p in zip(kpis["count"], kpis["previous_count"], strict=True)]
            ),
            [
                ("label", "Område", "text"),
                ("count", b.period_column, "count"),
                ("previous_count", b.comparison_column, "count"),
                ("change", "Förändring", "change"),
                ("investigated_share", "Andel utredda", "share"),
            ],
            source="deviations",
            comparison=True,
        )
    )
    rows = []
    for label, part, key, kind in KEY_FIGURES:
        now = b.figures.get(part)
        if now is None or not isinstance(now, Mapping) or key not in now:
            continue
        before = _scalar(b.previous_figures.get(part), key)
        change = _change(now[key], before) if kind == "count" else None
        rows.append({"label": label, "value": now[key], "previous": before, "change": change, "kind": kind})
    count_rows = [r for r in rows if r["kind"] == "count"]
    share_rows = [r for r in rows if r["kind"] == "share"]
    section.add(
        b.table(
            "Nyckeltal i sammandrag",
            count_rows,
            [
                ("label", "Nyckeltal", "text"),
                ("value", b.period_column, "count"),
                ("previous", b.comparison_column, "count"),
                ("change", "Förändring", "change"),
            ],
            source="figures",
            comparison=True,
        ),
        b.table(
            "Andelar i sammandrag",
            share_rows,
            [
                ("label", "Nyckeltal", "text"),
                ("value", b.period_column, "share"),
                ("previous", b.comparison_column, "share"),
            ],
            source="figures",
            comparison=True,
        )
        if share_rows
        else None,
    )
    section.add(Analysis())
    if "lex_sarah" not in b.figures:
        b.omitted.append(
            "Lex Maria och lex Sarah i sammandraget: nyckeltalen saknar dem ännu (nyckeltal version 2); "
            "lex Sarah redovisas per kategori i avsnittet om lex Sarah."
        )
    return section


def _year_series(b: _Builder) -> Section:
    """One row per calendar year up to the period's end: figures' `yearly` when it has one,
    else the overview's key figures per year (the same function as the Översikt cards)."""
    section = Section("Utveckling över åren")
    end = b.f.period.end
    yearly = b.figures.get("yearly")
    if isinstance(yearly, list) and yearly:
        names = {
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
            "complaints": "Synpunkter",
        }
        keys = [k for k in names if k in yearly[0]]
        long = [{"year": str(r["year"]), "series": names[k], "count": r[k]} for r in yearly for k in keys]
    else:
        bounds = datastatus.data_period(b.conn)
        first_year = bounds[0].year if bounds else end.year
        long = []
        for year in range(max(first_year, end.year - 9), end.year + 1):
            period = Period(date(year, 1, 1), min(date(year, 12, 31), end))
            whole = period.end == date(year, 12, 31)
            label = str(year) if whole else f"{year} (t.o.m. {period.end:%d/%m})"
            kpis = overview.kpis(b.conn, b.f.with_(period=period))
            long += [
                {"year": label, "series": r["label"], "count": r["count"]} for r in kpis.to_dict("records")
            ]
    # One row per series, the years as columns: reads like the berättelse's tables.
    years = list(dict.fromkeys(r["year"] for r in long))
    table_rows = [
        {"series": series} | {r["year"]: r["count"] for r in long if r["series"] == series}
        for series in dict.fromkeys(r["series"] for r in long)
    ]
    spec: list[tuple[str, str, ColumnKind]] = [("series", "Avvikelser och händelser", "text")]
    spec += [(year, year, "count") for year in years]
    section.add(
        Paragraph(
            "Antal avvikelser och händelser per kalenderår. "
            "Det sista året räknas till och med periodens slut."
        ),
        b.table(
            "Antal per år",
            table_rows,
            spec,
            source="deviations",
            n="se tabellen",
            period=f"{years[0]}–{years[-1]}" if years else None,
            sheet="Årsserie",
        ),
    )
    if long and any(r["count"] is not None and not pd.isna(r["count"]) for r in long):
        frame = pd.DataFrame(long)
        years = ", ".join(dict.fromkeys(frame["year"]))
        section.add(
            b.chart(
                "Avvikelser per år och område",
                charts.year_bars(frame, title="Avvikelser per år och område", source="deviations"),
                f"Stapeldiagram: antal per år ({years}) för varje område; "
                "talen finns i tabellen Antal per år.",
                "deviations",
                n="se tabellen Antal per år",
                period=f"{table_rows and spec[1][1]}–{spec[-1][1]}",
            )
        )
    section.add(Analysis())
    return section


_MONTH_RULES = {
    "utanfor": "utanför styrgränserna",
    "niva": "i en lång följd på samma sida om medelvärdet (nivåskifte)",
    "trend": "i en trend av stadigt ökande eller minskande månader",
    "tva_av_tre": "två av tre månader nära styrgränsen",
}
SPC_CHARTS = 3  # at most this many domains get a chart of their own (the others a sentence)


def _spc(b: _Builder) -> list[tuple[str, str, pd.DataFrame]]:
    """XmR charts of the monthly deviations per domain with a signal in the period, as
    (domain, sentence, chart frame), most signals first.

    The series runs from the first month with data (at most four years back) to the period's
    end; the centre line and limits come from the months before the period when there are at
    least 12 of them (the period is judged against what was), else from the whole series. A
    series with a hidden month is not judged, and a politiker gets none: the role sees whole
    years, halves and tertials only (analytics.privacy.periods), never a monthly series."""
    if b.f.scope.role == "politiker":
        return []
    end = b.f.period.end
    bounds = datastatus.data_period(b.conn)
    start = max(bounds[0] if bounds else b.f.period.start, date(end.year - 4, 1, 1))
    start = min(start, b.f.period.start)
    monthly = overview.monthly_by_domain(b.conn, b.f.with_(period=Period(start, end)))
    found: list[tuple[int, str, str, pd.DataFrame]] = []
    for domain, part in monthly.groupby("domain", sort=True):
        values = pd.to_numeric(part["count"], errors="coerce")
        if values.isna().any():
            continue
        months = pd.to_datetime(part["month"]).dt.date.tolist()
        before = sum(1 for m in months if m < b.f.period.start)
        baseline = before if before >= 12 else None
        result = stats.xmr(values.to_numpy(), baseline=baseline).assign(month=months)
        # Only the period is judged: a signal among the baseline months is history, not news.
        result["signal"] = result["signal"] & (result["month"] >= b.f.period.start)
        inside = result[result["month"] >= b.f.period.start]
        flagged = inside[inside["signal"]]
        if flagged.empty:
            continue
        higher = int((flagged["value"] > flagged["centre"]).sum())
        direction = "fler än förväntat" if higher * 2 >= len(flagged) else "färre än förväntat"
        first = flagged.iloc[0]
        level = (
            f"nivån {fmt.month(months[0])}–{fmt.month(months[before - 1])}"
            if baseline
            else "hela seriens nivå"
        )
        sentence = (
            f"{_domain(domain)}: {len(flagged)} av {len(inside)} månader avviker från {level} "
            f"(medelvärde {fmt.number(first['centre'], 1)} per månad, styrgränser "
            f"{fmt.number(max(first['lower'], 0), 1)}–{fmt.number(first['upper'], 1)}): {direction}. "
            f"Första signalen {fmt.month(first['month'])}, {_MONTH_RULES.get(first['rule'], 'avvikande')}."
        )
        found.append((len(flagged), str(domain), sentence, result))
    found.sort(key=lambda x: (-x[0], x[1]))
    return [(domain, sentence, frame) for _, domain, sentence, frame in found]


def _signals(b: _Builder) -> Section:
    section = Section("Sammanfattning och signaler")
    signal_rows = overview.signals(b.conn, b.f)
    section.add(Paragraph("Signaler som verktyget hittar i perioden (samma som på sidan Översikt):"))
    if signal_rows.empty:
        section.add(Paragraph("Inga tydliga signaler i vald period."))
    for text in signal_rows["text"]:
        section.add(Paragraph(f"• {text}"))
    found = _spc(b)
    section.add(
        Paragraph(
            "Styrdiagram (XmR) per område och månad: en signal betyder att månaden skiljer sig mer från "
            "den tidigare nivån än slumpen brukar ge. Fler rapporter är inte nödvändigtvis sämre; det kan "
            "också betyda bättre rapportering."
        )
    )
    if not found:
        section.add(Paragraph("• Inget område har månader med signal i perioden."))
    section.add(*(Paragraph(f"• {sentence}") for _, sentence, _ in found))
    for domain, _, frame in found[:SPC_CHARTS]:
        name = _domain(domain)
        section.add(
            b.chart(
                f"Styrdiagram: {name}-avvikelser per månad",
                charts.xmr_chart(
                    frame,
                    title=f"{name}-avvikelser per månad",
                    source="deviations",
                    period_start=b.f.period.start,
                ),
                f"Styrdiagram för {name}-avvikelser per månad med medelvärde och styrgränser; månader med "
                "signal är markerade. Talen och signalerna står i texten ovan.",
                "deviations",
                n=int(frame.loc[frame["month"] >= b.f.period.start, "value"].sum()),
                period=f"{fmt.month(frame['month'].iloc[0])}–{fmt.month(frame['month'].iloc[-1])}",
            )
        )
    section.add(Analysis())
    return section


def _sources(b: _Builder) -> tuple[list[Source], str]:
    if not datastatus.has_load_log(b.conn):
        return [], "okänt (databasen saknar laddningslogg)"
    log = datastatus.load_log(b.conn)
    if log.empty:
        return [], "okänt"
    latest = log[log["load_id"] == log["load_id"].max()]
    sources = [
        Source(
            table=str(r["table_name"]),
            file=str(r["file"]),
            sha256=str(r["sha256"]),
            rows=int(r["rows"]),
            loaded_at=str(r["loaded_at"]),
        )
        for r in latest.to_dict("records")
    ]
    return sources, str(latest["loaded_at"].iloc[0])


def _about(b: _Builder, sources: list[Source]) -> Section:
    section = Section("Om underlaget")
    n = privacy.min_cell()
    section.add(
        Paragraph(
            "Talen kommer ur samma analysfunktioner som dashboarden och nyckeltalsexporten. Perioden avser "
            "rapportdatum (synpunkter: inkommet datum). Andel utredda och uppföljda räknas på periodens "
            "avvikelser."
        ),
        Paragraph(
            f"– i en tabell betyder att talet inte kan beräknas eller är dolt: i en rapport för rollen "
            f"politiker döljs antal från 1 till {n - 1} och tal som skulle avslöja dem."
        ),
    )
    if sources:
        section.add(
            b.table(
                "Källfiler",
                [s.__dict__ for s in sources],
                [
                    ("table", "Tabell", "text"),
                    ("file", "Fil", "text"),
                    ("rows", "Rader", "count"),
                    ("sha256", "SHA-256", "hash"),
                ],
                source="laddningsloggen",
                n=len(sources),
                sheet="Källfiler",
            )
        )
    return section


# --------------------------------------------------------------------------------------------
# The nämnd report's subject sections (chapter 5 of the berättelse)
# --------------------------------------------------------------------------------------------


def _deviations(b: _Builder) -> Section:
    section = Section("Avvikelser per område")
    rows = b.figures["deviations_by_category"]
    section.add(
        b.table(
            "Avvikelser per område och kategori",
            [r | {"change": _change(r["count"], r["previous_count"])} for r in rows],
            [
                ("domain", "Område", "text"),
                ("category", "Kategori", "text"),
                ("count", b.period_column, "count"),
                ("previous_count", b.comparison_column, "count"),
                ("change", "Förändring", "change"),
                ("investigated_share", "Andel utredda", "share"),
                ("followed_up_share", "Andel uppföljda", "share"),
            ],
            source="deviations",
            comparison=True,
            labels={"domain": _domain, "category": _category},
            sheet="Avvikelser per kategori",
        )
    )
    compliance = deviations.compliance_by_domain(b.conn, b.f)
    if not compliance.empty:
        section.add(
            b.chart(
                "Utredda och uppföljda avvikelser per område",
                charts.compliance_bars(
                    compliance,
                    label="domain",
                    title="Utredda och uppföljda avvikelser",
                    codes=contract.DOMAINS,
                ),
                "Stapeldiagram: andel utredda och andel uppföljda av periodens avvikelser för varje område; "
                "andelarna finns i tabellen Avvikelser per område och kategori.",
                "deviations",
            )
        )
    section.add(Analysis())
    return section


def _lex(b: _Builder) -> Section:
    section = Section("Lex Sarah och lex Maria")
    sarah, maria = b.figures.get("lex_sarah"), b.figures.get("lex_maria")
    if isinstance(sarah, Mapping):
        for name, part in (("lex Sarah", sarah), ("lex Maria", maria)):
            if not isinstance(part, Mapping):
                continue
            section.add(
                b.table(
                    f"Rapporter enligt {name}",
                    [part],
                    [
                        ("reports", b.period_column, "count"),
                        ("previous_reports", b.comparison_column, "count"),
                        ("ivo_reported", "Anmälda till IVO", "count"),
                    ],
                    source="deviations",
                    comparison=True,
                    sheet=f"Rapporter {name}",
                )
            )
        if sarah.get("by_outcome"):
            section.add(
                b.table(
                    "Lex Sarah per bedömning",
                    sarah["by_outcome"],
                    [("outcome", "Bedömning", "text"), ("count", "Antal", "count")],
                    source="deviations",
                    labels={
                        "outcome": lambda c: (
                            contract.label(contract.LEX_SARAH_OUTCOMES, c)
                            if c != "ej_bedomd"
                            else "Ej bedömd"
                        )
                    },
                )
            )
        if sarah.get("by_domain"):
            section.add(
                b.table(
                    "Lex Sarah per område",
                    sarah["by_domain"],
                    [("domain", "Område", "text"), ("count", "Antal", "count")],
                    source="deviations",
                    labels={"domain": _domain},
                )
            )
    else:
        by_category = deviations.deviations_by_category(b.conn, b.f)
        lex = by_category[(by_category["lex_sarah"] != 0) | (by_category["previous_lex_sarah"] != 0)]
        section.add(
            Paragraph(
                "Rapporter enligt lex Sarah per område och kategori, med de som anmälts till IVO. "
                "Lex Maria redovisas när nyckeltalen (version 2) innehåller den."
            ),
            b.table(
                "Lex Sarah per område och kategori",
                lex,
                [
                    ("domain", "Område", "text"),
                    ("category", "Kategori", "text"),
                    ("lex_sarah", b.period_column, "count"),
                    ("previous_lex_sarah", b.comparison_column, "count"),
                    ("ivo_reported", "Anmälda till IVO", "count"),
                ],
                source="deviations",
                comparison=True,
                n=_sum(lex["lex_sarah"]),
                labels={"domain": _domain, "category": _category},
                sheet="Lex Sarah",
            ),
        )
        b.omitted.append("Lex Maria: ingen analysfunktion eller nyckeltal redovisar den ännu.")
    section.add(Analysis())
    return section


def _falls(b: _Builder) -> Section:
    section = Section("Fall")
    fl = b.figures["falls"]
    section.add(
        b.table(
            "Fall i sammandrag",
            [
                {"label": "Fallavvikelser", "value": fl.get("deviations")},
                {"label": "Brukare som fallit", "value": fl.get("brukare")},
                {"label": "varav kvinnor", "value": fl.get("women")},
                {"label": "varav män", "value": fl.get("men")},
            ]
            + [
                {"label": f"Brukare med {k} fall", "value": v}
                for k, v in fl.get("falls_per_brukare", {}).items()
            ],
            [("label", "Mått", "text"), ("value", "Antal", "count")],
            source="deviations",
            n=fl.get("deviations"),
            sheet="Fall",
        )
    )
    per_brukare = falls.falls_per_brukare(b.conn, b.f)
    if not per_brukare.empty:
        section.add(
            b.chart(
                "Brukare efter antal fall",
                charts.distribution_bars(
                    per_brukare,
                    label="falls",
                    value="brukare",
                    title="Brukare efter antal fall",
                    source="deviations",
                    x_title="Antal fall per brukare",
                    y_title="Brukare",
                    color=charts.DOMAIN_COLORS["hsl"],
                ),
                "Stapeldiagram: hur många brukare som föll en, två, tre, fyra och fem eller fler gånger; "
                "talen finns i tabellen Fall i sammandrag.",
                "deviations",
                n=fl.get("brukare"),
            )
        )
    by_type = falls.falls_by_unit_type(b.conn, b.f)
    section.add(
        b.table(
            "Fall per verksamhetstyp och regi",
            by_type,
            [
                ("unit_type", "Verksamhetstyp", "text"),
                ("operator", "Regi", "text"),
                ("deviations", "Fallavvikelser", "count"),
                ("brukare_with_falls", "Brukare som fallit", "count"),
                ("per_brukare", "Fall per brukare", "rate"),
            ],
            source="deviations",
            n=fl.get("deviations"),
            labels={"unit_type": _unit_type, "operator": _operator},
            sheet="Fall per verksamhetstyp",
        ),
        Analysis(),
    )
    return section


def _violence(b: _Builder) -> Section:
    section = Section("Hot och våld")
    vi = b.figures["violence"]
    labels = {
        "deviations": "Avvikelser om hot och våld",
        "utovare": "Brukare som utövare",
        "utsatt": "Brukare som utsatt",
        "personal_mot_brukare": "Personal mot brukare",
        "work_incidents": "Arbetsmiljöhändelser med hot och våld (Kia)",
    }
    shares = {
        "share_of_sol_lss": "Andel av SoL- och LSS-avvikelser",
        "top5_share": "Andel från de fem enheterna med flest",
        "work_incidents_top5_share": "Andel av Kia-händelserna från de fem enheterna med flest",
    }
    section.add(
        b.table(
            "Hot och våld i sammandrag",
            [{"label": v, "value": vi.get(k)} for k, v in labels.items() if k in vi],
            [("label", "Mått", "text"), ("value", "Antal", "count")],
            source="deviations",
            n=vi.get("deviations"),
            sheet="Hot och våld",
        ),
        b.table(
            "Hot och våld, andelar",
            [{"label": v, "value": vi.get(k)} for k, v in shares.items() if k in vi],
            [("label", "Mått", "text"), ("value", "Andel", "share")],
            source="deviations",
            n=vi.get("deviations"),
            sheet="Hot och våld, andelar",
        ),
    )
    if (
        vi.get("deviations")
        and vi.get("work_incidents") is not None
        and b.shown(vi["deviations"], vi["work_incidents"])
    ):
        section.add(
            Paragraph(
                f"Personalen rapporterade {fmt.integer(vi['work_incidents'])} arbetsmiljöhändelser med hot "
                f"och våld i Kia, mot {fmt.integer(vi['deviations'])} avvikelser om hot och våld. "
                "Skillnaden tyder på att "
                "en del händelser inte blir avvikelser."
            )
        )
    subcategories = overview.violence_subcategory_totals(b.conn, b.f)
    if not subcategories.empty:
        section.add(
            b.chart(
                "Hot och våld per underkategori",
                charts.code_bars(
                    subcategories,
                    code="subcategory",
                    codes=contract.SUBCATEGORY_LABELS,
                    title="Hot och våld per underkategori",
                    color=charts.DOMAIN_COLORS.get("lss", charts.NEUTRAL),
                ),
                "Stapeldiagram: avvikelser om hot och våld per underkategori.",
                "deviations",
                n=vi.get("deviations"),
            )
        )
    section.add(Analysis())
    return section


def _signing(b: _Builder) -> Section:
    section = Section("Läkemedel och signering")
    rows = b.figures.get("signing")
    if rows is None:
        section.add(
            Paragraph("Signeringsdata (MCSS) är inte laddade; avsnittet bygger bara på avvikelserna.")
        )
        b.omitted.append("Signering: tabellen signings saknas i databasen.")
        section.add(Analysis())
        return section
    for task_kind, noun, deviation_noun in (
        ("lakemedel", "läkemedelsinsatser", "läkemedelsavvikelser"),
        ("hsl_insats", "HSL-insatser exklusive läkemedel", "HSL-avvikelser utöver fall och läkemedel"),
    ):
        totals = overview.signing_totals(b.conn, b.f, task_kind)
        if totals.empty:
            continue
        t = totals.iloc[0]
        if (
            pd.isna(t["unsigned"])
            or pd.isna(t["reported_deviations"])
            or not b.shown(t["unsigned"], t["reported_deviations"])
        ):
            continue
        gap = float(t["unsigned"]) - float(t["reported_deviations"])
        section.add(
            Paragraph(
                f"Av {fmt.integer(t['tasks'])} {noun} signerades {fmt.integer(t['unsigned'])} inte "
                f"({fmt.percent(1 - t['signed_share'], 1)}). Under samma period rapporterades "
                f"{fmt.integer(t['reported_deviations'])} {deviation_noun}. "
                + (
                    f"Om varje osignerad insats borde ha blivit en avvikelse är underrapporteringen ungefär "
                    f"{_rough(gap)} avvikelser (en övre skattning: alla osignerade insatser är inte fel)."
                    if gap > 0
                    else "Fler avvikelser än osignerade insatser rapporterades."
                )
            )
        )
    section.add(
        b.table(
            "Signering per verksamhetstyp, regi och insatstyp",
            rows,
            [
                ("unit_type", "Verksamhetstyp", "text"),
                ("operator", "Regi", "text"),
                ("task_kind", "Insatstyp", "text"),
                ("tasks", "Insatser", "count"),
                ("signed_share", "Andel signerade", "share"),
                ("unsigned", "Ej signerade", "count"),
                ("reported_deviations", "Rapporterade avvikelser", "count"),
            ],
            source="signings",
            labels={
                "unit_type": _unit_type,
                "operator": _operator,
                "task_kind": lambda c: contract.label(contract.TASK_KINDS, c),
            },
            sheet="Signering",
        )
    )
    by_type = overview.signing_unit_types(b.conn, b.f, "lakemedel")
    if not by_type.empty:
        section.add(
            b.chart(
                "Osignerade läkemedelsinsatser och rapporterade avvikelser",
                charts.paired_bars(
                    by_type,
                    label="unit_type",
                    first="unsigned",
                    second="reported_deviations",
                    names=("Ej signerade insatser", "Rapporterade avvikelser"),
                    title="Osignerade läkemedelsinsatser mot rapporterade avvikelser",
                    source="signings",
                    codes=contract.UNIT_TYPES,
                ),
                "Stapeldiagram: per verksamhetstyp antal ej signerade läkemedelsinsatser bredvid antal "
                "rapporterade läkemedelsavvikelser; talen finns i signeringstabellen.",
                "signings",
            )
        )
    section.add(Analysis())
    return section


def _complaints(b: _Builder) -> Section:
    section = Section("Synpunkter och klagomål")
    co = b.figures["complaints"]
    if co.get("by_category") is None:
        section.add(Paragraph("Synpunkter och klagomål är inte laddade."))
        b.omitted.append("Synpunkter: tabellen complaints saknas i databasen.")
        return section.add(Analysis())
    section.add(
        b.table(
            "Synpunkter i sammandrag",
            [
                {
                    "label": "Synpunkter och klagomål",
                    "value": co.get("count"),
                    "previous": co.get("previous_count"),
                },
                {"label": "varav sekretessmarkerade", "value": co.get("confidential"), "previous": None},
            ],
            [
                ("label", "Mått", "text"),
                ("value", b.period_column, "count"),
                ("previous", b.comparison_column, "count"),
            ],
            source="complaints",
            comparison=True,
            sheet="Synpunkter",
        ),
        b.table(
            "Synpunkter per verksamhetstyp och regi",
            co.get("by_unit_type") or [],
            [
                ("unit_type", "Verksamhetstyp", "text"),
                ("operator", "Regi", "text"),
                ("count", "Antal", "count"),
            ],
            source="complaints",
            labels={"unit_type": _unit_type, "operator": _operator},
        ),
        b.table(
            "Synpunkter per kategori",
            co["by_category"],
            [("category", "Kategori", "text"), ("count", "Antal", "count")],
            source="complaints",
            labels={
                "category": lambda c: (
                    contract.label(contract.COMPLAINT_CATEGORIES, c)
                    if c != "okategoriserad"
                    else "Okategoriserad"
                )
            },
        ),
        b.table(
            "Synpunkter per avsändare",
            co.get("by_sender") or [],
            [("sender", "Avsändare", "text"), ("count", "Antal", "count")],
            source="complaints",
            labels={"sender": lambda c: contract.label(contract.SENDERS, c) if c != "okand" else "Okänd"},
        ),
    )
    by_category = complaints.complaints_by_category(b.conn, b.f)
    if not by_category.empty:
        section.add(
            b.chart(
                "Synpunkter per kategori",
                charts.code_bars(
                    by_category,
                    code="category",
                    codes=contract.COMPLAINT_CATEGORIES,
                    title="Synpunkter och klagomål per kategori",
                    source="complaints",
                    missing_label="Okategoriserad",
                ),
                "Stapeldiagram: synpunkter och klagomål per kategori; "
                "talen finns i tabellen Synpunkter per kategori.",
                "complaints",
            )
        )
    section.add(Analysis())
    return section


def _survey(b: _Builder) -> Section:
    section = Section("Brukarundersökning")
    su = b.figures["survey"]
    if su.get("results") is None:
        section.add(Paragraph("Brukarundersökningen är inte laddad."))
        b.omitted.append("Brukarundersökning: tabellen survey_results saknas i databasen.")
        return section.add(Analysis())
    texts = dict(
        survey.survey_question_texts(b.conn, b.f)[["question_id", "text"]].itertuples(index=False, name=None)
    )
    year = su.get("year")
    section.add(
        b.table(
            f"Brukarundersökningen {year}",
            [
                {"label": "Inbjudna", "value": su.get("invited"), "kind": "count"},
                {"label": "Svarande", "value": su.get("respondents")},
            ],
            [("label", "Mått", "text"), ("value", "Antal", "count")],
            source="survey",
            sheet="Brukarundersökning",
        ),
        Paragraph(f"Svarsfrekvens: {fmt.percent(su.get('response_rate'))}."),
        b.table(
            "Andel positiva svar per fråga",
            [r for r in su["results"] if r["unit_type"] == "all"],
            [
                ("question_id", "Fråga", "text"),
                ("positive_share", str(year), "share"),
                ("previous_share", "Föregående undersökning", "share"),
                ("benchmark", "Jämförelsevärde", "share"),
            ],
            source="survey",
            n=su.get("respondents"),
            labels={"question_id": lambda q: texts.get(q, q)},
            sheet="Brukarundersökning, frågor",
        ),
    )
    results = overview.survey_group(b.conn, b.f, "all")
    if not results.empty:
        section.add(
            b.chart(
                "Andel positiva svar per fråga",
                charts.survey_dots(
                    results, title=f"Andel positiva svar per fråga, {year}", n=su.get("respondents")
                ),
                "Punktdiagram: andel positiva svar per fråga i år, föregående undersökning och "
                "jämförelsevärdet; "
                "talen finns i tabellen Andel positiva svar per fråga.",
                "survey",
            )
        )
    section.add(Analysis())
    return section


# --------------------------------------------------------------------------------------------
# Units against their type's funnel (analytiker in the nämnd report; the analysmöte pack)
# --------------------------------------------------------------------------------------------


def funnel_units(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Each unit's deviations against what its unit type's rate per brukare predicts.

    One row per unit in the viewer's scope with brukare > 0. The expected count is the unit's
    brukare times its type's deviations per brukare over ALL units of the type (an aggregate,
    so a chef's units are judged against the whole type). Columns: unit_id, unit_name,
    unit_type, operator, count, brukare, expected, ratio, lower998, upper998, outside ("hög",
    "låg" or None).
    """
    mine = deviations.deviations_by_unit(conn, f)  # scope enforced (chef: own units)
    with privacy.unrestricted():  # only the type's totals leave this block
        whole_type = f.with_(scope=Scope("analytiker"), unit_ids=None, administrations=None, areas=None)
        everyone = deviations.deviations_by_unit(conn, whole_type.with_(operators=None))
    totals = everyone.groupby("unit_type")[["count", "brukare"]].sum()
    type_rate = (totals["count"] / totals["brukare"]).where(totals["brukare"] > 0)
    mine = mine[mine["brukare"] > 0].reset_index(drop=True)
    if mine.empty:
        return mine.assign(expected=[], ratio=[], lower998=[], upper998=[], outside=[])
    expected = mine["brukare"] * mine["unit_type"].map(type_rate).fillna(0.0)
    result = stats.funnel(mine["count"].astype(float), expected, overdispersion=True)
    return mine.assign(
        expected=expected,
        ratio=result["ratio"].to_numpy(),
        lower998=result["lower998"].to_numpy(),
        upper998=result["upper998"].to_numpy(),
        outside=result["outside"].to_numpy(),
    )


_FUNNEL_SPEC: list[tuple[str, str, ColumnKind]] = [
    ("unit_name", "Enhet", "text"),
    ("unit_type", "Verksamhetstyp", "text"),
    ("operator", "Regi", "text"),
    ("count", "Avvikelser", "count"),
    ("expected", "Förväntat", "decimal"),
    ("ratio", "Kvot", "rate"),
    ("interval", "Gränser (99,8 %)", "text"),
    ("outside", "Bedömning", "text"),
]


def _funnel_rows(frame: pd.DataFrame) -> pd.DataFrame:
    words = {"hög": "Fler än förväntat", "låg": "Färre än förväntat"}
    return frame.assign(
        interval=[
            f"{fmt.number(lo, 2)}–{fmt.number(hi, 2)}"
            for lo, hi in zip(frame["lower998"], frame["upper998"], strict=True)
        ],
        outside=[words.get(o, "Inom gränserna") for o in frame["outside"]],
    )


def _funnel_section(b: _Builder, only_outside: bool) -> Section:
    section = Section(
        "Enheter utanför trattgränserna" if only_outside else "Enheterna mot verksamhetstypens tratt"
    )
    frame = funnel_units(b.conn, b.f)
    section.add(
        Paragraph(
            "Varje enhets antal avvikelser jämförs med vad verksamhetstypens genomsnitt per brukare "
            "förutsäger "
            "för enhetens antal brukare (trattdiagram med gränser för 99,8 %, justerade för överspridning). "
            "En enhet utanför gränserna är avvikande: fler rapporter kan betyda fler brister eller bättre "
            "rapportering, färre kan betyda underrapportering. Det är en fråga att ställa, inte ett betyg."
        )
    )
    shown = frame[frame["outside"].notna()] if only_outside else frame
    shown = shown.sort_values(["outside", "unit_type", "unit_name"], na_position="last")
    if only_outside and shown.empty:
        section.add(Paragraph("Ingen enhet ligger utanför sin verksamhetstyps trattgränser."))
    else:
        section.add(
            b.table(
                "Enheter utanför trattgränserna" if only_outside else "Enheterna mot trattgränserna",
                _funnel_rows(shown),
                _FUNNEL_SPEC,
                source="deviations",
                n=int(frame["count"].sum()) if len(frame) else 0,
                labels={"unit_type": _unit_type, "operator": _operator},
                sheet="Tratt",
            )
        )
    section.add(Analysis())
    return section


# --------------------------------------------------------------------------------------------
# The analysmöte pack
# --------------------------------------------------------------------------------------------


def _open_deviations(b: _Builder) -> Section:
    section = Section("Öppna och ej uppföljda avvikelser")
    by_unit = deviations.compliance_by_unit(b.conn, b.f)
    section.add(
        b.table(
            "Utredda och uppföljda per enhet",
            by_unit,
            [
                ("unit_name", "Enhet", "text"),
                ("count", "Avvikelser", "count"),
                ("investigated_share", "Andel utredda", "share"),
                ("followed_up_share", "Andel uppföljda", "share"),
                ("median_days_to_follow_up", "Median dagar till uppföljning", "decimal"),
            ],
            source="deviations",
            n=int(pd.to_numeric(by_unit["count"], errors="coerce").sum()) if len(by_unit) else 0,
            sheet="Uppföljning per enhet",
        )
    )
    age = deviations.open_by_age(b.conn, b.f)
    ages = {
        "0_30": "0–30 dagar",
        "31_90": "31–90 dagar",
        "91_180": "91–180 dagar",
        "over_180": "över 180 dagar",
    }
    section.add(
        b.table(
            "Ej uppföljda avvikelser efter ålder vid periodens slut",
            age,
            [("domain", "Område", "text"), ("age_bucket", "Ålder", "text"), ("count", "Antal", "count")],
            source="deviations",
            labels={"domain": _domain, "age_bucket": lambda a: ages.get(a, str(a))},
            sheet="Ej uppföljda",
        ),
        Analysis(),
    )
    return section


def _half_year_trend(b: _Builder) -> Section:
    section = Section("Utveckling per halvår")
    end = b.f.period.end
    start = date(end.year - 2, 1, 1)
    frame = trends.half_yearly_rates(b.conn, b.f.with_(period=Period(min(start, b.f.period.start), end)))
    frame = frame[frame["unit_type"] == "all"]
    section.add(
        b.table(
            "Avvikelser per halvår",
            frame,
            [
                ("half_year", "Halvår", "text"),
                ("brukare", "Brukare (snitt)", "decimal"),
                ("deviations", "Avvikelser", "count"),
                ("deviations_per_brukare", "Per brukare", "rate"),
                ("fall_count", "Fall", "count"),
                ("medication_count", "Läkemedel", "count"),
                ("violence_count", "Hot och våld", "count"),
            ],
            source="deviations",
            period=f"{frame['half_year'].iloc[0]}–{frame['half_year'].iloc[-1]}" if len(frame) else None,
            sheet="Halvår",
        ),
    )
    if not frame.empty and frame["deviations"].notna().any():
        section.add(
            b.chart(
                "Avvikelser per halvår",
                charts.distribution_bars(
                    frame,
                    label="half_year",
                    value="deviations",
                    title="Avvikelser per halvår",
                    source="deviations",
                    x_title="Halvår",
                    y_title="Avvikelser",
                    color=charts.OKABE_ITO["blue"],
                ),
                "Stapeldiagram: antal avvikelser per halvår för de valda enheterna; talen finns i tabellen "
                "Avvikelser per halvår.",
                "deviations",
                n="se tabellen Avvikelser per halvår",
                period=f"{frame['half_year'].iloc[0]}–{frame['half_year'].iloc[-1]}",
            )
        )
    section.add(Analysis())
    return section


def _brukare(b: _Builder) -> Section | None:
    if not b.allowed(deviations.deviations_by_brukare):
        return None
    frame = deviations.deviations_by_brukare(b.conn, b.f)
    frame = frame[frame["brukare_id"].notna()]  # rows without a brukare name nobody
    top = frame.sort_values(["count", "brukare_id"], ascending=[False, True]).head(15)
    if top.empty:
        return None
    b.brukare_ids = [str(x) for x in top["brukare_id"]]
    section = Section("Brukare med flest avvikelser")
    section.add(
        Paragraph(
            "Uppgifter per brukare: rapporten skrivs i åtkomstloggen. "
            "Hantera dokumentet som en journalhandling."
        ),
        b.table(
            "Brukare med flest avvikelser",
            top.assign(unit_name=[b.unit_names.get(u, u) for u in top["unit_id"]]),
            [
                ("brukare_id", "Brukare", "text"),
                ("unit_name", "Enhet", "text"),
                ("count", b.period_column, "count"),
                ("previous_count", b.comparison_column, "count"),
            ],
            source="deviations",
            comparison=True,
            sheet="Brukare",
        ),
        Analysis(),
    )
    return section


def _open_actions(b: _Builder) -> list[Any] | None:
    """The actions of the report's units that the viewer may read, or None when the register is
    not in use (no store configured and no store file: a report never creates one)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from analytics.stores import actions

    url = make_url(actions.store_url())
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return None
    units = b.f.effective_unit_ids()
    try:
        with actions.ActionStore(url, upgrade=False) as store:
            return store.list_actions(actions.as_actor(b.f.scope), units=units)
    except (SQLAlchemyError, actions.ActionError) as e:
        b.omitted.append(f"Åtgärder: åtgärdsregistret kunde inte läsas ({type(e).__name__}).")
        return None


def _actions(b: _Builder) -> Section:
    """The actions of the units in the register (issue 12), with a place for new ones."""
    from analytics.stores import actions as register

    section = Section("Åtgärder")
    found = _open_actions(b)
    if found is None:
        section.add(Paragraph("Åtgärdsregistret är inte i bruk. Skriv beslutade åtgärder här."))
    elif not found:
        section.add(Paragraph("Inga åtgärder i åtgärdsregistret för de här enheterna."))
    else:
        today = date.today()  # the register's state is today's, whatever the period
        rows = [
            {
                "title": a.title,
                "units": ", ".join(b.unit_names.get(u, u) for u in a.units) or "Hela förvaltningen",
                "responsible": a.responsible,
                "due_date": a.due_date.isoformat() if a.due_date else None,
                "status": register.STATUS_LABELS[a.status] + (" (försenad)" if a.is_overdue(today) else ""),
            }
            for a in found
        ]
        table = b.table(
            "Åtgärder i åtgärdsregistret",
            rows,
            [
                ("title", "Åtgärd", "text"),
                ("units", "Enheter", "text"),
                ("responsible", "Ansvarig", "text"),
                ("due_date", "Klart senast", "text"),
                ("status", "Status", "text"),
            ],
            source="åtgärdsregistret",
            n=len(rows),
            sheet="Åtgärder",
        )
        table.caption = table.caption.replace(f"Period: {b.period}. ", f"Läget {date.today().isoformat()}. ")
        section.add(table)
    return section.add(
        Analysis(heading="Nya åtgärder", prompt="Åtgärd – ansvarig – klart senast – uppföljning.")
    )


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def _scope_text(b: _Builder) -> str:
    units = b.f.effective_unit_ids()
    if b.f.scope.role == "chef" or (units and not b.politiker):
        names = [b.unit_names.get(u, u) for u in units or ()]
        return f"{len(names)} {'enhet' if len(names) == 1 else 'enheter'}: " + ", ".join(names)
    return "Hela förvaltningen" if not units else f"{len(units)} valda enheter"


def _title(kind: str, p: Period) -> tuple[str, str]:
    label = p.label()
    if kind == "analysmöte":
        return "Underlag för analysmöte", f"Avvikelser och uppföljning, {provenance.period_words(p)}"
    if label.endswith(("H1", "H2")):
        return (
            "Halvårsanalys av avvikelser och synpunkter",
            f"Underlag till nämnden, {provenance.period_words(p)}",
        )
    if label.isdigit():
        return (
            "Årsanalys av avvikelser och synpunkter",
            f"Underlag till nämnden och kvalitetsberättelsen {label}",
        )
    return "Analys av avvikelser och synpunkter", f"Underlag till nämnden, {label}"


def build_report(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    kind: str = "nämnd",
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> Report:
    """The report of `kind` for the filters' period, units and role (no chart rendered yet)."""
    if kind not in KINDS:
        raise ValueError(f"Okänd rapporttyp: {kind!r}. Tillåtna: {', '.join(KINDS)}")
    if kind == "analysmöte" and f.scope.role == "politiker":
        raise privacy.AccessDenied(
            "Underlaget för analysmöte visar enheter; rollen politiker får nämndrapporten."
        )
    step = progress or _noop
    step(0.02, "Nyckeltal")
    b = _Builder(conn, f)
    title, subtitle = _title(kind, f.period)
    sources, loaded_at = _sources(b)
    report = Report(
        kind=kind,
        title=title,
        subtitle=subtitle,
        period=b.period,
        period_dates=f"{f.period.start.isoformat()} – {f.period.end.isoformat()}",
        comparison=provenance.comparison_text(f),
        role=ROLES[f.scope.role],
        scope=_scope_text(b),
        filters=b.filters,
        created=now or datetime.now(),
        loaded_at=loaded_at,
        sources=sources,
    )
    if kind == "nämnd":
        builders: list[tuple[str, Callable[[], Section | None]]] = [
            ("Signaler", lambda: _signals(b)),
            ("Nyckeltal", lambda: _key_figures(b)),
            ("Årsserie", lambda: _year_series(b)),
            ("Avvikelser", lambda: _deviations(b)),
            ("Lex Sarah och lex Maria", lambda: _lex(b)),
            ("Fall", lambda: _falls(b)),
            ("Hot och våld", lambda: _violence(b)),
            ("Läkemedel och signering", lambda: _signing(b)),
            ("Synpunkter", lambda: _complaints(b)),
            ("Brukarundersökning", lambda: _survey(b)),
        ]
        if f.scope.role == "analytiker":
            builders.append(("Tratt", lambda: _funnel_section(b, only_outside=True)))
        else:
            b.omitted.append("Enheter utanför trattgränserna: visas bara för rollen analytiker.")
    else:
        builders = [
            ("Nyckeltal", lambda: _key_figures(b)),
            ("Tratt", lambda: _funnel_section(b, only_outside=False)),
            ("Öppna avvikelser", lambda: _open_deviations(b)),
            ("Halvår", lambda: _half_year_trend(b)),
            ("Brukare", lambda: _brukare(b)),
            ("Åtgärder", lambda: _actions(b)),
        ]
    for i, (name, make) in enumerate(builders):
        step(0.05 + 0.6 * i / len(builders), name)
        section = make()
        if section is not None:
            report.sections.append(section)
    report.sections.append(_about(b, sources))
    report.omitted = b.omitted
    report.brukare_ids = b.brukare_ids
    report.brukare_level = bool(b.brukare_ids)
    step(0.66, "Klart att skriva")
    return report
