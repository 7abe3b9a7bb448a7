"""StrategyExecutor: every call into a strategy, wrapped so that nothing it does can place a bet
it should not. An exception, an answer later than 50 ms, NaN, a stake that is not a positive
finite number or an auto cash-out below 1.01 all mean "no bet", with the reason; the executor
holds the strategy's state between calls.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Protocol

from aviator.strategies.base import Decision, Strategy

TIMEOUT = 0.05  # seconds a strategy has to answer
MIN_CASHOUT = 1.01  # the games' lowest automatic cash-out
Outcome = tuple[bool, Any, str | None]  # answered in time, what it answered, why not


class Call(Protocol):
    def __call__(self, function: Callable[..., Any], *args: Any) -> Outcome: ...


class InlineCall:
    """Calls in this thread and discards an answer later than `timeout` (backtests: no thread
    per call; a strategy that never returns stops the backtest, which its user can interrupt)."""

    def __init__(self, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout

    def __call__(self, function: Callable[..., Any], *args: Any) -> Outcome:
        started = time.perf_counter()
        try:
            value = function(*args)
        except (Exception, SystemExit) as error:  # the strategy's bug: no bet, never a crash of the agent
            return False, None, f"the strategy raised {type(error).__name__}: {error}"
        took = time.perf_counter() - started
        if took > self.timeout:
            return False, None, f"the strategy took {took * 1000:.0f} ms, over {self.timeout * 1000:.0f} ms"
        return True, value, None


@dataclass
class _Job:
    """One call for the strategy's thread; `cancelled` once its caller stopped waiting."""

    function: Callable[..., Any]
    args: tuple[Any, ...]
    done: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome | None = None
    cancelled: bool = False


class ThreadCall:
    """Calls in one daemon thread of its own and waits at most `timeout`: a strategy stuck in a
    loop keeps that thread, every later call times out too (no bet, ever, until a restart), and
    the worker can still leave (the thread is a daemon: nothing joins it at exit)."""

    def __init__(self, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="strategy", daemon=True).start()

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if not job.cancelled:  # a call nobody waits for any more never runs
                job.outcome = InlineCall(math.inf)(job.function, *job.args)
            job.done.set()

    def __call__(self, function: Callable[..., Any], *args: Any) -> Outcome:
        job = _Job(function, args)
        self._jobs.put(job)
        if job.done.wait(self.timeout) and job.outcome is not None:
            return job.outcome
        job.cancelled = True  # if it has not started (an earlier call still runs), it never will
        return False, None, f"the strategy did not answer within {self.timeout * 1000:.0f} ms"


@dataclass(frozen=True)
class Answer:
    """What the strategy decided: a checked decision, or None with why there is no bet."""

    decision: Decision | None
    reason: str | None = None  # None when the strategy itself chose not to bet


class StrategyExecutor:
    """Asks a strategy for decisions and tells it outcomes, through a guarded `call`."""

    def __init__(self, strategy: Strategy, call: Call | None = None) -> None:
        self.strategy, self.call = strategy, call or InlineCall()
        self.state: Any = None
        self.broken: str | None = None
        self.restart()

    def restart(self) -> None:
        """Back to the strategy's first state: after a bet whose outcome was not seen."""
        ok, state, reason = self.call(self.strategy.start)
        self.state, self.broken = state, None if ok else reason

    def decide(self, history: Sequence[float]) -> Answer:
        if self.broken is not None:
            return Answer(None, f"the strategy could not start: {self.broken}")
        ok, value, reason = self.call(self.strategy.decide, tuple(history), self.state)
        if not ok:
            return Answer(None, reason)
        if value is None:
            return Answer(None)
        problem = decision_problem(value)
        return Answer(None, problem) if problem else Answer(_rounded(value))

    def settle(self, won: bool) -> tuple[bool, str | None]:
        """Tells the strategy a bet was won or lost; returns (whether that ended a lost cycle, the
        problem if a call failed: its state is then kept as it was)."""
        ok, lost, reason = self.call(self.strategy.ends_lost_cycle, self.state, won)
        ok_after, state, reason_after = self.call(self.strategy.after, self.state, won)
        if ok_after:
            self.state = state
        return bool(ok and lost), reason or reason_after


def decision_problem(value: object) -> str | None:
    """Why `value` is not a bet that may be placed (None: it is)."""
    if not isinstance(value, Decision):
        return f"the strategy answered {type(value).__name__}, not a Decision or None"
    if not _finite(value.stake) or round(value.stake, 2) <= 0:
        return f"stake {value.stake!r} is not a positive amount"
    if not _finite(value.auto_cashout) or round(value.auto_cashout, 2) < MIN_CASHOUT:
        return f"auto cash-out {value.auto_cashout!r} is below {MIN_CASHOUT} or not a number"
    if value.panel not in (0, 1) or isinstance(value.panel, bool):
        return f"panel {value.panel!r} is not 0 or 1"
    return None


def _finite(number: object) -> bool:
    if not isinstance(number, Real) or isinstance(number, bool):
        return False
    try:
        return math.isfinite(number)
    except OverflowError:  # an int too large for a float
        return False


def _rounded(decision: Decision) -> Decision:
    """Amounts as the game takes them: cents."""
    return Decision(
        round(float(decision.stake), 2), round(float(decision.auto_cashout), 2), int(decision.panel)
    )
