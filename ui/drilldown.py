"""One drill-down section for any set of deviations: verksamhetstyp → enhet → brukare.

A page narrows the filters to its deviations (e.g. `f.with_(domains=["hsl"], categories=["fall"])`)
and calls `section`. A click on a bar goes one level down; the level lives in the URL
(`<prefix>_typ`, `<prefix>_enhet`, see ui.drill) so a pasted link opens the same view; a
breadcrumb leads back. Levels the role may not see (politiker: units and brukare) are never
queried: the chart is then not clickable and a caption says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import contract
from analytics.analyses import datastatus, deviations, overview
from analytics.filters import Filters
from presentation import charts
from ui import chart, db, drill, filters, markdown, static_html, tables


@dataclass(frozen=True)
class BrukareLevel:
    """What the brukare level shows: an analytics function with one row per (unit, brukare)
    and columns brukare_id, count, previous_count, plus `extra` columns -> Swedish headers."""

    function: Callable[..., pd.DataFrame] = deviations.deviations_by_brukare
    extra: Mapping[str, str] = field(default_factory=dict)


COUNTS = BrukareLevel()
VIOLENCE_ROLES = BrukareLevel(
    overview.violence_roles_by_brukare,
    {"utovare": "Som utövare", "utsatt": "Som utsatt", "without_role": "Roll ej angiven"},
)


def section(
    prefix: str,
    f: Filters,
    *,
    noun: str,
    empty: str,
    brukare: BrukareLevel | None = None,
    top: go.Figure | None = None,
    under_brukare: Callable[[Filters], None] | None = None,
) -> drill.Drill:
    """The drill-down of the deviations `f` selects; returns where the viewer is.

    `noun` starts the chart titles ("Fallavvikelser" → "Fallavvikelser per enhet, …"), `empty`
    is the message when there is nothing at the top level. `top` replaces the default top
    chart (bars per unit type); its bars must carry the unit type as customdata. Without
    `brukare` the drill stops at the units. `under_brukare(filters narrowed to the unit)` adds
    to a brukare level that has rows (e.g. the descriptions on Avvikelser).
    """
    sees_units = db.allowed(deviations.deviations_by_unit, f)
    sees_brukare = brukare is not None and db.allowed(brukare.function, f)
    own_units = f.scope.units if f.scope.role == "chef" else None
    d = _checked(drill.current(prefix, units=sees_units, brukare=sees_brukare, own_units=own_units))
    if d.level != "verksamhetstyp":
        _scroll_here(d)
        st.caption(scope_caption(d, f))
    if d.level == "verksamhetstyp":
        _types(d, f, noun=noun, empty=empty, top=top, clickable=sees_units, brukare=sees_brukare)
    elif d.level == "enhet":
        _units(d, f, noun=noun, clickable=sees_brukare)
    else:
        assert brukare is not None
        if _brukare(d, f, noun=noun, level=brukare) and under_brukare is not None:
            under_brukare(d.narrow(f))
    return d


def scope_text(f: Filters) -> str:
    """What the page's undrilled sections cover, in words: "hela förvaltningen", the chosen
    units by name, or "urvalet i sidopanelen"."""
    chosen = f.unit_ids or (f.scope.units if f.scope.role == "chef" else None)
    if chosen:
        names = db.call(datastatus.unit_names)
        shown = [names.get(u, "Okänd enhet") for u in chosen]
        return ", ".join(shown) if len(shown) <= 3 else f"{len(shown)} enheter"
    if f.administrations or f.areas or f.unit_types or f.operators:
        return "urvalet i sidopanelen"
    return "hela förvaltningen"


def scope_caption(d: drill.Drill, f: Filters) -> str:
    """The drilled section's scope against the rest of the page's (markdown-escaped names)."""
    here = contract.unit_type_label(d.unit_type)
    if d.unit_id is not None:
        here += " › " + (db.call(datastatus.unit_names).get(d.unit_id) or "Okänd enhet")
    return markdown.escape(
        f"Det här avsnittet gäller {here}. Övriga avsnitt på sidan gäller {scope_text(f)}."
    )


def _scroll_here(d: drill.Drill) -> None:
    """A link (or a click) that lands on a drilled level scrolls to this section, once per level:
    it can be 1,500 px below the top of the page. The element id is the page's own prefix."""
    state = (d.unit_type, d.unit_id)
    key = f"_drill_scrolled_{d.prefix}"
    if st.session_state.get(key) == state:
        return
    st.session_state[key] = state
    static_html.scroll_here(f"drill-{d.prefix}")


