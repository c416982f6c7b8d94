"""Översikt: the landing page (grows as the analytics modules land)."""

from __future__ import annotations

import streamlit as st

from ui import filters, status

f = filters.current()
st.title("Översikt")
st.write(f"Kvalitetsarbetet i socialförvaltningen, {filters.period_text(f.period)}.")
status.summary()
