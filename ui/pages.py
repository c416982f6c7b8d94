"""The dashboard's pages in sidebar order: one list for the navigation and for links between pages."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ROOT / "views"


class PageSpec(NamedTuple):
    file: str  # under views/
    title: str
    icon: str
    url_path: str


SECTIONS: dict[str, tuple[PageSpec, ...]] = {
    "Översikt": (PageSpec("oversikt.py", "Översikt", ":material/dashboard:", "oversikt"),),
    "Områden": (
        PageSpec("avvikelser.py", "Avvikelser", ":material/report:", "avvikelser"),
        PageSpec("hot_och_vald.py", "Hot och våld", ":material/front_hand:", "hot-och-vald"),
        PageSpec("fall.py", "Fall", ":material/personal_injury:", "fall"),
        PageSpec("lss_sol.py", "LSS och SoL", ":material/diversity_3:", "lss-och-sol"),
        PageSpec("lakemedel.py", "Läkemedel och signering", ":material/medication:", "lakemedel"),
        PageSpec("synpunkter.py", "Synpunkter och klagomål", ":material/forum:", "synpunkter"),
        PageSpec(
            "brukarundersokning.py",
            "Brukarundersökning",
            ":material/sentiment_satisfied:",
            "brukarundersokning",
        ),
    ),
    "Underlag": (
        PageSpec("data.py", "Data", ":material/database:", "data"),
        PageSpec("uppladdning.py", "Ladda upp data", ":material/upload_file:", "uppladdning"),
    ),
}
DEFAULT = "oversikt"
# The reserved path of the hidden root page (app.py), which runs the DEFAULT page's script.
ROOT_ALIAS = "start"
# Pages only the analysis team sees (the page checks the role itself as well).
ANALYTIKER_ONLY = frozenset({"uppladdning"})
# Pages that work before any database is loaded (the first upload).
WITHOUT_DATABASE = frozenset({"uppladdning"})


def existing(role: str | None = None) -> dict[str, list[PageSpec]]:
    """The sections with the pages whose script exists (others may still be being written) and,
    given a role, that the role may open."""
    found = {
        s: [
            p
            for p in pages
            if (VIEWS / p.file).exists()
            and (role in (None, "analytiker") or p.url_path not in ANALYTIKER_ONLY)
        ]
        for s, pages in SECTIONS.items()
    }
    return {s: pages for s, pages in found.items() if pages}


def script(url_path: str) -> str | None:
    """The script path (as st.page_link takes it) of the page at url_path, if it exists."""
    for pages in SECTIONS.values():
        for p in pages:
            if p.url_path == url_path and (VIEWS / p.file).exists():
                return f"views/{p.file}"
    return None
