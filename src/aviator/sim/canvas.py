"""A PIL image with a cache of rendered texts: a game frame repeats most of its texts.

Rendering a text with FreeType is the dearest step of a frame; the balance, the history bubbles
and the captions rarely change, so each is rendered once as a mask and pasted in its colour.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from aviator.sim.skins import RGB

TEXTS_KEPT = 4096


@lru_cache(maxsize=TEXTS_KEPT)
def _mask(text: str, font: ImageFont.FreeTypeFont, anchor: str) -> tuple[Image.Image, int, int]:
    x0, y0, x1, y1 = font.getbbox(text, anchor=anchor)
    mask = Image.new("L", (max(1, x1 - x0), max(1, y1 - y0)))
    ImageDraw.Draw(mask).text((-x0, -y0), text, font=font, fill=255, anchor=anchor)
    return mask, x0, y0


@lru_cache(maxsize=TEXTS_KEPT)
def _advance(char: str, font: ImageFont.FreeTypeFont) -> int:
    return round(font.getlength(char))


@lru_cache(maxsize=64)
def _digit_height(font: ImageFont.FreeTypeFont) -> int:
    return -font.getbbox("0", anchor="ls")[1]


@lru_cache(maxsize=TEXTS_KEPT)
def _glyph(char: str, font: ImageFont.FreeTypeFont) -> tuple[np.ndarray, int, int]:
    mask, dx, dy = _mask(char, font, "ls")
    return np.asarray(mask), dx, dy


@lru_cache(maxsize=TEXTS_KEPT)
def _line(text: str, font: ImageFont.FreeTypeFont) -> tuple[Image.Image, int]:
    """The mask of `text` put together from its characters' masks, and its baseline's row."""
    ascent, descent = font.getmetrics()
    line = np.zeros((ascent + descent, max(1, Canvas.number_width(text, font))), np.uint8)
    x = 0
    for char in text:
        glyph, dx, dy = _glyph(char, font)
        _lighten(line, glyph, x + dx, ascent + dy)
        x += _advance(char, font)
    return Image.fromarray(line), ascent


def _lighten(line: np.ndarray, glyph: np.ndarray, left: int, top: int) -> None:
    """Puts `glyph` into `line` at (left, top), keeping the brighter pixel where neighbours overlap."""
    height, width = line.shape
    x0, y0 = max(0, left), max(0, top)
    x1, y1 = min(width, left + glyph.shape[1]), min(height, top + glyph.shape[0])
    if x1 > x0 and y1 > y0:
        part = glyph[y0 - top : y1 - top, x0 - left : x1 - left]
        np.maximum(line[y0:y1, x0:x1], part, out=line[y0:y1, x0:x1])


class Canvas:
    def __init__(self, image: Image.Image) -> None:
        self.image = image
        self.draw = ImageDraw.Draw(image)

    def text(
        self, xy: tuple[float, float], text: str, font: ImageFont.FreeTypeFont, fill: RGB, anchor: str
    ) -> None:
        mask, dx, dy = _mask(text, font, anchor)
        self.image.paste(fill, (int(xy[0]) + dx, int(xy[1]) + dy), mask)

    def number(
        self, at: tuple[float, float], text: str, font: ImageFont.FreeTypeFont, fill: RGB, align: str = "m"
    ) -> None:
        """`text` drawn character by character at whole-pixel advances, vertically centred on `at`
        and left-aligned ("l"), centred ("m") or right-aligned ("r") there.

        The game draws its numbers with tabular figures: a digit looks the same, pixel for pixel,
        wherever it stands, as on the real screen at a fixed zoom.
        """
        mask, top = _line(text, font)
        x = int(at[0]) - {"l": 0, "m": mask.width // 2, "r": mask.width}[align]
        self.image.paste(fill, (x, int(at[1]) + _digit_height(font) // 2 - top), mask)

    @staticmethod
    def number_width(text: str, font: ImageFont.FreeTypeFont) -> int:
        return sum(_advance(char, font) for char in text)
