"""Command line: python -m analytics {load,demo,figures,report,actions,template} ..."""

from __future__ import annotations

import argparse
import sys

from analytics.db import DEFAULT_DB


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("load", help="validera en mapp och ladda den atomärt i databasen")
    p.add_argument("folder")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument(
        "--profile", default=None, help="importprofil: namn i profiles/ eller sökväg till en .toml"
    )
    p.add_argument(
        "--source", default="kommandorad", choices=("kommandorad", "uppladdning"), help=argparse.SUPPRESS
    )
    p.add_argument("--user", default=None, help=argparse.SUPPRESS)
    p.add_argument("--report-json", default=None, help=argparse.SUPPRESS)

    p = sub.add_parser("contract-doc", help="skriv docs/data-contract.md från analytics/contract.py")
    p.add_argument("--out", default=None)

    p = sub.add_parser("figures-doc", help="skriv docs/nyckeltal.md från analytics/export/figures.py")
    p.add_argument("--out", default=None)

    p = sub.add_parser("demo", help="skapa demodata (2020–2022)")
    p.add_argument("--out", default="data/demo")
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--seed", type=int, default=2022)
    p.add_argument(
        "--events",
        action="store_true",
        help="signeringar som en rad per signering (som MCSS exporterar), inte månadssummor",
    )

    p = sub.add_parser("figures", help="exportera nyckeltal (key-figures.md)")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument(
        "--compare",
        choices=("year", "previous"),
        default="year",
        help="jämförelseperiod: samma period föregående år (year) eller perioden närmast före (previous)",
    )
    p.add_argument("--role", default="analytiker")
    p.add_argument("--units", default=None, help="kommaseparerade enhets-id (för --role chef)")
    p.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    p.add_argument("--out", default=None)

    p = sub.add_parser("report", help="nämndrapport eller underlag för analysmöte (docx, pdf, xlsx)")
    from analytics.export.report.cli import add_arguments

    add_arguments(p)
    p.set_defaults(db=str(DEFAULT_DB))

    from analytics.stores import actions_io  # imports neither SQLAlchemy nor openpyxl here

    actions_io.add_parser(sub)
    actions_io.add_template_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "load":
            from analytics.ingest import load

            return load.main(args)
        if args.command == "contract-doc":
            from analytics.ingest import load

            return load.write_contract_doc(args)
        if args.command == "figures-doc":
            from analytics.export import figures_doc

            return figures_doc.main(args)
        if args.command == "demo":
            from analytics import demo

            return demo.main(args)
        if args.command in ("actions", "template"):
            from analytics.stores import actions_io

            return actions_io.main(args)
        if args.command == "figures":
            from analytics.export import figures

            return figures.main(args)
        if args.command == "report":
            from analytics.export.report import cli

            return cli.main(args)
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
