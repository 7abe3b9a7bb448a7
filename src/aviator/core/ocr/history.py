"""The history strip: the last rounds' crash values, newest first, each in a coloured bubble.

Text lines (another reader's output, or ours) are parsed token by token with the same repairs as
live readings, but by the strip's own rule for the x: a token may lack it (repair_bubble), since
the strip shows nothing but multipliers and some real sites' bubbles have no x. The multiplier
reader's rule (no x, no value) does not reach the strip: its readers' rejected text is parsed
here. From pixels, bubbles are found by the colour of their text (#34b4ff below 2x, #913ef8
from 2x, #c017b4 from 10x); each bubble's text is read by the fallback engine, and a value whose
bubble has the wrong colour for it is rejected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W, segment
from aviator.core.ocr.parse import SUFFIX, ParseError, format_multiplier
from aviator.core.ocr.template import Samples, TemplateSet, from_samples, missing_chars
from aviator.core.ocr.validation import repair_bubble

BUBBLE_COLOURS = {"blue": (52, 180, 255), "purple": (145, 62, 248), "magenta": (192, 23, 180)}
COLOUR_RADIUS = 70  # RGB distance within which a pixel is a bubble's ink
STRIP_SUFFIX = "-strip"  # the strip font's name in a TemplateStore: beside its bookmaker's multiplier font
PARTIAL_SUFFIX = "-strip-partial"  # the strip font while some digit is still missing
GAP = 0.3  # columns without ink wider than this share of the strip's height separate two bubbles


@dataclass(frozen=True)
class Bubble:
    text: str
    value: float | None  # None when rejected
    colour: str | None = None  # the bubble's colour name when read from pixels
    rejected: str | None = None


def colour_of(value: float) -> str:
    """The colour the game gives a bubble of this value."""
    return "magenta" if value >= 10 else "purple" if value >= 2 else "blue"


def parse_history_line(line: str) -> list[Bubble]:
    """Every token of a history line, newest first; tokens that cannot be read are rejected."""
    return [_parse_token(token) for token in line.split()]


def _parse_token(token: str, colour: str | None = None) -> Bubble:
    try:
        value = repair_bubble(token)
    except ParseError as error:
        return Bubble(token, None, colour, str(error))
    if colour is not None and colour != colour_of(value):
        return Bubble(token, None, colour, f"{colour} bubble cannot show {value:.2f}x")
    return Bubble(token, value, colour)


def bubble_spans(strip: np.ndarray) -> list[tuple[int, int, str]]:
    """Column spans (left, right) of the bubbles' text, newest (leftmost) first, with their colour."""
    distances = {
        name: np.abs(strip.astype(np.int16) - colour).sum(axis=2) for name, colour in BUBBLE_COLOURS.items()
    }
    nearest = np.argmin(np.stack(list(distances.values())), axis=0)
    ink = np.min(np.stack(list(distances.values())), axis=0) < COLOUR_RADIUS
    columns = np.flatnonzero(ink.any(axis=0))
    if not len(columns):
        return []
    breaks = np.flatnonzero(np.diff(columns) > GAP * strip.shape[0])
    spans = zip(np.r_[columns[0], columns[breaks + 1]], np.r_[columns[breaks], columns[-1]] + 1, strict=True)
    names = list(BUBBLE_COLOURS)
    result = []
    for left, right in spans:
        votes = np.bincount(nearest[:, left:right][ink[:, left:right]], minlength=len(names))
        result.append((int(left), int(right), names[int(votes.argmax())]))
    return result


def ink_mask(strip: np.ndarray) -> np.ndarray:
    """Text likeness 0..1 of the bubbles' coloured text."""
    rgb = strip.astype(np.int16)
    nearest = np.min([np.abs(rgb - colour).sum(axis=2) for colour in BUBBLE_COLOURS.values()], axis=0)
    return np.clip(1.5 - nearest / COLOUR_RADIUS, 0, 1).astype(np.float32)


def read_history(strip: np.ndarray, reader: MultiplierReader) -> list[Bubble]:
    """The bubbles of a history strip crop, newest first; a bubble cut by the strip's end is left out.

    Each bubble's ink mask goes to `reader` (an OCREngine: the skin's templates fit the strip's
    smaller text too, since glyphs are scaled to one digit height; the fallback reads the rest).
    """
    bubbles = []
    for left, right, colour in bubble_spans(strip):
        if right >= strip.shape[1] - 1:
            break  # the last bubble runs off the strip: its text is not whole
        crop = strip[:, max(0, left - 2) : right + 2]
        reading = reader.read_multiplier(crop, ink_mask(crop))
        bubbles.append(
            _parse_token(reading.text, colour) if reading.text else Bubble("", None, colour, "no text")
        )
    return bubbles


