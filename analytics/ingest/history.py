"""The load history: one JSON line per load attempt, approved or rejected.

A rejected load leaves the database unchanged, so its trace cannot live there: the history is an
append-only JSONL file beside it (env KVALITET_LOAD_HISTORY, else data/load_history.jsonl),
written by the loader for the command line and the upload page alike. One record:

    {"at": "2026-11-29T18:00:00", "user": "...", "source": "kommandorad" | "uppladdning",
     "profile": "viva_avvikelser" | null, "folder": "/srv/...", "approved": true,
     "errors": 0, "rules": {"okänd kod": 3}, "problems": [...first 200...], "tables": [...],
     "rows": 123, "period_from": "2020-01-01", "period_to": "2022-12-31", "warnings": [...],
     "seconds": 1.2}
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from analytics.db import ROOT

ENV_LOAD_HISTORY = "KVALITET_LOAD_HISTORY"
DEFAULT_PATH = ROOT / "data" / "load_history.jsonl"
PROBLEMS_KEPT = 200
SOURCES = {"kommandorad": "Kommandorad", "uppladdning": "Uppladdning"}


def default_path() -> Path:
    return Path(os.environ.get(ENV_LOAD_HISTORY) or DEFAULT_PATH)


def append(record: dict[str, Any], path: Path | None = None) -> None:
    """Append one record as a line; a lock keeps concurrent writers' lines whole."""
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    with path.open("a", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def approved_record(summary, *, user: str, source: str, profile: str | None) -> dict[str, Any]:
    """The record of a load that replaced the database (summary: load.LoadSummary)."""
    starts = [t.period_from for t in summary.tables if t.period_from]
    ends = [t.period_to for t in summary.tables if t.period_to]
    return {
        "at": now(),
        "user": user,
        "source": source,
        "profile": profile,
        "folder": str(summary.folder),
        "approved": True,
        "errors": 0,
        "rules": {},
        "problems": [],
        "tables": [{"table": t.table, "file": t.file, "rows": t.rows} for t in summary.tables],
        "rows": summary.rows,
        "period_from": min(starts).isoformat() if starts else None,
        "period_to": max(ends).isoformat() if ends else None,
        "warnings": list(summary.warnings),
        "seconds": round(summary.seconds, 2),
    }


def rejected_record(
    failed, *, user: str, source: str, profile: str | None, folder: str, seconds: float = 0.0
) -> dict[str, Any]:
    """The record of a load that was refused (failed: load.LoadFailed); the database is unchanged."""
    return {
        "at": now(),
        "user": user,
        "source": source,
        "profile": profile,
        "folder": folder,
        "approved": False,
        "errors": sum(failed.totals.values()),
        "rules": dict(failed.totals),
        "problems": [asdict(p) for p in failed.problems[:PROBLEMS_KEPT]],
        "tables": [],
        "rows": 0,
        "period_from": None,
        "period_to": None,
        "warnings": list(failed.warnings),
        "seconds": round(seconds, 2),
    }


def aborted_record(
    *, user: str, source: str, profile: str | None, folder: str, reason: str
) -> dict[str, Any]:
    """A load that did not finish (killed for time or memory, or crashed); nothing was loaded."""
    return {
        "at": now(),
        "user": user,
        "source": source,
        "profile": profile,
        "folder": folder,
        "approved": False,
        "errors": 1,
        "rules": {reason: 1},
        "problems": [
            {"file": "", "row": None, "column": None, "value": None, "rule": reason, "detail": None}
        ],
        "tables": [],
        "rows": 0,
        "period_from": None,
        "period_to": None,
        "warnings": [],
        "seconds": 0.0,
    }


def read(path: Path | None = None, *, limit: int = 200) -> list[dict[str, Any]]:
    """The last `limit` records, newest first; unreadable lines are skipped."""
    path = path or default_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    out = []
    for line in reversed(lines):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict):
            out.append(record)
        if len(out) >= limit:
            break
    return out


# ---------------------------------------------------------------------------------------------
# For the Data page
# ---------------------------------------------------------------------------------------------


def _when(at: str | None) -> str:
    """ "2026-11-29 18:00" from an ISO time stamp."""
    return (at or "").replace("T", " ")[:16]


def attempts(records: list[dict[str, Any]]):
    """One row per load attempt, newest first: at, user, source, profile, approved, errors,
    rows, period (plain text for the Data page's table)."""
    import pandas as pd

    return pd.DataFrame(
        {
            "at": [_when(r.get("at")) for r in records],
            "user": [r.get("user") or "" for r in records],
            "source": [SOURCES.get(r.get("source"), r.get("source") or "") for r in records],
            "profile": [r.get("profile") or "–" for r in records],
            "result": ["Godkänd" if r.get("approved") else "Avvisad" for r in records],
            "errors": [int(r.get("errors") or 0) for r in records],
            "rows": [int(r.get("rows") or 0) for r in records],
            "period": [
                f"{r['period_from']} – {r['period_to']}" if r.get("period_from") else "–" for r in records
            ],
        }
    )


def status(records: list[dict[str, Any]], loaded_at: str | None = None) -> tuple[str, str]:
    """(level, sentence) on the last attempt in plain language: "ok", "error" or "none".
    `loaded_at`: when the database in use was built (its load log), if the history lacks it."""
    if not records:
        return "none", "Inga laddningsförsök är registrerade ännu."
    last = records[0]
    if last.get("approved"):
        return "ok", f"Senaste laddningen, {_when(last.get('at'))}, godkändes."
    approved = next((r for r in records if r.get("approved")), None)
    errors = int(last.get("errors") or 0)
    text = (
        f"Senaste laddningsförsöket, {_when(last.get('at'))}, avvisades "
        f"({errors} fel) och ingenting från det laddades."
    )
    since = _when(approved.get("at")) if approved else _when(loaded_at)
    if since:
        text += f" Uppgifterna som visas kommer från laddningen {since}."
    return "error", text
