"""Draws one bookmaker's game as pixels, the way the game looks on a site.

The tile is split into the site's balance bar, the history strip, the game area (betting splash,
loading screen, flight, crash) and two bet panels. The reader finds these through its own region
configuration; nothing here is shared with it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from aviator.config.settings import GamePhase
from aviator.sim.engine import GameView
from aviator.sim.skins import RGB, Skin

BUBBLE_COLOURS: tuple[tuple[float, RGB], ...] = ((10.0, (192, 23, 180)), (2.0, (145, 62, 248)))
LOW_BUBBLE: RGB = (52, 180, 255)
SPLASH_RED: RGB = (225, 30, 60)


def format_multiplier(value: float) -> str:
    """The game's own notation: two decimals, thousands separators, a trailing x."""
    return f"{value:,.2f}x"


def bubble_colour(value: float) -> RGB:
    for floor, colour in BUBBLE_COLOURS:
        if value >= floor:
            return colour
    return LOW_BUBBLE


class TileRenderer:
    """Renders GameViews of one bookmaker into RGB arrays of a fixed tile size."""

    def __init__(self, skin: Skin, width: int, height: int) -> None:
        self.skin, self.width, self.height = skin, width, height
        self._big = skin.font(max(12, int(height * 0.13 * skin.scale)))
        self._small = skin.font(max(8, int(height * 0.035)))
        self._base = self._draw_static()

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        """A box given in fractions of the tile, shifted by the skin's offsets."""
        w, h, dx, dy = self.width, self.height, self.skin.offset_x, self.skin.offset_y
        return (int(x0 * w) + dx, int(y0 * h) + dy, int(x1 * w) + dx, int(y1 * h) + dy)

    def _draw_static(self) -> Image.Image:
        image = Image.new("RGB", (self.width, self.height), self.skin.page_colour)
        draw = ImageDraw.Draw(image)
        for left in (0.02, 0.51):
            draw.rounded_rectangle(self._box(left, 0.71, left + 0.47, 0.97), 8, fill=(34, 34, 40))
            draw.rounded_rectangle(self._box(left + 0.26, 0.75, left + 0.45, 0.93), 8, fill=(40, 160, 40))
            draw.text(self._box(left + 0.03, 0.77, 0, 0)[:2], "10.00", font=self._small, fill=(230, 230, 230))
        draw.text(self._box(0.62, 0.015, 0, 0)[:2], "1,000.00 EUR", font=self._small, fill=(90, 200, 90))
        return image

    def render(self, view: GameView) -> np.ndarray:
        image = self._base.copy()
        draw = ImageDraw.Draw(image)
        self._draw_history(draw, view.history)
        game = self._box(0.02, 0.14, 0.98, 0.69)
        if view.phase is GamePhase.BETTING:
            self._draw_betting(draw, game, view.betting_progress)
        elif view.phase is GamePhase.LOADING:
            draw.rectangle(game, fill=(8, 8, 10))
        else:
            self._draw_flight(draw, game, view)
        return np.asarray(image)

    def _draw_history(self, draw: ImageDraw.ImageDraw, history: tuple[float, ...]) -> None:
        x, top, _, bottom = self._box(0.02, 0.075, 0.98, 0.125)
        for value in history:
            text = format_multiplier(value)
            width = int(draw.textlength(text, font=self._small)) + 12
            if x + width > self.width - 4:
                return
            draw.rounded_rectangle((x, top, x + width, bottom), 9, fill=(14, 14, 18))
            draw.text((x + 6, top + 2), text, font=self._small, fill=bubble_colour(value))
            x += width + 6

    def _draw_betting(self, draw: ImageDraw.ImageDraw, game: tuple[int, ...], progress: float) -> None:
        draw.rectangle(game, fill=(16, 16, 20))
        centre = (game[0] + game[2]) // 2
        draw.text(
            (centre, self._box(0, 0.30, 0, 0)[1]), "AVIATOR", font=self._small, fill=SPLASH_RED, anchor="mm"
        )
        bar = self._box(0.25, 0.56, 0.75, 0.59)
        draw.rectangle(bar, fill=(60, 60, 66))
        filled = bar[0] + int((bar[2] - bar[0]) * max(0.0, min(1.0, progress)))
        if filled > bar[0]:
            draw.rectangle((bar[0], bar[1], filled, bar[3]), fill=SPLASH_RED)

    def _draw_flight(self, draw: ImageDraw.ImageDraw, game: tuple[int, ...], view: GameView) -> None:
        draw.rectangle(game, fill=self._flight_colour(view.multiplier))
        crashed = view.phase is GamePhase.ENDED
        colour = self.skin.crash_colour if crashed else self.skin.text_colour
        centre = ((game[0] + game[2]) // 2, self._box(0, 0.42, 0, 0)[1])
        draw.text(centre, format_multiplier(view.multiplier), font=self._big, fill=colour, anchor="mm")
        if crashed:
            caption = (centre[0], self._box(0, 0.25, 0, 0)[1])
            draw.text(caption, "FLEW AWAY!", font=self._small, fill=(235, 235, 235), anchor="mm")

    def _flight_colour(self, multiplier: float) -> RGB:
        low, mid, high = self.skin.flight_colours
        return high if multiplier >= 10 else mid if multiplier >= 2 else low
