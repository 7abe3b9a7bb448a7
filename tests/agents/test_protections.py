"""Each protection on its own: what it refuses before a grant and what it locks after a settlement."""

from __future__ import annotations

from collections import deque

import pytest

from aviator.agents.protections import (
    Book,
    CooldownAfterLostCycle,
    DailyLossLimit,
    Lock,
    MaxBetsPerHour,
    MaxConsecutiveLosses,
    MaxStake,
    SessionStopLoss,
    TakeProfit,
    protections,
)
from aviator.config.betting import BettingConfig, Limits

DAY_ENDS = 86_400.0


def test_max_stake_refuses_only_a_stake_above_it() -> None:
    guard, book = MaxStake(10.0), Book("all")
    assert guard.check(book, 10.0, 0.0) is None
    assert guard.check(book, 10.01, 0.0) == "stake 10.01 is above max_stake 10.00"
    assert guard.after(book, 0.0, True, DAY_ENDS) is None  # it never locks


def test_session_stop_loss_counts_the_open_stakes_and_this_one_as_lost() -> None:
    guard, book = SessionStopLoss(50.0), Book("all", profit=-30.0, open_stakes=10.0)
    assert guard.check(book, 10.0, 0.0) is None  # 30 lost + 10 open + 10 = 50: exactly the limit
    assert guard.check(book, 15.0, 0.0) == "losing it could lose 55.00, past session_stop_loss 50.00"
    winning = Book("all", profit=20.0)
    assert guard.check(winning, 70.0, 0.0) is None  # -20 + 0 + 70 = 50
    assert guard.check(winning, 70.01, 0.0) is not None


def test_session_stop_loss_locks_until_unlocked_once_reached() -> None:
    guard = SessionStopLoss(50.0)
    assert guard.after(Book("all", profit=-49.99), 5.0, False, DAY_ENDS) is None
    lock = guard.after(Book("mozzart", profit=-50.0), 5.0, False, DAY_ENDS)
    assert lock == Lock("session_stop_loss", "mozzart", "the session lost 50.00", None)


def test_daily_loss_limit_looks_at_today_only_and_locks_until_the_day_ends() -> None:
    guard = DailyLossLimit(50.0)
    book = Book("all", profit=-400.0, day_profit=-20.0, open_stakes=0.0)
    assert guard.check(book, 30.0, 0.0) is None  # today: 20 + 30 = 50; the older 380 do not count
    assert guard.check(book, 30.01, 0.0) == "losing it could lose 50.01 today, past daily_loss_limit 50.00"
    assert guard.after(Book("all", day_profit=-49.0), 5.0, False, DAY_ENDS) is None
    lock = guard.after(Book("all", day_profit=-50.0), 5.0, False, DAY_ENDS)
    assert lock == Lock("daily_loss_limit", "all", "today lost 50.00", DAY_ENDS)


def test_take_profit_never_refuses_and_locks_once_the_target_is_won() -> None:
    guard = TakeProfit(100.0)
    assert guard.check(Book("all", profit=500.0), 10.0, 0.0) is None
    assert guard.after(Book("all", profit=99.99), 5.0, False, DAY_ENDS) is None
    lock = guard.after(Book("all", profit=100.0), 5.0, False, DAY_ENDS)
    assert lock == Lock("take_profit", "all", "the session won 100.00", None)


def test_max_consecutive_losses_locks_at_the_limit() -> None:
    guard = MaxConsecutiveLosses(3)
    assert guard.after(Book("all", losses_in_a_row=2), 5.0, False, DAY_ENDS) is None
    lock = guard.after(Book("all", losses_in_a_row=3), 5.0, False, DAY_ENDS)
    assert lock == Lock("max_consecutive_losses", "all", "3 losses in a row", None)


def test_cooldown_locks_for_its_seconds_after_a_lost_cycle_only() -> None:
    guard = CooldownAfterLostCycle(600.0)
    assert guard.after(Book("all"), 1000.0, False, DAY_ENDS) is None
    lock = guard.after(Book("admiral"), 1000.0, True, DAY_ENDS)
    assert lock == Lock("cooldown_after_lost_cycle", "admiral", "a lost cycle", 1600.0)  # 1000 + 600
    assert CooldownAfterLostCycle(0.0).after(Book("all"), 1000.0, True, DAY_ENDS) is None


def test_max_bets_per_hour_counts_the_grants_of_the_last_hour() -> None:
    guard = MaxBetsPerHour(3)
    book = Book("all", granted_at=deque([0.0, 100.0, 3599.0]))
    assert guard.check(book, 1.0, 3599.5) == "3 bets in the last hour, the limit"
    assert guard.check(book, 1.0, 3600.0) is None  # the grant at 0 is an hour old: 3600 - 3600 = 0
    assert list(book.granted_at) == [100.0, 3599.0]


def test_a_lock_is_active_until_its_end_or_for_ever() -> None:
    assert Lock("x", "all", "why", 10.0).active(9.99)
    assert not Lock("x", "all", "why", 10.0).active(10.0)
    assert Lock("x", "all", "why", None).active(1e12)


def test_one_protection_per_limit_set() -> None:
    assert protections(Limits()) == []
    made = protections(Limits(max_stake=5, max_bets_per_hour=20, cooldown_after_lost_cycle=0))
    assert [(type(p), p.limit) for p in made] == [
        (MaxStake, 5.0),
        (CooldownAfterLostCycle, 0.0),
        (MaxBetsPerHour, 20),
    ]


@pytest.mark.parametrize(
    "values",
    [
        {"max_stake": 0},
        {"session_stop_loss": -5},
        {"daily_loss_limit": float("nan")},
        {"take_profit": float("inf")},
        {"max_consecutive_losses": 0},
        {"cooldown_after_lost_cycle": -1},
        {"max_bets_per_hour": 0},
        {"max_stakes": 10},  # an unknown key
    ],
)
def test_bad_limits_are_rejected(values: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Limits.model_validate(values)


def test_live_needs_every_limit_of_both_scopes() -> None:
    every = dict.fromkeys(Limits.model_fields, 1)
    assert (
        BettingConfig(live=True, limits=Limits(**every), per_bookmaker=Limits(**every)).live_problems() == []
    )
    problems = BettingConfig(limits=Limits(**{**every, "take_profit": None})).live_problems()
    assert problems[:2] == [
        "betting.live is not true in the setup file",
        "betting.limits.take_profit is not set",
    ]
    assert len(problems) == 2 + 7  # and each of the 7 per_bookmaker limits
