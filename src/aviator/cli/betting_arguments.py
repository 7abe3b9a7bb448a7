"""The betting options of `aviator demo` and `aviator run`, and the bets summary they print."""

from __future__ import annotations

import argparse
from pathlib import Path

from aviator.cli.arguments import positive_float
from aviator.config.betting import BettingConfig
from aviator.data.backends import Database
from aviator.data.export import iter_records
from aviator.data.models import Bet
from aviator.orchestration.betting_desk import STATE_FILE
from aviator.strategies.loading import StrategyNotFound, strategy_class

HOUSE_EDGE = "rounds are independent and no strategy changes the expected loss: about 3 % of every stake"


def add_strategy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strategy",
        metavar="NAME",
        help="bet on paper by this strategy: martingale, flat, paroli, dalembert, or one of "
        "--strategies; nothing is ever typed or clicked",
    )
    parser.add_argument(
        "--strategies", type=Path, metavar="DIR", help="a folder of your own strategies (Python files)"
    )
    parser.add_argument(
        "--bankroll",
        type=positive_float,
        default=1000.0,
        metavar="X",
        help="the paper balance (default 1000)",
    )
    add_betting_state(parser)


def add_betting_state(parser: argparse.ArgumentParser) -> None:
    """Where the collector keeps its betting state for `aviator bets`."""
    parser.add_argument(
        "--betting-state",
        type=Path,
        default=STATE_FILE,
        metavar="FILE",
        help=f"where `aviator bets` finds this collector's betting (default {STATE_FILE})",
    )


def betting_config(args: argparse.Namespace) -> BettingConfig | None:
    """The paper betting the options ask for; None without --strategy."""
    from aviator.cli import UsageError

    if args.strategy is None:
        return None
    try:
        strategy_class(args.strategy, args.strategies)  # a bad name stops the command before it starts
    except StrategyNotFound as error:
        raise UsageError(str(error)) from None
    return BettingConfig(strategy=args.strategy, strategies=args.strategies, bankroll=args.bankroll)


def bet_lines(database: Database, after_id: int) -> list[str]:
    """The bets of this run: how many, won, staked and profit, per bookmaker and in all."""
    bets = [b for b in iter_records(database, Bet, after_id) if b["result"] in ("won", "lost", "unknown")]
    by_name: dict[str, list[dict]] = {}
    for bet in bets:
        by_name.setdefault(str(bet["bookmaker"]), []).append(bet)
    lines = [f"{'bookmaker':<12}{'bets':>6}{'won':>6}{'staked':>10}{'profit':>10}"]
    lines += [_line(name, rows) for name, rows in sorted(by_name.items())]
    lines.append(_line("all", bets))
    return [*lines, f"paper bets: {HOUSE_EDGE}"]


def _line(name: str, bets: list[dict]) -> str:
    staked = sum(float(b["stake"]) for b in bets)
    profit = sum(float(b["profit"]) for b in bets)
    won = sum(b["result"] == "won" for b in bets)
    return f"{name:<12}{len(bets):>6}{won:>6}{staked:>10.2f}{profit:>+10.2f}"
