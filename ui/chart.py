"""One way to put a chart on a page: plotly with an accessible name, no plotly logo and a
minimal Swedish modebar."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from analytics.export.report import provenance
from ui import filters


def accessible_name(fig: go.Figure) -> str | None:
    """The chart's title and source line ("Avvikelser per område, 2022. Källa: …, n = 413")."""
    title = fig.layout.title.text or ""
    sources = [
        a.text.replace("<br>", " · ").replace("&lt;", "<")
        for a in fig.layout.annotations
        if a.name == "source"
    ]
    text = ". ".join(part for part in (title, *sources) if part)
    return text or None


# Plotly's modebar, reduced to one button (download as PNG) with a Swedish tooltip: the other
# buttons (zoom, pan, autoscale...) are English-only and not needed for bar and line charts.
# Plotly takes the translation with the plot (config.locales), nothing is registered globally.
SWEDISH_PLOTLY: dict[str, Any] = {
    "dictionary": {
        "Download plot as a PNG": "Ladda ned diagrammet som bild (PNG)",  # plotly.js 3
        "Download plot as a png": "Ladda ned diagrammet som bild (PNG)",  # plotly.js 2
        "Download plot": "Ladda ned diagrammet",
        "Double-click to zoom back out": "Dubbelklicka för att zooma ut igen",
    },
}


def config(key: str, file_name: str | None = None) -> dict[str, Any]:
    """st.plotly_chart's Plotly config: no logo, only the PNG download (saved as `file_name`,
    else the key), Swedish tooltip."""
    return {
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "filename": file_name or key, "scale": 2},
        "locale": "sv",
        "locales": {"sv": SWEDISH_PLOTLY},
    }


def with_filters(fig: go.Figure) -> go.Figure:
    """The chart with the active filters in its title ("…, 2022 (Regi: Privat)"), so the
    picture and its PNG say what they show."""
    suffix = provenance.title_suffix(filters.current())
    title = fig.layout.title.text or ""
    if suffix and not title.endswith(suffix):
        fig = go.Figure(fig)  # the caller's figure stays as it was
        fig.update_layout(title_text=title + suffix)
    return fig


def show(fig: go.Figure, *, key: str, on_select: str = "ignore", selection_mode: str = "points") -> Any:
    """st.plotly_chart(fig) with the active filters in its title, the name screen readers read
    and a readable PNG file name; returns the selection state when on_select is "rerun"."""
    fig = with_filters(fig)
    file_name = provenance.file_stem(fig.layout.title.text or key, filters.current())
    return st.plotly_chart(
        fig,
        key=key,
        on_select=on_select,
        selection_mode=selection_mode,
        alt=accessible_name(fig),
        config=config(key, file_name),
    )
