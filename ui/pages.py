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
    # The berättelse's chapters that are not one subject's page (issue 9).
    "Berättelsen": (
        PageSpec(
            "lex_sarah_maria.py", "Lex Sarah och lex Maria", ":material/gavel:", "lex-sarah-och-lex-maria"
        ),
        PageSpec("orsaker.py", "Bakomliggande orsak", ":material/troubleshoot:", "bakomliggande-orsak"),
        PageSpec(
            "vardsamverkan.py", "Vårdsamverkan och rapportörer", ":material/handshake:", "vardsamverkan"
        ),
        PageSpec("jamlikhet.py", "Jämlikhet", ":material/balance:", "jamlikhet"),
        PageSpec("enheter.py", "Enheter", ":material/apartment:", "enheter"),
    ),
    "Uppföljning": (
        PageSpec("mal.py", "Mål", ":material/flag:", "mal"),
        PageSpec("atgarder.py", "Åtgärder", ":material/task_alt:", "atgarder"),
        PageSpec("egenkontroll.py", "Egenkontroll", ":material/fact_check:", "egenkontroll"),
        PageSpec("risker.py", "Risker", ":material/warning:", "risker"),
    ),
    "Underlag": (
        PageSpec("rapport.py", "Rapport", ":material/description:", "rapport"),
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


class MissingPage(FileNotFoundError):
    """A page listed in SECTIONS has no script under views/: a defect, never hidden."""


def _check(spec: PageSpec) -> PageSpec:
    if not (VIEWS / spec.file).is_file():
        raise MissingPage(f"Sidan {spec.title!r} saknar sitt skript views/{spec.file}")
    return spec


def existing(role: str | None = None) -> dict[str, list[PageSpec]]:
    """Every section with its pages (given a role, those the role may open); MissingPage when a
    listed page has no script (a page that silently disappears from the navigation is a defect
    nobody would notice)."""
    found = {
        section: [
            _check(p) for p in specs if role in (None, "analytiker") or p.url_path not in ANALYTIKER_ONLY
        ]
        for section, specs in SECTIONS.items()
    }
    return {section: specs for section, specs in found.items() if specs}


def script(url_path: str) -> str | None:
    """The script path (as st.page_link takes it) of the page at url_path; None for a url_path
    that is not a page, MissingPage when the page's script is missing."""
    for specs in SECTIONS.values():
        for p in specs:
            if p.url_path == url_path:
                return f"views/{_check(p).file}"
    return None
