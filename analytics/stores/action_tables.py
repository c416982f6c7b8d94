"""The action register as tables for the pages: lists, counts per unit, history, and the
politicians' status per area with small counts hidden.

Plain functions from the store's results (Action, HistoryEntry, SummaryRow) to DataFrames, so
the pages hold no reshaping and the rules are tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analytics import privacy
from analytics.stores.actions import (
    EFFECT_MEASURES,
    LINK_KIND_LABELS,
    LOCAL_TZ,
    STATUS_LABELS,
    Action,
    HistoryEntry,
    SummaryRow,
)

SUMMARY_COUNTS = ("opened", "completed", "evaluated", "overdue", "cancelled")
WHOLE_FORVALTNING = "Hela förvaltningen"


def link_text(links: Iterable[tuple[str, str]]) -> str:
    """'Lex Sarah D12, Avvikelse D7' (kind labels, then ids)."""
    return ", ".join(f"{LINK_KIND_LABELS.get(k, k)} {r}" for k, r in links)


def unit_text(units: Sequence[str], names: Mapping[str, str]) -> str:
    """The units by name ('Solrosen, Tallen'), or 'Hela förvaltningen' for none."""
    if not units:
        return WHOLE_FORVALTNING
    return ", ".join(names.get(u, u) for u in units)


def actions_frame(actions: Sequence[Action], names: Mapping[str, str], today: dt.date) -> pd.DataFrame:
    """One row per action, in the given order.

    Columns: id, title, units (names), status (Swedish label), responsible, due_date,
    completed_date, overdue (bool), links (text), measure (Swedish label or ''), version.
    """
    return pd.DataFrame(
        {
            "id": pd.Series([a.id for a in actions], dtype="int64"),
            "title": pd.Series([a.title for a in actions], dtype="object"),
            "units": pd.Series([unit_text(a.units, names) for a in actions], dtype="object"),
            "status": pd.Series([a.status_label for a in actions], dtype="object"),
            "responsible": pd.Series([a.responsible for a in actions], dtype="object"),
            "due_date": pd.Series([a.due_date for a in actions], dtype="object"),
            "completed_date": pd.Series([a.completed_date for a in actions], dtype="object"),
            "overdue": pd.Series([a.is_overdue(today) for a in actions], dtype="bool"),
            "links": pd.Series([link_text(a.links) for a in actions], dtype="object"),
            "measure": pd.Series(
                [EFFECT_MEASURES.get(a.effect_measure or "", "") for a in actions], dtype="object"
            ),
            "version": pd.Series([a.version for a in actions], dtype="int64"),
        }
    )


def per_unit_frame(
    actions: Sequence[Action], names: Mapping[str, str], today: dt.date, units: Iterable[str] | None = None
) -> pd.DataFrame:
    """Actions per unit and status; one row per unit with an action (or each of `units`).

    An action for several units counts at each of them; one without units in a row
    'Hela förvaltningen' (unit_id ''). Columns: unit_id, unit_name, one column per status code,
    total, overdue. Sorted by unit name, the förvaltning row last.
    """
    counts: dict[str, dict[str, int]] = {}

    def row(unit: str) -> dict[str, int]:
        return counts.setdefault(unit, dict.fromkeys((*STATUS_LABELS, "total", "overdue"), 0))

    for unit in units or ():
        row(unit)
    for a in actions:
        for unit in a.units or ("",):
            r = row(unit)
            r[a.status] += 1
            r["total"] += 1
            r["overdue"] += a.is_overdue(today)
    records = [
        {"unit_id": u, "unit_name": names.get(u, u) if u else WHOLE_FORVALTNING, **c}
        for u, c in counts.items()
    ]
    columns = ["unit_id", "unit_name", *STATUS_LABELS, "total", "overdue"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    if frame.empty:
        return frame.astype({c: "int64" for c in columns[2:]})
    order = frame["unit_id"].eq("").astype(int) * 1 + 0
    return (
        frame.assign(_last=order, _name=frame["unit_name"].str.lower())
        .sort_values(["_last", "_name"])
        .drop(columns=["_last", "_name"])
        .reset_index(drop=True)
    )


FREE_TEXT_FIELDS = ("description", "effect_text")
TEXT_HIDDEN = "(fritext, visas med beskrivningen)"


def history_frame(entries: Sequence[HistoryEntry], *, show_text: bool = False) -> pd.DataFrame:
    """The history of one action, newest first; one row per changed field.

    Columns: at (Swedish local time, text), changed_by, role, field (Swedish), old_value,
    new_value, version. Codes (status, measure, link kinds) are shown as their Swedish labels.
    The free-text fields' values (description, evaluation) are replaced by a note unless
    `show_text` (the viewer opened the text, and the view was logged).
    """

    def shown(field: str, value: str | None) -> str:
        if value is None:
            return ""
        if field in FREE_TEXT_FIELDS and not show_text:
            return TEXT_HIDDEN if value else ""
        if field == "status":
            return STATUS_LABELS.get(value, value)
        if field == "effect_measure":
            return EFFECT_MEASURES.get(value, value)
        if field == "links" and value:
            return link_text(tuple(part.strip().split(":", 1)) for part in value.split(","))  # type: ignore[misc]
        return value

    records = [
        {
            "at": e.at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M"),
            "changed_by": e.changed_by,
            "role": e.role,
            "field": e.field_label,
            "old_value": shown(e.field, e.old_value),
            "new_value": shown(e.field, e.new_value),
            "version": e.version,
        }
        for e in reversed(entries)
    ]
    columns = ["at", "changed_by", "role", "field", "old_value", "new_value", "version"]
    return pd.DataFrame.from_records(records, columns=columns)


def summary_frame(rows: Sequence[SummaryRow], role: str) -> pd.DataFrame:
    """The status per group (area or unit type): one row per group.

    Columns: group, opened, completed, evaluated, overdue, cancelled, completed_share
    (completed / opened). For politiker the counts from 1 to min_cell - 1 are hidden, with
    complementary suppression down each column, and the share with them (analytics.privacy).
    """
    frame = pd.DataFrame.from_records(
        [{"group": r.group, **{c: getattr(r, c) for c in SUMMARY_COUNTS}} for r in rows],
        columns=["group", *SUMMARY_COUNTS],
    ).astype({c: "int64" for c in SUMMARY_COUNTS})
    opened = frame["opened"].astype("float64")
    frame["completed_share"] = (frame["completed"] / opened).where(opened > 0)
    if role != "politiker":
        return frame
    return privacy.suppress(frame, SUMMARY_COUNTS, {"completed_share": ("completed", "opened")}).frame


def linked_actions(actions: Sequence[Action], kind: str, record_ids: Iterable[str]) -> list[str]:
    """For each record id, the actions linked to it as text ('3 Genomförd: Fallrond; 5 Planerad:
    …'), '' for none; in the order of `record_ids`."""
    by_record: dict[str, list[Action]] = {}
    for a in actions:
        for k, r in a.links:
            if k == kind:
                by_record.setdefault(r, []).append(a)
    return [
        "; ".join(f"{a.id} {a.status_label}: {a.title}" for a in by_record.get(str(r), []))
        for r in record_ids
    ]
