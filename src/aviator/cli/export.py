"""`aviator export TABLE`: recorded rows as CSV, JSON lines or Parquet, from SQLite or PostgreSQL."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from aviator.cli.commands import HELP
from aviator.cli.db_argument import add_db_argument, open_recorded
from aviator.data.backends import Database
from aviator.data.export import TABLES, write_parquet, write_records

WHAT = {
    "rounds": "one row per recorded round, in order of its end",
    "threshold_crossings": "the moments flights passed each threshold",
    "phase_transitions": "every phase change of every game screen",
    "rgb_samples": "colour statistics of screen regions (phase classifier training data)",
    "bets": "paper and live bets, one row each once it ended: settled, cancelled or refused",
    "bet_events": "every step of every bet: decided, granted or refused and why, placed, read back, settled",
}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help=HELP["export"])
    what = parser.add_subparsers(dest="what", required=True, metavar="TABLE")
    for table in TABLES:
        sub = what.add_parser(table, help=WHAT[table])
        add_db_argument(sub)
        sub.add_argument(
            "--format",
            choices=("csv", "jsonl", "parquet"),
            default="csv",
            help="default csv; parquet needs --out",
        )
        sub.add_argument("--out", type=Path, metavar="FILE", help="output file (default: standard output)")
        sub.set_defaults(handler=export_table)


def export_table(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    if args.format == "parquet" and args.out is None:
        raise UsageError("--format parquet writes a binary file: name it with --out FILE")
    with open_recorded(args.db) as database:
        if args.out is None:
            _to_stdout(database, args)
            return 0
        try:
            count = _to_file(database, args)
        except OSError as error:  # a missing folder, no permission: the user's path, not a crash
            raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    print(f"{count} {args.what} written to {args.out}", file=sys.stderr)
    return 0


def _to_file(database: Database, args: argparse.Namespace) -> int:
    if args.format == "parquet":
        return write_parquet(database, args.what, args.out)
    with args.out.open("w", encoding="utf-8", newline="") as out:
        return write_records(database, args.what, out, args.format)


def _to_stdout(database: Database, args: argparse.Namespace) -> None:
    try:
        write_records(database, args.what, sys.stdout, args.format)
        sys.stdout.flush()
    except BrokenPipeError:  # `… | head` closed the pipe: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
