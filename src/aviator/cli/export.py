"""`aviator export rounds`: recorded rounds as CSV or JSON lines, from SQLite or PostgreSQL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aviator.cli.db_argument import add_db_argument, open_recorded
from aviator.data.export import write_rounds


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="export recorded data")
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    rounds = what.add_parser("rounds", help="one row per recorded round")
    add_db_argument(rounds)
    rounds.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    rounds.add_argument("--out", type=Path, help="output file (default: standard output)")
    rounds.set_defaults(handler=export_rounds)


def export_rounds(args: argparse.Namespace) -> int:
    with open_recorded(args.db) as database:
        if args.out is None:
            write_rounds(database, sys.stdout, args.format)
        else:
            with args.out.open("w", encoding="utf-8", newline="") as out:
                count = write_rounds(database, out, args.format)
            print(f"{count} rounds written to {args.out}", file=sys.stderr)
    return 0
