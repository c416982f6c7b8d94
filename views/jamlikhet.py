"""Jämlikhet: deviations, falls and hot och våld by the brukare's sex and age group."""

from __future__ import annotations

import streamlit as st

from analytics import privacy
from analytics.analyses import equality
from presentation import chapter_charts
from ui import chart, db, filters, kpi, tables

f = filters.current()
period = filters.period_text(f.period)

st.title("Jämlikhet")
st.write(
    "Avvikelser som gäller en namngiven brukare, fördelade på brukarens kön och ålder (ålder det "
    "år perioden slutar). Synpunkter och klagomål anger ingen brukare och kan inte delas upp så."
)
db.require_tables("brukare")
n = privacy.min_cell()
st.caption(
    f"Grupper med färre än {n} avvikelser döljs för alla roller, och ytterligare en grupp när "
    "det behövs för att det dolda inte ska kunna räknas fram: kön och ålder i en liten "
    "verksamhet pekar annars ut en person."
)

for subject, name in equality.SUBJECTS.items():
    st.header(name)
    table = db.call(equality.age_by_sex, f, subject)
    if table.empty:
        st.info("Inga sådana avvikelser med brukare i vald period.")
        continue
    if kpi.all_hidden(table[list(equality.SEX_LABELS)].stack()):
        st.caption("Alla grupper är små och dolda.")
        continue
    chart.show(
        chapter_charts.series_bars(
            table,
            columns=equality.SEX_LABELS,
            title=f"{name} efter kön och ålder, {period}",
            axis_title="Avvikelser",
        ),
        key=f"jam_{subject}",
    )
    tables.show(
        table,
        {"label": "Åldersgrupp", **equality.SEX_LABELS},
        key=f"jam_{subject}",
        file_name=f"jamlikhet_{subject}_{period}",
    )
