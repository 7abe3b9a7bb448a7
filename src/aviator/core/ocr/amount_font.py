"""The amount font: templates of the small numbers under the game (players, bets, money paid out).

Their text is small and grey on the game's background, so its ink is whatever differs from the
crop's background colour (the median of its top and bottom rows, which text does not reach),
not the multiplier's white or red. The glyphs
are cut and matched as the multiplier's are (same segmentation, same distance gate); the text
is then parsed as a count or as money in any site's style (money.py). A glyph no template
matches, or a text that does not parse, gives no value: never a guess.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Protocol

import numpy as np

from aviator.core.ocr.amount import INK_CONTRAST
from aviator.core.ocr.glyphs import cut
from aviator.core.ocr.money import parse_kind
from aviator.core.ocr.parse import ParseError
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.template import MAX_DISTANCE, Samples, TemplateSet, from_samples

ENGINE = "amount-template"
DIGITS = "0123456789"
# What each region under the game shows.
KINDS = {"players": "count", "total_bets": "money", "players_left": "count", "cashed_out": "money"}


class AmountReader(Protocol):
    def read_amount(self, crop: np.ndarray, region: str) -> Reading:
        """The number in `crop` of the region named `region` (a key of KINDS)."""
        ...


INK_SURE = 100  # a channel difference from the background that only text reaches


def ink_mask(crop: np.ndarray) -> np.ndarray:
    """Ink likeness 0..1 of the columns around the text: how far each pixel is from the background.

    On bytes, without converting the crop (a tenth of the time of a mask on int16 channels):
    |a - b| of uint8 is max(a, b) - min(a, b); the channels' maximum is taken on the flat bytes.
    """
    background = np.median(np.concatenate((crop[0], crop[-1])), axis=0).astype(np.uint8)
    difference = np.maximum(crop, background)
    difference -= np.minimum(crop, background)
    flat = difference.reshape(-1)
    ink = np.maximum(flat[0::3], flat[1::3])
    np.maximum(ink, flat[2::3], out=ink)
    ink = ink.reshape(crop.shape[:2])
    columns = np.flatnonzero((ink > INK_SURE).any(axis=0))
    if not len(columns):
        return np.zeros((0, 0), np.float32)
    likeness = ink[:, max(0, columns[0] - 2) : columns[-1] + 3].astype(np.float32)
    likeness -= INK_CONTRAST
    likeness *= 1 / 80
    return np.clip(likeness, 0, 1, out=likeness)


def amount_glyphs(crop: np.ndarray) -> np.ndarray:
    """The glyphs of a crop's line of small text, left to right (none for noise)."""
    return cut(ink_mask(crop)).glyphs


def label_of(text: str) -> str:
    """The characters that have glyphs: a space has none."""
    return text.replace(" ", "")


def amount_samples(samples: Iterable[tuple[np.ndarray, str]]) -> Samples:
    """Glyphs per character of labelled crops; a crop whose glyphs do not fit its label is skipped."""
    collected: Samples = {}
    for crop, text in samples:
        glyphs, label = amount_glyphs(crop), label_of(text)
        if len(glyphs) != len(label):
            continue
        for char, glyph in zip(label, glyphs, strict=True):
            collected.setdefault(char, []).append(glyph)
    return collected


def missing_digits(known: Iterable[str]) -> str:
    """Digits without a template: a set missing one would read its look-alike in its place."""
    have = set(known)
    return "".join(d for d in DIGITS if d not in have)


def learn_amount_font(samples: Iterable[tuple[np.ndarray, str]]) -> TemplateSet:
    """Templates of the amount font from labelled crops (the demo's labelled pictures)."""
    collected = amount_samples(samples)
    if missing_digits(collected):
        raise ValueError(f"the labelled amounts miss the digits {missing_digits(collected)!r}")
    return from_samples(collected)


class AmountTemplates:
    """Reads amounts by the learnt templates alone: about a tenth of a millisecond a read."""

    def __init__(self, templates: TemplateSet, max_distance: float = MAX_DISTANCE) -> None:
        if missing_digits(templates.chars):
            raise ValueError(f"amount templates miss the digits {missing_digits(templates.chars)!r}")
        self.templates, self.max_distance = templates, max_distance

    def read_amount(self, crop: np.ndarray, region: str) -> Reading:
        started = time.perf_counter()
        line = cut(ink_mask(crop))
        if line.noise or not len(line.glyphs):
            return _reading("", None, 0.0, started, "no text")
        text, distances = self.templates.match(line.glyphs)
        worst = float(distances.max())
        confidence = max(0.0, 1.0 - worst / (2 * self.max_distance))
        if worst > self.max_distance:
            return _reading(text, None, confidence, started, "glyph not recognised")
        return parsed(text, KINDS[region], confidence, started, ENGINE)


def parsed(text: str, kind: str, confidence: float, started: float, engine: str) -> Reading:
    """The reading of `text` as `kind`, rejected with the parser's reason if it does not parse."""
    try:
        value = parse_kind(text, kind)
    except ParseError as error:
        return Reading(text, None, confidence, engine, _ms(started), str(error))
    return Reading(text, value, confidence, engine, _ms(started))


def _reading(text: str, value: float | None, confidence: float, started: float, why: str | None) -> Reading:
    return Reading(text, value, confidence, ENGINE, _ms(started), why)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
