"""The bet button's state by colour and words: the real crops, every simulator skin, and words that
contradict the colour."""

from __future__ import annotations

import numpy as np
import pytest
from benchmarks.ocr_samples import REAL_BUTTONS, TILE_SIZES, real_image

from aviator.config.layouts import Rect
from aviator.config.settings import BetState, GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.ocr.button import BUTTON_COLOURS, button_state, read_button, state_by_words
from aviator.core.ocr.tesseract import TesseractOCR
from aviator.sim.engine import GameView
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS, Skin
from aviator.sim.table import PanelView, TableView


@pytest.mark.parametrize("name", REAL_BUTTONS)
def test_every_real_button_by_colour_and_words(name: str, block_reader: TesseractOCR) -> None:
    assert read_button(real_image(name), block_reader).state is REAL_BUTTONS[name][0]


@pytest.mark.parametrize("skin", SKINS.values(), ids=SKINS.keys())
@pytest.mark.parametrize("state", list(BetState))
def test_every_simulator_button(skin, state: BetState, block_reader: TesseractOCR) -> None:
    reading = read_button(_button(skin, state), block_reader)
    assert reading.state is state, reading.text


def test_words_that_contradict_the_colour_leave_no_state(block_reader: TesseractOCR) -> None:
    waiting = _button(SKINS["classic"], BetState.WAITING)
    fill = np.median(waiting.reshape(-1, 3), axis=0)
    repainted = waiting.copy()
    repainted[np.abs(waiting - fill).max(axis=2) < 30] = BUTTON_COLOURS[BetState.PLACE]  # green, same words
    assert button_state(repainted) is BetState.PLACE
    assert read_button(repainted, block_reader).state is None


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("BET 10.00", BetState.PLACE),
        ("Waiting for next round", BetState.WAITING),
        ("Čekanje na sledeću rundu", BetState.WAITING),
        ("CASH OUT 12.50", BetState.CASH_OUT),
        ("Unovéavanje 10.90", BetState.CASH_OUT),
        ("10.00", None),
        ("CASH OUT or BET", None),
    ],
)
def test_the_words_on_a_button(text: str, state: BetState | None) -> None:
    assert state_by_words(text) is state


def _button(skin: Skin, state: BetState) -> np.ndarray:
    """The first panel's button of a simulator frame showing `state`."""
    width, height = TILE_SIZES[1]
    table = TableView(1000.0, (PanelView("10.00", "2.00", state, 12.5),) * 2)
    frame = TileRenderer(skin, width, height).render(GameView(GamePhase.BETTING, 1.0, 0.5, (), 1), table)
    box = GameRegions.for_tile(Rect(0, 0, width, height)).panels[0].button
    return frame[box.top : box.bottom, box.left : box.right].astype(np.int16)
