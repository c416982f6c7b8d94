"""Server-side render time of every dashboard page (AppTest run time); prints medians.

    .venv/bin/python benchmarks/pages_bench.py                  # demo at scale 1 and 20
    .venv/bin/python benchmarks/pages_bench.py --scales 1 --repeat 5
    .venv/bin/python benchmarks/pages_bench.py --db data/kvalitet.duckdb

For each page: one cold run (empty caches: every query runs), then --repeat runs with a warm
cache (what a user sees when changing page or touching a widget that does not change the
filters). The demo is generated and loaded into a temporary folder with the product's own
generator and loader. Prints figures only; speed is never asserted in tests.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

QUERY = {"ar": "2022"}


def pages() -> list[str]:
    return sorted(f"views/{p.name}" for p in (ROOT / "views").glob("*.py") if p.name != "__init__.py")


def build_demo(work: Path, scale: int) -> Path:
    from analytics import demo
    from analytics.ingest import load

    folder = work / f"demo{scale}"
    started = time.perf_counter()
    demo.generate(folder, scale=scale, seed=demo.DEFAULT_SEED)
    db = work / f"demo{scale}.duckdb"
    load.load_folder(folder, db)
    print(f"  demo skala {scale}: genererad och laddad på {time.perf_counter() - started:.1f} s")
    return db


def bench_page(page: str, repeat: int) -> tuple[float, list[float]]:
    """(cold ms, warm ms list) for one page."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params.update(QUERY)
    at.run()
    at.switch_page(page)
    st.cache_data.clear()  # the first run filled the caches for the landing page
    st.cache_resource.clear()
    started = time.perf_counter()
    at.run()
    cold = (time.perf_counter() - started) * 1000
    if at.exception or at.error:
        print(f"  VARNING: {page} visade fel: {[e.value for e in (*at.exception, *at.error)]}")
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        at.run()
        warm.append((time.perf_counter() - started) * 1000)
    return cold, warm


def bench_database(db: Path, repeat: int) -> None:
    os.environ["KVALITET_DB"] = str(db)
    print(f"  {'sida':<28} {'kall (ms)':>10} {'varm median (ms)':>17} {'varm max (ms)':>14}")
    for page in pages():
        cold, warm = bench_page(page, repeat)
        print(f"  {page:<28} {cold:>10.0f} {statistics.median(warm):>17.0f} {max(warm):>14.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="en befintlig databas i stället för demo")
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 20])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    if args.db is not None:
        print(f"Databas {args.db}")
        bench_database(args.db, args.repeat)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            print(f"Demo, skala {scale}")
            bench_database(build_demo(Path(tmp), scale), args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
