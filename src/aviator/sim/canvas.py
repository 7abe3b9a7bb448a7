"""A PIL image with a cache of rendered texts: a game frame repeats most of its texts.

Rendering a text with FreeType is the dearest step of a frame; the balance, the history bubbles
and the captions rarely change, so each is rendered once as a mask and pasted in its colour.
"""

from __future__ import annotations

from functools import lru_cache

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
        wherever it stands, as on the real screen at a fixed zoom; and each glyph is rendered once.
        """
        width = self.number_width(text, font)
        x = int(at[0]) - {"l": 0, "m": width // 2, "r": width}[align]
        baseline = int(at[1]) + _digit_height(font) // 2
        for char in text:
            mask, dx, dy = _mask(char, font, "ls")
            self.image.paste(fill, (x + dx, baseline + dy), mask)
            x += _advance(char, font)

    @staticmethod
    def number_width(text: str, font: ImageFont.FreeTypeFont) -> int:
        return sum(_advance(char, font) for char in text)