def _checked(d: drill.Drill) -> drill.Drill:
    """A link's unit checked against the data: an unknown id is said to be unknown and the view
    stays at the unit type; a unit under the wrong unit type is shown under its own type."""
    if d.unit_id is None:
        return d
    actual = db.call(datastatus.unit_types).get(d.unit_id)
    if actual is None:
        st.warning(
            "Okänd enhet: enheten i länken finns inte i data. Visar enheterna inom "
            f"{contract.unit_type_label(d.unit_type)}.",
            icon=":material/link_off:",
        )
        return drill.Drill(d.prefix, d.unit_type)
    if actual != d.unit_type:
        name = markdown.escape(db.call(datastatus.unit_names).get(d.unit_id) or "Enheten")
        st.info(
            f"{name} är {contract.unit_type_label(actual)}, inte {contract.unit_type_label(d.unit_type)} "
            "som länken anger; visas under sin egen verksamhetstyp.",
            icon=":material/info:",
        )
        return drill.Drill(d.prefix, actual, d.unit_id)
    return d


def _period(f: Filters) -> tuple[str, str]:
    return filters.period_text(f.period), f.comparison.short_label()


def _click(event: Any, go_down: Callable[[str], None]) -> None:
    if picked := drill.clicked(event):
        go_down(picked)
        st.rerun()


def _types(
    d: drill.Drill,
    f: Filters,
    *,
    noun: str,
    empty: str,
    top: go.Figure | None,
    clickable: bool,
    brukare: bool,
) -> None:
    period, _ = _period(f)
    if top is None:
        per_type = db.call(overview.deviations_per_unit_type, f)
        if per_type.empty:
            st.info(empty)
            return
        top = charts.unit_type_bars(per_type, title=f"{noun} per verksamhetstyp, {period}")
    event = chart.show(top, on_select="rerun" if clickable else "ignore", key=f"{d.prefix}_typ_bars")
    _click(event, lambda unit_type: drill.go(d, unit_type))
    if clickable:
        below = " och vidare till brukarna" if brukare else ""
        st.caption(f"Klicka på en stapel för att se verksamhetstypens enheter{below}.")
    else:
        st.caption("Uppgifter per enhet och brukare visas inte för din roll, bara sammanställningar.")


def _units(d: drill.Drill, f: Filters, *, noun: str, clickable: bool) -> None:
    period, previous = _period(f)
    drill.breadcrumb(d)
    type_label = contract.unit_type_label(d.unit_type)
    units = db.call(deviations.deviations_by_unit, d.narrow(f))
    if units.empty:
        st.info(f"Inga enheter inom {type_label} med vald avgränsning.")
        return
    event = chart.show(
        charts.unit_bars(units, title=f"{noun} per enhet, {type_label}, {period}", by_operator=True),
        on_select="rerun" if clickable else "ignore",
        key=f"{d.prefix}_enhet_bars_{d.unit_type}",
    )
    _click(event, lambda unit_id: drill.go(d, d.unit_type, unit_id))
    if clickable:
        st.caption("Klicka på en stapel för att se enhetens brukare.")
    tables.show(
        units,
        {
            "unit_name": "Enhet",
            "operator": "Regi",
            "count": "Antal",
            "previous_count": f"Antal {previous}",
            "brukare": "Brukare (snitt)",
            "per_brukare": "Per brukare",
        },
        codes={"operator": contract.OPERATORS},
        decimals={"brukare": 1, "per_brukare": 2},
        key=f"{d.prefix}_enheter",
        file_name=f"{noun}_per_enhet_{d.unit_type}_{period}",
    )


def _brukare(d: drill.Drill, f: Filters, *, noun: str, level: BrukareLevel) -> bool:
    period, previous = _period(f)
    unit_name = db.call(datastatus.unit_names).get(d.unit_id)
    drill.breadcrumb(d, unit_name)
    per_brukare = db.call(level.function, d.narrow(f))  # written to the access log by db.call
    if per_brukare.empty:
        st.info(f"Inga {noun.lower()} vid enheten i vald period.")
        return False
    chart.show(
        charts.brukare_bars(per_brukare, title=f"{noun} per brukare, {unit_name or d.unit_id}, {period}"),
        key=f"{d.prefix}_brukare_bars",
    )
    tables.show(
        per_brukare,
        {"brukare_id": "Brukare", "count": "Antal", **level.extra, "previous_count": f"Antal {previous}"},
        key=f"{d.prefix}_brukare",
        file_name=f"{noun}_per_brukare_{d.unit_id}_{period}",
    )
    return True
