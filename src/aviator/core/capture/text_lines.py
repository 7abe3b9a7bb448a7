"""Lines of text on a screenshot, by colour: what calibration looks for when it watches a game.

A line is a row of at least two glyph-sized shapes standing on one baseline (a lower-case "x"
beside digits counts, a decimal point is too small to), at least a little wider than tall. The
multiplier is the tallest such line of a game: white while the plane flies, red once it crashed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from aviator.config.layouts import Rect

MIN_GLYPH = 8  # pixels: smaller shapes are punctuation, icons' details or noise
BASELINE = 0.15  # share of the line's height by which glyphs' bottoms may differ
SMALLEST = 0.5  # a glyph at least this share of the line's tallest ("x" beside digits)
WHITE, RED = "white", "red"


@dataclass(frozen=True)
class TextLine:
    """A line of text: its box on the screenshot, how many glyphs, and their colour."""

    box: Rect
    glyphs: int
    colour: str

    @property
    def height(self) -> int:
        return self.box.height

    def same_band(self, other: TextLine) -> bool:
        """Another look at the same line: as tall, on the same baseline (the text may differ)."""
        tolerance = BASELINE * self.height
        return (
            abs(self.box.bottom - other.box.bottom) <= tolerance
            and abs(self.height - other.height) <= tolerance
        )


def colour_masks(frame: np.ndarray) -> dict[str, np.ndarray]:
    """White and red text pixels of an RGB frame, by the thresholds the multiplier reader uses."""
    r, g, b = (frame[..., channel] for channel in range(3))
    most_green_blue = np.maximum(g, b).astype(np.int16)
    white = np.minimum(r, np.minimum(g, b)) > 180
    return {WHITE: white, RED: (r > 150) & (most_green_blue < r.astype(np.int16) - 125)}


def text_lines(mask: np.ndarray, colour: str, step: int = 1) -> list[TextLine]:
    """The lines of text of a mask of every `step`-th pixel, tallest first, in full pixels."""
    lines: list[_Line] = []
    for glyph in sorted(_glyphs(mask, step), key=lambda g: -g.height):
        line = next((line for line in lines if line.joins(glyph)), None)
        if line is None:
            lines.append(_Line(glyph, glyph))
        else:
            line.add(glyph)
    found = [TextLine(line.bounds, line.glyphs, colour) for line in lines if line.glyphs >= 2]
    return [line for line in found if line.box.width >= 1.2 * line.box.height]


def tallest(frame: np.ndarray, step: int = 2) -> dict[str, TextLine | None]:
    """The tallest white line and the tallest red line of a frame, from every `step`-th pixel
    (text big enough to be the multiplier loses nothing; the work drops step * step-fold)."""
    masks = colour_masks(frame[::step, ::step])
    return {colour: next(iter(text_lines(mask, colour, step)), None) for colour, mask in masks.items()}


def _glyphs(mask: np.ndarray, step: int) -> list[Rect]:
    labels, _ = ndimage.label(mask)
    boxes = [
        Rect(
            s[1].start * step,
            s[0].start * step,
            (s[1].stop - s[1].start) * step,
            (s[0].stop - s[0].start) * step,
        )
        for s in ndimage.find_objects(labels)
    ]
    return [box for box in boxes if box.height >= MIN_GLYPH]


@dataclass
class _Line:
    """A line being gathered: its tallest glyph (the first), its bounds and its glyph count."""

    first: Rect
    bounds: Rect
    glyphs: int = 1

    def joins(self, glyph: Rect) -> bool:
        """The glyph stands on the line's baseline, is not too small for it, and is next to it."""
        height = self.first.height
        return (
            glyph.height >= SMALLEST * height
            and abs(glyph.bottom - self.first.bottom) <= BASELINE * height
            and glyph.left - self.bounds.right < height
            and self.bounds.left - glyph.right < height
        )

    def add(self, glyph: Rect) -> None:
        self.bounds, self.glyphs = self.bounds.union(glyph), self.glyphs + 1
