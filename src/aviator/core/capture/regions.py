"""Where the game's elements sit inside a bookmaker's game (the seed's RegionManager).

Every site embeds the same game, so its elements keep the same place relative to the game's own
rectangle: regions are written once per layout as boxes inside the game and offset per tile.
The fractions below are that layout; a configuration file stores them in pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from aviator.config.layouts import Rect

Box = tuple[float, float, float, float]  # (x0, y0, x1, y1) as fractions of the enclosing rectangle

# Fractions of the game rectangle.
GAME_LAYOUT: dict[str, Box] = {
    "balance": (0.58, 0.012, 0.99, 0.062),
    "history": (0.01, 0.075, 0.99, 0.125),
    "game_area": (0.01, 0.14, 0.99, 0.575),
    "multiplier": (0.04, 0.27, 0.96, 0.47),
    "progress_bar": (0.25, 0.50, 0.75, 0.525),
    # Two lines under the game, each number in a box of its own (its label sits left of the box):
    # players who bet and their total stakes; during the flight, players still in and money paid out.
    "players": (0.17, 0.58, 0.44, 0.625),
    "total_bets": (0.66, 0.58, 0.99, 0.625),
}
# Boxes a site may not have: a setup without them still reads every other element.
OPTIONAL_LAYOUT: dict[str, Box] = {
    "players_left": (0.17, 0.63, 0.44, 0.675),
    "cashed_out": (0.66, 0.63, 0.99, 0.675),
}
# The two bet panels, as fractions of the game rectangle, and their elements as fractions of a panel.
PANEL_BOXES: tuple[Box, Box] = ((0.01, 0.69, 0.495, 0.99), (0.505, 0.69, 0.99, 0.99))
PANEL_LAYOUT: dict[str, Box] = {
    "stake": (0.04, 0.12, 0.46, 0.44),
    "auto_cashout": (0.04, 0.56, 0.46, 0.88),
    "button": (0.52, 0.10, 0.96, 0.90),
}


@dataclass(frozen=True)
class PanelRegions:
    """One bet panel: its stake field, its auto cash-out field and its button."""

    stake: Rect
    auto_cashout: Rect
    button: Rect


@dataclass(frozen=True)
class GameRegions:
    """Screen rectangles of one bookmaker's game elements."""

    multiplier: Rect
    progress_bar: Rect
    game_area: Rect
    history: Rect
    balance: Rect
    players: Rect
    total_bets: Rect
    panels: tuple[PanelRegions, ...]
    players_left: Rect | None = None  # players still in during the flight
    cashed_out: Rect | None = None  # money paid out so far during the flight

    @classmethod
    def for_tile(cls, game: Rect) -> GameRegions:
        """The regions of a game that fills the rectangle `game`."""
        panels = tuple(panel_regions(scaled(game, box)) for box in PANEL_BOXES)
        boxes = {**GAME_LAYOUT, **OPTIONAL_LAYOUT}
        return cls(**{name: scaled(game, box) for name, box in boxes.items()}, panels=panels)

    def named(self) -> dict[str, Rect]:
        """Every region by a readable name, panels as panel1.stake and so on."""
        regions = {name: getattr(self, name) for name in GAME_LAYOUT}
        regions.update({name: rect for name in OPTIONAL_LAYOUT if (rect := getattr(self, name)) is not None})
        for number, panel in enumerate(self.panels, start=1):
            regions.update({f"panel{number}.{name}": getattr(panel, name) for name in PANEL_LAYOUT})
        return regions


def panel_regions(panel: Rect) -> PanelRegions:
    return PanelRegions(**{name: scaled(panel, box) for name, box in PANEL_LAYOUT.items()})


def scaled(outer: Rect, box: Box) -> Rect:
    """The rectangle `box` (fractions of `outer`) in the pixels of `outer`."""
    x0, y0, x1, y1 = box
    left, top = outer.left + int(x0 * outer.width), outer.top + int(y0 * outer.height)
    return Rect(
        left, top, outer.left + int(x1 * outer.width) - left, outer.top + int(y1 * outer.height) - top
    )
