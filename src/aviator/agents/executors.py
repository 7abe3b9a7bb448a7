"""Executors: what carries out a granted bet and tells how it ended. The BettingAgent is the same
in a backtest, in paper mode and live; only its executor (and its clock) differ.

PaperExecutor places nothing: a bet is accepted as asked and settled by the crash the collector
recorded (a backtest gives it recorded or generated crashes instead of the screen's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from aviator.strategies.base import Decision


@dataclass(frozen=True)
class Placed:
    """Whether the bet stands, and the steps it took (event, detail) for the audit."""

    ok: bool
    reason: str | None = None
    steps: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Settled:
    """How a bet ended: won or lost at `crash`, its profit, and the steps that confirmed it."""

    won: bool
    profit: float
    steps: tuple[tuple[str, str], ...] = ()


class BetExecutor(Protocol):
    mode: str  # paper or live: written with every bet

    def place(self, decision: Decision) -> Placed: ...

    def settle(self, decision: Decision, crash: float) -> Settled: ...

    def cancel(self, decision: Decision) -> Placed: ...


def outcome(decision: Decision, crash: float) -> Settled:
    """The game's rule: the auto cash-out is paid when the crash reaches it, else the stake is lost."""
    if crash >= decision.auto_cashout:
        return Settled(True, round(decision.stake * (decision.auto_cashout - 1.0), 2))
    return Settled(False, -decision.stake)


class PaperExecutor:
    """Bets on paper: accepted as asked, settled by the recorded crash, no input ever sent."""

    mode = "paper"

    def place(self, decision: Decision) -> Placed:
        return Placed(True)

    def settle(self, decision: Decision, crash: float) -> Settled:
        return outcome(decision, crash)

    def cancel(self, decision: Decision) -> Placed:
        return Placed(True)
