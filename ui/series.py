"""The year-series section a page adds below its own charts: every loaded year (or half-year)
side by side, as a chart and a table with downloads, from analytics.analyses.series.

A separate section (and function), so the pages' monthly charts stay their own.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from analytics.analyses import series
from analytics.filters import Filters
from presentation import chapter_charts
from presentation import format as fmt
from ui import chart, db, tables

SPAN_LABELS: dict[str, str] = {"year": "År", "half": "Halvår"}
COUNTS: dict[str, str] = series.SERIES_COUNTS
RATES: dict[str, str] = series.SERIES_RATES


def section(
    f: Filters,
    columns: Mapping[str, str],
    *,
    key: str,
    subject: str,
    header: str = "År för år",
    source: str = "deviations",
    chart_columns: Mapping[str, str] | None = None,
) -> None:
    """A header, a year/half-year choice, the grouped bars (of `chart_columns`, default all) and
    the table of `columns` (keys of series.SERIES_COUNTS -> Swedish names). `key` prefixes the
    widgets (page-local)."""
    st.header(header)
    span = st.segmented_control(
        "Indelning",
        list(SPAN_LABELS),
        format_func=SPAN_LABELS.__getitem__,
        default="year",
        key=f"{key}_serie",
    )
    span = span or "year"
    frame = db.call(series.series, f, span)
    if frame.empty:
        st.info("Inga avvikelser är inlästa ännu.")
        return
    last = pd.Timestamp(frame["span_to"].iloc[-1]).date()
    st.caption(
        f"Alla inlästa {'år' if span == 'year' else 'halvår'} från den första avvikelsen; "
        f"det sista räknas till och med {fmt.day(last)}. Organisationsvalet gäller."
    )
    noun = "år" if span == "year" else "halvår"
    chart.show(
        chapter_charts.series_bars(
            frame, columns=chart_columns or columns, title=f"{subject} per {noun}", source=source
        ),
        key=f"{key}_serie_chart",
    )
    tables.show(
        frame,
        {"label": SPAN_LABELS[span], **columns},
        key=f"{key}_serie_tabell",
        file_name=f"{subject} per {noun}",
    )


def rate_section(f: Filters, columns: Mapping[str, str], *, key: str, subject: str) -> None:
    """The per-brukare rates of each year (or half-year) of the selection, as a table and bars."""
    span = st.session_state.get(f"{key}_serie") or "year"
    frame = db.call(series.rate_series, f, span)
    if frame.empty:
        return
    noun = "år" if span == "year" else "halvår"
    st.subheader(f"Per brukare, {noun} för år" if span == "year" else "Per brukare, halvår för halvår")
    chart.show(
        chapter_charts.series_bars(
            frame,
            columns=columns,
            title=f"{subject} per brukare och {noun}",
            decimals=2,
            axis_title="Per brukare",
        ),
        key=f"{key}_rate_chart",
    )
    tables.show(
        frame,
        {"label": SPAN_LABELS[span], "brukare": "Brukare (snitt)", **columns},
        key=f"{key}_rate_tabell",
        file_name=f"{subject} per brukare och {noun}",
        decimals={"brukare": 1, **dict.fromkeys(columns, 2)},
    )
