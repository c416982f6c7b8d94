"""Full-page screenshots of every dashboard page on the demo, into docs/screenshots/<page>.png
(role analytiker) and docs/screenshots/politiker/<page>.png (role politiker).

    python scripts/screenshots.py [--db PATH] [--out DIR] [--query "ar=2022"] [--roles ...]

Without --db the scale-1 demo is generated and loaded into a temporary folder first. Uses
Playwright driving Debian's /usr/bin/chromium against `streamlit run` on a free local port.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

# file name -> url path (the default page lives at the root); the order of the sidebar.
PAGES: dict[str, str] = {
    "oversikt": "",
    "avvikelser": "avvikelser",
    "hot_och_vald": "hot-och-vald",
    "fall": "fall",
    "lss_sol": "lss-och-sol",
    "lakemedel": "lakemedel",
    "synpunkter": "synpunkter",
    "brukarundersokning": "brukarundersokning",
    "lex_sarah_maria": "lex-sarah-och-lex-maria",
    "orsaker": "bakomliggande-orsak",
    "vardsamverkan": "vardsamverkan",
    "jamlikhet": "jamlikhet",
    "enheter": "enheter",
    "rapport": "rapport",
    "mal": "mal",
    "atgarder": "atgarder",
    "egenkontroll": "egenkontroll",
    "risker": "risker",
    "data": "data",
}
# Drill-down states worth a picture: file name -> (url path, extra query).
DRILLS: dict[str, tuple[str, str]] = {
    "avvikelser_enheter": ("avvikelser", "avv_typ=gruppbostad_lss"),
    "hot_och_vald_enheter": ("hot-och-vald", "hov_typ=gruppbostad_lss"),
    "fall_enheter": ("fall", "fall_typ=bostad_sol"),
}
# role -> sub-folder of --out ("" = the folder itself); drill states only for roles that drill.
ROLES: dict[str, str] = {"analytiker": "", "politiker": "politiker"}
VIEWPORT = {"width": 1400, "height": 1000}


def demo_database(work: Path) -> Path:
    from analytics import demo
    from analytics.ingest import load

    folder = work / "demo"
    demo.generate(folder, scale=1, seed=demo.DEFAULT_SEED)
    db = work / "demo.duckdb"
    load.load_folder(folder, db)
    return db


def wait_rendered(page, timeout_ms: int = 60_000) -> None:
    """Wait until the app has drawn its title and finished running."""
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
    page.wait_for_timeout(1500)  # plotly draws after the script run ends


def fit_height(page) -> None:
    """Make the viewport as tall as the app's content: the main area scrolls inside the page,
    so a full-page screenshot alone would stop at the first screen."""
    height = page.evaluate(
        """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
                               '[data-testid="stSidebarContent"]']
            .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))"""
    )
    page.set_viewport_size(
        {"width": VIEWPORT["width"], "height": int(min(max(height, VIEWPORT["height"]), 16000))}
    )
    page.wait_for_timeout(1200)  # charts re-layout to the new size


def modebar_titles(page) -> list[str]:
    """The tooltips of the first chart's modebar buttons (shown on hover)."""
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    if chart.count() == 0:
        return []
    chart.hover()
    return page.eval_on_selector_all(".modebar-btn", "bs => bs.map(b => b.getAttribute('data-title'))")


def shoot(db: Path, role: str, out: Path, args: argparse.Namespace) -> None:
    """Every page (and, for a role that may drill, the drill states) as `role` into `out`."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    env = {"KVALITET_ROLE": role, "KVALITET_UNITS": ""}
    with streamlit_server(db, env=env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT, locale="sv-SE")
            shots = {name: (PAGES[name], args.query) for name in args.pages}
            if role != "politiker":
                shots |= {name: (path, f"{args.query}&{extra}") for name, (path, extra) in DRILLS.items()}
            for i, (name, (path, query)) in enumerate(shots.items()):
                page.set_viewport_size(VIEWPORT)
                page.goto(f"{url}/{path}?{query}", wait_until="domcontentloaded")
                wait_rendered(page)
                if i == 0:
                    print(f"Verktygsfältets knappar ({role}): {modebar_titles(page)}")
                fit_height(page)
                errors = page.locator('[data-testid="stException"]').count()
                target = out / f"{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(
                    f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
                    f"{'  (FEL PÅ SIDAN)' if errors else ''}"
                )
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--query", default="ar=2022")
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    parser.add_argument("--roles", nargs="*", default=list(ROLES), choices=list(ROLES))
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or demo_database(Path(tmp))
        for role in args.roles:
            shoot(db, role, args.out / ROLES[role], args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
