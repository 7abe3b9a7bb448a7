"""The Ledger: grants through the protections of all bookmakers and of each, books settlements,
holds the locks (with their end times) and the kill switch."""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from aviator.agents.ledger import ALL, Ledger
from aviator.agents.protections import Lock
from aviator.config.betting import BettingConfig, Limits
from aviator.core.communication.clock import ManualClock
from aviator.core.communication.messages import BetGrant, BetRequest, BetSettled

NO_LIMITS = Limits()
IDS = (f"bet{n}" for n in itertools.count())


def ledger_of(
    limits: Limits = NO_LIMITS, per_bookmaker: Limits = NO_LIMITS, bankroll: float | None = None
) -> tuple[Ledger, ManualClock]:
    clock = ManualClock()
    config = BettingConfig(limits=limits, per_bookmaker=per_bookmaker, bankroll=bankroll)
    return Ledger(config, clock), clock


def ask(ledger: Ledger, bookmaker: str, stake: float) -> tuple[str, BetGrant]:
    bet_id = next(IDS)
    return bet_id, ledger.grant(BetRequest(bookmaker, bet_id, stake, 2.0, 0))


def play(
    ledger: Ledger, bookmaker: str, stake: float, result: str, profit: float, cycle_lost: bool = False
) -> list[Lock]:
    """A bet granted and settled; asserts it was granted."""
    bet_id, grant = ask(ledger, bookmaker, stake)
    assert grant.granted, grant.reason
    return ledger.settle(BetSettled(bookmaker, bet_id, stake, result, profit, cycle_lost))


def lose(ledger: Ledger, bookmaker: str, stake: float, cycle_lost: bool = False) -> list[Lock]:
    return play(ledger, bookmaker, stake, "lost", -stake, cycle_lost)


def refusal(ledger: Ledger, bookmaker: str, stake: float) -> str | None:
    """Why a bet is refused now (None: granted, and then given back unplayed)."""
    bet_id, grant = ask(ledger, bookmaker, stake)
    if grant.granted:
        ledger.settle(BetSettled(bookmaker, bet_id, stake, "cancelled", 0.0))
    return grant.reason


