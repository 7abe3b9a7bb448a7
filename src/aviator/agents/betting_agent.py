"""BettingAgent: one bookmaker's bettor, the same in a backtest, in paper mode and live.

At the start of each betting window it watched begin, it asks the strategy (through the
StrategyExecutor) for a bet, asks the ledger to grant it, has its executor place it while the
window is still open, and settles it by the crash the collector recorded. Every step goes to the
audit. It holds at most one bet at a time.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from aviator.agents.executors import BetExecutor
from aviator.agents.strategy_executor import StrategyExecutor
from aviator.core.communication.clock import Clock, iso
from aviator.core.communication.messages import BetGrant, BetRequest, BetSettled
from aviator.data.models import Bet, BetEvent
from aviator.strategies.base import Decision

HISTORY = 100  # rounds a strategy sees


class Granter(Protocol):
    """The ledger as an agent reaches it: in its own process (backtest) or the main process's."""

    def ask(self, request: BetRequest, reply: Callable[[BetGrant], None]) -> None: ...

    def settled(self, settled: BetSettled) -> None: ...


class Audit(Protocol):
    """Where bets and their steps are written: the database through the worker's outbox, or a tally."""

    def event(self, event: BetEvent) -> None: ...

    def bet(self, bet: Bet) -> None: ...


@dataclass
class Pending:
    """The agent's one bet: decided in betting window `window`; `placed` once the executor placed it."""

    bet_id: str
    decision: Decision
    window: int
    placed_at: str
    placed: bool = False
    flew: bool = False  # its flight started: the next betting window means its crash went unseen


