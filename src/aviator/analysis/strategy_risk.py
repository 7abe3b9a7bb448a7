"""Every built-in strategy on the recorded rounds and by Monte Carlo: the return per unit staked
beside the house edge, the risk of ruin of a bankroll, and the equity fan (profit percentiles over
the rounds of many paths).

Both runs step the strategies' ladders with the engine of `aviator.analysis.monte_carlo` (StepTable
and Walk: money in cents, exactly as the ledger books it, bet for bet the same as `backtest()`).
The recorded rounds are played in consecutive stretches of `rounds` rounds, each stretch a path
starting at the ladder's first step with the full bankroll (so a long recording costs seconds, not
minutes); the Monte Carlo paths are as long, resampled from the recorded rounds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from aviator.analysis.monte_carlo import PERCENTILES, StepTable, Walk, crash_blocks
from aviator.strategies.builtins import BUILT_IN
from aviator.strategies.ladder import LadderStrategy

BANKROLL = 1000.0  # a hundred base stakes of the built-ins' defaults (10)
PATH_ROUNDS = 1000  # an evening: about 6.5 hours of one game
PATHS = 1000
CHECKPOINTS = 100  # equity snapshots per path


@dataclass(frozen=True)
class StrategyRisk:
    """One strategy's figures: on the recorded rounds and over the Monte Carlo paths."""

    name: str
    recorded_return: float  # profit / staked over the recorded stretches
    recorded_staked: float
    recorded_ruin: float  # share of the recorded stretches that ran out of bankroll
    stretches: int
    return_per_staked: float  # over all Monte Carlo paths
    ruin_probability: float
    fan: pd.DataFrame  # round, then one column per percentile ("p5" ... "p95"), and "recorded"


@dataclass
class _Run:
    """What one walk of paths left: money over all paths, who was ruined, the equity snapshots."""

    profit: float
    staked: float
    ruined: np.ndarray
    equity: np.ndarray  # (checkpoints, paths) profit at each checkpoint
    at: np.ndarray  # the checkpoints' round numbers


def _walk(table: StepTable, blocks: Iterable[np.ndarray], bankroll: float, rounds: int) -> _Run:
    at = np.unique(np.linspace(0, rounds, CHECKPOINTS + 1).astype(int))[1:]
    marks = set(at.tolist())
    walk, snapshots, played = None, [], 0
    for block in blocks:
        walk = walk or Walk(table, block.shape[1], bankroll)
        for crash in block:
            walk.play(crash)
            played += 1
            if played in marks:  # the last round always is: `at` ends at `rounds`
                snapshots.append(walk.profit / 100)
    if walk is None:
        raise ValueError("no rounds to play")
    return _Run(walk.profit.sum() / 100, walk.staked.sum() / 100, walk.ruined, np.asarray(snapshots), at)


def _recorded(table: StepTable, crashes: np.ndarray, length: int, bankroll: float) -> tuple[_Run, int]:
    """The recorded rounds in whole stretches of `length` as parallel paths, and the rest (shorter)
    as one more path: every round is played once."""
    whole = crashes.size // length
    main = _walk(table, [crashes[: whole * length].reshape(whole, length).T], bankroll, length)
    rest = crashes[whole * length :]
    if rest.size == 0:
        return main, whole
    tail = _walk(table, [rest[:, None]], bankroll, rest.size)
    ruined = np.concatenate((main.ruined, tail.ruined))
    return _Run(main.profit + tail.profit, main.staked + tail.staked, ruined, main.equity, main.at), whole + 1


def strategy_risk(
    strategy: LadderStrategy,
    crashes: np.ndarray,
    seed: int = 0,
    paths: int = PATHS,
    bankroll: float = BANKROLL,
) -> StrategyRisk:
    """`strategy` over the recorded `crashes` and over `paths` resampled paths as long as a stretch."""
    crashes = np.asarray(crashes, dtype=float)
    length = min(PATH_ROUNDS, crashes.size)
    table = StepTable.of(strategy)
    recorded, stretches = _recorded(table, crashes, length, bankroll)
    simulated = _walk(table, crash_blocks(paths, length, seed, crashes), bankroll, length)
    fan = pd.DataFrame({"round": simulated.at})
    for p, values in zip(PERCENTILES, np.percentile(simulated.equity, PERCENTILES, axis=1), strict=True):
        fan[f"p{p}"] = values
    fan["recorded"] = recorded.equity[:, 0]  # the first stretch of the recorded rounds
    return StrategyRisk(
        name=strategy.name,
        recorded_return=recorded.profit / recorded.staked if recorded.staked else 0.0,
        recorded_staked=recorded.staked,
        recorded_ruin=float(recorded.ruined.mean()),
        stretches=stretches,
        return_per_staked=simulated.profit / simulated.staked if simulated.staked else 0.0,
        ruin_probability=float(simulated.ruined.mean()),
        fan=fan,
    )


def all_strategies(crashes: np.ndarray, seed: int = 0, paths: int = PATHS) -> list[StrategyRisk]:
    """Every built-in strategy with its default parameters."""
    return [strategy_risk(cls(cls.Params()), crashes, seed, paths) for cls in BUILT_IN.values()]
