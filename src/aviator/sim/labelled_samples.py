"""Labelled multiplier crops of a skin, standing in for screenshots an operator labelled.

The demo teaches its template OCR from these before the workers start (the seed's
template_generator). The reader never sees simulator state: it gets pictures and their labels.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np

from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.sim.engine import GameView
from aviator.sim.renderer import TileRenderer, format_multiplier
from aviator.sim.skins import Skin

LABEL_VALUES = (1.0, 1.23, 4.56, 7.89, 10.0, 23.45, 67.89, 1234.56, 2000.01, 3281.54)


def labelled_crops(skin: Skin, width: int, height: int, extra: int = 30) -> Iterator[tuple[np.ndarray, str]]:
    renderer = TileRenderer(skin, width, height)
    box = GameRegions.for_tile(Rect(0, 0, width, height)).multiplier
    rng = random.Random(skin.name)
    values = [*LABEL_VALUES, *(round(rng.uniform(1, 100), 2) for _ in range(extra))]
    for value in values:
        image = renderer.render(GameView(GamePhase.PLAYING, value, 0.0, (), 1))
        yield image[box.top : box.bottom, box.left : box.right], format_multiplier(value)
