"""One way to put a chart on a page: plotly with an accessible name, no plotly logo and a
minimal Swedish modebar."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st


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


def config(key: str) -> dict[str, Any]:
    """st.plotly_chart's Plotly config: no logo, only the PNG download, Swedish tooltip."""
    return {
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "filename": key, "scale": 2},
        "locale": "sv",
        "locales": {"sv": SWEDISH_PLOTLY},
    }


def show(fig: go.Figure, *, key: str, on_select: str = "ignore", selection_mode: str = "points") -> Any:
    """st.plotly_chart(fig) with the name screen readers read; returns the selection state when
    on_select is "rerun"."""
    return st.plotly_chart(
        fig,
        key=key,
        on_select=on_select,
        selection_mode=selection_mode,
        alt=accessible_name(fig),
        config=config(key),
    )
