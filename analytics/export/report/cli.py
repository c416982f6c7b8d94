"""`python -m analytics report`: the nämnd report or the analysmöte pack as DOCX, PDF or XLSX."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
import time
from pathlib import Path

import duckdb

from analytics import privacy
from analytics.export import figures
from analytics.export.report import FORMATS, KINDS, Report, make_report
from analytics.export.report.provenance import supports_compare
from analytics.filters import Filters
from analytics.privacy import access_log


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument("--compare", choices=("year", "previous"), default=None)
    p.add_argument("--kind", choices=tuple(KINDS), default="nämnd")
    p.add_argument("--role", default="analytiker")
    p.add_argument("--units", default=None, help="kommaseparerade enhets-id (för --role chef)")
    p.add_argument("--format", choices=tuple(FORMATS), default="docx")
    p.add_argument("--out", default=None)


def _filters(args: argparse.Namespace) -> Filters:
    f = figures.filters_from_args(args)  # the same checks and scope as the figures export
    if args.compare is None:
        return f
    if supports_compare():
        return dataclasses.replace(f, compare=args.compare)
    if args.compare == "year":
        raise figures.UsageError(
            "--compare year kräver nyckeltal version 2 (jämförelse med samma period föregående år); "
            "denna version jämför med föregående period (--compare previous)."
        )
    return f


def log_brukare_access(report: Report, f: Filters, user: str, page: str = "rapport") -> None:
    """A report showing brukare ids is a view of them: one access-log entry, before delivery."""
    if report.brukare_level:
        access_log.log_view(user, f.scope.role, page, f, report.brukare_ids, "brukare_level")


def main(args: argparse.Namespace) -> int:
    """0 on success, 2 on a usage or database problem (told in Swedish)."""
    out = Path(args.out) if args.out else None
    started = time.perf_counter()
    try:
        f = _filters(args)
        if args.kind == "analysmöte" and f.scope.role == "politiker":
            raise figures.UsageError(
                "Underlaget för analysmöte visar enheter och ges inte till rollen politiker."
            )
        conn = figures._open(args.db)
        try:
            figures._check_units(conn, f)

            def progress(share: float, text: str) -> None:
                print(f"{share:4.0%} {text}", file=sys.stderr)

            document = make_report(conn, f, args.kind, args.format, progress=progress)
        except duckdb.Error as e:
            first = (str(e).strip().splitlines() or [""])[0]
            raise figures.UsageError(
                f"Databasen {args.db} följer inte datakontraktet ({type(e).__name__}: {first})."
            ) from None
        except privacy.AccessDenied as e:
            raise figures.UsageError(str(e)) from None
        finally:
            conn.close()
        log_brukare_access(document.report, f, getpass.getuser())
        target = out or Path(document.file_name)
        target.write_bytes(document.data)
        for note in document.report.omitted:
            print(f"Obs: {note}", file=sys.stderr)
        print(f"Skrev {target} ({len(document.data) / 1024:.0f} kB, {time.perf_counter() - started:.1f} s).")
        return 0
    except figures.UsageError as e:
        print(f"Fel: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"Fel: kunde inte skriva {out}: {e.strerror or e}", file=sys.stderr)
        return 2