class StripLearner:
    """Learns the history strip's own font, and whether its bubbles end in 'x', from bubbles whose
    value is already known.

    After a crash the reader has confirmed on the big multiplier (the fast path, exact), the
    strip's newest bubble shows that same value: its glyphs are labelled by it, with its 'x' when
    the bubble has one more glyph than the digits and point ('1.19x'), without when it has none
    ('1.19': some sites' strips). Each bubble votes for one of the two; the site's strip is what
    most bubbles said, so a bubble cut wrongly (a '4.' taken as one glyph) cannot decide it.
    The templates are complete only once every digit is known: the strip's small text makes some
    digits look alike ('5' and '9' at 11 pixels), so a missing digit would be read as its
    look-alike. Until then `partial()` may serve only beside readers of other kinds that must agree
    with it. Read the strip by these templates alone (OCREngine method "template"): a bubble they
    refuse is rejected, not handed to the fallback, which misreads such small text far more often.
    """

    def __init__(self) -> None:
        self.pools: dict[bool, Samples] = {True: {}, False: {}}  # glyphs labelled with 'x', without
        self.votes: Counter[bool] = Counter()

    @classmethod
    def taught(cls, labelled: Iterable[tuple[np.ndarray, float]]) -> StripLearner:
        """A learner shown strips whose newest bubble's value is known (labelled pictures)."""
        learner = cls()
        for strip, value in labelled:
            learner.observe(strip, value)
        return learner

    def observe(self, strip: np.ndarray, crash: float) -> bool:
        """Labels the newest bubble's glyphs with the confirmed crash; False if they do not fit."""
        spans = bubble_spans(strip)
        if not spans or spans[0][2] != colour_of(crash):
            return False
        left, right, _ = spans[0]
        glyphs = segment(ink_mask(strip[:, max(0, left - 2) : right + 2]))
        text = format_multiplier(crash)
        suffix = len(glyphs) == len(text)
        if not suffix and len(glyphs) != len(text) - 1:
            return False
        self.votes[suffix] += 1
        for char, glyph in zip(text if suffix else text[:-1], glyphs, strict=True):
            self.pools[suffix].setdefault(char, []).append(glyph)
        return True

    @property
    def suffix(self) -> bool:
        """Whether this strip's bubbles end in 'x': what at least twice as many bubbles said as
        the other way (with it until then, as most sites)."""
        return not self.votes[False] > 2 * self.votes[True]

    @property
    def samples(self) -> Samples:
        return self.pools[self.suffix]

    def missing(self) -> str:
        """Characters still without a sample: digits and the point, and the 'x' if the strip has it."""
        missing = missing_chars(self.samples)
        return missing if self.suffix else missing.replace(SUFFIX, "")

    @property
    def ready(self) -> bool:
        """Every character known, and the bubbles clear about the 'x'."""
        return self._clear() and not self.missing()

    def _clear(self) -> bool:
        """Twice as many bubbles said one way as the other about the 'x'."""
        with_x, without = self.votes[True], self.votes[False]
        return with_x > 2 * without or without > 2 * with_x

    def partial(self) -> TemplateSet | None:
        """Templates of the characters known so far, once the bubbles are clear about the 'x'
        (None before): a reader whose missing digits are refused or read as look-alikes, so never
        a strip's only reader."""
        return from_samples(self.samples) if self.samples and self._clear() else None

    def seed(self, known: TemplateSet) -> None:
        """Starts from templates learnt before (a partial font kept over a restart): each one
        counts as one sample of its character, on the side of the 'x' it shows."""
        suffix = SUFFIX in known.chars
        self.votes[suffix] += 1
        for char, image in zip(known.chars, known.images, strict=True):
            self.pools[suffix].setdefault(char, []).append(image.reshape(GLYPH_H, GLYPH_W))

    def templates(self) -> TemplateSet:
        if self.missing():
            raise ValueError(f"strip templates still miss {self.missing()!r}")
        return from_samples(self.samples)
