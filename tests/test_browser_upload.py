"""The upload page in a real browser: a malformed upload is refused with file, row, column and
value and leaves the database unchanged; a valid upload replaces it while the server keeps
serving; a zip in a source system's own layout loads through an import profile. The load
history on the Data page shows each attempt."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from browser_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

from analytics.ingest import profiles
from tests.folders import base_tables, sha256, write_folder
from tests.test_profiles import BENCHMARKS, foreign_folder

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def paths(base_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The served database (a copy of the base database), the history and the profile folder."""
    root = tmp_path_factory.mktemp("upload")
    db = root / "db" / "kvalitet.duckdb"
    db.parent.mkdir()
    shutil.copy(base_db, db)
    profile_dir = root / "profiles"
    profile_dir.mkdir()
    viva, kia = profiles.load("viva_avvikelser"), profiles.load("kia_arbetsmiljo")
    test_profile = profiles.Profile("Testexport", 1, viva.files + kia.files + (BENCHMARKS,))
    profiles.save(test_profile, profile_dir)
    return {"db": db, "history": root / "load_history.jsonl", "profiles": profile_dir, "root": root}


@pytest.fixture(scope="module")
def server(paths: dict[str, Path]) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} saknas (make test installerar den)")
    env = {"KVALITET_LOAD_HISTORY": str(paths["history"]), "KVALITET_PROFILES": str(paths["profiles"])}
    with streamlit_server(paths["db"], env=env) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, locale="sv-SE")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    yield tab
    context.close()


def settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def upload(page, server: str, files: list[Path], profile: str | None = None) -> str:
    """Open the upload page, choose files (and a profile), press the button; the page's text."""
    page.goto(f"{server}/uppladdning", wait_until="domcontentloaded")
    page.wait_for_selector("h1")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzone"] button').wait_for()
    # The uploader's English "Upload" is drawn at size 0 with "Välj filer" after it, and its
    # English size line is not displayed.
    shown = page.evaluate(
        """() => {
            const p = document.querySelector('[data-testid="stFileUploaderDropzone"] button p');
            return [p.innerText, getComputedStyle(p).fontSize, getComputedStyle(p, '::after').content];
        }"""
    )
    assert shown == ["Upload", "0px", '"Välj filer"']
    assert not page.get_by_text("per file", exact=False).is_visible()
    page.locator("input[type=file]").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="Kontrollera och ladda").wait_for()
    settle(page)
    if profile:
        page.locator('[data-testid="stSelectbox"]', has_text="Importprofil").click()
        page.get_by_role("option", name=profile).click()
        settle(page)
    page.get_by_role("button", name="Kontrollera och ladda").click()
    outcome = re.compile("Inget laddades:|Laddningen godkändes")
    page.locator('[data-testid="stAlert"]', has_text=outcome).first.wait_for()
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page.locator("body").inner_text()


def _deviations(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from deviations").fetchall()[0][0]


def test_a_malformed_upload_is_refused_and_the_database_is_unchanged(server, page, paths) -> None:
    tables = base_tables()
    tables["deviations"][1]["category"] = "lakemedl"
    folder = write_folder(paths["root"] / "bad", tables)
    before = sha256(paths["db"])
    text = upload(page, server, sorted(folder.iterdir()))
    assert "Inget laddades: 1 fel. Databasen är oförändrad." in text
    table = page.locator('[data-testid="stTable"]').last.inner_text()
    for shown in ("deviations.csv", "3", "category", '"lakemedl"', "okänd kod"):
        assert shown in table
    assert sha256(paths["db"]) == before


def test_a_valid_upload_replaces_the_database(server, page, paths) -> None:
    tables = base_tables()
    extra = dict(tables["deviations"][0], deviation_id="D4", description="Ny")
    tables["deviations"].append(extra)
    folder = write_folder(paths["root"] / "good", tables)
    assert _deviations(paths["db"]) == 3
    text = upload(page, server, sorted(folder.iterdir()))
    assert "Laddningen godkändes och databasen är utbytt" in text
    assert _deviations(paths["db"]) == 4
    page.goto(f"{server}/data", wait_until="domcontentloaded")  # the server still serves, on new data
    page.wait_for_selector("h1")
    settle(page)
    history = page.locator('[data-testid="stTable"]', has_text="Uppladdning").first.inner_text()
    assert "Godkänd" in history and "Avvisad" in history


def test_a_zip_in_a_foreign_layout_loads_through_a_profile(server, page, paths) -> None:
    profile = profiles.load(paths["profiles"] / "testexport.toml")
    folder = foreign_folder(paths["root"] / "foreign", profile)
    archive = paths["root"] / "export.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.iterdir()):
            z.write(f, f"export/{f.name}")
    archive.write_bytes(buf.getvalue())
    text = upload(page, server, [archive], profile="Testexport (version 1)")
    assert "Laddningen godkändes" in text, text[-2000:]
    assert _deviations(paths["db"]) == 3
    with duckdb.connect(str(paths["db"]), read_only=True) as con:
        files = {
            r[0]
            for r in con.execute(
                "select file from load_log where load_id = (select max(load_id) from load_log)"
            ).fetchall()
        }
    assert "Avvikelser_2022.csv" in files


def test_an_unknown_export_is_mapped_and_saved_as_a_new_profile(server, page, paths) -> None:
    profile = profiles.load(paths["profiles"] / "testexport.toml")
    folder = foreign_folder(paths["root"] / "unknown", profile)
    renamed = folder / "Kia_rapport_2022.csv"  # not the test profile's pattern
    (folder / "kia_export.csv").rename(renamed)
    page.goto(f"{server}/uppladdning", wait_until="domcontentloaded")
    page.wait_for_selector("h1")
    settle(page)
    page.locator("input[type=file]").set_input_files([str(renamed)])
    page.get_by_text("Koder i", exact=False).first.wait_for()
    settle(page)
    page.get_by_label("Profilens namn").fill("Kia från test")
    page.get_by_label("Profilens namn").press("Enter")
    settle(page)
    page.get_by_role("button", name="Spara profilen").click()
    page.get_by_text("Profilen sparades som kia_fran_test.toml").wait_for()
    saved = profiles.load(paths["profiles"] / "kia_fran_test.toml")
    (rule,) = saved.files
    assert rule.table == "work_incidents"
    assert rule.columns["Händelsedatum"] == "date" and rule.columns["Händelsetyp"] == "kind"
    assert rule.codes["kind"]["Tillbud"] == "tillbud"
    assert "%Y-%m-%d %H:%M" in rule.date_formats
