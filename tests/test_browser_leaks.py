"""In a real browser (issue 13): no table offers Streamlit's own "Download as CSV" (the app's
own, logged downloads are the only way out), and no page makes the browser fetch anything from
a host other than the app's own (a ":material/...:" page icon used to ask Google)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
PAGES = [
    "",
    "avvikelser",
    "hot-och-vald",
    "fall",
    "lss-och-sol",
    "lakemedel",
    "synpunkter",  # the complaint list with its free-text descriptions
    "brukarundersokning",
    "data",
    # a unit's brukare and, behind the switch, the deviations' descriptions (free text)
    "avvikelser?ar=2022&avv_typ=gruppbostad_lss&avv_enhet=U001&avv_text=true",
]


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} saknas (make test installerar den)")
    with streamlit_server(demo_db, env={"KVALITET_ROLE": "analytiker"}) as url:
        yield url


@pytest.fixture(scope="module")
def visits(server: str) -> dict[str, dict]:
    """Each page visited once: every request URL, the number of tables, and the labels of the
    table toolbars' buttons (shown on hover)."""
    from playwright.sync_api import sync_playwright

    seen: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
        try:
            for path in PAGES:
                tab = context.new_page()
                tab.set_default_timeout(TIMEOUT_MS)
                requests: list[str] = []
                tab.on("request", lambda r, into=requests: into.append(r.url))
                tab.goto(f"{server}/{path}", wait_until="domcontentloaded")
                tab.wait_for_selector("h1")
                tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
                tab.wait_for_timeout(1000)  # favicon and late icon requests
                tables = tab.locator('[data-testid="stDataFrame"]')
                labels: list[str] = []
                for i in range(tables.count()):
                    if not tables.nth(i).is_visible():  # in a closed expander
                        continue
                    tables.nth(i).hover()
                    buttons = tab.locator('[data-testid="stBaseButton-elementToolbar"]')
                    labels += [
                        buttons.nth(j).get_attribute("aria-label") or ""
                        for j in range(buttons.count())
                        if buttons.nth(j).is_visible()
                    ]
                seen[path] = {
                    "requests": requests,
                    "tables": tables.count(),
                    "toolbar": labels,
                    "text": tab.locator("body").inner_text(),
                }
                tab.close()
        finally:
            browser.close()
    return seen


def test_no_table_offers_the_built_in_download(visits) -> None:
    assert visits["synpunkter"]["tables"] and visits[PAGES[-1]]["tables"] >= 2
    toolbars = [label for v in visits.values() for label in v["toolbar"]]
    assert "Search" in toolbars  # the positive control: the toolbar was shown and read
    assert not [label for label in toolbars if "download" in label.lower() or "csv" in label.lower()]


def test_the_descriptions_table_was_on_screen(visits) -> None:
    assert "Beskrivning" in visits[PAGES[-1]]["text"]


def test_every_request_goes_to_the_app_itself(server: str, visits) -> None:
    own = urlsplit(server).netloc
    outside = sorted(
        {
            u
            for v in visits.values()
            for u in v["requests"]
            if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != own
        }
    )
    assert outside == []
    assert all(v["requests"] for v in visits.values())
