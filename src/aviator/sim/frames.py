"""The newest frame of one simulated bookmaker, redrawn only as far as the game changed it."""

from __future__ import annotations

from enum import Enum

from aviator.sim.engine import GameView
from aviator.sim.renderer import TileRenderer
from aviator.sim.table import TableView

Shown = tuple[GameView, TableView]


class Change(Enum):
    NONE = "none"
    LIVE = "live"  # only the game area and the crowd's line: most frames
    ALL = "all"


class TileFrames:
    def __init__(self, renderer: TileRenderer, first: Shown) -> None:
        self.renderer, self.shown = renderer, first
        self.image = renderer.render_image(*first)

    def advance(self, shown: Shown) -> Change:
        """Brings the frame up to `shown`; says how much of it changed."""
        if shown == self.shown:
            return Change.NONE
        same_rest = shown[1] == self.shown[1] and shown[0].history == self.shown[0].history
        if same_rest:
            self.renderer.redraw_live(self.image, shown[0])
        else:
            self.image = self.renderer.render_image(*shown)
        self.shown = shown
        return Change.LIVE if same_rest else Change.ALL
