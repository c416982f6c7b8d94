"""The action register's free text in a real browser: a hostile title, description and
evaluation are shown as text on the Åtgärder page, and nothing in them runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_server import CHROMIUM, streamlit_server
from test_browser_escaping import assert_nothing_ran, page, settle  # noqa: F401 (the page fixture)

from analytics.stores.actions import ActionStore, Actor

pytestmark = pytest.mark.browser

TITLE = "<img src=x onerror=\"alert('xss')\"> Fallrond"
DESCRIPTION = "<script>alert('xss')</script> nattetid **fet** [länk](http://example.com)"


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as analytiker on the demo, with a register holding one hostile action."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} saknas (make test installerar den)")
    folder = tmp_path_factory.mktemp("browser_actions")
    url = f"sqlite:///{folder / 'actions.sqlite'}"
    with ActionStore(url) as store:
        store.create(
            Actor("anna", "analytiker"),
            title=TITLE,
            description=DESCRIPTION,
            units=["U001"],
            status="utvarderad",
            completed_date="2022-03-15",
            effect_text=DESCRIPTION,
            effect_measure="falls_per_brukare_month",
        )
    env = {
        "KVALITET_ROLE": "analytiker",
        "KVALITET_ACCESS_LOG": str(folder / "access.jsonl"),
        "KVALITET_ACTIONS_URL": url,
    }
    with streamlit_server(demo_db, env=env) as address:
        yield address


def test_hostile_action_text_is_shown_as_text_and_never_runs(server: str, page) -> None:  # noqa: F811
    page.goto(f"{server}/atgarder?ar=2022")
    settle(page)
    chooser = page.get_by_label("Välj åtgärd")
    chooser.click()
    page.keyboard.type("Fallrond")
    page.keyboard.press("Enter")
    page.get_by_text("Visa beskrivning och utvärdering").click()
    shown = page.locator('[data-testid="stText"]', has_text="nattetid")
    shown.first.wait_for()
    assert [t.strip() for t in shown.all_inner_texts()] == [DESCRIPTION, DESCRIPTION]
    title = page.locator('[data-testid="stText"]', has_text="Fallrond")
    assert title.first.inner_text().strip() == TITLE
    assert page.locator("strong", has_text="fet").count() == 0  # no Markdown either
    assert_nothing_ran(page)
