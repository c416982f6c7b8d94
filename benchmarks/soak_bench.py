"""Soak test: N browser sessions against one local server for M minutes; prints figures.

    .venv/bin/python benchmarks/soak_bench.py --sessions 2 --minutes 1        # smoke
    .venv/bin/python benchmarks/soak_bench.py --sessions 8 --minutes 6
    .venv/bin/python benchmarks/soak_bench.py --sessions 16 --minutes 4 --db data/kvalitet.duckdb

Each session is a Playwright page in Debian's chromium (its own browser context, like a user)
that opens a random page, changes the period, clicks a bar to drill down, goes back up, and so
on, waiting after each action until Streamlit has settled (no "running" indicator). All sessions
start at the same moment, so the first loads are simultaneous.

Reported: actions, errors (an exception or error box on the page), timeouts (no settle within
--timeout), settle time p50/p90/p99, the server's RSS (process tree) at start, at peak and
--idle seconds after the sessions closed, and the server's CPU seconds per action. Without
--db the scale-1 demo is generated and loaded into a temporary folder. Speed is never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PAGES = ["", "avvikelser", "hot-och-vald", "fall", "lss-och-sol", "lakemedel", "synpunkter", "data"]
DRILL_CHARTS = {
    "avvikelser": "Avvikelser per verksamhetstyp",
    "fall": "Fallavvikelser per verksamhetstyp",
    "hot-och-vald": "Hot och våld per verksamhetstyp",
}
YEARS = ["2020", "2021", "2022"]


@dataclass
class Stats:
    settle: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    timeouts: int = 0
    stale: int = 0  # a click on a bar that a rerun had just replaced: the user clicks again
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float) -> None:
        with self.lock:
            self.settle.append(seconds)


def _tree(pid: int) -> list[int]:
    """pid and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def cpu_seconds(pid: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total / ticks


def settle(page, timeout_ms: int) -> None:
    page.wait_for_timeout(150)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )


def session(n: int, url: str, browser, until: float, stats: Stats, timeout_ms: int) -> None:
    rng = random.Random(1000 + n)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    current = ""
    try:
        while time.monotonic() < until:
            action = rng.choice(["page", "page", "period", "drill"])
            started = time.monotonic()
            try:
                if action == "page" or not page.url.startswith(url):
                    current = rng.choice(PAGES)
                    page.goto(f"{url}/{current}?ar={rng.choice(YEARS)}", wait_until="domcontentloaded")
                    page.wait_for_selector("h1", timeout=timeout_ms)
                elif action == "period":
                    page.goto(f"{url}/{current}?ar={rng.choice(YEARS)}", wait_until="domcontentloaded")
                    page.wait_for_selector("h1", timeout=timeout_ms)
                else:
                    title = DRILL_CHARTS.get(current)
                    if title is None:
                        continue
                    bars = page.locator('[data-testid="stPlotlyChart"]', has_text=title).locator(
                        "g.point path"
                    )
                    if bars.count() == 0:
                        continue
                    bar = bars.nth(rng.randrange(bars.count()))
                    bar.scroll_into_view_if_needed()
                    box = bar.bounding_box()
                    if box is None:
                        continue
                    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                settle(page, timeout_ms)
                stats.add(time.monotonic() - started)
                shown = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
                if shown.count():
                    stats.errors.append(f"{current}: {shown.first.inner_text()[:120]}")
            except Exception as exc:  # a timeout or a broken page: count it and go on
                if "Timeout" in type(exc).__name__ or "Timeout" in str(exc)[:80]:
                    stats.timeouts += 1
                elif "not attached to the DOM" in str(exc):
                    stats.stale += 1
                else:
                    stats.errors.append(f"{current}: {type(exc).__name__}: {str(exc)[:120]}")
    finally:
        context.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


def run(db: Path, sessions: int, minutes: float, idle: float, timeout_ms: int) -> None:
    from browser_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server
    from playwright.sync_api import sync_playwright

    print(f"Last (1 min) före: {os.getloadavg()[0]:.2f}")
    with streamlit_server(db) as url:
        pid = _server_pid(url)
        start_rss, peak = rss_mb(pid), 0.0
        cpu_start = cpu_seconds(pid)
        stats = Stats()
        stop_sampling = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop_sampling.is_set():
                peak = max(peak, rss_mb(pid))
                stop_sampling.wait(1.0)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        until = time.monotonic() + minutes * 60
        # Playwright's sync API is bound to its thread: one playwright and browser per session.
        threads = []
        barrier = threading.Barrier(sessions)

        def one(n: int) -> None:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    barrier.wait()  # all first loads at the same moment
                    session(n, url, browser, until, stats, timeout_ms)
                finally:
                    browser.close()

        for n in range(sessions):
            t = threading.Thread(target=one, args=(n,))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        cpu_used = cpu_seconds(pid) - cpu_start
        print(f"Sessionerna stängda; väntar {idle:.0f} s …")
        time.sleep(idle)
        stop_sampling.set()
        sampler.join()
        after = rss_mb(pid)
    actions = len(stats.settle)
    s = stats.settle
    print(f"{sessions} sessioner × {minutes:g} min")
    print(
        f"  åtgärder {actions}, fel {len(stats.errors)}, timeouts {stats.timeouts}, "
        f"klick på en stapel som just ritats om {stats.stale}"
    )
    print(
        f"  settle p50/p90/p99: {percentile(s, 50):.2f} / {percentile(s, 90):.2f} / {percentile(s, 99):.2f} s"
    )
    print(f"  server-RSS: start {start_rss:.0f} MB, topp {peak:.0f} MB, {idle:.0f} s efter {after:.0f} MB")
    if actions:
        print(f"  server-CPU per åtgärd: {cpu_used / actions * 1000:.0f} ms ({cpu_used:.1f} s totalt)")
    for e in stats.errors[:10]:
        print(f"  fel: {e}")
    print(f"Last (1 min) efter: {os.getloadavg()[0]:.2f}")


def _server_pid(url: str) -> int:
    """The streamlit process listening on the URL's port (from /proc/net/tcp and fds)."""
    port = int(url.rsplit(":", 1)[1])
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            for line in Path(table).read_text().splitlines()[1:]:
                parts = line.split()
                if int(parts[1].rsplit(":", 1)[1], 16) == port and parts[3] == "0A":  # LISTEN
                    inodes.add(parts[9])
        except OSError:
            continue
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(entry.name)
        except OSError:
            continue
    raise RuntimeError(f"ingen process lyssnar på port {port}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=2)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--idle", type=float, default=150.0, help="sekunder att vänta efter sessionerna")
    parser.add_argument("--timeout", type=float, default=60.0, help="sekunder per åtgärd")
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from analytics import demo
            from analytics.ingest import load

            folder = Path(tmp) / "demo"
            demo.generate(folder, scale=1, seed=demo.DEFAULT_SEED)
            db = Path(tmp) / "demo.duckdb"
            load.load_folder(folder, db)
        os.environ.setdefault("KVALITET_ACCESS_LOG", str(Path(tmp) / "access.jsonl"))
        run(db, args.sessions, args.minutes, args.idle, int(args.timeout * 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
