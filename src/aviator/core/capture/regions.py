"""Where the game's elements sit inside a bookmaker's game (the seed's RegionManager).

Every site embeds the same game, so its elements keep the same place relative to the game's own
rectangle: the simulator's layout below is written once as fractions of the game and scaled per
tile. A setup file stores boxes in pixels, per site if sites differ. Only the multiplier and the
game area are needed to record rounds; a site that does not show the rest (no history strip, no
crowd numbers, fewer bet panels) leaves them out, and whatever reads them skips what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from aviator.config.layouts import Rect

Box = tuple[float, float, float, float]  # (x0, y0, x1, y1) as fractions of the enclosing rectangle

REQUIRED_REGIONS = ("multiplier", "game_area")  # what recording rounds cannot do without

# Fractions of the game rectangle: the simulator's layout (the real game's, measured).
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
    "players_left": (0.17, 0.63, 0.44, 0.675),
    "cashed_out": (0.66, 0.63, 0.99, 0.675),
}
OPTIONAL_REGIONS = tuple(name for name in GAME_LAYOUT if name not in REQUIRED_REGIONS)
# The two bet panels, as fractions of the game rectangle, and their elements as fractions of a panel.
PANEL_BOXES: tuple[Box, Box] = ((0.01, 0.69, 0.495, 0.99), (0.505, 0.69, 0.99, 0.99))
PANEL_LAYOUT: dict[str, Box] = {
    "stake": (0.04, 0.12, 0.46, 0.44),
    "auto_cashout": (0.04, 0.56, 0.46, 0.88),
    "button": (0.52, 0.10, 0.96, 0.90),
}
OPTIONAL_PANEL_REGIONS = ("stake", "auto_cashout")  # a site may fix the stake, or have no auto cash-out


@dataclass(frozen=True)
class PanelRegions:
    """One bet panel: its button, and its stake and auto cash-out fields when the site has them."""

    button: Rect
    stake: Rect | None = None
    auto_cashout: Rect | None = None

    def named(self) -> dict[str, Rect]:
        return {name: rect for name in PANEL_LAYOUT if (rect := getattr(self, name)) is not None}


@dataclass(frozen=True)
class GameRegions:
    """Screen rectangles of one bookmaker's game elements; None for what its site does not show."""

    multiplier: Rect
    game_area: Rect  # where the phase shows: betting splash, loading screen, flight, crash
    progress_bar: Rect | None = None  # the betting splash's bar
    history: Rect | None = None  # the strip of the last crashes
    balance: Rect | None = None
    players: Rect | None = None  # players who bet on the round
    total_bets: Rect | None = None  # their total stakes
    players_left: Rect | None = None  # players still in during the flight
    cashed_out: Rect | None = None  # money paid out so far during the flight
    panels: tuple[PanelRegions, ...] = ()  # the bet panels, left first

    @classmethod
    def for_tile(cls, game: Rect) -> GameRegions:
        """The regions of a game that fills the rectangle `game`."""
        panels = tuple(panel_regions(scaled(game, box)) for box in PANEL_BOXES)
        return cls(**{name: scaled(game, box) for name, box in GAME_LAYOUT.items()}, panels=panels)

    def named(self) -> dict[str, Rect]:
        """Every region the site shows by a readable name, panels as panel1.stake and so on."""
        regions = {name: rect for name in GAME_LAYOUT if (rect := getattr(self, name)) is not None}
        for number, panel in enumerate(self.panels, start=1):
            regions.update({f"panel{number}.{name}": rect for name, rect in panel.named().items()})
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
