"""Kvalitetsanalys: the Streamlit entrypoint.

Page config, the global sidebar filters (defined once, bound to the URL), then navigation.
Run with `make run` or `streamlit run app.py`.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from analytics.filters import Scope
from analytics.privacy import AccessDenied
from ui import auth, db, filters, pages, print_style, static_html
from ui import spc as spc_controls

log = logging.getLogger("kvalitet")

st.set_page_config(
    page_title="Kvalitetsanalys – socialförvaltningen",
    # An emoji becomes an inline SVG; a ":material/...:" page icon would make every browser fetch
    # the icon from Google's font service (nothing may be fetched from outside).
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="expanded",
)


def navigation(scope: Scope) -> StreamlitPage:
    # The page scripts live in views/, not pages/: with a pages/ directory next to the
    # entrypoint, Streamlit runs a deep link such as /avvikelser on a freshly started server as a
    # legacy page, without this entrypoint (no sidebar, no navigation), so a pasted link would
    # open blank (checked again on Streamlit 1.67: scripts/pages_deeplink_check.py).
    sections = {
        section: [
            st.Page(pages.VIEWS / p.file, title=p.title, icon=p.icon, url_path=p.url_path) for p in specs
        ]
        for section, specs in pages.existing(scope.role).items()
    }
    # Streamlit serves its default page at the root only, so /oversikt (the page's own link)
    # answered "Page not found" in English. The root is a hidden page running the same script;
    # every visible page, Översikt included, keeps its own path.
    first = next(iter(sections))
    home = next(p for specs in pages.SECTIONS.values() for p in specs if p.url_path == pages.DEFAULT)
    root = st.Page(
        pages.VIEWS / home.file,
        title=home.title,
        icon=home.icon,
        url_path=pages.ROOT_ALIAS,
        default=True,
        visibility="hidden",
    )
    sections[first] = [root, *sections[first]]
    return st.navigation(sections, expanded=True)  # every page in view, not "View 4 more"


print_style.apply()
static_html.style()
scope = auth.gate()  # sign-in or local mode; stops the run for anyone without a role
st.session_state[auth.SCOPE_KEY] = scope
page = navigation(scope)
spc_controls.sidebar(filters.sidebar(scope))
if page.url_path not in pages.WITHOUT_DATABASE and not db.available():
    st.info(db.NO_DATABASE, icon=":material/database:")
else:
    st.session_state[db.PAGE_KEY] = page.url_path or pages.DEFAULT  # the root is Översikt
    db.start_run()
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
