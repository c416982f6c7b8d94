"""Why the page scripts live in views/ and not pages/: a deep link on a freshly started server.

    .venv/bin/python scripts/pages_deeplink_check.py [--db data/kvalitet.duckdb]

Copies the work tree to a temporary folder twice, as it is (views/) and with views/ renamed to
pages/, starts `streamlit run app.py` for each on a free port and makes the server's very first
request a deep link (/fall?ar=2022) in headless Chromium. It prints, for each layout, whether the
page ran through app.py (its title "Fall", the sidebar filters) or as a legacy page (Streamlit's
own file-name navigation, no filters, no content), and saves a screenshot of each.

Checked on 2026-11-29 with the pinned Streamlit 1.67: views/ runs the page through app.py;
pages/ still opens a legacy page with a blank body. So views/ stays. Not a test (it starts two
servers and a browser); run it again when Streamlit is upgraded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_server import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402


def _copy(into: Path, as_pages: bool) -> Path:
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    if as_pages:
        (into / "views").rename(into / "pages")
        for path in [into / "ui" / "pages.py", *(into / "pages").glob("*.py")]:
            text = path.read_text(encoding="utf-8")
            text = text.replace('ROOT / "views"', 'ROOT / "pages"').replace('"views/', '"pages/')
            path.write_text(text.replace('f"views/{', 'f"pages/{'), encoding="utf-8")
    return into


def _first_request_is_a_deep_link(tree: Path, db: Path, shot: Path) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "KVALITET_DB": str(db), "KVALITET_ACCESS_LOG": str(tree / "access.jsonl")}
    command = [sys.executable, "-m", "streamlit", "run", str(tree / "app.py"), "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--browser.gatherUsageStats", "false"]
    server = subprocess.Popen(
        command,
        cwd=tree,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(f"http://127.0.0.1:{port}/fall?ar=2022")
            page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=60_000)
            time.sleep(8)  # let the script run finish
            found = {
                "title": page.locator("h1").all_inner_texts(),
                "sidebar_filters": page.locator(
                    '[data-testid="stSidebar"] [data-testid="stSelectbox"]'
                ).count(),
                "nav_links": page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts(),
            }
            page.screenshot(path=str(shot))
            browser.close()
        return found
    finally:
        os.killpg(server.pid, signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "kvalitet.duckdb")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for layout in ("views", "pages"):
            tree = _copy(Path(tmp) / layout, as_pages=layout == "pages")
            shot = Path(tempfile.gettempdir()) / f"deeplink-{layout}.png"
            found = _first_request_is_a_deep_link(tree, args.db.resolve(), shot)
            through_app = found["title"] == ["Fall"] and found["sidebar_filters"] > 0
            verdict = "genom app.py (rätt)" if through_app else "som gammaldags sida (fel)"
            print(f"{layout + '/':<7} djuplänk /fall på nystartad server: {verdict}; {found}; bild {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
