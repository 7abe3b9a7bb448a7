"""The amount font taught by the screen alone: Tesseract (in its own process) reads the numbers
under the game until readings confirmed by their region's course have taught templates; then the
templates alone read, exactly, and Tesseract is no longer referenced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.ocr.amount_font import KINDS
from aviator.core.ocr.amount_learning import SelfLearningAmounts
from aviator.core.ocr.crowd import CrowdReader
from aviator.core.ocr.template import TemplateStore
from aviator.core.ocr.tesseract_process import TesseractProcess
from aviator.sim.engine import GameEngine, GameView
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS

WIDTH, HEIGHT = 640, 540
READ_IN = {GamePhase.PLAYING: tuple(KINDS), GamePhase.ENDED: tuple(KINDS)}


class Screen:
    """The tile as a worker's screen: regions of the newest frame."""

    def __init__(self) -> None:
        self.image = np.zeros((HEIGHT, WIDTH, 3), np.uint8)

    def grab(self, rect) -> np.ndarray:
        return self.image[rect.top : rect.bottom, rect.left : rect.right].copy()


@pytest.fixture(scope="module")
def tesseract() -> Iterator[TesseractProcess]:
    process = TesseractProcess()
    yield process
    process.close()


def _played(skin_name: str, seed: str, seconds: float) -> Iterator[tuple[GameView, np.ndarray]]:
    renderer, engine, t = TileRenderer(SKINS[skin_name], WIDTH, HEIGHT), GameEngine(seed), 0.0
    while t < seconds:
        view, t = engine.view_at(t), t + 0.1
        if view.phase in READ_IN:
            yield view, renderer.render(view)


@pytest.mark.parametrize("skin_name", ["manrope", "fjalla"])  # '1.234,56 RSD' and '1 234.56 BAM'
def test_the_amount_font_is_learnt_from_the_screen_then_read_by_templates(
    skin_name: str, tesseract: TesseractProcess, tmp_path: Path
) -> None:
    store, screen, learnt = TemplateStore(tmp_path), Screen(), []
    amounts = SelfLearningAmounts(tesseract, store, "Site", on_learnt=lambda: learnt.append(True))
    reader = CrowdReader(screen, GameRegions.for_tile(screen_rect()), amounts)
    for view, image in _played(skin_name, f"learn:{skin_name}", 900):
        screen.image = image
        values = reader.read(READ_IN[view.phase])
        if learnt:  # the templates read the regions after the one that completed the font
            break
        assert set(values.values()) == {None}  # Tesseract's readings teach, never count
    assert learnt and not amounts.learning and amounts.fallback is None
    assert store.load("Site-amounts") is not None
    checked = 0
    for view, image in _played(skin_name, "fresh", 200):
        screen.image = image
        for name in KINDS:
            reading = amounts.read_amount(screen.grab(reader.rects[name]), name)
            assert reading.engine == "amount-template" and reading.value == getattr(view, name), (
                name,
                reading,
            )
            checked += 1
    assert checked > 1000


def test_stored_amount_templates_are_used_without_any_fallback(
    tesseract: TesseractProcess, tmp_path: Path
) -> None:
    store, screen = TemplateStore(tmp_path), Screen()
    first = SelfLearningAmounts(tesseract, store, "Site")
    reader = CrowdReader(screen, GameRegions.for_tile(screen_rect()), first)
    for view, image in _played("classic", "stored", 900):
        screen.image = image
        reader.read(READ_IN[view.phase])
        if not first.learning:
            break
    again = SelfLearningAmounts(None, store, "Site")
    assert not again.learning
    view, image = next(_played("classic", "again", 60))
    rect = GameRegions.for_tile(screen_rect()).total_bets
    assert (
        again.read_amount(image[rect.top : rect.bottom, rect.left : rect.right], "total_bets").value
        == view.total_bets
    )


def test_without_a_fallback_and_nothing_learnt_nothing_is_read(tmp_path: Path) -> None:
    amounts = SelfLearningAmounts(None, TemplateStore(tmp_path), "Site")
    _, image = next(_played("classic", "none", 60))
    rect = GameRegions.for_tile(screen_rect()).players
    assert amounts.read_amount(image[rect.top : rect.bottom, rect.left : rect.right], "players").value is None


def screen_rect() -> Rect:
    return Rect(0, 0, WIDTH, HEIGHT)
