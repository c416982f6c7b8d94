"""How load, pages and figures scale with the number of MCSS signing events; ratios in one run.

    .venv/bin/python benchmarks/scale_bench.py                       # demo scale 1, events 1 and 3
    .venv/bin/python benchmarks/scale_bench.py --cases 1,e1,e5 --repeat 3
    .venv/bin/python benchmarks/scale_bench.py --cases e2 --tmp /tmp/scale

A case is a demo scale, `N` (signings as monthly counts, as the demo writes them) or `eN` (one
row per signing, as MCSS exports them: `python -m analytics demo --events`, about 1.6 million
signing rows per scale unit over three years). For each case, each step in its own process:

- load: `load_folder` seconds and peak RSS (ru_maxrss of the loading process);
- pages: every page's server-side render time (Streamlit AppTest, as pages_bench.py does), cold
  (empty caches) and warm (median of --repeat reruns);
- figures: `python -m analytics figures` for 2022, wall seconds.

Prints figures and ratios against the first case; never asserted in tests. The machine is
shared: the load average is printed before and after. Scales above 5 are refused here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

MAX_SCALE_HERE = 5


def _child(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} misslyckades:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load(folder: str, db: str) -> dict:
    from analytics.ingest import load

    started = time.perf_counter()
    summary = load.load_folder(Path(folder), Path(db))
    seconds = time.perf_counter() - started
    signings = next((t.rows for t in summary.tables if t.table == "signings"), 0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_rss_mb": peak_mb, "signing_rows": signings, "rows": summary.rows}


def _pages(db: str, repeat: int) -> dict:
    import logging

    import pages_bench

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ["KVALITET_DB"] = db
    out = {}
    for page in pages_bench.pages():
        cold, warm = pages_bench.bench_page(page, repeat)
        out[page] = {"cold_ms": cold, "warm_ms": statistics.median(warm)}
    return out


def _figures(db: str) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "figures",
            "--db",
            db,
            "--from",
            "2022-01-01",
            "--to",
            "2022-12-31",
        ],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr.decode()[-2000:])
    return {"seconds": time.perf_counter() - started}


def _case(name: str) -> tuple[int, bool]:
    events = name.startswith("e")
    scale = int(name.removeprefix("e"))
    if not 1 <= scale <= MAX_SCALE_HERE:
        raise SystemExit(f"skala {scale}: högst {MAX_SCALE_HERE} här (maskinen är delad)")
    return scale, events


def run_case(name: str, work: Path, repeat: int) -> dict:
    scale, events = _case(name)
    folder, db = work / f"demo-{name}", work / f"demo-{name}.duckdb"
    if not folder.exists():
        cmd = [sys.executable, "-m", "analytics", "demo", "--out", str(folder), "--scale", str(scale)]
        subprocess.run([*cmd, *(["--events"] if events else [])], cwd=ROOT, check=True, capture_output=True)
    loaded = _child("--_load", str(folder), str(db))
    pages = _child("--_pages", str(db), str(repeat))
    figures = _child("--_figures", str(db))
    return {"load": loaded, "pages": pages, "figures": figures}


def _ms(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def report(results: dict[str, dict]) -> None:
    names = list(results)
    base = results[names[0]]
    print(
        f"\n{'fall':<6} {'signeringsrader':>15} {'laddning s':>10} {'topp-RSS MB':>11} "
        f"{'kallaste sida ms':>26} {'varm max ms':>11} {'figures s':>9}"
    )
    for name in names:
        r = results[name]
        coldest = max(r["pages"].items(), key=lambda kv: kv[1]["cold_ms"])
        warm = max(p["warm_ms"] for p in r["pages"].values())
        load = r["load"]
        page = f"{_ms(coldest[1]['cold_ms']):>8} ({Path(coldest[0]).stem:<15})"
        print(
            f"{name:<6} {load['signing_rows']:>15,} {load['seconds']:>10.1f} {load['peak_rss_mb']:>11.0f} "
            f"{page} {_ms(warm):>11} {r['figures']['seconds']:>9.2f}"
        )
    print(f"\nKvoter mot {names[0]} (samma körning):")
    for name in names[1:]:
        r = results[name]
        rows = r["load"]["signing_rows"] / max(base["load"]["signing_rows"], 1)
        cold = max(p["cold_ms"] for p in r["pages"].values()) / max(
            p["cold_ms"] for p in base["pages"].values()
        )
        load = r["load"]["seconds"] / base["load"]["seconds"]
        print(
            f"  {name}: signeringsrader ×{rows:.1f}, laddning ×{load:.2f}, "
            f"topp-RSS ×{r['load']['peak_rss_mb'] / base['load']['peak_rss_mb']:.2f}, "
            f"kallaste sida ×{cold:.2f}, figures ×{r['figures']['seconds'] / base['figures']['seconds']:.2f}"
        )
    print("\nPer sida, kall / varm (ms):")
    for page in base["pages"]:
        times = {name: results[name]["pages"][page] for name in names}
        cells = "  ".join(f"{n}: {_ms(t['cold_ms'])}/{_ms(t['warm_ms'])}" for n, t in times.items())
        print(f"  {Path(page).stem:<20} {cells}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--_load":
        print(json.dumps(_load(argv[1], argv[2])))
        return 0
    if argv and argv[0] == "--_pages":
        print(json.dumps(_pages(argv[1], int(argv[2]))))
        return 0
    if argv and argv[0] == "--_figures":
        print(json.dumps(_figures(argv[1])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="1,e1,e3", help="kommaseparerade fall: N eller eN (högst 5)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tmp", type=Path, default=None, help="behåll demomappar och databaser här")
    args = parser.parse_args(argv)
    names = [c.strip() for c in args.cases.split(",") if c.strip()]
    for name in names:
        _case(name)
    print(f"Belastning före: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} kärnor")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.tmp or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name in names:
            results[name] = run_case(name, work, args.repeat)
            print(f"  {name} klar (belastning {os.getloadavg()[0]:.2f})")
    report(results)
    print(f"\nBelastning efter: {os.getloadavg()[0]:.2f} (1 min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
