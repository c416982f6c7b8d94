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
    "Underlag": (PageSpec("data.py", "Data", ":material/database:", "data"),),
}
DEFAULT = "oversikt"


class MissingPage(FileNotFoundError):
    """A page listed in SECTIONS has no script under views/: a defect, never hidden."""


def _check(spec: PageSpec) -> PageSpec:
    if not (VIEWS / spec.file).is_file():
        raise MissingPage(f"Sidan {spec.title!r} saknar sitt skript views/{spec.file}")
    return spec


def existing() -> dict[str, list[PageSpec]]:
    """Every section with its pages; MissingPage when a listed page has no script (a page that
    silently disappears from the navigation is a defect nobody would notice)."""
    return {section: [_check(p) for p in specs] for section, specs in SECTIONS.items()}


def script(url_path: str) -> str | None:
    """The script path (as st.page_link takes it) of the page at url_path; None for a url_path
    that is not a page, MissingPage when the page's script is missing."""
    for specs in SECTIONS.values():
        for p in specs:
            if p.url_path == url_path:
                return f"views/{_check(p).file}"
    return None
