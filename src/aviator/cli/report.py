"""`aviator report`: the honest report over recorded, exported or real rounds: report.html (plots
embedded) and each plot as PNG in --out; with --json, the figures and every test's verdict on stdout."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from aviator.analysis.crash_data import CrashDataError
from aviator.cli.commands import HELP
from aviator.cli.db_argument import DB_HELP
from aviator.cli.preflight import require_postgres

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_OUT = Path("report")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "report",
        help=HELP["report"],
        description="Tests the rounds against the fair law P(M >= x) = 0.97/x with no memory: the crash "
        "law, the house edge, randomness, timing, bookmakers, strategies and data quality, written as "
        "one self-contained report.html and a PNG per plot. Nothing in it predicts a round.",
    )
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    parser.add_argument(
        "--data",
        nargs="+",
        default=[],
        metavar="SOURCE",
        help="CSV files, folders of them, SQLite files or postgresql:// URLs (exports and real data alike)",
    )
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--bookmaker", metavar="B", help="only this bookmaker's rounds")
    scope.add_argument("--server-group", metavar="G", help="only this server group's rounds, shown as one")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="default: ./report")
    parser.add_argument(
        "--seed", type=int, default=0, metavar="S", help="of the Monte Carlo paths (default 0)"
    )
    parser.add_argument(
        "--json", action="store_true", help="also print the figures and tests as one JSON object"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from aviator.analysis.report import build_report, write_report
    from aviator.analysis.report.compute import SECTIONS, summary
    from aviator.cli import UsageError

    frame = _rounds(args)
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console, transient=True
    ) as progress:
        task = progress.add_task("report", total=len(SECTIONS) + 1)

        def step(name: str) -> None:
            progress.update(task, description=name, completed=SECTIONS.index(name))

        try:
            report = build_report(frame, seed=args.seed, step=step)
        except ValueError as error:
            raise UsageError(str(error)) from None
        progress.update(task, description="plots and HTML", completed=len(SECTIONS))
        page = write_report(report, args.out)
        progress.update(task, completed=len(SECTIONS) + 1)
    if args.json:
        print(json.dumps({**summary(report), "html": str(page)}))
    else:
        failed = ", ".join(t.name for t in report.failed) or "none"
        print(f"{page}: {report.rounds:,} rounds, {len(report.tests)} tests, failed at 1 %: {failed}")
    return 0


def _rounds(args: argparse.Namespace) -> pd.DataFrame:
    from aviator.analysis.rounds_frame import read_rounds
    from aviator.cli import UsageError

    sources = ([args.db] if args.db else []) + list(args.data)
    if not sources:
        raise UsageError("give the rounds: --db PATH|URL and/or --data SOURCE ...")
    if args.db:
        require_postgres(args.db)  # a server that does not answer is named with how to start one
    try:
        frame = read_rounds(sources, bookmaker=args.bookmaker, server_group=args.server_group)
    except CrashDataError as error:
        raise UsageError(str(error)) from None
    if frame.empty:
        raise UsageError(f"no rounds in {', '.join(sources)}")
    return frame
