"""Time every analytics function and the whole key-figures export; print medians.

    .venv/bin/python benchmarks/analytics_bench.py                 # demo at scale 1 and 20
    .venv/bin/python benchmarks/analytics_bench.py --scales 1      # only scale 1
    .venv/bin/python benchmarks/analytics_bench.py --db data/kvalitet.duckdb

Also prints the load average before and after each database, and EXTRA_CALLS (calls with
non-default arguments, e.g. the free-text list without its row limit) after the functions.

Functions are discovered: every public function of the analytics modules below whose first two
parameters are (conn, f). The demo is generated and loaded into a temporary directory with the
product's own generator and loader. The target is under 100 ms per function at scale 1; the
script prints figures and asserts nothing (speed is never asserted in tests).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.filters import Filters, Period  # noqa: E402
from analytics.store import connect_readonly  # noqa: E402

MODULES = (
    "deviations",
    "rates",
    "falls",
    "violence",
    "trends",
    "signing",
    "complaints",
    "survey",
    "overview",
)
TARGET_MS = 100.0
# Values for required parameters beyond (conn, f), by parameter name.
EXAMPLE_ARGS: dict[str, object] = {
    "attribute": "consequence",
    "kind": "all",
    "key": "fall",
    "task_kind": "lakemedel",
}
# Calls outside the defaults, printed after the functions and not counted in their median:
# the free-text list without its row limit (what LIST_LIMIT saves).
EXTRA_CALLS: tuple[tuple[str, dict[str, object]], ...] = (("deviations.deviation_list", {"limit": None}),)


def discover() -> list[tuple[str, Callable]]:
    """(module.function, call) for every analytics function taking (conn, f, ...).

    Required parameters after (conn, f) get their value from EXAMPLE_ARGS; a function needing
    one not there is reported and skipped.
    """
    found = []
    for name in MODULES:
        try:
            module = importlib.import_module(f"analytics.{name}")
        except ImportError as e:
            print(f"(hoppar över analytics.{name}: {e})")
            continue
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fname.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = inspect.signature(fn).parameters
            if list(params)[:2] != ["conn", "f"]:
                continue
            required = [
                p
                for p in list(params.values())[2:]
                if p.default is inspect.Parameter.empty and p.kind != p.VAR_KEYWORD
            ]
            missing = [p.name for p in required if p.name not in EXAMPLE_ARGS]
            if missing:
                print(f"(hoppar över {name}.{fname}: inget exempelvärde för {', '.join(missing)})")
                continue
            extra = {p.name: EXAMPLE_ARGS[p.name] for p in required}
            found.append((f"{name}.{fname}", functools.partial(fn, **extra)))
    return found


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: SQL files read and cached, DuckDB caches filled
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench(db: Path, label: str, runs: int, period: Period) -> None:
    from analytics import figures

    conn = connect_readonly(db)
    f = Filters.build(period)
    print(f"\n== {label}: {db} ({period.start} – {period.end}), median of {runs} runs ==")
    print(f"load average: {_load()}; {os.cpu_count()} kärnor")
    rows = []
    for name, fn in discover():
        rows.append((name, median_ms(lambda fn=fn: fn(conn, f), runs)))
    width = max(len(n) for n, _ in rows)
    for name, ms in rows:
        flag = "" if ms < TARGET_MS else f"  (över {TARGET_MS:.0f} ms)"
        print(f"{name:<{width}}  {ms:8.1f} ms{flag}")
    total = median_ms(lambda: figures.to_json(figures.key_figures(conn, f)), max(3, runs // 2))
    print(f"{'figures (hela exporten, json)':<{width}}  {total:8.1f} ms")
    for name, kwargs in EXTRA_CALLS:
        module, fname = name.split(".")
        call = functools.partial(getattr(importlib.import_module(f"analytics.{module}"), fname), **kwargs)
        label = f"{name}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
        print(f"{label:<{width}}  {median_ms(lambda call=call: call(conn, f), runs):8.1f} ms  (extra)")
    print(
        f"{len(rows)} funktioner; långsammast {max(ms for _, ms in rows):.1f} ms, median "
        f"{statistics.median(ms for _, ms in rows):.1f} ms; "
        f"över {TARGET_MS:.0f} ms: {sum(ms >= TARGET_MS for _, ms in rows)}"
    )
    print(f"load average: {_load()}")
    conn.close()


def demo_db(scale: int, workdir: Path) -> Path:
    from analytics import demo, load

    folder = workdir / f"demo_{scale}"
    folder.mkdir()
    start = time.perf_counter()
    demo.generate(folder, scale=scale, seed=demo.DEFAULT_SEED)
    db = workdir / f"demo_{scale}.duckdb"
    load.load_folder(folder, db)
    print(f"(demo i skala {scale} skapad och laddad på {time.perf_counter() - start:.1f} s)")
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="mät mot denna databas i stället för demodata")
    parser.add_argument("--scales", default="1,20", help="demoskalor, kommaseparerade (standard 1,20)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--from", dest="date_from", default="2022-01-01")
    parser.add_argument("--to", dest="date_to", default="2022-12-31")
    args = parser.parse_args(argv)
    period = Period(date.fromisoformat(args.date_from), date.fromisoformat(args.date_to))
    if args.db:
        bench(Path(args.db), "databas", args.runs, period)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            bench(demo_db(scale, Path(tmp)), f"demo skala {scale}", args.runs, period)
    return 0


if __name__ == "__main__":
    sys.exit(main())
