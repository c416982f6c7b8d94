"""The SPC charts' baseline, chosen once in the sidebar, and the sections every page shows alike:
an SPC chart, a funnel of units and a rate-ratio table.

The baseline is a fixed number of first months (12 by default; fewer are allowed but warned
about). Limits are recomputed only from a change month the user declares here, never
automatically. Both are bound to the URL like the other sidebar filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from analytics import contract
from analytics.analyses import spc
from analytics.filters import Filters
from presentation import spc_charts
from ui import chart, db, tables

NO_CHANGE = "Ingen"  # the first option: one baseline, no change month


@dataclass(frozen=True)
class Settings:
    baseline: int = spc.DEFAULT_BASELINE
    change_month: date | None = None


def _month_options(f: Filters | None) -> list[str]:
    if f is None:
        return [NO_CHANGE]
    end = f.period.end
    months = [f"{y}-{m:02d}" for y in range(end.year - 3, end.year + 1) for m in range(1, 13)]
    return [NO_CHANGE, *reversed([m for m in months if m <= f"{end.year}-{end.month:02d}"])]


def sidebar(f: Filters | None) -> None:
    """The baseline controls, in a sidebar expander under the filters."""
    if f is None:
        return
    with st.sidebar.expander("Styrdiagram: baslinje", icon=":material/timeline:"):
        st.number_input(
            "Baslinje, första antal månader",
            min_value=2,
            max_value=spc.HISTORY_MONTHS,
            value=spc.DEFAULT_BASELINE,
            step=1,
            key="baslinje",
            bind="query-params",
            help="Medel och styrgränser beräknas från seriens första månader. Minst 12 rekommenderas.",
        )
        st.selectbox(
            "Förändring från och med",
            _month_options(f),  # no format_func: the URL holds the option as shown, "2022-01"
            key="forandring",
            bind="query-params",
            help=(
                "Ange en månad då arbetssättet ändrades (t.ex. nytt system eller ny rutin). "
                "Då beräknas nya gränser därifrån. Gränserna räknas aldrig om av sig själva."
            ),
        )


def settings() -> Settings:
    """The baseline the user chose (defaults when the sidebar has not run)."""
    baseline = st.session_state.get("baslinje") or spc.DEFAULT_BASELINE
    change = st.session_state.get("forandring") or NO_CHANGE
    change_month = None
    if change != NO_CHANGE:
        year, month = change.split("-")
        change_month = date(int(year), int(month), 1)
    return Settings(int(baseline), change_month)


def series_chart(f: Filters, measure: str, *, title: str, key: str, source: str = "deviations") -> None:
    """The SPC chart of one measure, with a note when the baseline is short."""
    s = settings()
    frame = db.call(spc.monthly_spc, f, measure, s.baseline, s.change_month)
    if frame.empty:
        st.info("Ingen månadsserie att visa för vald avgränsning.")
        return
    chart.show(spc_charts.spc_chart(frame, title=title, source=source), key=key)
    if s.baseline < spc.MIN_BASELINE:
        st.caption(
            f"Baslinjen är {s.baseline} månader; minst {spc.MIN_BASELINE} rekommenderas för stabila gränser."
        )


def variation_badge(text: str, judgement: str | None) -> None:
    """The variation icon as a small coloured badge."""
    st.badge(text, color=spc_charts.BADGE_COLORS.get(judgement, "gray"), icon=":material/timeline:")


def funnel_section(f: Filters, measure: str, *, title: str, key: str, source: str = "deviations") -> None:
    """A funnel of units for analytiker and chef; politiker get a note instead (no unit-level
    figures for that role)."""
    if not db.allowed(spc.funnel_units, f):
        st.caption("Jämförelsen mellan enheter visas inte för rollen politiker (uppgifter per enhet).")
        return
    frame = db.call(spc.funnel_units, f, measure)
    if frame.empty:
        st.info("Inga enheter att jämföra i vald period.")
        return
    chart.show(spc_charts.funnel_chart(frame, title=title, source=source), key=key)


def unit_ratio_table(f: Filters, measure: str, *, key: str, file_name: str) -> None:
    """Each of the viewer's units against the other units of its type, as rate ratios with their
    95 % interval (not for politiker)."""
    if not db.allowed(spc.unit_vs_type, f):
        return
    frame = db.call(spc.unit_vs_type, f, measure)
    if frame.empty:
        return
    st.subheader("Enhet mot sin verksamhetstyp")
    st.caption(
        "Enhetens takt per 100 brukare och månad mot de övriga enheterna av samma typ. Typer med färre än "
        "tre andra enheter jämförs inte."
    )
    table = spc_charts.ratio_table(frame, "unit_name", {"rate": "Enheten", "type_rate": "Övriga av typen"})
    table.insert(1, "Verksamhetstyp", [contract.unit_type_label(t) for t in frame["unit_type"]])
    tables.show(table, {c: c for c in table.columns}, key=key, file_name=file_name)
