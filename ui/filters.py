"""The global sidebar filters, defined once, bound to the URL; and `current()` for pages.

Every widget has a stable key that is also its URL query parameter, so a pasted link opens the
same view. The organisation lists and the custom dates are bound by Streamlit
(bind="query-params"); the period and the comparison are written as stable codes by this module
(`ar=2022`, `halvar=2022-1`, `tertial=2022-2`, `kvartal=2022-3`, `manad=2022-03`,
`till=2022-11`, `jamfor=foregaende`), and the older links that carried the labels
(`period=Halvår&halvar=Första halvåret 2022`) or `2022-H1` still open the same period. Choices
are derived from what is loaded: the years and months come from the deviations' reported
dates, the organisation lists from the units table.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from analytics import contract, privacy
from analytics.analyses import datastatus
from analytics.filters import EARLIEST, Filters, Period, Scope
from presentation.format import HIDDEN
from ui import db, markdown

# A politiker chooses only whole years, half-years and tertials (analytics.privacy.periods),
# compared with the same period a year earlier, for the whole förvaltning: with any dates the
# difference of two periods one day apart would show that day's events, and each organisation
# filter would be one more table whose difference from the whole could show what is hidden.
POLITIKER_PRESETS: tuple[str, ...] = ("kalenderar", "halvar", "tertial")

PRESETS: dict[str, str] = {
    "kalenderar": "Kalenderår",
    "halvar": "Halvår",
    "tertial": "Tertial",
    "kvartal": "Kvartal",
    "manad": "Månad",
    "rullande": "Rullande 12 månader",
    "valfri": "Valfri period",
}

# The URL parameter that carries each preset's choice (valfri: `datum`, bound by Streamlit).
PRESET_PARAMS: dict[str, str] = {
    "kalenderar": "ar",
    "halvar": "halvar",
    "tertial": "tertial",
    "kvartal": "kvartal",
    "manad": "manad",
    "rullande": "till",
}

# The comparison choice: code (analytics.filters.COMPARISONS) <-> URL value.
COMPARE_PARAM = "jamfor"
COMPARE_CODES: dict[str, str] = {"year": "ar", "previous": "foregaende"}
COMPARE_LABELS: dict[str, str] = {
    "year": "Samma period föregående år",
    "previous": "Föregående period",
}

_STATE_KEY = "_kvalitet_filters"
_NOTICES_KEY = "_kvalitet_link_notices"
_SPAN_KEY = "_kvalitet_data_span"


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers, derived from the loaded data."""

    years: tuple[int, ...]  # newest first
    halves: tuple[str, ...]  # "2022-2", newest first
    tertials: tuple[str, ...]  # "2022-3", newest first
    quarters: tuple[str, ...]  # "2022-4", newest first
    months: tuple[str, ...]  # "2022-12", newest first
    first_day: date
    last_day: date
    administrations: tuple[str, ...]
    areas: tuple[str, ...]
    unit_types: tuple[str, ...]
    operators: tuple[str, ...]


def _choices(bounds: tuple[date, date] | None, org: pd.DataFrame) -> Choices:
    # No period is offered before analytics.filters.EARLIEST: an earlier reported_date is a
    # typing error in the source, and a period near year 1 has no comparison (date underflow).
    if bounds is None:
        today = date.today()
        bounds = (date(today.year, 1, 1), today)
    first, last = bounds
    first = max(first, EARLIEST)
    last = max(last, first)
    years = tuple(range(last.year, first.year - 1, -1))

    def spans(kind: str, count: int) -> tuple[str, ...]:
        return tuple(
            f"{y}-{n}"
            for y in years
            for n in range(count, 0, -1)
            if Period.span(y, kind, n).start <= last and Period.span(y, kind, n).end >= first
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
        halves=spans("half", 2),
        tertials=spans("tertial", 3),
        quarters=spans("quarter", 4),
        months=months,
        first_day=first,
        last_day=last,
        administrations=tuple(sorted(set(org["administration"]))),
        areas=tuple(sorted(set(org["area"]))),
        unit_types=tuple(known_types),
        operators=tuple(known_ops),
    )


def _half_label(code: str) -> str:
    year, half = code.split("-")
    return f"{'Första' if half == '1' else 'Andra'} halvåret {year}"


