"""The access log: every view of brukare-level rows or free text, one JSON line per view.

Like the log checks of patientdatalagen 4 kap.: who looked, when, on which page, with which
filters, and at which brukare. The log lives OUTSIDE the analytics database, so a reload
(which replaces the database file) never erases it: env KVALITET_ACCESS_LOG, else
data/access_log/access.jsonl in the project folder.

Append-only: the file is opened with O_APPEND (every write lands at the end, also with several
app processes), each entry is written with one write() call and fsync'ed before log_view
returns; nothing in the product rewrites or truncates it. Rotation and archiving are for the
operating system (logrotate with `copytruncate` is NOT suitable: use `create`/move).

The UI calls `log_view` exactly once per view of a result of a function for which
`analytics.privacy.needs_access_log(fn)` is true, after the rows are on screen; `view_key`
gives a stable key so a Streamlit rerun of the same view need not log it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from analytics.db import ROOT
from analytics.filters import Filters

ENV_ACCESS_LOG = "KVALITET_ACCESS_LOG"
DEFAULT_PATH = ROOT / "data" / "access_log" / "access.jsonl"

# What was seen (the sensitivity of the function, analytics.privacy) -> Swedish label.
KINDS: dict[str, str] = {
    "brukare_level": "Uppgifter per brukare",
    "free_text": "Fritext",
}

# How it was seen: on screen, or taken away as a file (ui.tables' own CSV and Excel downloads).
ACTIONS: dict[str, str] = {
    "visning": "Visning",
    "nedladdning": "Nedladdning",
}

COLUMNS: tuple[str, ...] = (
    "at",
    "user",
    "role",
    "page",
    "kind",
    "action",
    "brukare_ids",
    "record_ids",
    "filters",
)


def default_path() -> Path:
    return Path(os.environ.get(ENV_ACCESS_LOG) or DEFAULT_PATH)


def filters_record(f: Filters) -> dict[str, Any]:
    """The filters of a view as plain JSON values (period, the chosen lists, the scope)."""
    return {
        "period": {"from": f.period.start.isoformat(), "to": f.period.end.isoformat()},
        "administrations": _list(f.administrations),
        "areas": _list(f.areas),
        "unit_types": _list(f.unit_types),
        "operators": _list(f.operators),
        "unit_ids": _list(f.unit_ids),
        "domains": _list(f.domains),
        "categories": _list(f.categories),
        "scope_units": _list(f.scope.units),
    }


def _list(values: tuple[str, ...] | None) -> list[str] | None:
    return list(values) if values is not None else None


def _ids(values: Iterable[Any] | None) -> list[str]:
    if values is None:
        return []
    return sorted({str(v) for v in values if v is not None and not (isinstance(v, float) and v != v)})


def brukare_ids_in(frame: pd.DataFrame) -> list[str]:
    """The distinct brukare ids of a result (its brukare_id column), sorted; [] without one."""
    return _ids(frame["brukare_id"].dropna()) if "brukare_id" in frame.columns else []


def view_key(user: str, page: str, f: Filters, brukare_ids: Iterable[Any], kind: str) -> str:
    """A stable key of one view: the same user, page, filters, ids and kind give the same key."""
    material = json.dumps(
        [user, page, kind, filters_record(f), _ids(brukare_ids)], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def log_view(
    user: str,
    role: str,
    page: str,
    filters: Filters,
    brukare_ids: Iterable[Any],
    kind: str,
    *,
    record_ids: Iterable[Any] | None = None,
    action: str = "visning",
    path: str | Path | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Append one entry for one view and fsync it; returns the entry written.

    kind: a key of KINDS ("brukare_level" or "free_text"). brukare_ids: the brukare on screen
    (may be empty, e.g. a complaint list); record_ids: optionally the rows' own ids
    (complaint_id, deviation_id); action: a key of ACTIONS ("nedladdning" for a file). Raises
    OSError when the log cannot be written: the caller
    must then not show the rows (no view without a log entry).
    """
    if kind not in KINDS:
        raise ValueError(f"Okänt slag av visning: {kind!r}. Tillåtna: {', '.join(KINDS)}")
    if action not in ACTIONS:
        raise ValueError(f"Okänd åtgärd: {action!r}. Tillåtna: {', '.join(ACTIONS)}")
    if not user or not page:
        raise ValueError("En visning loggas med användare och sida.")
    # local time with its offset (the log is read by people in the municipality)
    moment = now if now is not None and now.tzinfo is not None else (now or datetime.now()).astimezone()
    entry = {
        "at": moment.isoformat(timespec="seconds"),
        "user": user,
        "role": role,
        "page": page,
        "kind": kind,
        "action": action,
        "brukare_ids": _ids(brukare_ids),
        "record_ids": _ids(record_ids),
        "filters": filters_record(filters),
    }
    line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    target = Path(path) if path is not None else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        written = os.write(fd, line)
        if written != len(line):
            raise OSError(f"Åtkomstloggen {target}: bara {written} av {len(line)} byte skrevs.")
        os.fsync(fd)
    finally:
        os.close(fd)
    return entry


def read_log(
    path: str | Path | None = None,
    user: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> pd.DataFrame:
    """The log for the analytiker view, newest first, filtered by user and period (inclusive,
    by the local date of each entry).

    Columns: at (datetime with offset), user, role, page, kind, action, brukare_ids, record_ids (text,
    comma-separated), filters (JSON text). A line that cannot be read (e.g. cut off by a crash)
    is skipped and counted in `frame.attrs["unreadable_lines"]`. No file: an empty frame.
    """
    target = Path(path) if path is not None else default_path()
    records: list[dict[str, Any]] = []
    unreadable = 0
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        raw = b""
    for line in raw.splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            at = datetime.fromisoformat(entry["at"])
        except (ValueError, KeyError, TypeError):
            unreadable += 1
            continue
        if user is not None and entry.get("user", "").lower() != user.lower():
            continue
        if date_from is not None and at.date() < date_from:
            continue
        if date_to is not None and at.date() > date_to:
            continue
        records.append(
            {
                "at": at,
                "user": entry.get("user"),
                "role": entry.get("role"),
                "page": entry.get("page"),
                "kind": entry.get("kind"),
                "action": entry.get("action", "visning"),
                "brukare_ids": ", ".join(entry.get("brukare_ids") or []),
                "record_ids": ", ".join(entry.get("record_ids") or []),
                "filters": json.dumps(entry.get("filters"), ensure_ascii=False, sort_keys=True),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    if len(frame):
        frame = frame.iloc[::-1].reset_index(drop=True)
    frame.attrs["unreadable_lines"] = unreadable
    return frame
