"""`aviator backtest`: a strategy over recorded, exported or generated rounds, bet by bet through the
same agent, ledger and protections as paper betting; with --monte-carlo, over many sequences too."""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError
from rich import box
from rich.console import Console
from rich.table import Table

from aviator.analysis.backtest import BacktestResult, backtest
from aviator.analysis.crash_data import (
    CRASH_COLUMNS,
    CrashDataError,
    generate,
    is_database,
    read_csv,
    read_rounds,
    recorded_bookmakers,
)
from aviator.analysis.monte_carlo import MonteCarloResult, monte_carlo, vectorisable
from aviator.cli.arguments import positive_float, positive_int
from aviator.cli.commands import HELP
from aviator.cli.db_argument import open_recorded
from aviator.config.betting import BettingConfig
from aviator.config.loader import ConfigError, load_model
from aviator.config.settings import RTP
from aviator.data.backends import DatabaseError
from aviator.strategies.base import Params, Strategy
from aviator.strategies.builtins import BUILT_IN
from aviator.strategies.loading import StrategyNotFound, strategy_class

HOUSE_EDGE = round(RTP - 1.0, 4)  # what a unit staked returns on average, whatever the strategy: about -3 %
HONEST_LINE = (
    "Rounds are independent: no strategy changes the expected loss of about 3 % per unit staked. "
    "These figures describe these rounds; none predicts the next one."
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "backtest",
        help=HELP["backtest"],
        description="Runs a strategy over a sequence of crashes, oldest first, one bet at most per round, "
        "through the same agent, ledger and limits as paper betting. " + HONEST_LINE,
    )
    parser.add_argument(
        "--strategy", required=True, metavar="NAME", help=f"{', '.join(BUILT_IN)}, or one of --strategies"
    )
    parser.add_argument(
        "--params", type=Path, metavar="FILE", help="the strategy's parameters, a YAML mapping"
    )
    parser.add_argument("--strategies", type=Path, metavar="FOLDER", help="a folder of your own strategies")
    _add_source(parser)
    _add_money(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object, nothing else")
    parser.set_defaults(handler=run)


def _add_source(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--data",
        nargs="+",
        metavar="SOURCE",
        help=f"CSV files with a crash column ({', '.join(CRASH_COLUMNS)}), SQLite files or "
        "postgresql:// URLs; played one after the other in the order given",
    )
    source.add_argument(
        "--generate", type=positive_int, metavar="N", help="N rounds drawn from the crash law"
    )
    parser.add_argument(
        "--bookmaker",
        metavar="B",
        help="only this bookmaker's rounds (databases, CSV files with a bookmaker column)",
    )


def _add_money(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bankroll",
        type=positive_float,
        metavar="X",
        help="the starting balance: a stake it cannot cover is refused (default: no limit, and no ruin "
        "probability)",
    )
    parser.add_argument(
        "--monte-carlo",
        type=positive_int,
        metavar="N",
        help="also run N sequences as long as the data: resampled from --data, or drawn from the law with "
        "--generate; a path is ruined once the bankroll cannot cover its next stake. Built-in (ladder) "
        "strategies run all paths at once (1,000 x 10,000 rounds in about a second); a strategy of your "
        "own runs the full backtest per path, about a thousand times slower",
    )
    parser.add_argument(
        "--seed",
        type=int,
        metavar="S",
        help="seed of --generate and --monte-carlo (default: a new one, shown)",
    )


def run(args: argparse.Namespace) -> int:
    strategy = _strategy(args.strategy, args.strategies, args.params)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**32)
    crashes, sources = _crashes(args, seed)
    try:
        result = backtest(strategy, crashes.tolist(), BettingConfig(bankroll=args.bankroll))
        simulated = _monte_carlo(args, strategy, crashes, seed) if args.monte_carlo else None
    except KeyboardInterrupt:  # a long run of a user's strategy stopped on purpose: no traceback
        print("aviator backtest: interrupted; nothing to report", file=sys.stderr)
        return 130
    report = _report(strategy, sources, result, args.bankroll)
    if simulated is not None or args.generate is not None:
        report["seed"] = seed
    if simulated is not None:
        report.update(_monte_carlo_report(simulated))
    if args.json:
        print(json.dumps(report))
    else:
        _print(report, result, simulated)
    return 0


