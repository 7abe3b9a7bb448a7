"""The built-in ladders: each strategy's stakes, cash-outs and steps, walked by hand."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aviator.strategies.base import Decision
from aviator.strategies.builtins import (
    BUILT_IN,
    Dalembert,
    DalembertParams,
    Flat,
    FlatParams,
    Martingale,
    MartingaleParams,
    Paroli,
    ParoliParams,
)
from aviator.strategies.ladder import LadderStrategy

SEED_STAKES = (10, 20, 40, 70, 120, 200)
SEED_CASHOUTS = (2.20, 2.20, 2.20, 2.50, 3.00, 3.00)


def walk(strategy: LadderStrategy, outcomes: str) -> list[tuple[Decision, bool]]:
    """The decisions along `outcomes` ('W' won, 'L' lost), each with whether it ended a lost cycle."""
    state, seen = strategy.start(), []
    for outcome in outcomes:
        won = outcome == "W"
        seen.append((strategy.decide((), state), strategy.ends_lost_cycle(state, won)))
        state = strategy.after(state, won)
    return seen


def test_the_built_ins_are_found_by_their_names() -> None:
    assert {"martingale": Martingale, "flat": Flat, "paroli": Paroli, "dalembert": Dalembert} == BUILT_IN


def test_martingale_defaults_are_the_seeds_ladder() -> None:
    params = MartingaleParams()
    assert params.stakes == SEED_STAKES and params.cashouts == SEED_CASHOUTS


def test_martingale_climbs_on_losses_and_goes_back_to_the_first_step_on_a_win() -> None:
    seen = walk(Martingale(MartingaleParams()), "LLWLW")
    # L at step 0 -> 1, L at 1 -> 2, W at 2 -> 0, L at 0 -> 1, W at 1 -> 0
    assert [d for d, _ in seen] == [
        Decision(10, 2.20),
        Decision(20, 2.20),
        Decision(40, 2.20),
        Decision(10, 2.20),
        Decision(20, 2.20),
    ]
    assert not any(lost for _, lost in seen)


def test_a_loss_on_the_last_martingale_step_is_one_lost_cycle_and_starts_over() -> None:
    seen = walk(Martingale(MartingaleParams()), "LLLLLL" + "L")
    assert [(d.stake, d.auto_cashout) for d, _ in seen] == [
        *zip(SEED_STAKES, SEED_CASHOUTS, strict=True),
        (10, 2.20),
    ]
    assert [lost for _, lost in seen] == [False] * 5 + [True, False]  # only the 6th loss, at step 5


def test_a_win_on_the_last_martingale_step_is_no_lost_cycle() -> None:
    strategy = Martingale(MartingaleParams())
    assert not strategy.ends_lost_cycle(5, won=True)
    assert strategy.after(5, won=True) == 0


def test_martingale_of_the_users_own_steps_and_panel() -> None:
    strategy = Martingale(MartingaleParams(stakes=(1, 3), cashouts=(1.5, 4.0), panel=1))
    seen = walk(strategy, "LLL")
    assert [d for d, _ in seen] == [Decision(1, 1.5, 1), Decision(3, 4.0, 1), Decision(1, 1.5, 1)]
    assert [lost for _, lost in seen] == [False, True, False]


def test_flat_bets_the_same_whatever_happens() -> None:
    seen = walk(Flat(FlatParams(stake=5, auto_cashout=1.8)), "WLLWL")
    assert {d for d, _ in seen} == {Decision(5, 1.8, 0)}
    assert not any(lost for _, lost in seen)


def test_paroli_raises_after_wins_and_resets_after_its_wins_or_a_loss() -> None:
    seen = walk(Paroli(ParoliParams(stake=10, factor=2, wins=3)), "WWWWLW" + "W")
    # stakes 10, 10*2=20, 10*2*2=40; three wins in a row -> back to 10; a loss -> back to 10
    assert [d.stake for d, _ in seen] == [10, 20, 40, 10, 20, 10, 20]
    assert {d.auto_cashout for d, _ in seen} == {2.0}
    assert not any(lost for _, lost in seen)


def test_paroli_stakes_are_in_cents() -> None:
    strategy = Paroli(ParoliParams(stake=1, factor=1.5, wins=4))
    assert strategy.table.stakes == (1, 1.5, 2.25, 3.38)  # 1.5**3 = 3.375 -> 3.38


def test_dalembert_adds_a_unit_after_a_loss_and_takes_one_off_after_a_win() -> None:
    seen = walk(Dalembert(DalembertParams(unit=5, levels=3, auto_cashout=2.5)), "WLLWLLL")
    # level 0 (W stays 0), L -> 1, L -> 2, W -> 1, L -> 2, L at the top -> 0 (lost cycle), L -> 1
    assert [d.stake for d, _ in seen] == [5, 5, 10, 15, 10, 15, 5]
    assert [lost for _, lost in seen] == [False] * 5 + [True, False]
    assert {d.auto_cashout for d, _ in seen} == {2.5}


def test_a_ladder_is_also_a_table_of_arrays() -> None:
    stakes, cashouts, on_win, on_loss, lost_cycle = Martingale(MartingaleParams()).table.arrays()
    assert stakes.tolist() == list(SEED_STAKES) and cashouts.tolist() == list(SEED_CASHOUTS)
    assert on_win.tolist() == [0] * 6 and on_loss.tolist() == [1, 2, 3, 4, 5, 0]
    assert lost_cycle.dtype == bool and lost_cycle.tolist() == [False] * 5 + [True]


def test_martingale_stakes_and_cashouts_of_different_lengths_are_rejected() -> None:
    with pytest.raises(ValidationError, match="stakes has 2 steps, cashouts 3"):
        MartingaleParams(stakes=(10, 20), cashouts=(2.0, 2.0, 2.0))


@pytest.mark.parametrize(
    ("params", "values"),
    [
        (MartingaleParams, {"stakes": (10, 0), "cashouts": (2.0, 2.0)}),
        (MartingaleParams, {"stakes": (10, float("nan")), "cashouts": (2.0, 2.0)}),
        (MartingaleParams, {"stakes": (10,), "cashouts": (1.0,)}),
        (MartingaleParams, {"stakes": (), "cashouts": ()}),
        (FlatParams, {"stake": -1}),
        (FlatParams, {"auto_cashout": 1.009}),
        (FlatParams, {"auto_cashout": float("inf")}),
        (FlatParams, {"panel": 2}),
        (ParoliParams, {"factor": 1.0}),
        (ParoliParams, {"wins": 0}),
        (DalembertParams, {"levels": 0}),
        (FlatParams, {"stake": 10, "stakes": (10,)}),  # an unknown key
    ],
)
def test_bad_parameters_are_rejected(params: type, values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        params.model_validate(values)
