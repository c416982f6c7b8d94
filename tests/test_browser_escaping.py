"""Hostile free text in a real browser: the demo's descriptions with `<script>` and
`<img onerror>` are shown as text to the analytiker, and nothing in them runs.

Detection: Playwright's dialog event (alert opens one) and a flag set by a wrapped
window.alert, installed before any page script; and no element built from the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

from analytics.db import connect_readonly
from analytics.demo import texts

pytestmark = pytest.mark.browser

PAGE_TIMEOUT_MS = 60_000
WATCH = """
window.__xssFired = false;
const originalAlert = window.alert;
window.alert = function (...args) { window.__xssFired = true; return originalAlert.apply(window, args); };
"""


@pytest.fixture(scope="module")
def hostile(demo_db: Path) -> list[tuple[str, str, str, str]]:
    """(deviation_id, unit_id, unit_type, description) of the demo's hostile descriptions."""
    conn = connect_readonly(demo_db)
    try:
        rows = conn.execute(
            "select d.deviation_id, d.unit_id, u.unit_type, d.description from deviations d "
            "join units u using (unit_id) where contains(d.description, $s) "
            "or contains(d.description, $i) order by d.deviation_id",
            {"s": texts.HOSTILE_SCRIPT, "i": texts.HOSTILE_IMG},
        ).fetchall()
    finally:
        conn.close()
    assert len(rows) == 2
    return rows


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as analytiker (local mode) on the demo, with its own access log."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} saknas (make test installerar den)")
    log = tmp_path_factory.mktemp("log") / "access.jsonl"
    with streamlit_server(
        demo_db, env={"KVALITET_ROLE": "analytiker", "KVALITET_ACCESS_LOG": str(log)}
    ) as url:
        yield url


@pytest.fixture
def page(server: str):
    """A tab that records every dialog and has window.alert wrapped before any script runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
            tab.set_default_timeout(PAGE_TIMEOUT_MS)
            tab.dialogs = []
            tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
            tab.add_init_script(WATCH)
            yield tab
        finally:
            browser.close()


def settle(page) -> None:
    page.wait_for_selector("h1")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def assert_nothing_ran(page) -> None:
    page.wait_for_timeout(500)  # an onerror handler fires after the failed image load
    assert page.dialogs == []
    assert page.evaluate("window.__xssFired") is False
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("script", has_text="alert('xss')").count() == 0


def test_hostile_descriptions_are_shown_as_text_and_never_run(server: str, page, hostile) -> None:
    for deviation_id, unit_id, unit_type, description in hostile:
        page.goto(f"{server}/avvikelser?ar=2022&avv_typ={unit_type}&avv_enhet={unit_id}&avv_text=true")
        settle(page)
        chooser = page.get_by_label("Läs hela beskrivningen")
        chooser.click()
        page.keyboard.type(deviation_id)
        page.keyboard.press("Enter")
        shown = page.locator('[data-testid="stText"]', has_text=description)
        shown.wait_for()
        assert shown.inner_text().strip() == description
        assert_nothing_ran(page)


def test_hostile_complaint_in_the_list_never_runs(server: str, page) -> None:
    page.goto(f"{server}/synpunkter?ar=2022")
    settle(page)
    table = page.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    table.hover()
    page.mouse.wheel(0, 4000)  # draw the rows of the list
    assert_nothing_ran(page)
