"""The configuration of a real setup: which bookmakers sit where on the screen, and their regions.

Regions are written once per layout, in pixels inside the game (every site of a layout shows the
game at the same size), and each bookmaker gives the screen position of its game's top left
corner: the seed's RegionManager, as a YAML file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from aviator.config.layouts import LAYOUTS, Rect
from aviator.core.capture.regions import GAME_LAYOUT, OPTIONAL_LAYOUT, PANEL_LAYOUT, GameRegions, PanelRegions

Pixels = Annotated[int, Field(ge=0)]
Location = tuple[str | int, ...]  # keys and indices from the top of the file
Box = tuple[Pixels, Pixels, Annotated[int, Field(gt=0)], Annotated[int, Field(gt=0)]]  # x, y, width, height


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PanelBoxes(Strict):
    stake: Box
    auto_cashout: Box
    button: Box


class RegionBoxes(Strict):
    """Boxes inside the game, (x, y, width, height) from the game's top left corner."""

    multiplier: Box
    progress_bar: Box
    game_area: Box  # where the phase shows: betting splash, loading screen, flight, crash
    history: Box
    balance: Box
    players: Box
    total_bets: Box
    panels: Annotated[tuple[PanelBoxes, PanelBoxes], Field(description="the two bet panels, left first")]
    players_left: Box | None = None  # players still in during the flight, if the site shows them
    cashed_out: Box | None = None  # money cashed out so far during the flight, if the site shows it

    def boxes(self) -> dict[str, Box]:
        named = {name: getattr(self, name) for name in GAME_LAYOUT}
        named.update({name: box for name in OPTIONAL_LAYOUT if (box := getattr(self, name)) is not None})
        for number, panel in enumerate(self.panels, start=1):
            named.update({f"panels.{number - 1}.{name}": getattr(panel, name) for name in PANEL_LAYOUT})
        return named


class GameSize(Strict):
    width: Annotated[int, Field(gt=0)]
    height: Annotated[int, Field(gt=0)]


class BookmakerEntry(Strict):
    name: Annotated[str, Field(min_length=1)]
    offset: tuple[Pixels, Pixels]  # screen position of the game's top left corner
    templates: Path | None = None  # OCR templates of this site's font (relative to the file)
    strip_templates: Path | None = None  # and of its history strip's smaller text
    amount_templates: Path | None = None  # and of the players and money under the game
    group: str | None = None  # bookmakers of one group show the same rounds (one game server)


class Setup(Strict):
    layout: Literal["2x2", "3x2", "4x2"]
    display: str | None = None  # the X display; None: the DISPLAY of the environment
    game: GameSize
    regions: RegionBoxes
    bookmakers: Annotated[list[BookmakerEntry], Field(min_length=1)]

    def problems(self) -> list[tuple[Location, str]]:
        """What the schema alone cannot see: (location of the key, reason)."""
        problems: list[tuple[Location, str]] = []
        capacity = LAYOUTS[self.layout].capacity
        if len(self.bookmakers) > capacity:
            problems.append(
                (("bookmakers",), f"{len(self.bookmakers)} bookmakers do not fit layout {self.layout}")
            )
        seen: set[str] = set()
        for index, entry in enumerate(self.bookmakers):
            if entry.name in seen:
                problems.append((("bookmakers", index, "name"), f"name {entry.name!r} is used twice"))
            seen.add(entry.name)
            for key in ("templates", "strip_templates", "amount_templates"):
                if getattr(entry, key) is not None and not getattr(entry, key).is_file():
                    problems.append(
                        (("bookmakers", index, key), f"no templates file at {getattr(entry, key)}")
                    )
        return problems + self._outside_game()

    def _outside_game(self) -> list[tuple[Location, str]]:
        problems = []
        for name, (x, y, width, height) in self.regions.boxes().items():
            if x + width > self.game.width or y + height > self.game.height:
                where = ("regions", *(int(p) if p.isdigit() else p for p in name.split(".")))
                size = f"{self.game.width}x{self.game.height}"
                problems.append((where, f"box {x},{y} {width}x{height} reaches outside the game ({size})"))
        return problems

    def off_screen(self, width: int, height: int) -> list[tuple[Location, str]]:
        """Bookmakers whose game does not fit a screen of `width` x `height` pixels."""
        problems = []
        for index, entry in enumerate(self.bookmakers):
            x, y = entry.offset
            if x + self.game.width > width or y + self.game.height > height:
                game, screen = f"{self.game.width}x{self.game.height}", f"{width}x{height}"
                reason = f"the game of {entry.name} at {x},{y} ({game}) reaches outside the screen ({screen})"
                problems.append((("bookmakers", index, "offset"), reason))
        return problems

    def game_regions(self, entry: BookmakerEntry) -> GameRegions:
        """The screen rectangles of one bookmaker's elements."""
        dx, dy = entry.offset
        panels = tuple(
            PanelRegions(**{n: _placed(getattr(p, n), dx, dy) for n in PANEL_LAYOUT})
            for p in self.regions.panels
        )
        optional = {n: _placed(box, dx, dy) for n in OPTIONAL_LAYOUT if (box := getattr(self.regions, n))}
        return GameRegions(
            **{n: _placed(getattr(self.regions, n), dx, dy) for n in GAME_LAYOUT}, panels=panels, **optional
        )

    def game_rect(self, entry: BookmakerEntry) -> Rect:
        return Rect(entry.offset[0], entry.offset[1], self.game.width, self.game.height)


def _placed(box: Box, dx: int, dy: int) -> Rect:
    return Rect(dx + box[0], dy + box[1], box[2], box[3])


def _box(rect: Rect) -> Box:
    return (rect.left, rect.top, rect.width, rect.height)


def region_boxes(width: int, height: int) -> RegionBoxes:
    """The game's own layout for a game of `width` x `height` pixels, as configuration boxes."""
    regions = GameRegions.for_tile(Rect(0, 0, width, height))
    panels = tuple(PanelBoxes(**{n: _box(getattr(p, n)) for n in PANEL_LAYOUT}) for p in regions.panels)
    optional = {n: _box(rect) for n in OPTIONAL_LAYOUT if (rect := getattr(regions, n)) is not None}
    return RegionBoxes(**{n: _box(getattr(regions, n)) for n in GAME_LAYOUT}, panels=panels, **optional)
