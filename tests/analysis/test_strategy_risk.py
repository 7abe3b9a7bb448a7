"""The strategies' section: a flat bet over a hand-written sequence, the recorded run equal to the
real backtest (agent, ledger) bet for bet, and every built-in losing about the house edge."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.analysis.backtest import backtest
from aviator.analysis.strategy_risk import PATH_ROUNDS, all_strategies, strategy_risk
from aviator.config.betting import BettingConfig
from aviator.strategies.builtins import BUILT_IN
from tests.analysis.sequences import fair


def test_a_flat_bet_by_hand() -> None:
    flat = BUILT_IN["flat"](BUILT_IN["flat"].Params())  # 10 at 2.0x every round
    risk = strategy_risk(flat, np.array([2.5, 1.0, 3.0, 1.5, 2.0]), paths=10)
    # won, lost, won, lost, won: +10 -10 +10 -10 +10 = +10 on 50 staked
    assert risk.recorded_staked == 50.0 and risk.recorded_return == pytest.approx(0.2)
    assert risk.fan["recorded"].iloc[-1] == 10.0 and risk.stretches == 1


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_the_recorded_run_is_the_real_backtest(name: str) -> None:
    strategy = BUILT_IN[name](BUILT_IN[name].Params())
    crashes = fair(PATH_ROUNDS, seed=7)
    expected = backtest(strategy, crashes.tolist(), BettingConfig(bankroll=1000.0))
    risk = strategy_risk(strategy, crashes, paths=10)
    assert risk.recorded_staked == pytest.approx(expected.staked)
    assert risk.recorded_return == pytest.approx(expected.return_per_staked)


def test_every_round_of_a_long_recording_is_played() -> None:
    flat = BUILT_IN["flat"](BUILT_IN["flat"].Params())
    crashes = fair(2 * PATH_ROUNDS + 300, seed=8)
    risk = strategy_risk(flat, crashes, paths=10, bankroll=1e9)  # never ruined: one bet per round
    assert risk.stretches == 3 and risk.recorded_staked == 10.0 * crashes.size


def test_every_built_in_loses_about_the_house_edge() -> None:
    risks = all_strategies(fair(20_000, seed=9), paths=400)
    assert [r.name for r in risks] == list(BUILT_IN)
    for risk in risks:
        assert -0.06 < risk.return_per_staked < 0.0, risk.name
        assert 0.0 <= risk.ruin_probability <= 1.0
        assert list(risk.fan.columns) == ["round", "p5", "p25", "p50", "p75", "p95", "recorded"]
