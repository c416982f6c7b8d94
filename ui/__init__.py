"""Streamlit glue: cached connection and query wrappers, filter widgets, drill-down, tables."""