@pytest.fixture
def local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Sets the process's local time zone (a POSIX TZ string: no zone files needed)."""

    def use(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def test_a_grant_puts_the_stake_at_risk_in_both_scopes_and_a_settlement_books_it() -> None:
    ledger, _ = ledger_of(bankroll=1000.0)
    bet_id, grant = ask(ledger, "admiral", 25.0)
    assert grant == BetGrant(bet_id, True)
    assert ledger.books[ALL].open_stakes == 25.0 and ledger.books["admiral"].open_stakes == 25.0
    assert ledger.open == {bet_id: ("admiral", 25.0)}
    ledger.settle(BetSettled("admiral", bet_id, 25.0, "won", 30.0))
    assert ledger.books[ALL].open_stakes == 0.0 and ledger.open == {}
    assert (ledger.books[ALL].profit, ledger.books["admiral"].profit, ledger.books[ALL].bets) == (
        30.0,
        30.0,
        1,
    )
    assert ledger.balance == 1030.0  # 1000 + 30


def test_a_bet_that_never_played_gives_its_stake_back_and_counts_nothing() -> None:
    ledger, _ = ledger_of(Limits(max_consecutive_losses=1))
    for result in ("cancelled", "refused"):
        bet_id, _ = ask(ledger, "admiral", 10.0)
        assert ledger.settle(BetSettled("admiral", bet_id, 10.0, result, 0.0)) == []
    book = ledger.books[ALL]
    assert (book.open_stakes, book.profit, book.bets, book.losses_in_a_row) == (0.0, 0.0, 0, 0)


def test_the_kill_switch_refuses_every_later_bet_but_still_books_the_open_ones() -> None:
    ledger, _ = ledger_of()
    bet_id, _ = ask(ledger, "admiral", 10.0)
    ledger.stop("the user pressed stop")
    assert refusal(ledger, "admiral", 1.0) == "betting is stopped: the user pressed stop"
    assert refusal(ledger, "mozzart", 1.0) == "betting is stopped: the user pressed stop"
    ledger.settle(BetSettled("admiral", bet_id, 10.0, "lost", -10.0))
    assert ledger.books[ALL].profit == -10.0 and ledger.books[ALL].open_stakes == 0.0
    ledger.unlock()
    assert refusal(ledger, "admiral", 1.0) == "betting is stopped: the user pressed stop"  # not a lock


def test_max_stake_for_all_and_for_each_bookmaker() -> None:
    ledger, _ = ledger_of(Limits(max_stake=50.0), Limits(max_stake=20.0))
    assert refusal(ledger, "admiral", 50.01) == "stake 50.01 is above max_stake 50.00"
    assert refusal(ledger, "admiral", 20.01) == "stake 20.01 is above max_stake 20.00 (admiral)"
    assert refusal(ledger, "admiral", 20.0) is None


def test_open_stakes_of_every_bookmaker_count_as_lost_for_the_global_stop_loss() -> None:
    ledger, _ = ledger_of(Limits(session_stop_loss=50.0))
    _, grant = ask(ledger, "admiral", 30.0)
    assert grant.granted
    # 30 open at admiral + 25 here = 55 at risk, past 50
    assert refusal(ledger, "mozzart", 25.0) == "losing it could lose 55.00, past session_stop_loss 50.00"
    assert refusal(ledger, "mozzart", 20.0) is None  # 30 + 20 = 50


def test_open_stakes_count_for_the_bankroll() -> None:
    ledger, _ = ledger_of(bankroll=100.0)
    _, grant = ask(ledger, "admiral", 60.0)
    assert grant.granted
    assert refusal(ledger, "mozzart", 50.0) == "the bankroll 100.00 does not cover 110.00 at risk"
    assert refusal(ledger, "mozzart", 40.0) is None  # 60 + 40 = 100


def test_the_global_stop_loss_locks_every_bookmaker() -> None:
    ledger, _ = ledger_of(Limits(session_stop_loss=50.0))
    assert lose(ledger, "admiral", 30.0) == []
    locks = lose(ledger, "mozzart", 20.0)  # 30 + 20 = 50: reached
    assert locks == [Lock("session_stop_loss", ALL, "the session lost 50.00", None)]
    assert ledger.active_locks() == locks
    expected = "locked by session_stop_loss (the session lost 50.00)"
    assert refusal(ledger, "admiral", 1.0) == expected and refusal(ledger, "soccer", 1.0) == expected


def test_a_per_bookmaker_stop_loss_locks_only_that_bookmaker() -> None:
    ledger, _ = ledger_of(per_bookmaker=Limits(session_stop_loss=30.0))
    assert lose(ledger, "admiral", 10.0) == []
    assert lose(ledger, "mozzart", 25.0) == []
    # admiral: 10 lost + 25 = 35 > 30, refused by its own book; the global book has no limit
    assert (
        refusal(ledger, "admiral", 25.0)
        == "losing it could lose 35.00, past session_stop_loss 30.00 (admiral)"
    )
    locks = lose(ledger, "admiral", 20.0)  # 10 + 20 = 30: reached
    assert locks == [Lock("session_stop_loss", "admiral", "the session lost 30.00", None)]
    assert refusal(ledger, "admiral", 1.0) == "locked by session_stop_loss (the session lost 30.00)"
    assert refusal(ledger, "mozzart", 5.0) is None  # 25 + 5 = 30


def test_take_profit_locks_until_unlocked() -> None:
    ledger, clock = ledger_of(Limits(take_profit=100.0))
    assert play(ledger, "admiral", 50.0, "won", 60.0) == []
    locks = play(ledger, "mozzart", 50.0, "won", 40.0)  # 60 + 40 = 100
    assert locks == [Lock("take_profit", ALL, "the session won 100.00", None)]
    clock.advance(1e7)
    assert refusal(ledger, "admiral", 1.0) == "locked by take_profit (the session won 100.00)"
    assert ledger.unlock() == locks
    assert refusal(ledger, "admiral", 1.0) is None


def test_max_consecutive_losses_counts_unknown_as_lost_and_a_win_resets_it() -> None:
    ledger, _ = ledger_of(Limits(max_consecutive_losses=3))
    lose(ledger, "admiral", 10.0)
    lose(ledger, "admiral", 10.0)
    play(ledger, "admiral", 10.0, "won", 10.0)  # the streak starts over
    lose(ledger, "admiral", 10.0)
    assert lose(ledger, "mozzart", 10.0) == []  # 2 in a row
    locks = play(ledger, "admiral", 10.0, "unknown", -10.0)  # an unseen crash counts as lost: 3
    assert locks == [Lock("max_consecutive_losses", ALL, "3 losses in a row", None)]
    assert refusal(ledger, "admiral", 1.0) == "locked by max_consecutive_losses (3 losses in a row)"


def test_the_cooldown_after_a_lost_cycle_ends_after_its_seconds() -> None:
    ledger, clock = ledger_of(per_bookmaker=Limits(cooldown_after_lost_cycle=600.0))
    clock.advance(1000.0)
    assert lose(ledger, "admiral", 10.0) == []  # a loss that is no lost cycle: no pause
    locks = lose(ledger, "admiral", 200.0, cycle_lost=True)
    assert locks == [Lock("cooldown_after_lost_cycle", "admiral", "a lost cycle", 1600.0)]  # 1000 + 600
    clock.advance(599.9)
    assert refusal(ledger, "admiral", 10.0) == "locked by cooldown_after_lost_cycle (a lost cycle)"
    assert refusal(ledger, "mozzart", 10.0) is None  # another bookmaker bets on
    clock.advance(0.1)  # 1600: over
    assert refusal(ledger, "admiral", 10.0) is None
    assert ledger.active_locks() == []


def test_max_bets_per_hour_counts_every_grant_even_one_not_played() -> None:
    ledger, clock = ledger_of(Limits(max_bets_per_hour=2))
    assert refusal(ledger, "admiral", 1.0) is None  # granted at 0, then cancelled
    clock.advance(1800.0)
    lose(ledger, "mozzart", 1.0)  # granted at 1800
    clock.advance(1799.0)  # 3599
    assert refusal(ledger, "admiral", 1.0) == "2 bets in the last hour, the limit"
    clock.advance(1.0)  # 3600: the grant at 0 left the hour
    assert refusal(ledger, "admiral", 1.0) is None


def test_per_bookmaker_bets_per_hour_are_counted_apart() -> None:
    ledger, _ = ledger_of(per_bookmaker=Limits(max_bets_per_hour=1))
    lose(ledger, "admiral", 1.0)
    assert refusal(ledger, "admiral", 1.0) == "1 bets in the last hour, the limit (admiral)"
    assert refusal(ledger, "mozzart", 1.0) is None


def test_unlock_by_scope_or_protection() -> None:
    ledger, _ = ledger_of(
        Limits(max_consecutive_losses=1), Limits(max_consecutive_losses=1, cooldown_after_lost_cycle=60)
    )
    lose(ledger, "admiral", 10.0, cycle_lost=True)
    assert {(lock.protection, lock.scope) for lock in ledger.active_locks()} == {
        ("max_consecutive_losses", ALL),
        ("max_consecutive_losses", "admiral"),
        ("cooldown_after_lost_cycle", "admiral"),
    }
    assert [lock.scope for lock in ledger.unlock(scope=ALL)] == [ALL]
    assert [lock.protection for lock in ledger.unlock(protection="cooldown_after_lost_cycle")] == [
        "cooldown_after_lost_cycle"
    ]
    assert refusal(ledger, "admiral", 1.0) == "locked by max_consecutive_losses (1 losses in a row)"
    assert refusal(ledger, "mozzart", 1.0) is None
    assert len(ledger.unlock()) == 1 and ledger.active_locks() == []
    assert refusal(ledger, "admiral", 1.0) is None


def test_the_daily_loss_limit_locks_until_local_midnight_and_a_new_day_bets_again(
    local_time: Callable[[str], None],
) -> None:
    local_time("CET-1")  # UTC+1 all year
    ledger, clock = ledger_of(Limits(daily_loss_limit=50.0, session_stop_loss=1000.0))
    clock.advance(1000.0)  # the clock starts 2026-01-01 00:00 UTC = 01:00 local
    lose(ledger, "admiral", 20.0)
    assert (
        refusal(ledger, "admiral", 30.01) == "losing it could lose 50.01 today, past daily_loss_limit 50.00"
    )
    locks = lose(ledger, "admiral", 30.0)
    # local midnight: 2026-01-02 00:00 +01:00 = 2026-01-01 23:00 UTC = 23 x 3600 = 82800 s on the clock
    assert locks == [Lock("daily_loss_limit", ALL, "today lost 50.00", 82_800.0)]
    clock.t = 82_799.9
    assert refusal(ledger, "admiral", 1.0) == "locked by daily_loss_limit (today lost 50.00)"
    clock.t = 82_800.0
    assert refusal(ledger, "admiral", 50.0) is None  # a new day: nothing lost today
    assert ledger.books[ALL].day_profit == 0.0 and ledger.books[ALL].profit == -50.0  # the session remembers


@pytest.mark.parametrize(
    ("start", "midnight"),
    [
        # 00:30 UTC = 01:30 CET; clocks go forward at 02:00 CET; 2026-03-30 00:00 CEST = 03-29 22:00 UTC
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), 21.5 * 3600),
        # 00:30 UTC = 02:30 CEST; clocks go back at 03:00 CEST; 2026-10-26 00:00 CET = 10-25 23:00 UTC
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 22.5 * 3600),
    ],
)
def test_the_daily_lock_ends_at_midnight_on_a_summer_time_day(
    local_time: Callable[[str], None], start: datetime, midnight: float
) -> None:
    local_time("CET-1CEST,M3.5.0,M10.5.0/3")  # Central Europe: last Sundays of March and October
    clock = ManualClock(origin_utc=start)
    ledger = Ledger(BettingConfig(limits=Limits(daily_loss_limit=10.0)), clock)
    assert lose(ledger, "admiral", 10.0) == [Lock("daily_loss_limit", ALL, "today lost 10.00", midnight)]


