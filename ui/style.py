"""The app's few lines of static CSS, applied once per run from app.py. No data ever reaches it.

- Key-figure cards stay readable at 1024 px (a meeting-room projector) with four in a row: the
  number shrinks with the window instead of being cut to "1 …", and the label and the
  comparison wrap instead of ending in "…".
- The table toolbar (English tooltips: search, download, fullscreen) is removed: every table has
  its own Swedish download buttons (ui.tables).
"""

from __future__ import annotations

import streamlit as st

CSS = """<style>
[data-testid="stMetricValue"] { font-size: clamp(1.4rem, 2.4vw, 2.25rem); }
[data-testid="stMetric"] .stMarkdownEllipsis,
[data-testid="stMetricDeltaDescription"] {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; overflow-wrap: anywhere;
}
[data-testid="stMetricValue"] .stMarkdownEllipsis { white-space: nowrap !important; }
[data-testid="stMetric"] div:has(> [data-testid="stMetricDelta"]) { flex-wrap: wrap; row-gap: 0.25rem; }
[data-testid="stElementToolbar"] { display: none !important; }
</style>"""


def apply() -> None:
    st.html(CSS)
