"""Screens of the simulator, cut into the regions the reader reads, with their truth beside them.

Shared by the OCR tests and benchmarks: crops of random multipliers (flying or crashed) and the
frames of a played stretch of rounds as a worker would see them, in screen order. The truth
is used only to score a reader, never given to it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from aviator.config.layouts import Rect
from aviator.config.settings import BetState, GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.sim.engine import GameEngine, GameView, crash_point
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import Skin

TILE_SIZES = ((480, 540), (640, 540), (960, 540))  # the tiles of the 4x2, 3x2 and 2x2 layouts
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
REAL_CROPS = REAL / "UVuruna-Robin" / "knowledge"
SEPARATOR_VALUES = (1234.56, 2000.01, 3281.54, 10000.0)  # thousands separators are rare by the crash law
REAL_MULTIPLIERS = {
    "Game Phase - 3 Start.png": 1.00,
    "Game Phase - 4 Score Low.png": 1.70,
    "Game Phase - 5 Score Mid.png": 3.83,
    "Game Phase - 6 Score High.png": 13.88,
    "Game Phase - 7 Ended.png": 1.69,
}

REAL_PHASES = {
    "Game Phase - 1 Betting.png": GamePhase.BETTING,
    "Game Phase - 2 Loading.png": GamePhase.LOADING,
    "Game Phase - 3 Start.png": GamePhase.PLAYING,
    "Game Phase - 4 Score Low.png": GamePhase.PLAYING,
    "Game Phase - 5 Score Mid.png": GamePhase.PLAYING,
    "Game Phase - 6 Score High.png": GamePhase.PLAYING,
    "Game Phase - 7 Ended.png": GamePhase.ENDED,
}
REAL_BUTTONS = {  # state and the amount on the button
    "Bet Phase - Green.png": (BetState.PLACE, 10.00),
    "Bet Phase - Red.png": (BetState.WAITING, None),
    "Bet Phase - Orange.png": (BetState.CASH_OUT, 10.90),
}


@dataclass(frozen=True)
class Frame:
    """One look at a game: the whole tile and what it showed."""

    image: np.ndarray
    phase: GamePhase
    value: float  # the multiplier shown (flight or crash); 1.0 when none is shown
    history: tuple[float, ...]  # the history strip's values, newest first
    at: float  # seconds of play when the worker looked

    def crop(self, region: Rect) -> np.ndarray:
        return cut(self.image, region)


def cut(image: np.ndarray, region: Rect) -> np.ndarray:
    return np.ascontiguousarray(image[region.top : region.bottom, region.left : region.right])


def multiplier_crops(
    skin: Skin, size: tuple[int, int], count: int, seed: str, first: Sequence[float] = ()
) -> Iterator[tuple[np.ndarray, float]]:
    """Crops of the multiplier region: the values `first`, then values drawn by the real crash
    law, every third one crashed (red)."""
    renderer, region = TileRenderer(skin, *size), regions(size).multiplier
    rng = random.Random(seed)
    for n in range(count):
        value = first[n] if n < len(first) else crash_point(1.0 - rng.random())
        phase = GamePhase.ENDED if n % 3 == 0 else GamePhase.PLAYING
        image = renderer.render(GameView(phase, value, 0.0, (), 1))
        yield cut(image, region), value


def played_frames(
    skin: Skin, size: tuple[int, int], seconds: float, step: float, seed: str
) -> Iterator[Frame]:
    """The frames of `seconds` of play, one look every `step` seconds, as a worker sees them."""
    renderer, engine = TileRenderer(skin, *size), GameEngine(seed)
    for n in range(int(seconds / step)):
        view = engine.view_at(n * step)
        yield Frame(renderer.render(view), view.phase, view.multiplier, view.history, n * step)


def regions(size: tuple[int, int]) -> GameRegions:
    """Where the reader looks in a tile of this size: the game fills the tile on the demo's screen."""
    return GameRegions.for_tile(Rect(0, 0, *size))


def phase_box(size: tuple[int, int]) -> Rect:
    """The multiplier region down to the progress bar: what the real phase crops show (the plane
    flies below it)."""
    where = regions(size)
    top = where.multiplier.top
    return Rect(where.multiplier.left, top, where.multiplier.width, where.progress_bar.bottom - top)


def real_image(name: str) -> np.ndarray:
    return np.asarray(Image.open(REAL_CROPS / name).convert("RGB"))
