"""One way to put a chart on a page: plotly with an accessible name and no plotly logo."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st


def accessible_name(fig: go.Figure) -> str | None:
    """The chart's title and source line ("Avvikelser per område, 2022. Källa: …, n = 413")."""
    title = fig.layout.title.text or ""
    sources = [a.text for a in fig.layout.annotations if a.name == "source"]
    text = ". ".join(part for part in (title, *sources) if part)
    return text or None


def show(fig: go.Figure, *, key: str, on_select: str = "ignore", selection_mode: str = "points") -> Any:
    """st.plotly_chart(fig) with the name screen readers read; returns the selection state when
    on_select is "rerun"."""
    return st.plotly_chart(
        fig,
        key=key,
        on_select=on_select,
        selection_mode=selection_mode,
        alt=accessible_name(fig),
        config={"displaylogo": False},
    )