def _strategy(name: str, folder: Path | None, params_file: Path | None) -> Strategy:
    from aviator.cli import UsageError

    try:
        cls = strategy_class(name, folder)
        params = load_model(params_file, cls.Params) if params_file else _defaults(cls.Params)
    except (StrategyNotFound, ConfigError) as error:
        raise UsageError(str(error)) from None
    try:
        return cls(params)
    except Exception as error:  # a user's strategy that cannot start: theirs to fix, named, no traceback
        raise UsageError(f"strategy {name!r} cannot start: {type(error).__name__}: {error}") from None


def _defaults(model: type[Params]) -> Params:
    from aviator.cli import UsageError

    try:
        return model()
    except ValidationError as error:
        keys = ", ".join(".".join(map(str, e["loc"])) or "(top)" for e in error.errors())
        raise UsageError(f"the strategy has no default for {keys}: give them in --params FILE") from None


def _crashes(args: argparse.Namespace, seed: int) -> tuple[np.ndarray, list[str]]:
    """The sequence to play and a line per source saying what it gave."""
    from aviator.cli import UsageError

    if args.generate is not None:
        if args.bookmaker:
            raise UsageError("--bookmaker chooses among the rounds of --data; generated rounds have none")
        return generate(args.generate, seed), [f"{args.generate:,} rounds drawn from the crash law"]
    parts = [_source(source, args.bookmaker) for source in args.data]
    return np.concatenate([crashes for crashes, _ in parts]), [line for _, line in parts]


def _source(source: str, bookmaker: str | None) -> tuple[np.ndarray, str]:
    from aviator.cli import UsageError

    try:
        crashes, line = _recorded(source, bookmaker) if is_database(source) else _csv(source, bookmaker)
    except (CrashDataError, DatabaseError) as error:
        raise UsageError(str(error)) from None
    if not len(crashes):  # an empty source is told, never played as if it were not given
        raise UsageError(f"{source}: no rounds{f' of {bookmaker}' if bookmaker else ''}")
    return crashes, line


def _csv(source: str, bookmaker: str | None) -> tuple[np.ndarray, str]:
    crashes = read_csv(Path(source), bookmaker)
    return crashes, f"{source}: {len(crashes):,} rounds"


def _recorded(target: str, bookmaker: str | None) -> tuple[np.ndarray, str]:
    with open_recorded(target) as database:
        crashes, names, where = (
            read_rounds(database, bookmaker),
            recorded_bookmakers(database),
            database.target,
        )
    # Several bookmakers make one sequence by start time, and bookmakers of one server group show the
    # same rounds twice: say so, since a bettor plays one bookmaker.
    mixed = (
        f", of {len(names)} bookmakers by start time (--bookmaker B: one)"
        if not bookmaker and len(names) > 1
        else ""
    )
    return crashes, f"{where}: {len(crashes):,} rounds{mixed}"


def _monte_carlo(
    args: argparse.Namespace, strategy: Strategy, crashes: np.ndarray, seed: int
) -> MonteCarloResult:
    if not vectorisable(strategy):
        print(
            f"aviator backtest: {strategy.name!r} is not a ladder: {args.monte_carlo:,} full backtests of "
            f"{len(crashes):,} rounds, one after the other (slow)",
            file=sys.stderr,
        )
    data = None if args.generate is not None else crashes
    return monte_carlo(strategy, args.monte_carlo, len(crashes), seed, args.bankroll, data)


