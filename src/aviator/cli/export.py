"""`aviator export rounds`: recorded rounds as CSV or JSON lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aviator.data import sqlite_backend
from aviator.data.export import write_rounds


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="export recorded data")
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    rounds = what.add_parser("rounds", help="one row per recorded round")
    rounds.add_argument("--db", type=Path, required=True, help="the database file")
    rounds.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    rounds.add_argument("--out", type=Path, help="output file (default: standard output)")
    rounds.set_defaults(handler=export_rounds)


def export_rounds(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    if not args.db.exists():
        raise UsageError(f"no database at {args.db}")
    connection = sqlite_backend.connect(args.db)
    try:
        if args.out is None:
            write_rounds(connection, sys.stdout, args.format)
        else:
            with args.out.open("w", encoding="utf-8", newline="") as out:
                count = write_rounds(connection, out, args.format)
            print(f"{count} rounds written to {args.out}", file=sys.stderr)
    finally:
        connection.close()
    return 0
