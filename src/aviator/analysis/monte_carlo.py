"""Monte Carlo of a strategy over many crash sequences ("paths"): how its profit spreads, and how
often a bankroll runs out.

A ladder strategy (martingale, flat, paroli, dalembert: `LadderStrategy`, its table saying all it
does) is stepped for all paths at once: a loop over rounds, numpy arrays over paths, money in
whole cents as the ledger books it. Any other strategy (a user's own) runs the real `backtest()`
once per path, about a thousand times slower. Both give the same numbers for the same sequences,
bet for bet (tests/analysis/test_monte_carlo.py).

Ruin: a path is ruined when its balance (the bankroll plus its profit so far) cannot cover the
stake its strategy asks for next; the ledger refuses that bet, and as a ladder's step and the
balance stay as they are, every later one: the path bets no more. Without a bankroll nothing is
ruined and the ruin probability is not computed (None). For a user's strategy, a path is ruined
when the bankroll refused one of its bets at least once.

Sequences are drawn from the crash law, or resampled with replacement from recorded crashes
(bootstrap), from one seed: the same seed, paths and rounds give the same sequences. Rounds are
independent, so no path or percentile here says anything about the next round.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeGuard

import numpy as np

from aviator.agents.executors import outcome
from aviator.agents.strategy_executor import InlineCall, StrategyExecutor
from aviator.analysis.backtest import BacktestResult, backtest
from aviator.analysis.crash_data import law_crashes
from aviator.config.betting import BettingConfig
from aviator.strategies.base import Strategy
from aviator.strategies.ladder import LadderStrategy

BLOCK_ROUNDS = 1000  # rounds drawn at a time: memory for 1,000 x paths crashes, whatever the length
PERCENTILES = (5, 25, 50, 75, 95)
LADDER_METHODS = ("start", "decide", "after", "ends_lost_cycle")
BANKROLL_REFUSAL = "the bankroll"  # how the ledger's refusal for want of money begins


@dataclass(frozen=True)
class Paths:
    """Each path's figures, one array entry per path, money in the game's currency."""

    profit: np.ndarray
    staked: np.ndarray
    bets: np.ndarray
    wins: np.ndarray
    max_drawdown: np.ndarray
    cycles_lost: np.ndarray
    longest_losing_streak: np.ndarray
    ruined: np.ndarray  # bool: the bankroll could not cover a stake (always False without a bankroll)

    @classmethod
    def of(cls, results: list[BacktestResult]) -> Paths:
        """The paths of per-path backtests."""
        column = {
            name: np.asarray([getattr(r, name) for r in results])
            for name in ("profit", "staked", "bets", "wins", "max_drawdown", "cycles_lost")
        }
        streaks = np.asarray([r.longest_losing_streak for r in results])
        ruined = np.asarray([any(k.startswith(BANKROLL_REFUSAL) for k in r.refusals) for r in results])
        return cls(**column, longest_losing_streak=streaks, ruined=ruined.astype(bool))


@dataclass(frozen=True)
class MonteCarloResult:
    """The spread over paths: profit percentiles, the ruin probability and the pooled return."""

    paths: int
    rounds: int  # per path
    sequences: str  # "generated" (the crash law) or "resampled" (bootstrap of the data)
    engine: str  # "vectorised" or "backtest per path"
    profit_percentiles: dict[int, float]  # percentile (5 ... 95) -> profit
    ruin_probability: float | None  # None without a bankroll
    return_per_staked: float  # all paths' profit over all their stakes
    mean_cycles_lost: float
    median_max_drawdown: float


def monte_carlo(
    strategy: Strategy,
    paths: int,
    rounds: int,
    seed: int | None = None,
    bankroll: float | None = None,
    data: np.ndarray | None = None,
) -> MonteCarloResult:
    """`strategy` over `paths` sequences of `rounds` crashes: drawn from the law, or resampled from
    `data` when given; a path is ruined when `bankroll` cannot cover its next stake."""
    blocks = crash_blocks(paths, rounds, seed, data)
    if vectorisable(strategy):
        result, engine = run_ladder(strategy, blocks, bankroll), "vectorised"
    else:
        result, engine = run_backtests(strategy, blocks, bankroll), "backtest per path"
    staked = result.staked.sum()
    return MonteCarloResult(
        paths=paths,
        rounds=rounds,
        sequences="generated" if data is None else "resampled",
        engine=engine,
        profit_percentiles=dict(
            zip(PERCENTILES, np.percentile(result.profit, PERCENTILES).tolist(), strict=True)
        ),
        ruin_probability=None if bankroll is None else float(result.ruined.mean()),
        return_per_staked=float(result.profit.sum() / staked) if staked else 0.0,
        mean_cycles_lost=float(result.cycles_lost.mean()),
        median_max_drawdown=float(np.median(result.max_drawdown)),
    )


def crash_blocks(
    paths: int, rounds: int, seed: int | None = None, data: np.ndarray | None = None
) -> Iterator[np.ndarray]:
    """The paths' crashes, BLOCK_ROUNDS rounds at a time: arrays of (rounds of the block, paths),
    path p being column p; drawn from the law, or from `data` with replacement."""
    if data is not None and len(data) == 0:
        raise ValueError("no crashes to resample")
    # A child stream of the seed: the paths share no draw with `generate(n, seed)`, the sequence a
    # backtest of the same seed plays beside them.
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    for start in range(0, rounds, BLOCK_ROUNDS):
        shape = (min(BLOCK_ROUNDS, rounds - start), paths)
        yield law_crashes(rng, shape) if data is None else data[rng.integers(0, len(data), shape)]


def vectorisable(strategy: Strategy) -> TypeGuard[LadderStrategy]:
    """Whether the ladder table says all `strategy` does: a LadderStrategy whose decisions and
    steps are the table's own (none overridden), and whose steps lead to steps of the table."""
    if not isinstance(strategy, LadderStrategy):
        return False
    if any(getattr(type(strategy), name) is not getattr(LadderStrategy, name) for name in LADDER_METHODS):
        return False
    table, steps = strategy.table, len(strategy.table.stakes)
    columns = (table.cashouts, table.on_win, table.on_loss, table.lost_cycle)
    return (
        steps > 0 and all(len(c) == steps for c in columns) and _within(table.on_win + table.on_loss, steps)
    )


