"""The configuration of a real setup: which bookmakers sit where on the screen, and their regions.

Each bookmaker gives the screen position of its game's top left corner, and its game's size and
regions (boxes in pixels inside the game) unless it inherits the ones given once at the top of the
file: the seed's RegionManager, as a YAML file. Games sit at any offsets; a grid `layout` is only a
check that they sit one per tile of that grid. `aviator config example` prints a commented file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from aviator.config.betting import BettingConfig
from aviator.config.collector_settings import CollectorSettings
from aviator.config.layouts import LAYOUTS, Rect
from aviator.config.setup_checks import Location, geometry_problems, name_problems, screen_problems
from aviator.core.capture.regions import GAME_LAYOUT, PANEL_LAYOUT, GameRegions, PanelRegions

Pixels = Annotated[int, Field(ge=0)]
Size = Annotated[int, Field(gt=0)]
Box = tuple[Pixels, Pixels, Size, Size]  # x, y, width, height
TEMPLATE_KEYS = ("templates", "strip_templates", "amount_templates")


class Strict(BaseModel):
    """A part of the setup file: unknown keys are errors (a misspelt optional key is never ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PanelBoxes(Strict):
    """One bet panel: its button, and its stake and auto cash-out fields if the site has them."""

    button: Box
    stake: Box | None = None
    auto_cashout: Box | None = None


class RegionBoxes(Strict):
    """Boxes inside the game, (x, y, width, height) from the game's top left corner. Only the
    multiplier and the game area are required; whatever reads the others skips a missing one."""

    multiplier: Box
    game_area: Box  # where the phase shows: betting splash, loading screen, flight, crash
    progress_bar: Box | None = None
    history: Box | None = None
    balance: Box | None = None
    players: Box | None = None
    total_bets: Box | None = None
    players_left: Box | None = None  # players still in during the flight, if the site shows them
    cashed_out: Box | None = None  # money cashed out so far during the flight, if the site shows it
    panels: tuple[PanelBoxes, ...] = ()  # the bet panels, left first

    def boxes(self) -> dict[str, Box]:
        """Every box the site has, panels' as panels.0.stake and so on (their keys in the file)."""
        named = {name: box for name in GAME_LAYOUT if (box := getattr(self, name)) is not None}
        for index, panel in enumerate(self.panels):
            named.update(
                {f"panels.{index}.{n}": b for n in PANEL_LAYOUT if (b := getattr(panel, n)) is not None}
            )
        return named

    def placed(self, dx: int, dy: int) -> GameRegions:
        """The screen rectangles of a game whose top left corner is at (dx, dy)."""
        panels = tuple(
            PanelRegions(**{n: _placed(b, dx, dy) for n in PANEL_LAYOUT if (b := getattr(p, n)) is not None})
            for p in self.panels
        )
        boxes = {n: _placed(box, dx, dy) for n in GAME_LAYOUT if (box := getattr(self, n)) is not None}
        return GameRegions(**boxes, panels=panels)


class GameSize(Strict):
    """A game's size on the screen, in pixels."""

    width: Size
    height: Size


class BookmakerEntry(Strict):
    """One game on the screen: its bookmaker's name, where it sits, and what differs from the defaults."""

    name: Annotated[str, Field(min_length=1)]
    offset: tuple[Pixels, Pixels]  # screen position of the game's top left corner
    game: GameSize | None = None  # this game's size; None: the setup's `game`
    regions: RegionBoxes | None = None  # this game's regions; None: the setup's `regions`
    templates: Path | None = None  # OCR templates of this site's font (relative to the file)
    strip_templates: Path | None = None  # and of its history strip's smaller text
    amount_templates: Path | None = None  # and of the players and money under the game
    group: str | None = None  # bookmakers of one group show the same rounds (one game server)


class Setup(Strict):
    """A whole setup file: the bookmakers, and the game size and regions they share unless given their own."""

    layout: Literal["2x2", "3x2", "4x2"] | None = None  # None: games at any offsets
    display: str | None = None  # the X display; None: the DISPLAY of the environment
    game: GameSize | None = None  # the size every bookmaker's game has unless it gives its own
    regions: RegionBoxes | None = None  # the regions every bookmaker has unless it gives its own
    bookmakers: Annotated[list[BookmakerEntry], Field(min_length=1)]
    betting: BettingConfig | None = None  # None: record only; else paper bets (live only on purpose)
    settings: CollectorSettings | None = None  # None: the defaults (looks per second, thresholds, paths)
    # This machine's name in MQTT topics and metrics, for a fleet to tell collectors apart; None: host name
    node: Annotated[str, Field(min_length=1)] | None = None

    @property
    def run_settings(self) -> CollectorSettings:
        """The collector's settings: the file's, or the defaults when it gives none."""
        return self.settings or CollectorSettings()

    def problems(self) -> list[tuple[Location, str]]:
        """What the schema alone cannot see: (location of the key, reason and fix)."""
        problems = name_problems([entry.name for entry in self.bookmakers])
        for index, entry in enumerate(self.bookmakers):
            problems += _template_problems(index, entry)
        if self.layout is not None and len(self.bookmakers) > LAYOUTS[self.layout].capacity:
            capacity = LAYOUTS[self.layout].capacity
            reason = f"{len(self.bookmakers)} games do not fit layout {self.layout} ({capacity} tiles)"
            problems.append((("layout",), f"{reason}: choose a larger layout or remove `layout`"))
        return problems + geometry_problems(self)

    def screen_problems(self, width: int, height: int) -> list[tuple[Location, str]]:
        """Games that do not fit a screen of `width` x `height` pixels, or the setup's grid on it."""
        return screen_problems(self, width, height)

    def size_of(self, entry: BookmakerEntry) -> GameSize:
        size = entry.game or self.game
        if size is None:
            raise ValueError(f"{entry.name} has no game size (Setup.problems names it)")
        return size

    def regions_of(self, entry: BookmakerEntry) -> RegionBoxes:
        regions = entry.regions or self.regions
        if regions is None:
            raise ValueError(f"{entry.name} has no regions (Setup.problems names it)")
        return regions

    def game_regions(self, entry: BookmakerEntry) -> GameRegions:
        """The screen rectangles of one bookmaker's elements."""
        return self.regions_of(entry).placed(*entry.offset)

    def game_rect(self, entry: BookmakerEntry) -> Rect:
        size = self.size_of(entry)
        return Rect(entry.offset[0], entry.offset[1], size.width, size.height)


def _template_problems(index: int, entry: BookmakerEntry) -> list[tuple[Location, str]]:
    problems = []
    for key in TEMPLATE_KEYS:
        path = getattr(entry, key)
        if path is not None and not path.is_file():
            fix = "correct the path (relative to this file), or remove the key to learn the font"
            problems.append((("bookmakers", index, key), f"no templates file at {path}: {fix}"))
    return problems


def _placed(box: Box, dx: int, dy: int) -> Rect:
    return Rect(dx + box[0], dy + box[1], box[2], box[3])


def _box(rect: Rect) -> Box:
    return (rect.left, rect.top, rect.width, rect.height)


def region_boxes(width: int, height: int) -> RegionBoxes:
    """The game's own layout for a game of `width` x `height` pixels, as configuration boxes."""
    regions = GameRegions.for_tile(Rect(0, 0, width, height))
    panels = tuple(PanelBoxes(**{n: _box(r) for n, r in p.named().items()}) for p in regions.panels)
    boxes = {n: _box(rect) for n in GAME_LAYOUT if (rect := getattr(regions, n)) is not None}
    return RegionBoxes(**boxes, panels=panels)
