"""The one module that hands raw HTML to the browser, and only text written here: the app's CSS
and the scroll to a drilled section. Nothing from data or the URL ever reaches it; the only
argument, an element id, must be a code made of [a-z0-9_-] (a page's own drill prefix).

Everything else puts text on screen through st.dataframe, st.text or escaped Markdown
(tests/test_app_security.py allows raw HTML in this file only).
"""

from __future__ import annotations

import re

import streamlit as st

_ID = re.compile(r"[a-z][a-z0-9_-]{0,40}")

# - Key-figure cards stay readable at 1024 px (a meeting-room projector) with four in a row: the
#   number shrinks with the window instead of being cut to "1 …", and the label and the
#   comparison wrap instead of ending in "…".
# - The table toolbar (English tooltips: search, download, fullscreen) is removed: every table
#   has its own Swedish download buttons (ui.tables).
# - A link's text (the overview's signals) wraps instead of being cut off at the window's edge.
# - The file uploader's English "Upload" reads "Välj filer", and its English size line is hidden
#   (the upload page states the limits in Swedish).
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
[data-testid="stPageLink-NavLink"], [data-testid="stPageLink-NavLink"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important;
}
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "Välj filer"; font-size: 0.875rem;
}
</style>"""


def style() -> None:
    """The CSS above; once per run, from app.py."""
    st.html(CSS)


def scroll_here(element_id: str) -> None:
    """Scroll the page to this point (repeated while charts above it are still drawing)."""
    if not _ID.fullmatch(element_id):
        raise ValueError(f"element id must be a code: {element_id!r}")
    st.html(
        f'<div id="{element_id}"></div><script>for (const ms of [200, 800, 2000, 4000]) setTimeout('
        f'() => document.getElementById("{element_id}")?.scrollIntoView({{block: "start"}}), ms);</script>',
        unsafe_allow_javascript=True,
    )
