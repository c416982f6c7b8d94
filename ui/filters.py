"""The global sidebar filters, defined once, bound to the URL; and `current()` for pages.

Every widget has a stable key that is also its URL query parameter (bind="query-params"), so a
pasted link opens the same view. Choices are derived from what is loaded: the years and months
come from the deviations' reported dates, the organisation lists from the units table.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from analytics import contract, privacy
from analytics.analyses import datastatus
from analytics.filters import Filters, Period, Scope
from analytics.privacy import periods
from presentation.format import HIDDEN as _HIDDEN
from ui import db


def hidden_symbol() -> str:
    """The one symbol of every hidden cell (Kolada's "..")."""
    return _HIDDEN


PRESETS: dict[str, str] = {
    "kalenderar": "Kalenderår",
    "halvar": "Halvår",
    "tertial": "Tertial",
    "rullande": "Rullande 12 månader",
    "valfri": "Valfri period",
}

# A politiker chooses only whole years, half-years and tertials (analytics.privacy.periods):
# with any dates, the difference of two periods one day apart would show that day's events.
POLITIKER_PRESETS: tuple[str, ...] = ("kalenderar", "halvar", "tertial")

_STATE_KEY = "_kvalitet_filters"


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers, derived from the loaded data."""

    years: tuple[int, ...]  # newest first
    halves: tuple[str, ...]  # "2022-H2", newest first
    months: tuple[str, ...]  # "2022-12", newest first
    first_day: date
    last_day: date
    administrations: tuple[str, ...]
    areas: tuple[str, ...]
    unit_types: tuple[str, ...]
    operators: tuple[str, ...]


# No period is offered before this day: an earlier reported_date is a typing error in the
# source, and a period near year 1 has no previous period to compare with (date underflow).
EARLIEST = date(1900, 1, 1)


def _choices(bounds: tuple[date, date] | None, org: pd.DataFrame) -> Choices:
    if bounds is None:
        today = date.today()
        bounds = (date(today.year, 1, 1), today)
    first, last = bounds
    first = max(first, EARLIEST)
    last = max(last, first)
    years = tuple(range(last.year, first.year - 1, -1))
    halves = tuple(
        f"{y}-H{h}"
        for y in years
        for h in (2, 1)
        if date(y, 1 if h == 1 else 7, 1) <= last and date(y, 6 if h == 1 else 12, 30) >= first
    )
    months = tuple(
        f"{y}-{m:02d}"
        for y in years
        for m in range(12, 0, -1)
        if (y, m) <= (last.year, last.month) and (y, m) >= (first.year, first.month)
    )
    known_types = [t for t in contract.UNIT_TYPES if t in set(org["unit_type"])]
    known_ops = [o for o in contract.OPERATORS if o in set(org["operator"])]
    return Choices(
        years=years,
        halves=halves,
        months=months,
        first_day=first,
        last_day=last,
        administrations=tuple(sorted(set(org["administration"]))),
        areas=tuple(sorted(set(org["area"]))),
        unit_types=tuple(known_types),
        operators=tuple(known_ops),
    )


def _half_label(code: str) -> str:
    year, half = code.split("-H")
    return f"{'Första' if half == '1' else 'Andra'} halvåret {year}"


def _month_label(code: str) -> str:
    year, month = code.split("-")
    return f"t.o.m. {_MONTHS_SV[int(month) - 1]} {year}"


_MONTHS_SV = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def _tertial_label(code: str) -> str:
    year, number = code.split("-T")
    return f"{('Första', 'Andra', 'Tredje')[int(number) - 1]} tertialet {year}"


def _tertials(c: Choices) -> tuple[str, ...]:
    return tuple(
        f"{y}-T{t}"
        for y in c.years
        for t in (3, 2, 1)
        if (p := periods.span(y, "tertial", t)).start <= c.last_day and p.end >= c.first_day
    )


def _period(preset: str, c: Choices) -> Period:
    if preset == "tertial":
        code = st.selectbox(
            "Tertial", _tertials(c), format_func=_tertial_label, key="tertial", bind="query-params"
        )
        year, t = code.split("-T")
        return periods.span(int(year), "tertial", int(t))
    if preset == "halvar":
        half = st.selectbox("Halvår", c.halves, format_func=_half_label, key="halvar", bind="query-params")
        year, h = half.split("-H")
        return Period.half_year(int(year), int(h))
    if preset == "rullande":
        month = st.selectbox("Slutmånad", c.months, format_func=_month_label, key="till", bind="query-params")
        y, m = (int(x) for x in month.split("-"))
        return Period.rolling_12_months(date(y, m, calendar.monthrange(y, m)[1]))
    if preset == "valfri":
        picked = st.date_input(
            "Från och med – till och med",
            value=(date(c.last_day.year, 1, 1), c.last_day),
            format="YYYY-MM-DD",
            key="datum",
            bind="query-params",
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            # a link typed by hand can give the end first: read the two days in order
            return Period(min(picked), max(picked))
        start = picked[0] if isinstance(picked, tuple) and picked else c.last_day
        st.caption("Välj också ett slutdatum.")
        return Period(start, start)
    year = st.selectbox("År", c.years, key="ar", bind="query-params")
    return Period.calendar_year(int(year))


def sidebar(scope: Scope) -> Filters | None:
    """Render the global filters in the sidebar and remember the Filters for this run.

    `scope` is the viewer's, resolved by ui.auth.gate (sign-in or local mode). Returns None (and
    renders nothing) when no database is loaded.
    """
    if not db.available():
        st.session_state.pop(_STATE_KEY, None)
        return None
    c = _choices(db.call(datastatus.data_period), db.call(datastatus.org_options))
    with st.sidebar:
        st.subheader("Period")
        politiker = scope.role == "politiker"
        preset = st.selectbox(
            "Periodtyp",
            list(POLITIKER_PRESETS if politiker else PRESETS),
            format_func=PRESETS.__getitem__,
            key="period",
            bind="query-params",
        )
        period = _period(preset or "kalenderar", c)
        st.caption(f"Jämförs med {period_text(period.previous())}.")
        if politiker:
            # The whole förvaltning only: each organisation filter would be one more table whose
            # difference from the whole could show what the suppression hides.
            n = privacy.min_cell()
            st.caption(
                f"Roll: politiker. Bara sammanställningar för hela förvaltningen, hela år, halvår "
                f"och tertial; antal under {n} och det som skulle röja dem visas som ”{hidden_symbol()}”."
            )
            f = Filters.build(period, scope)
            st.session_state[_STATE_KEY] = f
            return f
        st.subheader("Organisation")
        administrations = st.multiselect(
            "Förvaltning", c.administrations, key="forvaltning", bind="query-params", placeholder="Alla"
        )
        areas = st.multiselect(
            "Verksamhetsområde", c.areas, key="omrade", bind="query-params", placeholder="Alla"
        )
        unit_types = st.multiselect(
            "Verksamhetstyp",
            c.unit_types,
            format_func=contract.unit_type_label,
            key="typ",
            bind="query-params",
            placeholder="Alla",
        )
        operators = st.multiselect(
            "Regi",
            c.operators,
            format_func=lambda o: contract.label(contract.OPERATORS, o),
            key="regi",
            bind="query-params",
            placeholder="Alla",
        )
        if scope.role == "chef":
            st.caption(f"Roll: enhetschef, {len(scope.units or ())} egna enheter.")
    f = Filters.build(
        period,
        scope,
        administrations=administrations or None,
        areas=areas or None,
        unit_types=unit_types or None,
        operators=operators or None,
    )
    st.session_state[_STATE_KEY] = f
    return f


def current() -> Filters:
    """The Filters the sidebar built in this run (pages call this; app.py ran the sidebar)."""
    f = st.session_state.get(_STATE_KEY)
    if f is None:
        db.require()
        st.stop()
    return f


def period_text(p: Period) -> str:
    """The period in words for titles: "2022", "första halvåret 2022", "2022-01-01 – 2022-11-30"."""
    if periods.fixed_kind(p) == "tertial":
        return _tertial_label(f"{p.start.year}-T{(p.start.month - 1) // 4 + 1}").lower()
    label = p.label()
    if label.endswith(" H1"):
        return f"första halvåret {label[:4]}"
    if label.endswith(" H2"):
        return f"andra halvåret {label[:4]}"
    return label
