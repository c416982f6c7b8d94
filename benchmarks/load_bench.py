"""Time demo generation and loading at several scales; print rows, seconds and peak memory.

    .venv/bin/python benchmarks/load_bench.py                  # scales 1, 20 and 100
    .venv/bin/python benchmarks/load_bench.py --scales 1,20    # skip the slow scale 100

For each scale, in a fresh temporary directory: `analytics.demo.generate(folder, scale)` and then
`analytics.load.load_folder(folder, db)`, each step in its own child process, so that the peak
resident memory (ru_maxrss of that process and its children) belongs to that step alone. Scale
100 takes several minutes and writes a few GB to the temporary directory (--tmp to choose where).
The script prints figures and asserts nothing (speed is never asserted in tests).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux; the step's own process plus any children it waited for.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _step(step: str, scale: int, workdir: Path) -> dict:
    """Run one step in this (child) process and return its figures."""
    folder = workdir / "demo"
    db = workdir / "demo.duckdb"
    if step == "demo":
        import pyarrow.parquet as pq

        from analytics import demo

        start = time.perf_counter()
        demo.generate(folder, scale=scale, seed=demo.DEFAULT_SEED)
        seconds = time.perf_counter() - start
        rows = sum(pq.ParquetFile(p).metadata.num_rows for p in sorted(folder.glob("*.parquet")))
        size = _size_mb(folder)
    else:
        from analytics.ingest import load

        start = time.perf_counter()
        summary = load.load_folder(folder, db)
        seconds = time.perf_counter() - start
        rows = summary.rows
        size = _size_mb(db)
    return {"seconds": seconds, "rows": rows, "peak_rss_mb": _peak_rss_mb(), "size_mb": size}


def _run_child(step: str, scale: int, workdir: Path) -> dict:
    cmd = [sys.executable, __file__, "--child", step, "--scales", str(scale), "--tmp", str(workdir)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{step} i skala {scale} misslyckades:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scales", default="1,20,100", help="demoskalor, kommaseparerade (standard 1,20,100)"
    )
    parser.add_argument("--tmp", help="katalog för temporära filer (standard: systemets)")
    parser.add_argument("--child", choices=("demo", "load"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]

    if args.child:
        print(json.dumps(_step(args.child, scales[0], Path(args.tmp))))
        return 0

    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} kärnor")
    header = (
        f"{'skala':>5}  {'steg':<5}  {'rader':>12}  {'sekunder':>9}  {'rader/s':>10}  "
        f"{'topp-RSS':>9}  {'storlek':>10}"
    )
    print(header)
    print("-" * len(header))
    for scale in scales:
        with tempfile.TemporaryDirectory(dir=args.tmp, prefix=f"load_bench_{scale}_") as tmp:
            for step in ("demo", "load"):
                r = _run_child(step, scale, Path(tmp))
                print(
                    f"{scale:>5}  {step:<5}  {r['rows']:>12,}  {r['seconds']:>9.1f}  "
                    f"{r['rows'] / r['seconds']:>10,.0f}  {r['peak_rss_mb']:>6,.0f} MB  "
                    f"{r['size_mb']:>7,.1f} MB".replace(",", " "),
                    flush=True,
                )
        print(f"       load average efter skala {scale}: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