class BettingAgent:
    """Decides, has granted, places and settles one bookmaker's bets; see the module's docstring."""

    def __init__(
        self,
        bookmaker: str,
        strategy: StrategyExecutor,
        executor: BetExecutor,
        granter: Granter,
        audit: Audit,
        clock: Clock,
        history: Iterable[float] = (),
    ) -> None:
        self.bookmaker, self.strategy, self.executor = bookmaker, strategy, executor
        self.granter, self.audit, self.clock = granter, audit, clock
        self.history: deque[float] = deque(history, maxlen=HISTORY)
        self.pending: Pending | None = None
        self.window, self.window_open = 0, False
        self.stopped: str | None = None

    def betting_started(self, watched: bool) -> None:
        """A betting window opened; `watched`: the worker saw it open (not only found it open)."""
        if self.pending is not None and self.pending.flew:
            self.crash_missed()  # its round ended unseen: never settled by the next round's crash
        self.window, self.window_open = self.window + 1, True
        if self.pending is not None or self.stopped is not None or not watched:
            return
        answer = self.strategy.decide(self.history)
        bet_id = uuid.uuid4().hex[:16]
        if answer.decision is None:
            if answer.reason is not None:
                self._event(bet_id, "no_bet", answer.reason)
            return
        decision = answer.decision
        self.pending = Pending(bet_id, decision, self.window, self._now())
        self._event(bet_id, "decided", _describe(decision))
        request = BetRequest(self.bookmaker, bet_id, decision.stake, decision.auto_cashout, decision.panel)
        self.granter.ask(request, self.granted)

    def granted(self, grant: BetGrant) -> None:
        """The ledger's answer; a bet granted after its window closed is not placed."""
        pending = self.pending
        if pending is None or grant.bet_id != pending.bet_id:
            return  # an answer to a bet already given up
        if not grant.granted:
            self._event(pending.bet_id, "refused", grant.reason)
            self.pending = None
            return
        self._event(pending.bet_id, "granted", None)
        if self.stopped is not None or not self.window_open or pending.window != self.window:
            self._end(pending, "cancelled", why="the betting window closed before the bet could be placed")
            return
        placed = self.executor.place(pending.decision)
        self._steps(pending.bet_id, placed.steps)
        if not placed.ok:
            self._end(pending, "refused", why=placed.reason)
            return
        pending.placed = True
        self._event(pending.bet_id, "placed", f"{self.executor.mode}: {_describe(pending.decision)}")

    def paused(self) -> None:
        """The worker stops looking: it may not see the flight of a placed bet; if it sees no crash
        before the next betting window, that bet is counted as lost (its crash went unseen)."""
        if self.pending is not None and self.pending.placed:
            self.pending.flew = True

    def flight_started(self) -> None:
        """The window closed: a bet still waiting for its grant is given up."""
        self.window_open = False
        if self.pending is not None and not self.pending.placed:
            self._end(self.pending, "cancelled", why="no grant before the flight started")
        elif self.pending is not None:
            self.pending.flew = True

    def round_ended(self, crash: float, round_started_at: str | None) -> None:
        """The collector recorded a crash: the bet placed for that round is settled by it."""
        self.window_open = False
        self.history.append(crash)
        pending = self.pending
        if pending is None or not pending.placed:
            if pending is not None:
                self._end(pending, "cancelled", why="its round ended before it was placed")
            return
        settled = self.executor.settle(pending.decision, crash)
        self._steps(pending.bet_id, settled.steps)
        if any(event == "mismatch" for event, _ in settled.steps):
            self.stopped = "the screen disagrees with the recorded crash: betting stopped for this bookmaker"
        cycle_lost, problem = self.strategy.settle(settled.won)
        if problem is not None:
            self._event(pending.bet_id, "strategy_error", problem)
        result = "won" if settled.won else "lost"
        self._end(pending, result, settled.profit, crash, round_started_at, cycle_lost)

    def crash_missed(self) -> None:
        """The round of a placed bet ended unseen: counted as lost, and the strategy starts over."""
        self.window_open = False
        pending = self.pending
        if pending is not None and pending.placed:
            self.strategy.restart()
            self._end(
                pending, "unknown", -pending.decision.stake, why="its crash was not seen: counted as lost"
            )
        elif pending is not None:
            self._end(pending, "cancelled", why="its round ended unseen")

    def stop(self, reason: str) -> None:
        """The kill switch: no more bets; a bet still waiting for its round is cancelled."""
        self.stopped = reason
        pending = self.pending
        if pending is None or (pending.placed and not self.window_open):
            return  # nothing to cancel, or it already flies: its crash settles it
        if pending.placed:
            cancelled = self.executor.cancel(pending.decision)
            self._steps(pending.bet_id, cancelled.steps)
            if not cancelled.ok:
                self._event(pending.bet_id, "cancel_failed", cancelled.reason)
                return
        self._end(pending, "cancelled", why=f"betting stopped: {reason}")

    def _end(
        self,
        pending: Pending,
        result: str,
        profit: float = 0.0,
        crash: float | None = None,
        round_started_at: str | None = None,
        cycle_lost: bool = False,
        why: str | None = None,
    ) -> None:
        """Writes the bet as it ended and tells the ledger."""
        self.pending = None
        decision, state = pending.decision, "settled" if result in ("won", "lost", "unknown") else result
        self._event(pending.bet_id, state, why or f"{result} {profit:+.2f}")
        self.audit.bet(
            Bet(
                self.bookmaker, decision.panel + 1, decision.stake, pending.placed_at, round_started_at,
                decision.auto_cashout, state, result, profit, self.executor.mode, crash,
                self.strategy.strategy.name, pending.bet_id, cycle_lost, self._now(),
            )
        )  # fmt: skip
        settled = BetSettled(self.bookmaker, pending.bet_id, decision.stake, result, profit, cycle_lost)
        self.granter.settled(settled)

    def _steps(self, bet_id: str, steps: tuple[tuple[str, str], ...]) -> None:
        for event, detail in steps:
            self._event(bet_id, event, detail)

    def _event(self, bet_id: str, event: str, detail: str | None) -> None:
        self.audit.event(BetEvent(self.bookmaker, bet_id, self._now(), event, detail))

    def _now(self) -> str:
        return iso(self.clock.utc(self.clock.now()))


def _describe(decision: Decision) -> str:
    return f"stake {decision.stake:.2f} at {decision.auto_cashout:.2f}x, panel {decision.panel + 1}"
