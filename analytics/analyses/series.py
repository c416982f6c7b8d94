"""Year series: every loaded year (or half-year) side by side, as the berättelse's tables read
("Översikt 2017–2020"; lex Sarah 56/76/44/44), and the survey's rounds.

A span runs from its first to its last day, except the span of the period's end, which stops at
the end (key-figures.md `yearly`). The organisation filters and the viewer's scope apply.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.analyses import survey, trends
from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import EARLIEST, Filters, Period
from analytics.privacy import protect

# Span kinds: code -> months per span.
SPANS: dict[str, int] = {"year": 12, "half": 6}

# The counts of a span, in key-figures.md order, with Swedish names for tables and charts.
SERIES_COUNTS: dict[str, str] = {
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
    "medication": "Läkemedelsavvikelser",
}

# The counts of key-figures.md's `yearly`, in its order (medication is the dashboard's only).
YEARLY_KEYS: tuple[str, ...] = tuple(k for k in SERIES_COUNTS if k != "medication")

# Per-brukare rates of a span: column -> Swedish name.
SERIES_RATES: dict[str, str] = {
    "deviations_per_brukare": "Avvikelser per brukare",
    "fall_deviations": "Fall per brukare",
    "medication_deviations": "Läkemedelsavvikelser per brukare",
    "hsl_other_deviations": "HSL övrigt per brukare",
    "violence_deviations": "Hot och våld per brukare",
}


def _span(span: str) -> int:
    if span not in SPANS:
        raise ValueError(f"Okänd spännvidd: {span!r}. Tillåtna: {', '.join(SPANS)}")
    return SPANS[span]


def span_label(start: object, span: str) -> str:
    """ "2022" for a year, "H1 2022" for a half-year starting on `start` (a date)."""
    if span == "year":
        return str(start.year)  # type: ignore[attr-defined]
    return f"H{1 if start.month == 1 else 2} {start.year}"  # type: ignore[attr-defined]


@protect("aggregate", counts=tuple(SERIES_COUNTS), groups=None, not_counts=("year",))
def series(conn: duckdb.DuckDBPyConnection, f: Filters, span: str = "year") -> pd.DataFrame:
    """The counts of each year (`span` "year") or half-year ("half") from the span of the first
    deviation in the database (not before analytics.filters.EARLIEST) up to the span of the
    period's end, ascending.

    Columns: label ("2022" / "H1 2022"), year, span_from, span_to (the last day counted),
    then SERIES_COUNTS: deviations per domain, lex_sarah, lex_maria, ivo_reported, falls
    (hsl/fall), violence (hot_och_vald), medication (hsl/lakemedel), complaints (null without a
    complaints table).
    """
    frame = run(conn, "series_deviations", f, span_months=_span(span), earliest=EARLIEST)
    frame.insert(0, "year", [d.year for d in frame["span_from"]])
    frame.insert(0, "label", [span_label(d, span) for d in frame["span_from"]])
    if supplied(conn, "complaints") and len(frame):
        complaints = run(
            conn,
            "series_complaints",
            f,
            span_froms=list(frame["span_from"]),
            span_tos=list(frame["span_to"]),
        )
        frame["complaints"] = complaints["complaints"].astype("Int64").to_numpy()
    else:
        frame["complaints"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return frame[["label", "year", "span_from", "span_to", *SERIES_COUNTS]]


_RATE_COUNTS = ("deviations", "fall_count", "medication_count", "hsl_other_count", "violence_count")
_RATE_OF = {
    "deviations_per_brukare": "deviations",
    "fall_deviations": "fall_count",
    "medication_deviations": "medication_count",
    "hsl_other_deviations": "hsl_other_count",
    "violence_deviations": "violence_count",
}


@protect(
    "aggregate",
    counts=_RATE_COUNTS,
    derived={rate: (count,) for rate, count in _RATE_OF.items()},
    groups=None,
    not_counts=("year", "months"),
)
def rate_series(conn: duckdb.DuckDBPyConnection, f: Filters, span: str = "year") -> pd.DataFrame:
    """Per-brukare rates of each span of `series`, all selected units together.

    Columns: label, year, span_from, span_to, months (calendar months counted), brukare (census
    brukare summed over the units and averaged over the months), the counts deviations,
    fall_count, medication_count, hsl_other_count, violence_count, and SERIES_RATES (count /
    brukare; null without census).
    """
    spans = series(conn, f, span)
    rows = []
    for record in spans.to_dict("records"):
        monthly = trends.monthly_rates(conn, f.with_(period=Period(record["span_from"], record["span_to"])))
        everyone = monthly[monthly["unit_type"] == "all"]
        months = len(everyone)
        brukare = float(everyone["brukare"].sum()) / months if months else float("nan")
        row = {
            "label": record["label"],
            "year": record["year"],
            "span_from": record["span_from"],
            "span_to": record["span_to"],
            "months": months,
            "brukare": brukare,
        }
        for rate, count in _RATE_OF.items():
            row[count] = int(everyone[count].sum())
            row[rate] = row[count] / brukare if brukare and brukare == brukare else float("nan")
        rows.append(row)
    columns = ["label", "year", "span_from", "span_to", "months", "brukare", *_RATE_COUNTS, *_RATE_OF]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for count in _RATE_COUNTS:
        frame[count] = frame[count].astype("int64")
    return frame


@protect(
    "aggregate",
    counts=("respondents", "previous_respondents"),
    derived={"positive_share": ("respondents",), "previous_share": ("previous_respondents",)},
    groups=("question_id",),
    not_counts=("year", "previous_year"),
)
def survey_rounds(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every survey round up to the survey year, each compared with the round before it (the
    latest earlier year with results: surveys are often held every second year).

    One row per (question_id, year) of the selected unit types together (sex 'alla'), sorted by
    question_id, year. Columns: year, question_id, respondents, positive_share, previous_year
    (null for the first round), previous_respondents, previous_share (null when the question
    was not asked in that round).
    """
    if not supplied(conn, "survey_results"):
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                "question_id": pd.Series(dtype="str"),
                "respondents": pd.Series(dtype="Int64"),
                "positive_share": pd.Series(dtype="float64"),
                "previous_year": pd.Series(dtype="Int64"),
                "previous_respondents": pd.Series(dtype="Int64"),
                "previous_share": pd.Series(dtype="float64"),
            }
        )
    frame = run(conn, "survey_rounds", f, year=survey.survey_year(f))
    for column in ("previous_year", "previous_respondents", "respondents"):
        frame[column] = frame[column].astype("Int64")
    return frame
