"""Calibration learns each game's multiplier font from its flights, as a worker would, into the
store `aviator run` loads: here from a game drawn by the desktop simulator's renderer, read by a
real Tesseract, on a clock the test drives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase, flight_seconds, multiplier_after
from aviator.core.capture.site_fonts import FontToLearn, forget_fonts, learn_fonts
from aviator.core.ocr.glyphs import find_text
from aviator.core.ocr.template import TemplateOCR, TemplateStore
from aviator.core.ocr.tesseract_process import TesseractProcess
from aviator.sim.engine import GameView
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for

CRASHES = (4.56, 9.87, 3.21, 7.08)  # every digit among them
PAUSE = 8.0  # seconds of betting between two flights: no text in the multiplier's box


class PlayedGame:
    """The renderer's game on a clock that moves only when the learner waits."""

    def __init__(self, renderer: TileRenderer) -> None:
        self.renderer, self.time = renderer, 0.0
        self.rounds = [(PAUSE + i * 40.0, crash) for i, crash in enumerate(CRASHES * 3)]

    def view(self) -> GameView:
        for takeoff, crash in self.rounds:
            if takeoff <= self.time < takeoff + flight_seconds(crash):
                value = round(multiplier_after(self.time - takeoff), 2)
                return GameView(GamePhase.PLAYING, value, 0.0, (), 1)
        return GameView(GamePhase.BETTING, 1.0, 0.5, (), 1)

    def grab(self, box: Rect) -> np.ndarray:
        return self.renderer.render(self.view())[box.top : box.bottom, box.left : box.right]

    def wait(self, seconds: float) -> None:
        self.time += max(seconds, 0.15)


@pytest.fixture
def tesseract() -> Iterator[TesseractProcess]:
    process = TesseractProcess()
    try:
        yield process
    finally:
        process.close()


def test_the_font_is_learnt_into_the_store_and_reads_the_game(
    tmp_path: Path, tesseract: TesseractProcess
) -> None:
    renderer = TileRenderer(skin_for(2), 640, 540, site="Admiral")
    game, store = PlayedGame(renderer), TemplateStore(tmp_path)
    box = renderer.regions.multiplier
    reports = learn_fonts(
        [FontToLearn("Admiral", box)], store, tesseract, game.grab, lambda: game.time, 600, game.wait
    )
    assert store.load("Admiral") is not None, reports
    assert game.time < 600  # it stopped once learnt, not at the deadline
    reader = TemplateOCR(store.load("Admiral"))
    for value in (1.0, 2.35, 6.78, 10.94, 123.45):
        crop = game.renderer.render(GameView(GamePhase.PLAYING, value, 0.0, (), 1))
        crop = crop[box.top : box.bottom, box.left : box.right]
        assert reader.read_multiplier(crop, find_text(crop)[0]).value == value


def test_nothing_is_learnt_from_a_game_that_never_flies(tmp_path: Path, tesseract: TesseractProcess) -> None:
    renderer = TileRenderer(skin_for(2), 640, 540, site="Admiral")
    game, store = PlayedGame(renderer), TemplateStore(tmp_path)
    game.rounds = []
    reports = learn_fonts(
        [FontToLearn("Admiral", renderer.regions.multiplier)],
        store,
        tesseract,
        game.grab,
        lambda: game.time,
        60,
        game.wait,
    )
    report = reports["Admiral"]  # the betting splash's text is tried, and teaches nothing
    assert (report is None or report.kept == 0) and store.load("Admiral") is None and game.time >= 60


def test_forgetting_a_name_removes_each_of_its_fonts_and_no_other(tmp_path: Path) -> None:
    for name in (
        "Aviator",
        "Aviator-amounts",
        "Aviator-strip",
        "Aviator-strip-partial",
        "Aviator-2",
        "Soccer-strip",
    ):
        (tmp_path / f"{name}.npz").write_bytes(b"old")
    forget_fonts(TemplateStore(tmp_path), ["Aviator", "Soccer"])
    assert sorted(p.stem for p in tmp_path.iterdir()) == ["Aviator-2"]
