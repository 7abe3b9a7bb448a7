"""Backtest speed: the vectorised Monte Carlo of each built-in (ladder) strategy, 1,000 paths of
10,000 rounds drawn from the crash law, a bankroll of 1,000 (target: under 5 s, drawing included);
and the real backtest (agent, ledger, protections) in rounds per second, which a strategy that is
not a ladder runs once per path instead.

    .venv/bin/python -m benchmarks.bench_backtest [--paths 1000] [--rounds 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from benchmarks.common import spread, write_result

from aviator.analysis.backtest import backtest
from aviator.analysis.crash_data import generate
from aviator.analysis.monte_carlo import monte_carlo
from aviator.config.betting import BettingConfig
from aviator.strategies.builtins import BUILT_IN

TARGET_SECONDS = 5.0
BANKROLL = 1000.0


def vectorised(name: str, paths: int, rounds: int, repeat: int) -> dict[str, Any]:
    strategy, seconds = BUILT_IN[name](BUILT_IN[name].Params()), []
    for seed in range(repeat):
        started = time.perf_counter()
        result = monte_carlo(strategy, paths, rounds, seed=seed, bankroll=BANKROLL)
        seconds.append(time.perf_counter() - started)
    assert result.engine == "vectorised"
    return {
        "seconds": spread(seconds),
        "rounds_per_second": round(paths * rounds / min(seconds)),
        "ruin_probability": result.ruin_probability,
        "return_per_staked": round(result.return_per_staked, 5),
    }


def per_path(rounds: int) -> dict[str, Any]:
    """The real backtest of one path: what a strategy that is not a ladder costs per path."""
    crashes = generate(rounds, seed=1).tolist()
    strategy = BUILT_IN["martingale"](BUILT_IN["martingale"].Params())
    started = time.perf_counter()
    backtest(strategy, crashes, BettingConfig(bankroll=None))
    seconds = time.perf_counter() - started
    return {"rounds": rounds, "seconds": round(seconds, 3), "rounds_per_second": round(rounds / seconds)}


def run(paths: int, rounds: int, repeat: int) -> dict[str, Any]:
    strategies = {name: vectorised(name, paths, rounds, repeat) for name in BUILT_IN}
    worst = max(result["seconds"]["max"] for result in strategies.values())
    return {
        "paths": paths,
        "rounds": rounds,
        "bankroll": BANKROLL,
        "vectorised": strategies,
        "worst_seconds": worst,
        "target_seconds": TARGET_SECONDS,
        "met": worst < TARGET_SECONDS,
        "backtest_per_path": per_path(rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(write_result("backtest", run(args.paths, args.rounds, args.repeat)).read_text())


if __name__ == "__main__":
    main()
