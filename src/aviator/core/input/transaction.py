"""Bet transactions: click the stake field, type, click the auto cash-out field, type, click the
button, then read back what the screen shows; on any mismatch cancel the bet and say why.

The whole transaction holds the input lock, so no other bookmaker's clicks interleave with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from aviator.config.layouts import Rect
from aviator.config.settings import BetState
from aviator.core.capture.regions import GameRegions, PanelRegions
from aviator.core.capture.screen import ScreenSource
from aviator.core.input.driver import InputDriver
from aviator.core.input.lock import InputLock
from aviator.core.ocr.button import button_state

# Measured: after a click moves focus to another top-level window, keys typed within 20-50 ms can
# still land in the old one.
FOCUS_PAUSE = 0.05
LOCK_TIMEOUT = 2.0  # seconds to wait for another bookmaker's transaction
SCREEN_TIMEOUT = 1.0  # seconds for the game to show the effect of a click
POLL = 0.005  # seconds between looks while waiting for the screen

ValueReader = Callable[[np.ndarray], float | None]  # an amount field's crop -> its value, None if empty
ACCEPTED = frozenset({BetState.WAITING, BetState.CASH_OUT})


@dataclass(frozen=True)
class BetOrder:
    panel: int  # 0: the left bet panel, 1: the right one
    stake: float
    auto_cashout: float | None = None  # None: no automatic cash-out


@dataclass(frozen=True)
class TransactionResult:
    ok: bool
    reason: str | None = None  # why the bet was refused or rolled back
    button: BetState | None = None  # what the button showed after the click
    stake_shown: float | None = None
    auto_cashout_shown: float | None = None
    ms: float = 0.0


class TransactionController:
    def __init__(
        self,
        driver: InputDriver,
        lock: InputLock,
        screen: ScreenSource,
        regions: GameRegions,
        read_value: ValueReader,
    ) -> None:
        self.driver, self.lock, self.screen, self.regions, self.read_value = (
            driver,
            lock,
            screen,
            regions,
            read_value,
        )

    def place(self, order: BetOrder) -> TransactionResult:
        """Places `order`; refused untouched when the setup lacks a field the order needs (a stake
        that cannot be typed and read back is never bet)."""
        started = time.perf_counter()
        if (refused := _unplaceable(self.regions, order)) is not None:
            return TransactionResult(False, refused)
        with self.lock.hold(LOCK_TIMEOUT):
            result = self._place(self.regions.panels[order.panel], order)
        return replace(result, ms=(time.perf_counter() - started) * 1000)

    def cancel(self, panel: int) -> TransactionResult:
        """Cancels a bet that waits for its round (red button); anything else is left alone."""
        if not 0 <= panel < len(self.regions.panels):
            return TransactionResult(False, _no_panel(panel, self.regions))
        with self.lock.hold(LOCK_TIMEOUT):
            regions = self.regions.panels[panel]
            state = self._button(regions)
            if state is not BetState.WAITING:
                return TransactionResult(False, f"nothing to cancel: the button shows {state}", state)
            state = self._click_until(regions.button, {BetState.PLACE})
            return TransactionResult(
                state is BetState.PLACE, None if state is BetState.PLACE else "cancel failed", state
            )

    def _place(self, panel: PanelRegions, order: BetOrder) -> TransactionResult:
        state = self._button(panel)
        if state is not BetState.PLACE:
            return TransactionResult(False, f"the button shows {state}, not a green place-bet button", state)
        self._fill(panel.stake, f"{order.stake:.2f}")
        self._fill(panel.auto_cashout, "" if order.auto_cashout is None else f"{order.auto_cashout:.2f}")
        state = self._click_until(panel.button, ACCEPTED)
        stake, auto = self._value(panel.stake), self._value(panel.auto_cashout)
        reason = _mismatch(order, state, stake, auto)
        if reason and state is BetState.WAITING:
            self._click_until(panel.button, {BetState.PLACE})  # roll back: the bet is cancelled
        return TransactionResult(reason is None, reason, state, stake, auto)

    def _fill(self, field: Rect | None, text: str) -> None:
        """Types `text` into `field`; a field the site does not have (no auto cash-out) is skipped."""
        if field is None:
            return
        self.driver.click(*_centre(field))
        time.sleep(FOCUS_PAUSE)
        self.driver.key("ctrl+a")
        if text:
            self.driver.type_text(text)
        else:
            self.driver.key("BackSpace")

    def _click_until(self, button: Rect, wanted: set[BetState] | frozenset[BetState]) -> BetState | None:
        """Clicks `button` and waits until it shows one of `wanted`; returns what it shows last."""
        self.driver.click(*_centre(button))
        deadline = time.monotonic() + SCREEN_TIMEOUT
        while (state := button_state(self.screen.grab(button))) not in wanted and time.monotonic() < deadline:
            time.sleep(POLL)  # the game redraws within a frame or two
        return state

    def _button(self, panel: PanelRegions) -> BetState | None:
        return button_state(self.screen.grab(panel.button))

    def _value(self, field: Rect | None) -> float | None:
        return None if field is None else self.read_value(self.screen.grab(field))


def _unplaceable(regions: GameRegions, order: BetOrder) -> str | None:
    """Why the setup's regions cannot carry out `order` (None: they can)."""
    if not 0 <= order.panel < len(regions.panels):
        return _no_panel(order.panel, regions)
    panel = regions.panels[order.panel]
    if panel.stake is None:
        return f"bet panel {order.panel + 1} has no stake field in the setup: its stake cannot be checked"
    if panel.auto_cashout is None and order.auto_cashout is not None:
        return f"bet panel {order.panel + 1} has no auto cash-out field in the setup"
    return None


def _no_panel(panel: int, regions: GameRegions) -> str:
    return f"the setup has {len(regions.panels)} bet panel(s), no panel {panel + 1}"


def _centre(rect: Rect) -> tuple[int, int]:
    return rect.left + rect.width // 2, rect.top + rect.height // 2


def _mismatch(order: BetOrder, state: BetState | None, stake: float | None, auto: float | None) -> str | None:
    if state not in ACCEPTED:
        return f"the bet was not accepted: the button shows {state}"
    if stake is None or abs(stake - order.stake) > 0.005:
        return f"the stake field shows {stake}, typed {order.stake:.2f}"
    if (auto is None) != (order.auto_cashout is None) or (
        auto is not None and abs(auto - order.auto_cashout) > 0.005
    ):
        return f"the auto cash-out field shows {auto}, typed {order.auto_cashout}"
    return None
