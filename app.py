"""Kvalitetsanalys: the Streamlit entrypoint.

Page config, the global sidebar filters (defined once, bound to the URL), then navigation.
Run with `make run` or `streamlit run app.py`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from analytics.privacy import AccessDenied
from ui import db, filters

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("kvalitet")

st.set_page_config(
    page_title="Kvalitetsanalys – socialförvaltningen",
    page_icon=":material/monitoring:",
    layout="wide",
    initial_sidebar_state="expanded",
)

# (file under views/, title, icon, url path); a page whose file does not exist yet is skipped.
# The page scripts live in views/, not pages/: with a pages/ directory next to the entrypoint,
# Streamlit runs a deep link such as /avvikelser on a freshly started server as a legacy page,
# without this entrypoint (no sidebar, no navigation), so a pasted link would open blank.
PAGES: dict[str, list[tuple[str, str, str, str]]] = {
    "Översikt": [
        ("oversikt.py", "Översikt", ":material/dashboard:", "oversikt"),
    ],
    "Områden": [
        ("avvikelser.py", "Avvikelser", ":material/report:", "avvikelser"),
        ("hot_och_vald.py", "Hot och våld", ":material/front_hand:", "hot-och-vald"),
        ("fall.py", "Fall", ":material/personal_injury:", "fall"),
        ("lss_sol.py", "LSS och SoL", ":material/diversity_3:", "lss-och-sol"),
        ("lakemedel.py", "Läkemedel och signering", ":material/medication:", "lakemedel"),
        ("synpunkter.py", "Synpunkter och klagomål", ":material/forum:", "synpunkter"),
        (
            "brukarundersokning.py",
            "Brukarundersökning",
            ":material/sentiment_satisfied:",
            "brukarundersokning",
        ),
    ],
    "Underlag": [
        ("data.py", "Data", ":material/database:", "data"),
    ],
}


def navigation() -> st.navigation:
    sections = {
        section: [
            st.Page(ROOT / "views" / file, title=title, icon=icon, url_path=url, default=(url == "oversikt"))
            for file, title, icon, url in pages
            if (ROOT / "views" / file).exists()
        ]
        for section, pages in PAGES.items()
    }
    return st.navigation({s: p for s, p in sections.items() if p})


page = navigation()
filters.sidebar()
if not db.available():
    st.info(db.NO_DATABASE, icon=":material/database:")
else:
    st.session_state[db.PAGE_KEY] = page.url_path or "oversikt"
    try:
        page.run()
    except AccessDenied as exc:  # a section the role may not see that a page did not hide
        st.warning(str(exc), icon=":material/lock:")
    except Exception:  # a page error is logged in full but shown to the user in Swedish
        log.exception("Sidan %s kunde inte visas", page.title)
        st.error(
            "Sidan kunde inte visas på grund av ett internt fel. Felet är loggat; "
            "prova en annan period eller kontakta förvaltaren av verktyget.",
            icon=":material/error:",
        )
