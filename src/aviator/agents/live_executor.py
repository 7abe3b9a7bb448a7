"""LiveExecutor: real bets through the TransactionController (stake and auto cash-out typed, both
read back from the screen, the button seen turning to "waiting"; any mismatch rolled back), and
each settlement checked against the balance the site shows.

A transaction never straddles a phase change: if the betting window closed while it typed, the bet
is cancelled on the screen; if the flight had already taken it, it plays and the audit says so.
"""

from __future__ import annotations

from collections.abc import Callable

from aviator.agents.executors import Placed, Settled, outcome
from aviator.core.input.lock import InputBusy
from aviator.core.input.transaction import BetOrder, TransactionController, TransactionResult
from aviator.strategies.base import Decision

Steps = tuple[tuple[str, str], ...]
BALANCE_TOLERANCE = 0.005


class LiveExecutor:
    """Places, cancels and confirms bets on a bookmaker's screen, through the one shared input."""

    mode = "live"

    def __init__(
        self,
        controller: TransactionController,
        window_open: Callable[[], bool],
        read_balance: Callable[[], float | None],
    ) -> None:
        self.controller, self.window_open, self.read_balance = controller, window_open, read_balance
        self._balance_after_placing: float | None = None

    def place(self, decision: Decision) -> Placed:
        if not self.window_open():
            return Placed(False, "the betting window closed before the transaction")
        try:
            result = self.controller.place(BetOrder(decision.panel, decision.stake, decision.auto_cashout))
        except InputBusy as error:  # other bookmakers' bets held the mouse all this window
            return Placed(False, str(error))
        steps = _typed(decision) + _read_back(result)
        if not result.ok:
            return Placed(False, result.reason, (*steps, ("rolled_back", result.reason or "")))
        if not self.window_open():
            return self._late(decision, steps)
        self._balance_after_placing = self.read_balance()
        return Placed(True, None, steps)

    def _late(self, decision: Decision, steps: Steps) -> Placed:
        """The window closed during the transaction: cancelled if the site still lets it be."""
        try:
            cancelled = self.controller.cancel(decision.panel)
        except InputBusy:
            cancelled = TransactionResult(False, "the input stayed busy")
        if cancelled.ok:
            why = "the betting window closed during the transaction"
            return Placed(False, why, (*steps, ("rolled_back", why)))
        self._balance_after_placing = self.read_balance()
        return Placed(True, None, (*steps, ("late", "the flight took the bet before it could be cancelled")))

    def settle(self, decision: Decision, crash: float) -> Settled:
        settled = outcome(decision, crash)
        before, shown = self._balance_after_placing, self.read_balance()
        self._balance_after_placing = None
        if before is None or shown is None:
            return Settled(
                settled.won, settled.profit, (("unconfirmed", f"balance read {before} then {shown}"),)
            )
        expected = round(before + (decision.stake + settled.profit if settled.won else 0.0), 2)
        if abs(shown - expected) <= BALANCE_TOLERANCE:
            return Settled(settled.won, settled.profit, (("confirmed", f"balance {shown:.2f}"),))
        detail = f"the balance shows {shown:.2f}, {expected:.2f} expected from the crash {crash:.2f}x"
        return Settled(settled.won, settled.profit, (("mismatch", detail),))

    def cancel(self, decision: Decision) -> Placed:
        try:
            result = self.controller.cancel(decision.panel)
        except InputBusy as error:
            return Placed(False, str(error), (("cancel_failed", str(error)),))
        step = (
            ("cancelled_on_screen", f"button {result.button}")
            if result.ok
            else ("cancel_failed", result.reason or "")
        )
        return Placed(result.ok, result.reason, (step,))


def _typed(decision: Decision) -> Steps:
    return (("typed", f"stake {decision.stake:.2f}, auto cash-out {decision.auto_cashout:.2f}"),)


def _read_back(result: TransactionResult) -> Steps:
    detail = (
        f"stake {result.stake_shown}, auto cash-out {result.auto_cashout_shown}, "
        f"button {result.button}, {result.ms:.0f} ms"
    )
    return (("read_back", detail),)