def _report(
    strategy: Strategy, sources: list[str], r: BacktestResult, bankroll: float | None
) -> dict[str, Any]:
    return {
        "strategy": strategy.name,
        "params": strategy.params.model_dump(mode="json"),
        "sources": sources,
        "rounds": r.rounds,
        "bets": r.bets,
        "wins": r.wins,
        "staked": r.staked,
        "profit": r.profit,
        "return_per_staked": r.return_per_staked,
        "house_edge": HOUSE_EDGE,
        "max_drawdown": r.max_drawdown,
        "cycles_lost": r.cycles_lost,
        "longest_losing_streak": r.longest_losing_streak,
        "bankroll": bankroll,
        "final_balance": r.final_balance,
        "refusals": r.refusals,
        "note": HONEST_LINE,
    }


def _monte_carlo_report(m: MonteCarloResult) -> dict[str, Any]:
    return {
        "ruin_probability": m.ruin_probability,
        "profit_percentiles": {str(p): value for p, value in m.profit_percentiles.items()},
        "monte_carlo": {
            "paths": m.paths,
            "rounds_per_path": m.rounds,
            "sequences": m.sequences,
            "engine": m.engine,
            "return_per_staked": m.return_per_staked,
            "mean_cycles_lost": m.mean_cycles_lost,
            "median_max_drawdown": m.median_max_drawdown,
        },
    }


def _print(report: dict[str, Any], r: BacktestResult, m: MonteCarloResult | None) -> None:
    console = Console(highlight=False)
    for line in report["sources"]:
        console.print(f"data: {line}", soft_wrap=True)
    if "seed" in report:
        console.print(f"seed: {report['seed']} (--seed {report['seed']} draws the same rounds again)")
    console.print(_backtest_table(report["strategy"], r))
    if m is not None:
        console.print(_monte_carlo_table(m, report["bankroll"]))
    console.print(HONEST_LINE, soft_wrap=True)  # one line: wrapping must not split a phrase


def _backtest_table(name: str, r: BacktestResult) -> Table:
    table = _table(f"backtest of {name}")
    wins = f"{r.wins:,} ({r.wins / r.bets:.1%})" if r.bets else "0"
    rows = [
        ("rounds", f"{r.rounds:,}"),
        ("bets", f"{r.bets:,}"),
        ("wins", wins),
        ("total staked", _money(r.staked)),
        ("profit", _money(r.profit)),
        ("return per unit staked", f"{r.return_per_staked:+.2%}"),
        ("  the house edge, for comparison", f"about {HOUSE_EDGE:+.0%}"),
        ("max drawdown", _money(r.max_drawdown)),
        ("lost cycles", f"{r.cycles_lost:,}"),
        ("longest losing streak", f"{r.longest_losing_streak:,}"),
    ]
    if r.final_balance is not None:
        rows.append(("final balance", _money(r.final_balance)))
    rows += [
        (f"not bet: {reason}", f"{count:,}")
        for reason, count in sorted(r.refusals.items(), key=lambda item: -item[1])[:3]
    ]
    for row in rows:
        table.add_row(*row)
    return table


def _monte_carlo_table(m: MonteCarloResult, bankroll: float | None) -> Table:
    how = "resampled from the data" if m.sequences == "resampled" else "drawn from the crash law"
    table = _table(f"Monte Carlo: {m.paths:,} paths of {m.rounds:,} rounds {how} ({m.engine})")
    for percentile, profit in m.profit_percentiles.items():
        table.add_row(f"profit, {percentile}th percentile", _money(profit))
    if m.ruin_probability is None:
        ruin = "not computed: give --bankroll"
    else:
        ruin = f"{m.ruin_probability:.1%} (bankroll {_money(bankroll or 0)})"
    table.add_row("ruin probability", ruin)
    table.add_row("return per unit staked, all paths", f"{m.return_per_staked:+.2%}")
    table.add_row("lost cycles per path, mean", f"{m.mean_cycles_lost:,.1f}")
    table.add_row("max drawdown, median", _money(m.median_max_drawdown))
    return table


def _table(title: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    return table


def _money(amount: float) -> str:
    return f"{amount:,.2f}"