def _tertial_label(code: str) -> str:
    year, number = code.split("-")
    return f"Tertial {number} {year} ({_TERTIAL_MONTHS[int(number) - 1]})"


def _quarter_label(code: str) -> str:
    year, number = code.split("-")
    return f"Kvartal {number} {year}"


def _month_label(code: str) -> str:
    year, month = code.split("-")
    return f"{_MONTHS_SV[int(month) - 1]} {year}"


def _until_label(code: str) -> str:
    return f"t.o.m. {_month_label(code)}"


_TERTIAL_MONTHS = ("jan–apr", "maj–aug", "sep–dec")
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


def url_code(preset: str, value: str | None) -> str | None:
    """The stable code of a URL value for `preset`, also from an older link's label:
    ar "2022"; halvar "2022-1" (or "2022-H1", "Första halvåret 2022"); tertial and kvartal
    "2022-2" (or "Tertial 2 2022"); manad and till "2022-03" (or "t.o.m. mars 2022")."""
    if not value:
        return None
    text = str(value).strip()
    year = re.search(r"\d{4}", text)
    if year is None:
        return None
    y = year.group(0)
    if preset == "kalenderar":
        return y if re.fullmatch(r"\d{4}", text) else None
    if preset == "halvar":
        if m := re.fullmatch(r"(\d{4})-H?([12])", text):
            return f"{m.group(1)}-{m.group(2)}"
        if text.lower().startswith(("första", "andra")):
            return f"{y}-{1 if text.lower().startswith('första') else 2}"
        return None
    if preset in ("tertial", "kvartal"):
        if m := re.fullmatch(r"(\d{4})-([1-4])", text):
            return f"{m.group(1)}-{m.group(2)}"
        if m := re.search(r"(?:Tertial|Kvartal) ([1-4]) (\d{4})", text):
            return f"{m.group(2)}-{m.group(1)}"
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return text
    for number, name in enumerate(_MONTHS_SV, start=1):
        if name in text.lower():
            return f"{y}-{number:02d}"
    return None


def url_preset(params: dict[str, str]) -> str:
    """The preset a link asks for: `period` (a code or an older link's label), else the first
    preset whose parameter is present (ar last: a link may carry it beside another), else year."""
    asked = params.get("period")
    if asked:
        for code, label in PRESETS.items():
            if asked in (code, label):
                return code
    for preset, param in PRESET_PARAMS.items():
        if preset != "kalenderar" and params.get(param):
            return preset
    return "kalenderar"


def _index(options: tuple, code: str | None) -> int:
    return options.index(code) if code in options else 0


def _select(label: str, options: tuple, key: str, params: dict[str, str], preset: str, fmt: Any) -> Any:
    """A period selectbox seeded from the URL the first time, its code written back."""
    wanted = url_code(preset, params.get(PRESET_PARAMS[preset]))
    if preset == "kalenderar" and wanted is not None:
        wanted = int(wanted)
    asked = params.get(PRESET_PARAMS[preset])
    first_run = key not in st.session_state  # the link as pasted, before any choice in the app
    value = st.selectbox(
        label, options, index=_index(options, wanted), format_func=fmt, key=key, filter_mode=None
    )
    if value is None:
        value = options[0]
    if first_run and asked and wanted not in options:
        _notice(
            f"{markdown.escape(asked[:40])} finns inte i data ({_span()}); "
            f"visar {markdown.escape(fmt(value))}."
        )
    # the parameter names the preset, so `period` is only written for the custom dates
    _write_params({PRESET_PARAMS[preset]: str(value)})
    return value


def _write_params(wanted: dict[str, str | None]) -> None:
    """Put the period's codes in the URL and take out the other presets' parameters."""
    for param in ("period", *PRESET_PARAMS.values()):
        _set_param(param, wanted.get(param))


def _set_param(param: str, value: str | None) -> None:
    """Write (or, for None, remove) one URL parameter this module manages (none is widget-bound)."""
    if value is None:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value


