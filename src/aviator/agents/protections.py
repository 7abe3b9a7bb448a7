"""Protections: plugins between a strategy's decision and the money. Each may refuse one bet
(before it is granted) or lock betting, with a reason and an end time (after a settlement).

A Book is what a protection looks at: the money of one scope, all bookmakers or one of them.
Losses are counted at their worst: a granted bet not yet settled counts as lost.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import ClassVar

from aviator.config.betting import Limits

HOUR = 3600.0


@dataclass(frozen=True)
class Lock:
    """Betting stopped in `scope` ("all" or a bookmaker) by `protection` until `until` (clock
    seconds; None: until `aviator bets unlock` or the next session)."""

    protection: str
    scope: str
    reason: str
    until: float | None

    def active(self, now: float) -> bool:
        return self.until is None or now < self.until


@dataclass
class Book:
    """The money of one scope: settled profit, of today too, stakes still at risk, the streak."""

    scope: str
    profit: float = 0.0
    day: str = ""
    day_profit: float = 0.0
    open_stakes: float = 0.0
    losses_in_a_row: int = 0
    bets: int = 0
    granted_at: deque[float] = field(default_factory=deque)  # grant times within the last hour

    def granted(self, now: float) -> None:
        """A bet granted at `now`; grants older than an hour are forgotten."""
        self.granted_at.append(now)
        while self.granted_at and self.granted_at[0] <= now - HOUR:
            self.granted_at.popleft()

    def worst_loss(self, profit: float, stake: float) -> float:
        """The loss if every open bet and this one lost, from `profit`."""
        return -profit + self.open_stakes + stake


class Protection:
    """One limit. `check` may refuse a bet; `after` may lock once a bet is settled."""

    name: ClassVar[str] = ""

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def check(self, book: Book, stake: float, now: float) -> str | None:
        return None

    def after(self, book: Book, now: float, cycle_lost: bool, day_ends: float) -> Lock | None:
        return None


class MaxStake(Protection):
    """A bet above the limit is refused: never placed, whatever the strategy asked."""

    name = "max_stake"

    def check(self, book: Book, stake: float, now: float) -> str | None:
        return f"stake {stake:.2f} is above max_stake {self.limit:.2f}" if stake > self.limit else None


class LossLimit(Protection):
    """No bet whose loss could take the loss of a period past the limit; a lock once it is reached.
    Subclasses say which book field holds the period's profit and how the period is said."""

    profit_field: ClassVar[str] = "profit"
    after_worst: ClassVar[str] = ""  # said after a worst case ("... could lose 50.00 today")
    period: ClassVar[str] = "the session"  # said before "lost"
    until_midnight: ClassVar[bool] = False  # the lock ends at midnight (else when unlocked)

    def lost(self, book: Book) -> float:
        return -getattr(book, self.profit_field)

    def check(self, book: Book, stake: float, now: float) -> str | None:
        worst = book.worst_loss(-self.lost(book), stake)
        if worst <= self.limit:
            return None
        return f"losing it could lose {worst:.2f}{self.after_worst}, past {self.name} {self.limit:.2f}"

    def after(self, book: Book, now: float, cycle_lost: bool, day_ends: float) -> Lock | None:
        lost = self.lost(book)
        if lost < self.limit:
            return None
        return Lock(
            self.name, book.scope, f"{self.period} lost {lost:.2f}", day_ends if self.until_midnight else None
        )


class SessionStopLoss(LossLimit):
    """The most this session may lose; the lock lasts until unlocked (or the next session)."""

    name = "session_stop_loss"


class DailyLossLimit(LossLimit):
    """As the stop-loss, for one calendar day; the lock ends at midnight."""

    name = "daily_loss_limit"
    profit_field, after_worst, period, until_midnight = "day_profit", " today", "today", True


class TakeProfit(Protection):
    """Stops betting once the session won the target: what is won stays won."""

    name = "take_profit"

    def after(self, book: Book, now: float, cycle_lost: bool, day_ends: float) -> Lock | None:
        if book.profit >= self.limit:
            return Lock(self.name, book.scope, f"the session won {book.profit:.2f}", None)
        return None


class MaxConsecutiveLosses(Protection):
    """Stops betting after that many losses in a row."""

    name = "max_consecutive_losses"

    def after(self, book: Book, now: float, cycle_lost: bool, day_ends: float) -> Lock | None:
        if book.losses_in_a_row >= self.limit:
            return Lock(self.name, book.scope, f"{book.losses_in_a_row} losses in a row", None)
        return None


class CooldownAfterLostCycle(Protection):
    """A pause after a lost cycle (a Martingale ladder lost to its top)."""

    name = "cooldown_after_lost_cycle"

    def after(self, book: Book, now: float, cycle_lost: bool, day_ends: float) -> Lock | None:
        if cycle_lost and self.limit > 0:
            return Lock(self.name, book.scope, "a lost cycle", now + self.limit)
        return None


class MaxBetsPerHour(Protection):
    """No more than that many bets granted within any hour."""

    name = "max_bets_per_hour"

    def check(self, book: Book, stake: float, now: float) -> str | None:
        while book.granted_at and book.granted_at[0] <= now - HOUR:
            book.granted_at.popleft()
        return (
            f"{len(book.granted_at)} bets in the last hour, the limit"
            if len(book.granted_at) >= self.limit
            else None
        )


PROTECTIONS: tuple[type[Protection], ...] = (
    MaxStake,
    SessionStopLoss,
    DailyLossLimit,
    TakeProfit,
    MaxConsecutiveLosses,
    CooldownAfterLostCycle,
    MaxBetsPerHour,
)


def protections(limits: Limits) -> list[Protection]:
    """One protection per limit set."""
    return [kind(value) for kind in PROTECTIONS if (value := getattr(limits, kind.name)) is not None]