def test_expired_locks_are_dropped() -> None:
    ledger, clock = ledger_of(Limits(cooldown_after_lost_cycle=5.0))
    lose(ledger, "admiral", 1.0, cycle_lost=True)
    assert len(ledger.locks) == 1
    clock.advance(5.0)
    assert ledger.active_locks() == [] and ledger.locks == []


def test_a_settlement_the_ledger_never_granted_is_booked_without_touching_open_stakes() -> None:
    ledger, _ = ledger_of()
    ask(ledger, "admiral", 10.0)
    ledger.settle(BetSettled("admiral", "unheard-of", 5.0, "lost", -5.0))
    assert ledger.books[ALL].open_stakes == 10.0 and ledger.books[ALL].profit == -5.0


@pytest.mark.parametrize("stake", [math.nan, math.inf, -5.0, 0.0])
def test_a_stake_that_is_not_a_positive_amount_is_never_granted(stake: float) -> None:
    # the agent never asks for one; a request that does must not put NaN at risk, past every limit
    ledger, _ = ledger_of(Limits(max_stake=10.0, session_stop_loss=20.0))
    assert refusal(ledger, "admiral", stake) == f"stake {stake!r} is not a positive amount"
    assert ledger.books[ALL].open_stakes == 0.0 and ledger.open == {}
    _, first = ask(ledger, "admiral", 10.0)
    _, second = ask(ledger, "mozzart", 10.0)
    assert first.granted and second.granted  # 10 + 10 = 20 at risk: the stop-loss, still counted
    assert refusal(ledger, "soccer", 0.01) == "losing it could lose 20.01, past session_stop_loss 20.00"


def test_unlocking_max_consecutive_losses_starts_the_streak_again() -> None:
    ledger, _ = ledger_of(Limits(max_consecutive_losses=2))
    lose(ledger, "A", 10)
    assert [lock.protection for lock in lose(ledger, "A", 10)] == ["max_consecutive_losses"]
    assert ledger.unlock(protection="max_consecutive_losses")
    assert lose(ledger, "A", 10) == []  # one loss since the unlock: not two in a row yet
    assert [lock.protection for lock in lose(ledger, "A", 10)] == ["max_consecutive_losses"]


def test_grants_older_than_an_hour_are_forgotten_without_a_bets_per_hour_limit() -> None:
    ledger, clock = ledger_of()
    for _ in range(100):
        play(ledger, "A", 1, "won", 1.0)
        clock.advance(600)  # ten minutes
    assert len(ledger.books[ALL].granted_at) == 6  # the last hour's, not all 100