def _period(preset: str, c: Choices, params: dict[str, str]) -> Period:
    if preset == "halvar":
        half = _select("Halvår", c.halves, "halvar", params, preset, _half_label)
        year, h = half.split("-")
        return Period.half_year(int(year), int(h))
    if preset == "tertial":
        code = _select("Tertial", c.tertials, "tertial", params, preset, _tertial_label)
        year, n = code.split("-")
        return Period.span(int(year), "tertial", int(n))
    if preset == "kvartal":
        code = _select("Kvartal", c.quarters, "kvartal", params, preset, _quarter_label)
        year, n = code.split("-")
        return Period.span(int(year), "quarter", int(n))
    if preset == "manad":
        code = _select("Månad", c.months, "manad", params, preset, _month_label)
        year, n = code.split("-")
        return Period.span(int(year), "month", int(n))
    if preset == "rullande":
        month = _select("Slutmånad", c.months, "till", params, preset, _until_label)
        y, m = (int(x) for x in month.split("-"))
        return Period.rolling_12_months(date(y, m, calendar.monthrange(y, m)[1]))
    if preset == "valfri":
        _write_params({"period": "valfri"})
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
    year = _select("År", c.years, "ar", params, preset, str)
    return Period.calendar_year(int(year))


def _compare(params: dict[str, str]) -> str:
    by_url = {v: k for k, v in COMPARE_CODES.items()}
    wanted = by_url.get(params.get(COMPARE_PARAM, ""), "year")
    options = tuple(COMPARE_LABELS)
    compare = st.selectbox(
        "Jämför med",
        options,
        index=options.index(wanted),
        format_func=COMPARE_LABELS.__getitem__,
        key=COMPARE_PARAM,
        filter_mode=None,
        help="Samma period föregående år är förvalt: ett halvår jämförs med samma halvår året före. "
        "Föregående period är perioden närmast före av samma slag (H1 2022 → H2 2021).",
    )
    compare = compare or "year"
    _set_param(COMPARE_PARAM, None if compare == "year" else COMPARE_CODES[compare])
    return compare


def _span() -> str:
    """The data's first and last day (set by sidebar() for this run): "2020-01-01 – 2022-12-31"."""
    first, last = st.session_state.get(_SPAN_KEY, (None, None))
    return f"{first} – {last}"


def _notice(text: str) -> None:
    """A link value the data cannot show, said above the page (the caller escapes the value)."""
    st.session_state.setdefault(_NOTICES_KEY, []).append(text)


def _show_notices() -> None:
    for text in st.session_state.pop(_NOTICES_KEY, []):
        st.warning(text, icon=":material/link_off:")


# A multiselect's "Select all" row and its "No results" message are English only: the first is
# switched off, the second cannot appear when typing is off (the lists here are short).
SWEDISH_ONLY = {"select_all": False, "filter_mode": None}


