"""Where the game's elements sit inside a bookmaker's tile (the seed's RegionManager).

Regions are written once per layout as fractions of a tile and offset per tile, so one
description serves every tile of a 2x2, 3x2 or 4x2 grid.
"""

from __future__ import annotations

from dataclasses import dataclass

from aviator.config.layouts import Rect

# Fractions (x0, y0, x1, y1) of the tile: the default embedding of the game.
DEFAULT_FRACTIONS: dict[str, tuple[float, float, float, float]] = {
    "multiplier": (0.04, 0.31, 0.96, 0.53),
    "progress_bar": (0.25, 0.56, 0.75, 0.59),
    "game_area": (0.02, 0.14, 0.98, 0.69),
    "history": (0.02, 0.075, 0.98, 0.125),
}


@dataclass(frozen=True)
class GameRegions:
    """Screen rectangles of one bookmaker's game elements."""

    multiplier: Rect
    progress_bar: Rect
    game_area: Rect
    history: Rect

    @classmethod
    def for_tile(
        cls, tile: Rect, fractions: dict[str, tuple[float, float, float, float]] | None = None
    ) -> GameRegions:
        fractions = fractions or DEFAULT_FRACTIONS
        return cls(**{name: _scaled(tile, box) for name, box in fractions.items()})


def _scaled(tile: Rect, box: tuple[float, float, float, float]) -> Rect:
    x0, y0, x1, y1 = box
    left, top = tile.left + int(x0 * tile.width), tile.top + int(y0 * tile.height)
    return Rect(left, top, tile.left + int(x1 * tile.width) - left, tile.top + int(y1 * tile.height) - top)