def _within(steps: tuple[int, ...], count: int) -> bool:
    return all(isinstance(step, int) and 0 <= step < count for step in steps)


@dataclass(frozen=True)
class StepTable:
    """A ladder as the engine steps it: amounts in cents and as the BettingAgent places them."""

    bets: np.ndarray  # bool: the step places a bet (one the executor would refuse does not)
    stake: np.ndarray  # cents
    cashout: np.ndarray
    win: np.ndarray  # cents won at the step
    on_win: np.ndarray
    on_loss: np.ndarray
    lost_cycle: np.ndarray

    @classmethod
    def of(cls, strategy: LadderStrategy) -> StepTable:
        """Each step's bet asked through the StrategyExecutor, so rounded and checked exactly as in
        a backtest; a step with no bet stays where it is, betting no more, as the agent would."""
        _, _, on_win, on_loss, lost_cycle = strategy.table.arrays()
        # No time limit here: a step's bet must not depend on how busy the machine was when asked.
        executor, steps = StrategyExecutor(strategy, InlineCall(math.inf)), np.arange(len(on_win))
        decisions = []
        for step in steps:
            executor.state = int(step)
            decisions.append(executor.decide(()).decision)
        bets = np.asarray([d is not None for d in decisions])
        stakes = [d.stake if d else 0.0 for d in decisions]
        wins = [outcome(d, d.auto_cashout).profit if d else 0.0 for d in decisions]
        return cls(
            bets=bets,
            stake=np.round(np.asarray(stakes) * 100).astype(np.int64),
            cashout=np.asarray([d.auto_cashout if d else np.inf for d in decisions]),
            win=np.round(np.asarray(wins) * 100).astype(np.int64),
            on_win=np.where(bets, on_win, steps),
            on_loss=np.where(bets, on_loss, steps),
            lost_cycle=lost_cycle & bets,
        )


class Walk:
    """All paths' state, stepped one round at a time; money in cents, exact as the ledger's."""

    def __init__(self, table: StepTable, paths: int, bankroll: float | None) -> None:
        self.table = table
        self.bankroll = None if bankroll is None else round(bankroll * 100)
        self.step, self.profit, self.staked, self.peak, self.drawdown = (_zeros(paths) for _ in range(5))
        self.bets, self.wins, self.cycles, self.streak, self.longest = (_zeros(paths) for _ in range(5))
        self.ruined = np.zeros(paths, dtype=bool)

    def play(self, crash: np.ndarray) -> None:
        """One round: `crash` holds each path's crash."""
        t, s = self.table, self.step
        bet, stake = t.bets[s], t.stake[s]
        if self.bankroll is not None:  # the ledger refuses a stake above the balance
            covered = stake <= self.bankroll + self.profit
            self.ruined |= bet & ~covered
            bet = bet & covered
        won = crash >= t.cashout[s]
        self.profit += np.where(won, t.win[s], -stake) * bet
        self.staked += stake * bet
        self.bets += bet
        self.wins += won & bet
        np.maximum(self.peak, self.profit, out=self.peak)
        np.maximum(self.drawdown, self.peak - self.profit, out=self.drawdown)
        lost = bet & ~won
        self.cycles += lost & t.lost_cycle[s]
        self.streak = np.where(lost, self.streak + 1, np.where(bet, 0, self.streak))
        np.maximum(self.longest, self.streak, out=self.longest)
        self.step = np.where(bet, np.where(won, t.on_win[s], t.on_loss[s]), s)

    def paths(self) -> Paths:
        return Paths(
            profit=self.profit / 100,
            staked=self.staked / 100,
            bets=self.bets,
            wins=self.wins,
            max_drawdown=self.drawdown / 100,
            cycles_lost=self.cycles,
            longest_losing_streak=self.longest,
            ruined=self.ruined,
        )


def _zeros(paths: int) -> np.ndarray:
    return np.zeros(paths, dtype=np.int64)


def run_ladder(strategy: LadderStrategy, blocks: Iterable[np.ndarray], bankroll: float | None) -> Paths:
    """The vectorised engine: every path of `blocks` (see crash_blocks) stepped round by round."""
    table, walk = StepTable.of(strategy), None
    for block in blocks:
        if walk is None:  # the first block tells how many paths there are
            walk = Walk(table, block.shape[1], bankroll)
        for crash in block:
            walk.play(crash)
    if walk is None:
        raise ValueError("no rounds to play")
    return walk.paths()


def run_backtests(strategy: Strategy, blocks: Iterable[np.ndarray], bankroll: float | None) -> Paths:
    """Any strategy: the real backtest once per path (slow: the agent, the ledger, every call)."""
    crashes = np.vstack(list(blocks))
    config = BettingConfig(bankroll=bankroll)
    return Paths.of([backtest(strategy, crashes[:, p].tolist(), config) for p in range(crashes.shape[1])])
