"""Time the nämnd report for a year: build (analytics), charts (kaleido + chromium), DOCX, PDF, XLSX.

    .venv/bin/python benchmarks/report_bench.py                    # demo at scale 1, year 2022
    .venv/bin/python benchmarks/report_bench.py --scales 1,5
    .venv/bin/python benchmarks/report_bench.py --db data/kvalitet.duckdb --from 2022-01-01 --to 2022-12-31
    .venv/bin/python benchmarks/report_bench.py --runs 3            # median over 3 runs

Each run builds the report from scratch (key figures, the analyses, the year series), renders
its charts once in one chromium, then writes the three formats from the same model; `docx total`
and `pdf total` are `make_report` as `python -m analytics report` runs it (chromium starting while
the report is built, so less than the sum of the steps). The
target is under 10 s for the DOCX or PDF including charts at scale 1. Prints figures, asserts
nothing; the load average is printed before and after (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.db import connect_readonly  # noqa: E402
from analytics.export.report import build_report, draw_charts, make_report, render, write  # noqa: E402
from analytics.filters import Filters, Period  # noqa: E402


def demo_database(work: Path, scale: int) -> Path:
    from analytics import demo
    from analytics.ingest import load

    folder = work / f"demo{scale}"
    demo.generate(folder, scale=scale, seed=demo.DEFAULT_SEED)
    db = work / f"demo{scale}.duckdb"
    load.load_folder(folder, db)
    return db


def one_run(db: Path, period: Period) -> dict[str, float]:
    times: dict[str, float] = {}
    conn = connect_readonly(db)
    try:
        start = time.perf_counter()
        report = build_report(conn, Filters.build(period))
        times["build"] = time.perf_counter() - start
        t = time.perf_counter()
        draw_charts(report)  # a browser of its own: start-up included
        times["charts (svg)"] = time.perf_counter() - t
        for note in report.omitted:
            print(f"  Obs: {note}")
        for fmt in ("docx", "pdf", "xlsx"):
            t = time.perf_counter()
            write(report, fmt)
            times[fmt] = time.perf_counter() - t
        # What `python -m analytics report` costs: chromium starts while the report is built.
        for fmt in ("docx", "pdf"):
            t = time.perf_counter()
            make_report(conn, Filters.build(period), "nämnd", fmt)
            times[f"{fmt} total"] = time.perf_counter() - t
        times["charts"] = len(report.charts())
        times["tables"] = len(report.tables())
    finally:
        conn.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default=None)
    parser.add_argument("--scales", default="1")
    parser.add_argument("--from", dest="date_from", default="2022-01-01")
    parser.add_argument("--to", dest="date_to", default="2022-12-31")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    period = Period(date.fromisoformat(args.date_from), date.fromisoformat(args.date_to))
    print(f"chromium: {render.browser_path() or 'saknas (diagrammen utelämnas)'}")
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        targets = (
            [("--db", Path(args.db))]
            if args.db
            else [(f"scale {s}", demo_database(Path(tmp), int(s))) for s in args.scales.split(",")]
        )
        for name, db in targets:
            print(f"\n{name}: {db.name}, period {period.start} – {period.end}, load {os.getloadavg()[0]:.1f}")
            runs = [one_run(db, period) for _ in range(args.runs)]
            for key in runs[0]:
                values = [r[key] for r in runs]
                if key in ("charts", "tables"):
                    print(f"  {key:<14} {int(values[0])}")
                else:
                    each = ", ".join(f"{v:.2f}" for v in values)
                    print(f"  {key:<14} median {statistics.median(values):6.2f} s   (runs: {each})")
            print(f"  load after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
