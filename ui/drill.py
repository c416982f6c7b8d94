"""Drill-down state (verksamhetstyp → enhet → brukare) kept in the URL, with a breadcrumb.

The state is two query parameters per page, `<prefix>_typ` and `<prefix>_enhet`, so a pasted
link opens the same level. Values from the URL are checked against the contract's code list
and the id rules; the brukare level exists only for roles that may see brukare.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import streamlit as st

from analytics import contract
from analytics.filters import Filters
from ui import markdown

LEVELS: dict[str, str] = {
    "verksamhetstyp": "Verksamhetstyp",
    "enhet": "Enhet",
    "brukare": "Brukare",
}


@dataclass(frozen=True)
class Drill:
    """Where the user has drilled to on one page."""

    prefix: str
    unit_type: str | None = None
    unit_id: str | None = None

    @property
    def level(self) -> str:
        if self.unit_id is not None:
            return "brukare"
        if self.unit_type is not None:
            return "enhet"
        return "verksamhetstyp"

    @property
    def type_key(self) -> str:
        return f"{self.prefix}_typ"

    @property
    def unit_key(self) -> str:
        return f"{self.prefix}_enhet"

    def narrow(self, f: Filters) -> Filters:
        """The filters restricted to the drilled unit type and unit."""
        if self.unit_type is not None:
            f = f.with_(unit_types=[self.unit_type])
        if self.unit_id is not None:
            f = f.with_(unit_ids=[self.unit_id])
        return f


def _valid_id(value: str) -> bool:
    return (
        0 < len(value) <= contract.MAX_ID_LENGTH
        and value.isprintable()
        and not contract.looks_like_personnummer(value)
    )


def current(
    prefix: str, *, units: bool = True, brukare: bool = True, own_units: Collection[str] | None = None
) -> Drill:
    """The drill state of a page from the URL; invalid parts, and levels the viewer may not see
    (`units`, `brukare`: may the role see rows per unit, per brukare), are ignored. `own_units`
    (a chef's scope): a unit outside it is ignored too, so a link naming another unit shows
    nothing of it, not even its name in the breadcrumb."""
    unit_type = st.query_params.get(f"{prefix}_typ")
    if unit_type not in contract.UNIT_TYPES or not units:
        return Drill(prefix)
    unit_id = st.query_params.get(f"{prefix}_enhet")
    if unit_id is None or not brukare or not _valid_id(unit_id):
        return Drill(prefix, unit_type)
    if own_units is not None and unit_id not in own_units:
        return Drill(prefix, unit_type)
    return Drill(prefix, unit_type, unit_id)


def go(drill: Drill, unit_type: str | None = None, unit_id: str | None = None) -> None:
    """Set the drill state in the URL (None clears a level and everything under it)."""
    if unit_type is None:
        st.query_params.pop(drill.type_key, None)
        st.query_params.pop(drill.unit_key, None)
        return
    st.query_params[drill.type_key] = unit_type
    if unit_id is None:
        st.query_params.pop(drill.unit_key, None)
    else:
        st.query_params[drill.unit_key] = unit_id


def breadcrumb(drill: Drill, unit_name: str | None = None) -> None:
    """Buttons back up the levels: Alla verksamhetstyper › Gruppbostad LSS › Enhet 7."""
    if drill.level == "verksamhetstyp":
        return
    parts: list[tuple[str, str | None, str | None]] = [("Alla verksamhetstyper", None, None)]
    if drill.level == "brukare":
        parts.append((contract.unit_type_label(drill.unit_type), drill.unit_type, None))
        current_label = unit_name or drill.unit_id or ""
    else:
        current_label = contract.unit_type_label(drill.unit_type)
    with st.container(horizontal=True, vertical_alignment="center", key=f"{drill.prefix}_breadcrumb"):
        for i, (label, unit_type, unit_id) in enumerate(parts):
            st.button(
                label,
                key=f"{drill.prefix}_upp_{i}",
                type="tertiary",
                icon=":material/arrow_upward:" if i == len(parts) - 1 else None,
                on_click=go,
                args=(drill, unit_type, unit_id),
            )
            st.markdown("›")
        st.markdown(f"**{markdown.escape(current_label)}**")


def clicked(event: object, field: str = "customdata") -> str | None:
    """The code behind the clicked bar of an on_select plotly chart, or None."""
    if not isinstance(event, Mapping):  # a chart without on_select returns a DeltaGenerator
        return None
    selection = event.get("selection")
    points = selection.get("points", []) if isinstance(selection, Mapping) else []
    for point in points:
        value = point.get(field)
        if isinstance(value, list):
            value = value[0] if value else None
        if value is not None:
            return str(value)
    return None
