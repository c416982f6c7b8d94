"""The Rapport page's glue: build the report once with progress shown, keep the three files for
the session, and offer one download button per format."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from analytics import privacy
from analytics.analyses import datastatus
from analytics.export import report
from analytics.export.report import cli, provenance, render
from analytics.filters import Filters
from ui import db

log = logging.getLogger("kvalitet")

_STATE_KEY = "_kvalitet_rapport"


@dataclass(frozen=True)
class Choice:
    """What to build: the filters (period, selection, role) and the kind."""

    f: Filters
    kind: str


def comparison_text(choice: Choice) -> str:
    return provenance.comparison_text(choice.f)


def filters_text(choice: Choice) -> str:
    return provenance.filters_text(choice.f, None if choice.f.scope.role == "politiker" else _names())


def _names() -> dict[str, str]:
    return db.call(datastatus.unit_names)


def build(choice: Choice) -> None:
    """Build the report and its three files, showing each step; the files stay in the session."""
    st.session_state.pop(_STATE_KEY, None)
    with st.status("Skapar rapporten …", expanded=True) as status:
        bar = st.progress(0.0, text="Hämtar nyckeltal")

        def progress(share: float, text: str) -> None:
            bar.progress(min(share, 1.0), text=text)

        try:
            with render.Browser() as browser:  # chromium starts while the report is built
                model = report.build_report(db.connection(), choice.f, choice.kind, progress=progress)
                progress(0.7, "Diagram")
                report.draw_charts(model, browser)
            files = {fmt: report.write(model, fmt, progress) for fmt in ("docx", "pdf", "xlsx")}
        except privacy.AccessDenied as exc:
            status.update(label="Rapporten kunde inte skapas", state="error")
            st.warning(str(exc), icon=":material/lock:")
            return
        try:
            cli.log_brukare_access(model, choice.f, choice.f.scope.user)
        except OSError as exc:  # no brukare-level file without its log entry
            log.error("Åtkomstloggen kunde inte skrivas: %s", exc)
            status.update(label="Rapporten kunde inte lämnas ut", state="error")
            st.error(
                "Åtkomstloggen kunde inte skrivas, därför lämnas rapporten inte ut. Kontakta förvaltaren."
            )
            return
        bar.progress(1.0, text="Klar")
        status.update(label="Rapporten är klar", state="complete", expanded=False)
    st.session_state[_STATE_KEY] = (choice, model.omitted, model.brukare_level, files, model)


def downloads(choice: Choice) -> None:
    """One download button per format for the report built with exactly this choice."""
    stored = st.session_state.get(_STATE_KEY)
    if not stored or stored[0] != choice:
        st.caption("Rapporten byggs när du klickar på Skapa rapport (några sekunder).")
        return
    _, omitted, brukare_level, files, model = stored
    if brukare_level:
        st.warning(
            "Rapporten innehåller uppgifter per brukare och har skrivits i åtkomstloggen. "
            "Hantera filerna som journalhandlingar.",
            icon=":material/shield_person:",
        )
    with st.container(horizontal=True, key="rapport_downloads"):
        for fmt, data in files.items():
            label, mime = report.FORMATS[fmt]
            st.download_button(
                f"Ladda ned {label}",
                data,
                file_name=report.file_name(model, choice.f, fmt),
                mime=mime,
                key=f"rapport_{fmt}",
                icon=":material/download:",
                on_click="ignore",
            )
    for note in omitted:
        st.caption(f"Utelämnat: {note}")
