"""From a crop to normalised glyph images: text mask, line finding, glyph segmentation.

Glyphs are connected components scaled by the height of the line's digits (not each glyph's
own height), so '.', ',' and '1' keep their size and position relative to the digits and stay
distinguishable at any font size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import ndimage

GLYPH_H, GLYPH_W = 32, 28  # the normalised box; the digit band spans rows 6..26
BAND_TOP, BAND_BOTTOM = 6, 26
MIN_MASS = 0.5  # a row with less text mass than this is empty
MIN_AREA = 0.004  # components smaller than this share of digit height squared are noise
EIGHT_NEIGHBOURS = np.ones((3, 3), bool)
STEP = 4  # every STEP-th row and column is enough to find where the big text is
MARGIN = 2  # samples kept around the sampled text box
ROWS_PER_STRIDE = 56  # the fast path reads every k-th pixel of crops k * ROWS_PER_STRIDE rows tall
HOT_RED = 150  # both white and red text have a red channel above this; the game's backgrounds do not


@dataclass(frozen=True)
class TextColour:
    """Which kind of text the mask found: white (flying), red (crashed) or none."""

    name: str
    pixels: int


NO_COLOUR = TextColour("none", 0)


def text_mask(crop: np.ndarray) -> tuple[np.ndarray, TextColour]:
    """Text likeness of each pixel in 0..1, for white text and for red text, whichever dominates."""
    rgb = crop.astype(np.int16)
    white, red = _white(rgb), _red(rgb)
    white_n, red_n = int((white > 0.5).sum()), int((red > 0.5).sum())
    if red_n > white_n:
        return red, TextColour("red", red_n)
    return white, TextColour("white" if white_n else "none", white_n)


def find_text(crop: np.ndarray) -> tuple[np.ndarray, TextColour]:
    """The text mask of only the box around the crop's text: the fast path's mask.

    Colour and box come from every STEP-th pixel; the mask is then computed inside the box plus a
    margin, on every k-th pixel where k grows with the crop's height: the glyphs are scaled to a
    20-pixel digit band anyway, so a big font loses nothing, and a region's height is fixed per
    skin, so learning and reading always see the same k.
    """
    sample = crop[::STEP, ::STEP]
    r, g, b = sample[..., 0], sample[..., 1], sample[..., 2]
    white = np.minimum(r, np.minimum(g, b)) > 180  # likeness above 0.5, as text_mask counts it
    red = (r > HOT_RED) & (np.maximum(g, b) < r - 125)  # r > 150: the uint8 subtraction cannot wrap
    white_n, red_n = int(np.count_nonzero(white)), int(np.count_nonzero(red))
    colour = TextColour("red", red_n) if red_n > white_n else TextColour("white", white_n)
    if not colour.pixels:
        return np.zeros((0, 0), np.float32), NO_COLOUR
    chosen = red if colour.name == "red" else white
    rows, cols = np.flatnonzero(chosen.any(axis=1)), np.flatnonzero(chosen.any(axis=0))
    # a thin stroke (the flag of a '1') can reach past the sampled pixels: keep MARGIN samples
    top, bottom = max(0, (rows[0] - MARGIN) * STEP), (rows[-1] + MARGIN + 1) * STEP
    left, right = max(0, (cols[0] - MARGIN) * STEP), (cols[-1] + MARGIN + 1) * STEP
    stride = max(1, crop.shape[0] // ROWS_PER_STRIDE)
    box = crop[top:bottom:stride, left:right:stride]
    return (_red(box) if colour.name == "red" else _white(box)), colour


def _white(rgb: np.ndarray) -> np.ndarray:
    likeness = np.minimum(np.minimum(rgb[..., 0], rgb[..., 1]), rgb[..., 2]).astype(np.float32)
    likeness -= 140
    likeness *= 1 / 80
    return np.clip(likeness, 0, 1, out=likeness)


def _red(rgb: np.ndarray) -> np.ndarray:
    r = rgb[..., 0]
    likeness = r.astype(np.float32)
    likeness -= np.maximum(rgb[..., 1], rgb[..., 2])
    likeness -= 90
    likeness *= 1 / 70
    np.clip(likeness, 0, 1, out=likeness)
    likeness[r <= HOT_RED] = 0
    return likeness


def main_line(mask: np.ndarray) -> tuple[int, int] | None:
    """Rows of the tallest band of text: the big multiplier, not a caption above it."""
    rows = np.concatenate(([False], mask.sum(axis=1) >= MIN_MASS, [False]))
    edges = np.flatnonzero(rows[1:] != rows[:-1])  # alternating starts and stops
    if not len(edges):
        return None
    starts, stops = edges[::2], edges[1::2]
    tallest = int(np.argmax(stops - starts))
    return int(starts[tallest]), int(stops[tallest])


def segment(mask: np.ndarray) -> np.ndarray:
    """Normalised glyph images (n, GLYPH_H, GLYPH_W) of the main text line, left to right.

    Glyphs are connected components, not column runs: a '.' tucked under the arm of a '7' shares
    columns with it but never pixels.
    """
    line = main_line(mask) if mask.size else None
    if line is None:
        return np.zeros((0, GLYPH_H, GLYPH_W), np.float32)
    band = mask[line[0] : line[1]]
    labels, _ = ndimage.label(band >= 0.5, structure=EIGHT_NEIGHBOURS)
    boxes = np.array(
        [(rows.start, rows.stop, cols.start, cols.stop) for rows, cols in ndimage.find_objects(labels)]
    )
    heights, widths = boxes[:, 1] - boxes[:, 0], boxes[:, 3] - boxes[:, 2]
    digit_h = int(heights.max())
    tops = np.sort(boxes[heights >= 0.8 * digit_h, 0])
    order = np.argsort(boxes[:, 2], kind="stable")
    order = order[heights[order] * widths[order] >= MIN_AREA * digit_h**2]  # smaller ones are specks of noise
    return _normalise(
        band, labels, order + 1, boxes[order, 2], widths[order], int(tops[len(tops) // 2]), digit_h
    )


@cache
def _rows(top: int, digit_h: int, band_h: int) -> tuple[np.ndarray, int]:
    """Band rows sampled into the glyph box (as a column) and the glyph row of the first of them.

    The same few (top, height) pairs come back frame after frame, so they are computed once.
    """
    ys = ((np.arange(GLYPH_H) - BAND_TOP + 0.5) * (digit_h / (BAND_BOTTOM - BAND_TOP)) + top).astype(np.int32)
    inside = np.flatnonzero((ys >= 0) & (ys < band_h))  # a run of rows: ys increases
    return ys[inside, None], int(inside[0])


def _normalise(
    band: np.ndarray,
    labels: np.ndarray,
    ids: np.ndarray,
    starts: np.ndarray,
    spans: np.ndarray,
    top: int,
    digit_h: int,
) -> np.ndarray:
    """Scale so the digit band maps to rows BAND_TOP..BAND_BOTTOM; centre each glyph horizontally.

    All glyphs are sampled with one gather: the rows are shared, the columns of every glyph are
    concatenated, and each column keeps only the pixels of its own component (label `ids[n]`).
    """
    scale = (BAND_BOTTOM - BAND_TOP) / digit_h
    rows, first = _rows(top, digit_h, band.shape[0])
    widths = np.maximum(1, np.round(spans * scale).astype(np.int64))
    too_wide = widths > GLYPH_W
    widths[too_wide] = 0
    k = np.arange(widths.sum()) - np.repeat(np.cumsum(widths) - widths, widths)  # column within its glyph
    xs = np.repeat(starts, widths) + np.minimum(
        ((k + 0.5) / scale).astype(np.int32), np.repeat(spans - 1, widths)
    )
    sampled = np.where(labels[rows, xs] == np.repeat(ids, widths), band[rows, xs], 0.0)
    out = np.zeros((GLYPH_H, len(ids) * GLYPH_W), np.float32)
    out[
        first : first + len(rows),
        np.repeat(np.arange(len(ids)) * GLYPH_W + (GLYPH_W - widths) // 2, widths) + k,
    ] = sampled
    out = out.reshape(GLYPH_H, len(ids), GLYPH_W).transpose(1, 0, 2).copy()
    out[too_wide] = 1.0  # too wide for one glyph: matches nothing
    return out
