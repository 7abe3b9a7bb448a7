"""The two engines of a backtest against each other and against the rule written out by hand: the
real BettingAgent + Ledger (`backtest`), and the vectorised Monte Carlo of ladder strategies."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aviator.analysis.backtest import backtest
from aviator.analysis.crash_data import read_csv
from aviator.analysis.monte_carlo import Paths, crash_blocks, monte_carlo, run_ladder, vectorisable
from aviator.config.betting import BettingConfig
from aviator.strategies.base import Decision, Params, Strategy
from aviator.strategies.builtins import BUILT_IN, Flat, Martingale, MartingaleParams
from aviator.strategies.ladder import Ladder, LadderStrategy
from tests.analysis.test_crash_data import real_files


def reference_martingale(
    stakes: Sequence[int], cashouts: Sequence[int], crashes: Sequence[int], bankroll: int | None = None
) -> dict[str, int]:
    """The Martingale rule in whole cents, written out: bet stakes[step] at cashouts[step]; a crash at
    or above the cash-out wins stake x (cash-out - 1), else loses the stake; after a win step 0, after
    a loss the next step, and a loss on the last step is a lost cycle and step 0. A stake above the
    balance is not bet. Stakes are whole units, cash-outs and crashes whole cents (2.20x: 220)."""
    step, profit, bets, wins, cycles = 0, 0, 0, 0, 0
    for crash in crashes:
        stake = stakes[step] * 100
        if bankroll is not None and stake > bankroll * 100 + profit:
            continue
        bets += 1
        if crash >= cashouts[step]:
            profit, wins, step = profit + stakes[step] * (cashouts[step] - 100), wins + 1, 0
        else:
            profit -= stake
            cycles += step == len(stakes) - 1
            step = (step + 1) % len(stakes)
    return {"profit_cents": profit, "bets": bets, "wins": wins, "cycles_lost": cycles}


ladders = st.integers(1, 6).flatmap(
    lambda steps: st.tuples(
        st.lists(st.integers(1, 500), min_size=steps, max_size=steps),
        st.lists(st.integers(101, 1000), min_size=steps, max_size=steps),
    )
)
crash_cents = st.lists(st.one_of(st.integers(100, 400), st.integers(100, 100_000)), max_size=120)


@settings(max_examples=150, deadline=None)
@given(ladder=ladders, crashes=crash_cents, bankroll=st.one_of(st.none(), st.integers(1, 3000)))
def test_both_engines_follow_the_rule_written_out(
    ladder: tuple[list[int], list[int]], crashes: list[int], bankroll: int | None
) -> None:
    stakes, cashouts = ladder
    strategy = Martingale(MartingaleParams(stakes=stakes, cashouts=[c / 100 for c in cashouts]))
    sequence = [c / 100 for c in crashes]
    expected = reference_martingale(stakes, cashouts, crashes, bankroll)
    money = None if bankroll is None else float(bankroll)
    result = backtest(strategy, sequence, BettingConfig(bankroll=money))
    assert {
        "profit_cents": round(result.profit * 100),
        "bets": result.bets,
        "wins": result.wins,
        "cycles_lost": result.cycles_lost,
    } == expected
    if crashes:
        paths = run_ladder(strategy, [np.asarray(sequence)[:, None]], money)
        assert (round(paths.profit[0] * 100), paths.bets[0], paths.cycles_lost[0]) == (
            expected["profit_cents"],
            expected["bets"],
            expected["cycles_lost"],
        )


def per_path_backtests(strategy: Strategy, crashes: np.ndarray, bankroll: float | None) -> Paths:
    config = BettingConfig(bankroll=bankroll)
    return Paths.of([backtest(strategy, crashes[:, p].tolist(), config) for p in range(crashes.shape[1])])


def assert_same(fast: Paths, slow: Paths) -> None:
    for name in Paths.__dataclass_fields__:
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name


@pytest.mark.parametrize("name", sorted(BUILT_IN))
@pytest.mark.parametrize("bankroll", [None, 150.0])
def test_the_vectorised_engine_equals_a_backtest_per_path(name: str, bankroll: float | None) -> None:
    strategy = BUILT_IN[name](BUILT_IN[name].Params())
    crashes = np.vstack(list(crash_blocks(paths=16, rounds=300, seed=3)))
    fast = run_ladder(strategy, [crashes], bankroll)
    assert_same(fast, per_path_backtests(strategy, crashes, bankroll))
    assert fast.bets.sum() > 0 and (bankroll is None or fast.ruined.any())  # the comparison saw bets and ruin


def test_a_step_the_executor_refuses_ends_the_betting_in_both_engines() -> None:
    # 0.001 is 0.00 in cents: the parameters refuse it, but a strategy built around them (as a user's
    # code could) gets no bet placed by the executor, the step never changes, and the path bets no
    # more after its first loss
    with pytest.raises(ValueError):
        MartingaleParams(stakes=(10, 0.001), cashouts=(2.0, 2.0))
    strategy = Martingale(MartingaleParams.model_construct(stakes=(10, 0.001), cashouts=(2.0, 2.0), panel=0))
    crashes = np.vstack(list(crash_blocks(paths=10, rounds=50, seed=6)))
    fast = run_ladder(strategy, [crashes], None)
    assert_same(fast, per_path_backtests(strategy, crashes, None))
    first_losses = [int(np.argmax(crashes[:, p] < 2.0)) + 1 for p in range(10)]  # bets up to the first loss
    assert fast.bets.tolist() == first_losses


def test_resampled_real_paths_agree_too_across_blocks(real_data: Path) -> None:
    data = read_csv(real_files(real_data)[0])
    strategy = Martingale(Martingale.Params())
    blocks = list(crash_blocks(paths=8, rounds=2500, seed=9, data=data))  # 1,000 rounds a block: three
    assert len(blocks) == 3 and set(np.unique(np.vstack(blocks))) <= set(data)
    assert_same(run_ladder(strategy, blocks, 2000.0), per_path_backtests(strategy, np.vstack(blocks), 2000.0))


class FlatByHand(Strategy):
    """Flat betting written as any user would: not a ladder, so Monte Carlo runs the real backtest."""

    name = "flat-by-hand"

    def decide(self, history: Sequence[float], state: object) -> Decision:
        return Decision(10.0, 2.0)


def test_a_strategy_that_is_not_a_ladder_runs_backtests_with_the_same_result() -> None:
    slow = monte_carlo(FlatByHand(Params()), paths=12, rounds=150, seed=5, bankroll=100.0)
    fast = monte_carlo(Flat(Flat.Params()), paths=12, rounds=150, seed=5, bankroll=100.0)
    assert (slow.engine, fast.engine) == ("backtest per path", "vectorised")
    assert slow.profit_percentiles == fast.profit_percentiles
    assert slow.ruin_probability == fast.ruin_probability
    assert slow.return_per_staked == fast.return_per_staked


class Overridden(Martingale):
    name = "martingale-but-skips"

    def decide(self, history: Sequence[float], state: int) -> Decision | None:
        return None if history and history[-1] < 1.5 else super().decide(history, state)


class Broken(LadderStrategy):
    name = "broken-ladder"

    def ladder(self) -> Ladder:
        return Ladder((10.0,), (2.0,), (0,), (1,), (False,))  # a loss leads to a step that is not there


def test_only_a_ladder_whose_table_says_all_it_does_is_vectorised() -> None:
    assert all(vectorisable(cls(cls.Params())) for cls in BUILT_IN.values())
    assert not vectorisable(Overridden(Martingale.Params()))
    assert not vectorisable(Broken(Params()))
    assert not vectorisable(FlatByHand(Params()))


def test_ruin_needs_a_bankroll_and_follows_it() -> None:
    martingale = Martingale(Martingale.Params())  # first stake 10, top stake 200
    kwargs = {"paths": 200, "rounds": 500, "seed": 2}
    assert monte_carlo(martingale, **kwargs).ruin_probability is None
    assert monte_carlo(martingale, **kwargs, bankroll=9.99).ruin_probability == 1.0  # not even one bet
    assert monte_carlo(martingale, **kwargs, bankroll=1e9).ruin_probability == 0.0
    some = monte_carlo(martingale, **kwargs, bankroll=300.0)
    assert 0.0 < some.ruin_probability < 1.0
    values = list(some.profit_percentiles.values())
    assert list(some.profit_percentiles) == [5, 25, 50, 75, 95] and values == sorted(values)
    assert values[0] >= -300.0  # nobody loses more than the bankroll


def test_the_same_seed_gives_the_same_paths_and_another_seed_others() -> None:
    first = np.vstack(list(crash_blocks(paths=5, rounds=1200, seed=4)))
    assert first.shape == (1200, 5)
    assert np.array_equal(first, np.vstack(list(crash_blocks(paths=5, rounds=1200, seed=4))))
    assert not np.array_equal(first, np.vstack(list(crash_blocks(paths=5, rounds=1200, seed=5))))


def test_flat_betting_returns_the_house_edge_over_a_million_generated_rounds() -> None:
    # 1,000 paths of 1,000 rounds: flat betting has no state, so this is one sequence of 10^6 rounds.
    # One bet at 2x returns +1 or -1 per unit: its mean over 10^6 bets has a standard deviation of
    # 0.001, so 0.5 points is five of them.
    result = monte_carlo(Flat(Flat.Params()), paths=1000, rounds=1000, seed=11)
    assert abs(result.return_per_staked - (-0.03)) < 0.005


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_every_built_in_loses_on_the_real_rounds(real_data: Path, name: str) -> None:
    crashes = np.concatenate([read_csv(path) for path in real_files(real_data)])
    assert len(crashes) == 18_208  # every real Aviator CSV, one after the other
    result = backtest(BUILT_IN[name](BUILT_IN[name].Params()), crashes.tolist(), BettingConfig(bankroll=None))
    assert result.bets == result.rounds and result.return_per_staked < 0
