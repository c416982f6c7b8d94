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
    "Uppföljning": (
        PageSpec("mal.py", "Mål", ":material/flag:", "mal"),
        PageSpec("atgarder.py", "Åtgärder", ":material/task_alt:", "atgarder"),
        PageSpec("egenkontroll.py", "Egenkontroll", ":material/fact_check:", "egenkontroll"),
        PageSpec("risker.py", "Risker", ":material/warning:", "risker"),
    ),
    "Underlag": (PageSpec("data.py", "Data", ":material/database:", "data"),),
}
DEFAULT = "oversikt"


def existing() -> dict[str, list[PageSpec]]:
    """The sections with the pages whose script exists (others may still be being written)."""
    found = {s: [p for p in pages if (VIEWS / p.file).exists()] for s, pages in SECTIONS.items()}
    return {s: pages for s, pages in found.items() if pages}


def script(url_path: str) -> str | None:
    """The script path (as st.page_link takes it) of the page at url_path, if it exists."""
    for pages in SECTIONS.values():
        for p in pages:
            if p.url_path == url_path and (VIEWS / p.file).exists():
                return f"views/{p.file}"
    return None
