"""Backtests: a strategy run over a sequence of crashes by the same BettingAgent, ledger and
protections that bet in paper and live mode; only the executor (paper) and the clock (moved by
each round's length) differ. `monte_carlo` runs a ladder strategy over many sequences at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from aviator.agents.betting_agent import BettingAgent
from aviator.agents.executors import PaperExecutor
from aviator.agents.granters import LocalGranter
from aviator.agents.ledger import Ledger
from aviator.agents.strategy_executor import InlineCall, StrategyExecutor
from aviator.config.betting import BettingConfig
from aviator.core.communication.clock import ManualClock
from aviator.data.models import Bet, BetEvent
from aviator.strategies.base import Strategy

# A round's length outside and inside the flight, measured on real rounds (12.6 s + 12.0 s x ln M).
ROUND_BASE, ROUND_PER_LN = 12.6, 12.0


def round_seconds(crash: float) -> float:
    """How long a round with this crash lasts, betting window and flight together."""
    return ROUND_BASE + ROUND_PER_LN * math.log(max(crash, 1.0))


@dataclass
class Tally:
    """The audit of a backtest: the bets and refusals, summed as they come."""

    bets: list[Bet] = field(default_factory=list)
    refusals: dict[str, int] = field(default_factory=dict)

    def event(self, event: BetEvent) -> None:
        if event.event in ("refused", "no_bet"):
            key = (event.detail or event.event).split(" (")[0]
            self.refusals[key] = self.refusals.get(key, 0) + 1

    def bet(self, bet: Bet) -> None:
        self.bets.append(bet)


@dataclass(frozen=True)
class BacktestResult:
    """What a backtest gives: counts, money, the worst drawdown and the lost cycles."""

    rounds: int
    bets: int
    wins: int
    staked: float
    profit: float
    max_drawdown: float
    cycles_lost: int
    longest_losing_streak: int
    final_balance: float | None  # None without a bankroll
    refusals: dict[str, int]

    @property
    def return_per_staked(self) -> float:
        return self.profit / self.staked if self.staked else 0.0


def backtest(
    strategy: Strategy, crashes: Iterable[float], config: BettingConfig | None = None
) -> BacktestResult:
    """Runs `strategy` over `crashes` (oldest first), one bet at most per round."""
    config = config or BettingConfig()
    clock, tally = ManualClock(), Tally()
    ledger = Ledger(config, clock)
    agent = BettingAgent(
        "backtest",
        StrategyExecutor(strategy, InlineCall(math.inf)),
        PaperExecutor(),
        LocalGranter(ledger),
        tally,
        clock,
    )
    rounds = 0
    for crash in crashes:
        agent.betting_started(watched=True)
        agent.flight_started()
        clock.advance(round_seconds(crash))
        agent.round_ended(crash, None)
        rounds += 1
    return summary(rounds, tally, config.bankroll)


def summary(rounds: int, tally: Tally, bankroll: float | None) -> BacktestResult:
    played = [bet for bet in tally.bets if bet.result in ("won", "lost")]
    profit, peak, drawdown, streak, longest = 0.0, 0.0, 0.0, 0, 0
    for bet in played:
        profit = round(profit + bet.profit, 2)
        peak, drawdown = max(peak, profit), max(drawdown, peak - profit)
        streak = streak + 1 if bet.result == "lost" else 0
        longest = max(longest, streak)
    return BacktestResult(
        rounds=rounds,
        bets=len(played),
        wins=sum(bet.result == "won" for bet in played),
        staked=round(sum(bet.stake for bet in played), 2),
        profit=profit,
        max_drawdown=round(drawdown, 2),
        cycles_lost=sum(bet.cycle_lost for bet in played),
        longest_losing_streak=longest,
        final_balance=None if bankroll is None else round(bankroll + profit, 2),
        refusals=dict(tally.refusals),
    )
