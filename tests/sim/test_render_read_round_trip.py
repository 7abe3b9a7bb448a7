"""Every skin's rendered multiplier reads back exactly, through the reader's own region."""

from __future__ import annotations

import random

import numpy as np
import pytest

from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.ocr.template import TemplateOCR, learn_labelled
from aviator.sim.engine import GameView, crash_point
from aviator.sim.labelled_samples import labelled_crops
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS

TILE_SIZES = ((640, 540), (480, 540), (960, 540))


def _values(count: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [crash_point(1.0 - rng.random()) for _ in range(count)] + [1000.0, 3281.54, 12345.67]


@pytest.mark.parametrize("skin", sorted(SKINS))
@pytest.mark.parametrize("size", TILE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_rendered_values_read_back_exactly(skin: str, size: tuple[int, int]) -> None:
    width, height = size
    ocr = TemplateOCR(learn_labelled(labelled_crops(SKINS[skin], width, height)))
    renderer = TileRenderer(SKINS[skin], width, height)
    box = GameRegions.for_tile(Rect(0, 0, width, height)).multiplier
    wrong = []
    for i, value in enumerate(_values(150, seed=hash(skin) % 1000)):
        phase = GamePhase.ENDED if i % 2 else GamePhase.PLAYING
        image = renderer.render(GameView(phase, value, 0.0, (), 1))
        reading = ocr.read_multiplier(image[box.top : box.bottom, box.left : box.right])
        if reading.value != value:
            wrong.append((value, reading.text, reading.rejected))
    assert wrong == []


def test_a_font_the_templates_do_not_know_is_rejected_not_misread() -> None:
    width, height = 640, 540
    ocr = TemplateOCR(learn_labelled(labelled_crops(SKINS["classic"], width, height)))
    renderer = TileRenderer(SKINS["fjalla"], width, height)  # a condensed font, unlike Lato
    box = GameRegions.for_tile(Rect(0, 0, width, height)).multiplier
    silent_wrong = 0
    for value in _values(100, seed=3):
        image = renderer.render(GameView(GamePhase.PLAYING, value, 0.0, (), 1))
        reading = ocr.read_multiplier(image[box.top : box.bottom, box.left : box.right])
        silent_wrong += reading.value is not None and reading.value != value
    assert silent_wrong == 0


def test_nothing_is_read_from_an_empty_game_area() -> None:
    ocr = TemplateOCR(learn_labelled(labelled_crops(SKINS["classic"], 640, 540)))
    reading = ocr.read_multiplier(np.full((120, 590, 3), (19, 57, 122), np.uint8))
    assert reading.value is None and reading.rejected == "no text"