def sidebar(scope: Scope) -> Filters | None:
    """Render the global filters in the sidebar and remember the Filters for this run.

    `scope` is the viewer's, resolved by ui.auth.gate (sign-in or local mode). Returns None (and
    renders nothing) when no database is loaded.
    """
    if not db.available():
        st.session_state.pop(_STATE_KEY, None)
        return None
    c = _choices(db.call(datastatus.data_period), db.call(datastatus.org_options))
    st.session_state[_SPAN_KEY] = (c.first_day, c.last_day)
    params = {k: st.query_params.get(k) for k in ("period", COMPARE_PARAM, *PRESET_PARAMS.values())}
    params = {k: v for k, v in params.items() if v}
    with st.sidebar:
        st.subheader("Period")
        politiker = scope.role == "politiker"
        presets = POLITIKER_PRESETS if politiker else tuple(PRESETS)
        asked = url_preset(params)
        preset = st.selectbox(
            "Periodtyp",
            presets,
            index=presets.index(asked) if asked in presets else 0,
            format_func=PRESETS.__getitem__,
            key="period",
            filter_mode=None,
        )
        period = _period(preset or "kalenderar", c, params)
        compare = "year" if politiker else _compare(params)
        try:
            comparison = period.comparison(compare)
        except (ValueError, OverflowError):  # a typed link near year 1: no year before it
            period = Period(max(period.start, date(EARLIEST.year + 1, 1, 1)), max(period.end, EARLIEST))
            comparison = period.comparison(compare)
        st.caption(
            f"Jämförs med {comparison.short_label()} ({comparison.dates()}).",
            help="Finns inga data så långt bakåt visas ”Ingen data för jämförelseperioden”, aldrig 0.",
        )
        if politiker:
            n = privacy.min_cell()
            st.caption(
                f"Roll: politiker. Bara sammanställningar för hela förvaltningen, hela år, halvår "
                f"och tertial; antal under {n} och det som skulle röja dem visas som ”{HIDDEN}”."
            )
            f = Filters.build(period, scope)
            st.session_state[_STATE_KEY] = f
            _show_notices()
            return f
        st.subheader("Organisation")
        administrations = st.multiselect(
            "Förvaltning",
            c.administrations,
            key="forvaltning",
            bind="query-params",
            placeholder="Alla",
            **SWEDISH_ONLY,
        )
        areas = st.multiselect(
            "Verksamhetsområde",
            c.areas,
            key="omrade",
            bind="query-params",
            placeholder="Alla",
            **SWEDISH_ONLY,
        )
        unit_types = st.multiselect(
            "Verksamhetstyp",
            c.unit_types,
            format_func=contract.unit_type_label,
            key="typ",
            bind="query-params",
            placeholder="Alla",
            **SWEDISH_ONLY,
        )
        operators = st.multiselect(
            "Regi",
            c.operators,
            format_func=lambda o: contract.label(contract.OPERATORS, o),
            key="regi",
            bind="query-params",
            placeholder="Alla",
            **SWEDISH_ONLY,
        )
        unit_ids = _unit_filter(scope)
        if scope.role == "chef":
            st.caption(chef_caption(scope.units or (), db.call(datastatus.unit_names)))
    _show_notices()
    f = Filters.build(
        period,
        scope,
        compare=compare,
        administrations=administrations or None,
        areas=areas or None,
        unit_types=unit_types or None,
        operators=operators or None,
        unit_ids=unit_ids or None,
    )
    st.session_state[_STATE_KEY] = f
    return f


def _unit_filter(scope: Scope) -> list[str]:
    """The unit filter (analytiker and chef; a politiker sees no units): bound to the URL as
    `enhet`, so it follows across pages and into a shared link. A chef chooses among own units."""
    if scope.role not in ("analytiker", "chef"):
        return []
    names = db.call(datastatus.unit_names)
    own = set(scope.units or ()) if scope.role == "chef" else None
    options = sorted((u for u in names if own is None or u in own), key=lambda u: (names[u], u))
    return st.multiselect(
        "Enhet",
        options,
        format_func=lambda u: names.get(u, "Okänd enhet"),
        key="enhet",
        bind="query-params",
        placeholder="Alla",
        **SWEDISH_ONLY,
    )


def chef_caption(units: tuple[str, ...], names: dict[str, str]) -> str:
    """The chef's units by name ("Roll: enhetschef för Solrosen och Tallen."); an id not in the
    data reads "Okänd enhet" rather than looking like a unit."""
    shown = [names.get(u, "Okänd enhet") for u in units]
    if not shown:
        return "Roll: enhetschef."
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " och " + shown[-1]
    return f"Roll: enhetschef för {listed}."


def current() -> Filters:
    """The Filters the sidebar built in this run (pages call this; app.py ran the sidebar)."""
    f = st.session_state.get(_STATE_KEY)
    if f is None:
        db.require()
        st.stop()
    return f


def period_text(p: Period) -> str:
    """The period in words for titles: "2022", "första halvåret 2022", "tertial 2 2022 (maj–aug)",
    "kvartal 3 2022", "mars 2022", "2022-01-01 – 2022-11-30"."""
    label = p.label()
    if label.endswith(" H1"):
        return f"första halvåret {label[:4]}"
    if label.endswith(" H2"):
        return f"andra halvåret {label[:4]}"
    if p.kind == "tertial":
        number = (p.start.month - 1) // 4 + 1
        return f"tertial {number} {p.start.year} ({_TERTIAL_MONTHS[number - 1]})"
    if p.kind == "quarter":
        return f"kvartal {(p.start.month - 1) // 3 + 1} {p.start.year}"
    if p.kind == "month":
        return f"{_MONTHS_SV[p.start.month - 1]} {p.start.year}"
    return label
