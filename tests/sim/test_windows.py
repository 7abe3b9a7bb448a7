"""A simulated bookmaker's window hands clicks and keys to its game, and draws what the game shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from aviator.config.layouts import Rect
from aviator.config.settings import BetState
from aviator.core.communication.clock import ManualClock
from aviator.sim.engine import GameEngine
from aviator.sim.game import SimGame
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS
from aviator.sim.truth_log import TruthLog, read_truth
from aviator.sim.windows import GameWindow

TILE = Rect(0, 0, 640, 540)


@pytest.fixture(scope="module")
def app() -> QApplication:
    # Off screen here; a real window on a real display is tested on Xvfb in tests/core/input.
    return QApplication.instance() or QApplication(["tests", "-platform", "offscreen"])


@pytest.fixture
def window(app: QApplication, tmp_path: Path) -> Iterator[GameWindow]:
    truth = TruthLog(tmp_path / "truth.jsonl", ManualClock())
    game = SimGame("Admiral", GameEngine("seed"), truth)
    window = GameWindow(game, TileRenderer(SKINS["redhat"], TILE.width, TILE.height, site="Admiral"), TILE)
    window.show_frame(0.5)  # betting for round 1
    yield window
    truth.close()
    window.close()


def centre(rect: Rect) -> QPoint:
    return QPoint(rect.left + rect.width // 2, rect.top + rect.height // 2)


def test_typing_into_the_fields_and_clicking_the_button_places_the_bet(
    window: GameWindow, tmp_path: Path
) -> None:
    panel = window.renderer.regions.panels[1]
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=centre(panel.stake))
    QTest.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window, "7.5")
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=centre(panel.auto_cashout))
    QTest.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_Backspace)
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=centre(panel.button))
    (placed,) = read_truth(tmp_path / "truth.jsonl", "bet_placed")
    assert (placed["panel"], placed["stake"], placed["auto_cashout"]) == (2, 7.5, None)
    window.show_frame(0.6)
    assert window.game.table.view(window.game.view).panels[1].button is BetState.WAITING


def test_a_click_outside_the_panels_takes_the_focus_away(window: GameWindow) -> None:
    panel = window.renderer.regions.panels[0]
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=centre(panel.stake))
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=centre(window.renderer.regions.multiplier))
    QTest.keyClicks(window, "99")
    assert window.game.table.panels[0].stake == "10.00"


def test_the_window_shows_the_frame_of_the_game(window: GameWindow) -> None:
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.repaint()
    grabbed = window.grab().toImage()
    button = window.renderer.regions.panels[0].button
    colour = grabbed.pixelColor(centre(button).x(), button.top + 4)
    assert (colour.red(), colour.green(), colour.blue()) == (40, 168, 12)  # the green place-bet button
    assert window.painted
