"""The history strip's glyphs: small text centred on its ink to a fraction of a pixel.

A strip's digits are some 13 pixels tall, often condensed, and a browser draws them at fractional
positions: the same digit in two bubbles is antialiased differently. The multiplier's cutting
(glyphs.cut: each glyph's box centred at whole pixels, its pale pixels dropped) turns that half
pixel into a pixel and a half at the normalised size, so an '8' in a place the strip font never
saw lies nearer the '0' than any '8' it knows. Here each glyph keeps its pale edge (the pixels
next to its own, whose share of ink says where the stroke really lies), is centred on the
centroid of its ink and sampled bilinearly: a digit anywhere on the strip gives nearly one image.
Measured on a condensed 13-pixel strip grabbed from `aviator sim --web --layout bare-strip`
(Fjalla One): a font learnt from the newest bubbles of 48 crashes read every one of 1,152 bubbles
elsewhere on the strip right, where the multiplier's cutting of the same glyphs misread one in ten.
"""

from __future__ import annotations

import numpy as np

from aviator.core.ocr.glyphs import (
    BAND_BOTTOM,
    BAND_TOP,
    GLYPH_H,
    GLYPH_W,
    MAX_COMPONENTS,
    MIN_AREA,
    NO_GLYPHS,
    Cut,
    Runs,
    main_line,
)

NEIGHBOURS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]


def cut_strip(mask: np.ndarray) -> Cut:
    """The glyphs of a bubble's text mask (0.5 and above: ink), left to right."""
    line = main_line((mask >= 0.5).astype(np.float32)) if mask.size else None
    if line is None:
        return Cut(NO_GLYPHS, 0)
    band = mask[line[0] : line[1]]
    runs = Runs.of(band >= 0.5)
    numbers, firsts = runs.components()
    if not len(firsts) or len(firsts) > MAX_COMPONENTS:
        return Cut(NO_GLYPHS, len(firsts))
    top, bottom, left, right = runs.boxes(numbers, firsts)
    heights = bottom - top
    digit_h = int(heights.max())
    tops = np.sort(top[heights >= 0.8 * digit_h])
    big = heights * (right - left) >= MIN_AREA * digit_h**2  # smaller ones are specks of noise
    kept = [n for n in left.argsort(kind="stable") if big[n]]
    owners = _grown(runs.paint(numbers, band.shape))
    glyphs = [_centred(band * (owners == n + 1), float(tops[len(tops) // 2]), digit_h) for n in kept]
    return Cut(np.array(glyphs, np.float32).reshape(-1, GLYPH_H, GLYPH_W), len(firsts))


def _grown(owners: np.ndarray) -> np.ndarray:
    """Each pixel of no glyph next to a glyph's pixel joins that glyph: its pale edge."""
    padded = np.pad(owners, 1)
    height, width = owners.shape
    grown = owners.copy()
    for dy, dx in NEIGHBOURS:
        beside = padded[1 + dy : 1 + dy + height, 1 + dx : 1 + dx + width]
        np.copyto(grown, beside, where=grown == 0)
    return grown


def _centred(image: np.ndarray, top: float, digit_h: int) -> np.ndarray:
    """The glyph scaled so the digits' band spans rows BAND_TOP..BAND_BOTTOM, centred on its ink."""
    columns = image.sum(axis=0)
    centre = float((columns * (np.arange(len(columns)) + 0.5)).sum() / max(float(columns.sum()), 1e-6))
    step = digit_h / (BAND_BOTTOM - BAND_TOP)  # band pixels per glyph pixel
    ys = (np.arange(GLYPH_H) - BAND_TOP + 0.5) * step + top - 0.5
    xs = (np.arange(GLYPH_W) - GLYPH_W / 2 + 0.5) * step + centre - 0.5
    return _bilinear(image, ys, xs)


def _bilinear(image: np.ndarray, ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """`image` sampled at rows `ys` and columns `xs` (pixel centres at whole numbers), 0 outside."""
    padded = np.pad(image, 1)
    ys = np.clip(ys + 1, 0, padded.shape[0] - 1.001)
    xs = np.clip(xs + 1, 0, padded.shape[1] - 1.001)
    y0, x0 = ys.astype(np.int64), xs.astype(np.int64)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    upper = padded[np.ix_(y0, x0)] * (1 - fx) + padded[np.ix_(y0, x0 + 1)] * fx
    lower = padded[np.ix_(y0 + 1, x0)] * (1 - fx) + padded[np.ix_(y0 + 1, x0 + 1)] * fx
    return (upper * (1 - fy) + lower * fy).astype(np.float32)
