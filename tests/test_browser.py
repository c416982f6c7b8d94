"""A few real-browser checks: Playwright driving Debian's chromium against `streamlit run` on the
demo database. Every page renders without an exception, a click on a bar drills down, a download
holds the table."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

pytestmark = pytest.mark.browser

PAGE_TIMEOUT_MS = 60_000
# url path -> the page's title
PAGES: dict[str, str] = {
    "": "Översikt",
    "avvikelser": "Avvikelser",
    "hot-och-vald": "Hot och våld",
    "fall": "Fall",
    "lss-och-sol": "LSS och SoL",
    "lakemedel": "Läkemedel och signering",
    "synpunkter": "Synpunkter och klagomål",
    "brukarundersokning": "Brukarundersökning",
    "data": "Data",
}


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    """The app served on a free local port on the demo database; stopped after the module."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} saknas (make test installerar den)")
    with streamlit_server(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str):
    """One headless chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh tab with a Swedish locale (tables format numbers by the browser's locale)."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="sv-SE", accept_downloads=True
    )
    tab = context.new_page()
    tab.set_default_timeout(PAGE_TIMEOUT_MS)
    yield tab
    context.close()


def open_page(page, url: str) -> None:
    """Load a page and wait until its script run has finished; on a timeout the page's text is
    in the error, so a failure says what the browser showed."""
    page.goto(url, wait_until="domcontentloaded")
    try:
        page.wait_for_selector("h1")
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    except Exception as exc:
        shown = page.locator("body").inner_text()[:2000]
        raise AssertionError(f"{url} blev inte klar: {exc}\nSidan visade:\n{shown}") from exc


def test_a_pasted_deep_link_opens_the_same_view_on_a_fresh_server(server: str, page) -> None:
    # First in the module on purpose: the server has not served any page yet.
    open_page(page, f"{server}/avvikelser?ar=2022&avv_typ=bostad_sol")
    assert page.locator("h1").first.inner_text() == "Avvikelser"
    page.get_by_role("button", name="Alla verksamhetstyper").wait_for()
    units = page.locator('[data-testid="stPlotlyChart"]', has_text="Avvikelser per enhet")
    units.first.wait_for()  # drawn after the breadcrumb; on a loaded machine not at once
    assert units.count() == 1


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_without_an_exception(server: str, page, path: str) -> None:
    open_page(page, f"{server}/{path}?ar=2022")
    assert page.locator("h1").first.inner_text() == PAGES[path]
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def test_clicking_a_bar_drills_down_to_the_units(server: str, page) -> None:
    open_page(page, f"{server}/avvikelser?ar=2022")
    chart = page.locator('[data-testid="stPlotlyChart"]', has_text="Avvikelser per verksamhetstyp")
    bar = chart.locator("g.point path").last  # the top bar: the unit type with most deviations
    bar.scroll_into_view_if_needed()  # plotly draws charts as they come into view
    box = bar.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("button", name="Alla verksamhetstyper").wait_for()
    assert "avv_typ=" in page.url
    assert page.locator('[data-testid="stPlotlyChart"]', has_text="Avvikelser per enhet").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0


def test_download_holds_the_table_shown(server: str, page, demo_db: Path) -> None:
    from analytics import contract, db
    from analytics.analyses import deviations
    from analytics.filters import Filters, Period

    open_page(page, f"{server}/avvikelser?ar=2022")
    # the compliance table's button, by its key (the year series' tables follow it since issue 9)
    button = page.locator(".st-key-avv_compliance_csv").get_by_role("button", name="Ladda ned CSV")
    with page.expect_download() as info:
        button.click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    about, table = text.split("\n\n", 1)  # what the file holds, then the table
    assert "Period;2022 (2022-01-01 – 2022-12-31)" in about.splitlines()
    assert info.value.suggested_filename == "utredning_uppfoljning_2022.csv"
    rows = list(csv.DictReader(io.StringIO(table), delimiter=";"))

    conn = db.connect_readonly(demo_db)
    try:
        expected = deviations.compliance_by_domain(conn, Filters.build(Period.calendar_year(2022)))
    finally:
        conn.close()
    assert [r["Område"] for r in rows] == [contract.DOMAINS[d] for d in expected["domain"]]
    assert [int(r["Antal"]) for r in rows] == expected["count"].tolist()


def test_clicking_a_bar_drills_down_on_the_falls_page(server: str, page) -> None:
    open_page(page, f"{server}/fall?ar=2022")
    chart = page.locator(
        '[data-testid="stPlotlyChart"]', has_text="Fallavvikelser per verksamhetstyp och regi"
    )
    bar = chart.locator("g.point path").last
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("button", name="Alla verksamhetstyper").wait_for()
    assert "fall_typ=" in page.url
    assert page.locator('[data-testid="stPlotlyChart"]', has_text="Fallavvikelser per enhet").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
