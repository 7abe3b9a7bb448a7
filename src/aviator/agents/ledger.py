"""The bankroll ledger: one truth for the money of every bookmaker, owned by the main process.

Each bet is granted here before it is placed, through the protections of all bookmakers together
and of its own; each settlement lands here. The kill switch (`stop`) refuses every later bet.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, timedelta

from aviator.agents.protections import Book, Lock, Protection, protections
from aviator.config.betting import BettingConfig
from aviator.core.communication.clock import Clock
from aviator.core.communication.messages import BetGrant, BetRequest, BetSettled

ALL = "all"
LOSSES = ("lost", "unknown")  # an unseen crash is counted as the worst case: lost


class Ledger:
    """Grants bets through the protections, settles them, and holds the locks and the kill switch."""

    def __init__(self, config: BettingConfig, clock: Clock) -> None:
        self.clock, self.bankroll = clock, config.bankroll
        self.everyone, self.each = protections(config.limits), protections(config.per_bookmaker)
        self.books: dict[str, Book] = {ALL: Book(ALL)}
        self.locks: list[Lock] = []
        self.open: dict[str, tuple[str, float]] = {}  # granted, not yet settled: bet id -> (bookmaker, stake)
        self.stopped: str | None = None
        self.stopped_at: float | None = None

    @property
    def balance(self) -> float | None:
        """The bankroll with every settled bet; None without a bankroll."""
        return None if self.bankroll is None else round(self.bankroll + self.books[ALL].profit, 2)

    def grant(self, request: BetRequest) -> BetGrant:
        now = self.clock.now()
        self._new_day(now)
        reason = self._refusal(request, now)
        if reason is not None:
            return BetGrant(request.bet_id, False, reason)
        for book, _ in self._scopes(request.bookmaker):
            book.open_stakes = round(book.open_stakes + request.stake, 2)
            book.granted(now)
        self.open[request.bet_id] = (request.bookmaker, request.stake)
        return BetGrant(request.bet_id, True)

    def settle(self, settled: BetSettled) -> list[Lock]:
        """Books a bet's end (its profit, 0 if it never played); returns the locks it set off."""
        now = self.clock.now()
        self._new_day(now)
        _, stake = self.open.pop(settled.bet_id, (settled.bookmaker, 0.0))  # 0: never granted here
        played = settled.result in ("won", *LOSSES)
        new: list[Lock] = []
        for book, plugins in self._scopes(settled.bookmaker):
            _book(book, stake, settled, played)
            if played:
                new += [
                    lock
                    for p in plugins
                    if (lock := p.after(book, now, settled.cycle_lost, self._midnight(now)))
                ]
        self.locks += new
        return new

    def stop(self, reason: str) -> None:
        """The kill switch: no bet is granted again in this session."""
        if self.stopped is None:
            self.stopped, self.stopped_at = reason, self.clock.now()

    def unlock(self, scope: str | None = None, protection: str | None = None) -> list[Lock]:
        """Clears the locks of `scope` and/or `protection` (all locks by default); returns them."""
        cleared = [lock for lock in self.locks if _matches(lock, scope, protection)]
        self.locks = [lock for lock in self.locks if lock not in cleared]
        for lock in cleared:
            if lock.protection == "max_consecutive_losses" and lock.scope in self.books:
                self.books[lock.scope].losses_in_a_row = 0  # else the next loss locks again at once
        return cleared

    def active_locks(self) -> list[Lock]:
        now = self.clock.now()
        self.locks = [lock for lock in self.locks if lock.active(now)]
        return list(self.locks)

    def _refusal(self, request: BetRequest, now: float) -> str | None:
        if self.stopped is not None:
            return f"betting is stopped: {self.stopped}"
        if not 0 < request.stake < math.inf:  # NaN at risk would pass every later check: never booked
            return f"stake {request.stake!r} is not a positive amount"
        return self._locked(request.bookmaker) or self._limit(request, now)

    def _locked(self, bookmaker: str) -> str | None:
        for lock in self.active_locks():
            if lock.scope in (ALL, bookmaker):
                return f"locked by {lock.protection} ({lock.reason})"
        return None

    def _limit(self, request: BetRequest, now: float) -> str | None:
        """The bankroll's refusal, or the first protection's."""
        at_risk, balance = self.books[ALL].open_stakes + request.stake, self.balance
        if balance is not None and at_risk > balance:
            return f"the bankroll {balance:.2f} does not cover {at_risk:.2f} at risk"
        for book, plugins in self._scopes(request.bookmaker):
            for plugin in plugins:
                if (reason := plugin.check(book, request.stake, now)) is not None:
                    return reason if book.scope == ALL else f"{reason} ({book.scope})"
        return None

    def _scopes(self, bookmaker: str) -> Iterator[tuple[Book, list[Protection]]]:
        yield self.books[ALL], self.everyone
        yield self.books.setdefault(bookmaker, Book(bookmaker)), self.each

    def _new_day(self, now: float) -> None:
        day = self.clock.utc(now).astimezone().date().isoformat()
        for book in self.books.values():
            if book.day != day:
                book.day, book.day_profit = day, 0.0

    def _midnight(self, now: float) -> float:
        """The clock time at which today (local time) ends."""
        local = self.clock.utc(now).astimezone()
        # the offset of midnight itself, not of now: a day with a summer-time change is 23 or 25 hours
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time()).astimezone()
        return now + (midnight - local).total_seconds()


def _book(book: Book, stake: float, settled: BetSettled, played: bool) -> None:
    book.open_stakes = round(max(book.open_stakes - stake, 0.0), 2)
    if not played:
        return
    book.profit = round(book.profit + settled.profit, 2)
    book.day_profit = round(book.day_profit + settled.profit, 2)
    book.bets += 1
    book.losses_in_a_row = book.losses_in_a_row + 1 if settled.result in LOSSES else 0


def _matches(lock: Lock, scope: str | None, protection: str | None) -> bool:
    return (scope is None or lock.scope == scope) and (protection is None or lock.protection == protection)
