"""From a crop to normalised glyph images: text mask, line finding, glyph segmentation.

Glyphs are connected components scaled by the height of the line's digits (not each glyph's
own height), so '.', ',' and '1' keep their size and position relative to the digits and stay
distinguishable at any font size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

GLYPH_H, GLYPH_W = 32, 28  # the normalised box; the digit band spans rows 6..26
BAND_TOP, BAND_BOTTOM = 6, 26
MIN_MASS = 0.5  # a row with less text mass than this is empty
MIN_AREA = 0.004  # components smaller than this share of digit height squared are noise
EIGHT_NEIGHBOURS = np.ones((3, 3), bool)


@dataclass(frozen=True)
class TextColour:
    """Which kind of text the mask found: white (flying), red (crashed) or none."""

    name: str
    pixels: int


def text_mask(crop: np.ndarray) -> tuple[np.ndarray, TextColour]:
    """Text likeness of each pixel in 0..1, for white text and for red text, whichever dominates."""
    rgb = crop.astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    white = np.clip((np.minimum(np.minimum(r, g), b) - 140) / 80.0, 0, 1)
    red = np.clip((r - np.maximum(g, b) - 90) / 70.0, 0, 1) * (r > 150)
    white_n, red_n = int((white > 0.5).sum()), int((red > 0.5).sum())
    if red_n > white_n:
        return red.astype(np.float32), TextColour("red", red_n)
    return white.astype(np.float32), TextColour("white" if white_n else "none", white_n)


def main_line(mask: np.ndarray) -> tuple[int, int] | None:
    """Rows of the tallest band of text: the big multiplier, not a caption above it."""
    rows = mask.sum(axis=1) >= MIN_MASS
    bands, start = [], None
    for y, on in enumerate(np.append(rows, False)):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((start, y))
            start = None
    return max(bands, key=lambda band: band[1] - band[0]) if bands else None


def segment(mask: np.ndarray) -> list[np.ndarray]:
    """Normalised glyph images of the main text line, left to right; [] when there is none.

    Glyphs are connected components, not column runs: a '.' tucked under the arm of a '7' shares
    columns with it but never pixels.
    """
    line = main_line(mask)
    if line is None:
        return []
    band = mask[line[0] : line[1]]
    labels, count = ndimage.label(band >= 0.5, structure=EIGHT_NEIGHBOURS)
    boxes = [box for box in ndimage.find_objects(labels) if box is not None]
    if not count or not boxes:
        return []
    digit_h = max(box[0].stop - box[0].start for box in boxes)
    tops = [b[0].start for b in boxes if b[0].stop - b[0].start >= 0.8 * digit_h]
    top = int(np.median(tops))
    glyphs = []
    for label, box in sorted(enumerate(boxes, start=1), key=lambda item: item[1][1].start):
        if (box[0].stop - box[0].start) * (box[1].stop - box[1].start) < MIN_AREA * digit_h**2:
            continue  # a speck of noise, not a glyph
        own = np.where(labels[:, box[1]] == label, band[:, box[1]], 0.0)
        glyphs.append(_normalise(own, top, digit_h))
    return glyphs


def _normalise(glyph: np.ndarray, top: int, digit_h: int) -> np.ndarray:
    """Scale so the digit band maps to rows BAND_TOP..BAND_BOTTOM; centre horizontally."""
    scale = (BAND_BOTTOM - BAND_TOP) / digit_h
    ys = ((np.arange(GLYPH_H) - BAND_TOP + 0.5) / scale + top).astype(np.int32)
    width = max(1, round(glyph.shape[1] * scale))
    if width > GLYPH_W:
        return np.ones((GLYPH_H, GLYPH_W), np.float32)  # too wide for one glyph: matches nothing
    xs = ((np.arange(width) + 0.5) / scale).astype(np.int32)
    inside = (ys >= 0) & (ys < glyph.shape[0])
    out = np.zeros((GLYPH_H, GLYPH_W), np.float32)
    left = (GLYPH_W - width) // 2
    out[inside, left : left + width] = glyph[ys[inside]][:, np.minimum(xs, glyph.shape[1] - 1)]
    return out
