"""A print stylesheet, so that a page prints as it looks on screen.

Static CSS only (no data ever goes into it). Printing hides the sidebar, the toolbar and the
buttons, keeps columns side by side (key-figure cards stay cards, their numbers on one line),
keeps charts, tables and cards whole on a page, and scales the page to A4: Plotly draws charts
at the screen's pixel width, which the zoom brings inside the paper's width.
"""

from __future__ import annotations

import streamlit as st

PRINT_CSS = """
<style>
@media print {
  @page { size: A4; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stElementToolbar"],
  .modebar-container { display: none !important; }
  [data-testid="stMain"] { zoom: 0.68; margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0 1rem !important; }
  [data-testid="stHorizontalBlock"] { display: flex !important; flex-wrap: nowrap !important; }
  [data-testid="stColumn"] { min-width: 0 !important; flex: 1 1 0 !important; }
  [data-testid="stMetricValue"], [data-testid="stMetricDelta"], [data-testid="stMetricLabel"] {
    white-space: nowrap !important;
  }
  [data-testid="stMetric"], [data-testid="stPlotlyChart"], [data-testid="stDataFrame"],
  [data-testid="stTable"] { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
}
</style>
"""


def apply() -> None:
    """Add the print stylesheet to the page (called once per run by app.py)."""
    st.html(PRINT_CSS)
