"""Time every analytics function and the whole key-figures export; print medians.

    .venv/bin/python benchmarks/analytics_bench.py                 # demo at scale 1 and 20
    .venv/bin/python benchmarks/analytics_bench.py --scales 1      # only scale 1
    .venv/bin/python benchmarks/analytics_bench.py --db data/kvalitet.duckdb
    .venv/bin/python benchmarks/analytics_bench.py --passes 3     # median over 3 passes

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

from analytics.db import connect_readonly  # noqa: E402
from analytics.filters import Filters, Period  # noqa: E402

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
            module = importlib.import_module(f"analytics.analyses.{name}")
        except ImportError as e:
            print(f"(hoppar över analytics.analyses.{name}: {e})")
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


def bench(db: Path, label: str, runs: int, period: Period, passes: int = 1) -> None:
    """Print the median of `runs` calls per function; with passes > 1, the median over that
    many passes through all functions (a burst of load on a shared machine then hits one pass
    of every function rather than all calls of one)."""
    from analytics.export import figures

    conn = connect_readonly(db)
    f = Filters.build(period)
    how = f"median of {runs} runs" + (f", median over {passes} passes" if passes > 1 else "")
    print(f"\n== {label}: {db} ({period.start} – {period.end}), {how} ==")
    print(f"load average: {_load()}; {os.cpu_count()} kärnor")
    functions = list(discover())
    others: list[tuple[str, Callable]] = [
        ("figures (hela exporten, json)", lambda conn, f: figures.to_json(figures.key_figures(conn, f)))
    ]
    for name, kwargs in EXTRA_CALLS:
        module, fname = name.split(".")
        fn = getattr(importlib.import_module(f"analytics.analyses.{module}"), fname)
        call = functools.partial(fn, **kwargs)
        others.append((f"{name}({', '.join(f'{k}={v}' for k, v in kwargs.items())})  (extra)", call))
    samples: dict[str, list[float]] = {name: [] for name, _ in functions + others}
    for _ in range(passes):
        for name, fn in functions + others:
            samples[name].append(median_ms(lambda fn=fn: fn(conn, f), runs))
    ms_of = {name: statistics.median(values) for name, values in samples.items()}
    width = max(len(n) for n in ms_of)
    for name, _ in functions:
        flag = "" if ms_of[name] < TARGET_MS else f"  (över {TARGET_MS:.0f} ms)"
        print(f"{name:<{width}}  {ms_of[name]:8.1f} ms{flag}")
    for name, _ in others:
        print(f"{name:<{width}}  {ms_of[name]:8.1f} ms")
    times = [ms_of[name] for name, _ in functions]
    print(
        f"{len(times)} funktioner; långsammast {max(times):.1f} ms, median "
        f"{statistics.median(times):.1f} ms; över {TARGET_MS:.0f} ms: {sum(t >= TARGET_MS for t in times)}"
    )
    print(f"load average: {_load()}")
    conn.close()


def demo_db(scale: int, workdir: Path) -> Path:
    from analytics import demo
    from analytics.ingest import load

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
    parser.add_argument("--runs", type=int, default=7, help="anrop per funktion och varv (standard 7)")
    parser.add_argument(
        "--passes", type=int, default=1, help="varv genom alla funktioner; median över varven (standard 1)"
    )
    parser.add_argument("--from", dest="date_from", default="2022-01-01")
    parser.add_argument("--to", dest="date_to", default="2022-12-31")
    args = parser.parse_args(argv)
    period = Period(date.fromisoformat(args.date_from), date.fromisoformat(args.date_to))
    if args.db:
        bench(Path(args.db), "databas", args.runs, period, args.passes)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            bench(demo_db(scale, Path(tmp)), f"demo skala {scale}", args.runs, period, args.passes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
