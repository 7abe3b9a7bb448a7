"""`aviator stats`: per-bookmaker statistics of the recorded rounds, with the honest note."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console
from rich.table import Table

from aviator.cli.commands import HELP
from aviator.cli.db_argument import add_db_argument, open_recorded
from aviator.data.readers.stats import (
    DISTRIBUTION,
    GROUPINGS,
    HONEST_NOTE,
    BookmakerStats,
    StatsReader,
    expected_share,
)

DEFAULT_DB = "storage/demo.db"
LAW = "0.97/x law"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "stats",
        help=HELP["stats"],
        description="Rounds, rounds per hour, P(>= 2x), P(>= 10x), the longest streak under 2x and how "
        "often each threshold was crossed, per bookmaker, beside what the crash law predicts. " + HONEST_NOTE,
    )
    add_db_argument(parser, default=DEFAULT_DB)
    parser.add_argument("--bookmaker", metavar="B", help="only this bookmaker")
    parser.add_argument(
        "--by",
        choices=tuple(GROUPINGS),
        default="bookmaker",
        help="a row per bookmaker (default), per node (the collector machine that recorded the rounds) or "
        "per server group (its bookmakers show the same rounds: counted once)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    with open_recorded(args.db) as database:
        stats, where = StatsReader(database).read(args.bookmaker, args.by), database.target  # no password
    if not stats:
        raise UsageError(f"no rounds recorded{f' for {args.bookmaker}' if args.bookmaker else ''} in {where}")
    console = Console(highlight=False)
    console.print(f"database: {where}", soft_wrap=True)
    console.print(rounds_table(stats, "recorded rounds", args.by))
    console.print(distribution_table(stats, args.by))
    if any(s.crossings for s in stats):
        console.print(crossings_table(stats, args.by))
    console.print(HONEST_NOTE, soft_wrap=True)  # one line: wrapping must not split a phrase
    return 0


def rounds_table(stats: list[BookmakerStats], title: str, by: str = "bookmaker") -> Table:
    table = _table(title, ("group", "rounds", "per hour", "P(>=2x)", "P(>=10x)", "run <2x"), by)
    for s in stats:
        per_hour = "-" if s.rounds_per_hour is None else f"{s.rounds_per_hour:.1f}"
        p = s.distribution()
        group = (s.server_group if by == "bookmaker" else None) or "-"  # a node's rows span groups
        table.add_row(
            s.bookmaker,
            group,
            str(s.rounds),
            per_hour,
            _percent(p[2]),
            _percent(p[10]),
            str(s.longest_under_2x),
        )
    law = (_percent(expected_share(2)), _percent(expected_share(10)))
    table.add_row(LAW, "", "", "", *law, "", style="dim")
    return table


def distribution_table(stats: list[BookmakerStats], by: str = "bookmaker") -> Table:
    title = "share of rounds crashing at x or later"
    return _shares_table(title, stats, DISTRIBUTION, BookmakerStats.distribution, by)


def crossings_table(stats: list[BookmakerStats], by: str = "bookmaker") -> Table:
    thresholds = sorted({t for s in stats for t in s.crossings})
    title = "share of rounds crossing each threshold"
    return _shares_table(title, stats, thresholds, BookmakerStats.crossing_rates, by)


def _shares_table(
    title: str,
    stats: list[BookmakerStats],
    xs: Sequence[float],
    shares: Callable[[BookmakerStats], dict[float, float]],
    by: str,
) -> Table:
    table = _table(title, [f">={x:g}x" for x in xs], by)
    for s in stats:
        row = shares(s)
        table.add_row(s.bookmaker, *(_percent(row.get(x, 0.0)) for x in xs))
    table.add_row(LAW, *(_percent(expected_share(x)) for x in xs), style="dim")
    return table


def _table(title: str, columns: Sequence[str], by: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD)
    table.add_column(by)
    for column in columns:
        table.add_column(column, justify="right")
    return table


def _percent(share: float) -> str:
    return f"{100 * share:.1f}%"
