"""Bet transactions through real X input events into a simulated bookmaker's window, read back
from the screen, rolled back on a mismatch; the simulator's truth log says what it received."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aviator.config.layouts import Rect
from aviator.config.settings import BetState
from aviator.core.capture.calibration import find_games
from aviator.core.capture.mss_screen import MssScreen
from aviator.core.capture.regions import GameRegions, PanelRegions
from aviator.core.input.driver import XTestDriver
from aviator.core.input.lock import InputLock
from aviator.core.input.transaction import BetOrder, TransactionController, TransactionResult, ValueReader
from aviator.core.ocr.amount import read_amount
from aviator.core.ocr.button import BUTTON_COLOURS, button_state
from aviator.core.ocr.tesseract import TesseractOCR
from aviator.sim.private_display import private_display
from aviator.sim.truth_log import read_truth
from tests.e2e.lines import Lines


@pytest.fixture
def game(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """One simulated bookmaker in a window, its clock held in the betting phase of round 1."""
    truth = tmp_path / "truth.jsonl"
    with private_display() as display:
        command = [sys.executable, "-m", "aviator", "sim", "--bookmakers", "1", "--layout", "2x2", "--hold"]
        env = {**os.environ, "DISPLAY": display}
        sim = subprocess.Popen([*command, "--truth", str(truth)], stdout=subprocess.PIPE, text=True, env=env)
        try:
            Lines(sim).expect("ready", timeout=60)
            yield display, truth
        finally:
            sim.send_signal(signal.SIGTERM)
            sim.wait(30)


def controller(display: str, tmp_path: Path, read_value: ValueReader | None = None) -> TransactionController:
    screen = MssScreen(display)
    regions = GameRegions.for_tile(find_games(screen.grab_all())[0])
    tesseract = TesseractOCR()
    reader = read_value or (lambda crop: read_amount(crop, tesseract).value)
    return TransactionController(
        XTestDriver(display), InputLock(tmp_path / "input.lock"), screen, regions, reader
    )


def bets(truth: Path, event: str) -> list[dict]:
    return [{k: r[k] for k in ("panel", "round", "stake", "auto_cashout")} for r in read_truth(truth, event)]


def test_a_bet_is_typed_placed_and_read_back(game: tuple[str, Path], tmp_path: Path) -> None:
    display, truth = game
    control = controller(display, tmp_path)
    result = control.place(BetOrder(0, 12.5, 2.35))
    assert result.ok and result.button is BetState.WAITING
    assert (result.stake_shown, result.auto_cashout_shown) == (12.5, 2.35)
    assert control.place(BetOrder(1, 3.0)).ok  # no automatic cash-out
    assert bets(truth, "bet_placed") == [
        {"panel": 1, "round": 1, "stake": 12.5, "auto_cashout": 2.35},
        {"panel": 2, "round": 1, "stake": 3.0, "auto_cashout": None},
    ]
    assert control.cancel(0).ok
    assert bets(truth, "bet_cancelled") == [{"panel": 1, "round": 1, "stake": 12.5, "auto_cashout": 2.35}]
    button = control.regions.panels[0].button
    assert button_state(control.screen.grab(button)) is BetState.PLACE


def test_a_bet_the_game_refuses_is_reported_not_assumed(game: tuple[str, Path], tmp_path: Path) -> None:
    display, truth = game
    result = controller(display, tmp_path).place(BetOrder(0, 5000.0, 2.0))  # above the balance
    assert not result.ok and result.button is BetState.PLACE and "not accepted" in result.reason
    assert [r["reason"] for r in read_truth(truth, "bet_rejected")] == ["stake above balance"]


def test_a_read_back_mismatch_cancels_the_bet(game: tuple[str, Path], tmp_path: Path) -> None:
    display, truth = game
    misreading = controller(display, tmp_path, read_value=lambda crop: 99.0)
    result = misreading.place(BetOrder(1, 7.0, 1.8))
    assert not result.ok and result.reason.startswith("the stake field shows 99.0")
    assert (
        bets(truth, "bet_placed")
        == bets(truth, "bet_cancelled")
        == [{"panel": 2, "round": 1, "stake": 7.0, "auto_cashout": 1.8}]
    )
    assert misreading.cancel(1).reason.startswith("nothing to cancel")


class PaintedGame:
    """A game whose single button turns red (waiting) when clicked; stands in for the screen and the
    mouse at once. Records every click and key."""

    def __init__(self, button: Rect) -> None:
        self.button, self.events = button, []
        self.image = np.zeros((200, 300, 3), np.uint8)
        self._paint(BUTTON_COLOURS[BetState.PLACE])

    def _paint(self, colour: tuple[int, int, int]) -> None:
        b = self.button
        self.image[b.top : b.bottom, b.left : b.right] = colour

    def grab(self, rect: Rect) -> np.ndarray:
        return self.image[rect.top : rect.bottom, rect.left : rect.right].copy()

    def click(self, x: int, y: int) -> None:
        self.events.append(("click", x, y))
        if self.button.left <= x < self.button.right and self.button.top <= y < self.button.bottom:
            self._paint(BUTTON_COLOURS[BetState.WAITING])

    def key(self, combo: str) -> None:
        self.events.append(("key", combo))

    def type_text(self, text: str) -> None:
        self.events.append(("type", text))


def panel_controller(
    tmp_path: Path, panels: tuple[PanelRegions, ...]
) -> tuple[TransactionController, PaintedGame]:
    game = PaintedGame(Rect(200, 100, 60, 40))
    regions = GameRegions(multiplier=Rect(0, 0, 300, 50), game_area=Rect(0, 0, 300, 90), panels=panels)
    lock = InputLock(tmp_path / "input.lock")
    return TransactionController(game, lock, game, regions, lambda crop: 12.5), game  # type: ignore[arg-type]


def test_a_setup_without_the_panel_or_its_stake_field_refuses_the_bet_untouched(tmp_path: Path) -> None:
    control, game = panel_controller(tmp_path, ())
    assert control.place(BetOrder(0, 12.5)) == TransactionResult(
        False, "the setup has 0 bet panel(s), no panel 1"
    )
    assert not control.cancel(1).ok
    control, game = panel_controller(tmp_path, (PanelRegions(button=game.button),))
    refused = control.place(BetOrder(0, 12.5))
    assert not refused.ok and "no stake field" in refused.reason
    assert game.events == []  # nothing clicked, nothing typed


def test_a_panel_without_an_auto_cashout_field_bets_without_one(tmp_path: Path) -> None:
    stake = Rect(20, 100, 80, 30)
    control, game = panel_controller(tmp_path, (PanelRegions(button=Rect(200, 100, 60, 40), stake=stake),))
    refused = control.place(BetOrder(0, 12.5, auto_cashout=2.0))
    assert not refused.ok and "no auto cash-out field" in refused.reason and game.events == []
    placed = control.place(BetOrder(0, 12.5))
    assert placed.ok and placed.button is BetState.WAITING and placed.auto_cashout_shown is None
    assert game.events == [("click", 60, 115), ("key", "ctrl+a"), ("type", "12.50"), ("click", 230, 120)]
