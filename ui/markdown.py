"""Text from data or from the sign-in shown inside Streamlit Markdown (captions, bold labels)."""

from __future__ import annotations

# Markdown's punctuation, and ":" for Streamlit's own directives (":red[...]", ":material/x:").
_SPECIALS = frozenset("\\`*_{}[]()#+-.!|<>~$:")


def escape(text: str) -> str:
    """`text` backslash-escaped so st.markdown / st.caption show it as written."""
    return "".join(f"\\{ch}" if ch in _SPECIALS else ch for ch in text)
