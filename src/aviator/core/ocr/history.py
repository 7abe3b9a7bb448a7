"""The history strip: the last rounds' crash values, newest first, each in a coloured bubble.

Text lines (another reader's output, or ours) are parsed token by token with the same repairs as
live readings, but by the strip's own rule for the x: a token may lack it (repair_bubble), since
the strip shows nothing but multipliers and some real sites' bubbles have no x. The multiplier
reader's rule (no x, no value) does not reach the strip: its readers' rejected text is parsed
here. From pixels, bubbles are found by the colour of their text (#34b4ff below 2x, #913ef8
from 2x, #c017b4 from 10x); each bubble's text (how much of each pixel its colour covers) is read
by the readers given, and a value whose bubble has the wrong colour for it is rejected. The
strip's own font cuts its glyphs its own way (strip_glyphs): its text is small.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W
from aviator.core.ocr.parse import SUFFIX, ParseError, format_multiplier
from aviator.core.ocr.strip_glyphs import cut_strip
from aviator.core.ocr.template import MAX_DISTANCE, STRIP, Samples, TemplateSet, from_samples, missing_chars
from aviator.core.ocr.validation import repair_bubble

BUBBLE_COLOURS = {"blue": (52, 180, 255), "purple": (145, 62, 248), "magenta": (192, 23, 180)}
COLOUR_RADIUS = 70  # RGB distance within which a pixel is a bubble's ink
INK_COVERAGE = 0.7  # a pixel is text where the text's colour covers this share of it: less, and a
# condensed 13-pixel font's antialiased feet join its digits; more, and its thin strokes break
OFF_BLEND = 90  # RGB distance (summed) beyond which a pixel is no blend of the text and its background
STRIP_SUFFIX = "-strip"  # the strip font's name in a TemplateStore: beside its bookmaker's multiplier font
PARTIAL_SUFFIX = "-strip-partial"  # the strip font while some digit is still missing
KNOWN_AFTER = 5  # samples of a character before it is known: a few may all be odd cuts (redhat's
# small '4' mostly joins its point; the three cut apart made a template nearer the '8's)
MAX_SAMPLES = 200  # glyph samples kept per character: enough for every place on the strip
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


def ink_mask(crop: np.ndarray, colour: str) -> np.ndarray:
    """Text likeness 0..1 of one bubble's text of `colour` (a BUBBLE_COLOURS name): how much of each
    pixel that colour covers over the bubble's background (the crop's median), mapped so that
    INK_COVERAGE is 0.5 and full cover 1. A pixel off the blend of the two (another colour) is none.

    Measured on strips of five web fonts: every bubble cut into as many glyphs as it has characters,
    where the distance to the bubble colours (text within COLOUR_RADIUS) cut 46 % of a condensed
    strip's bubbles wrong, its thin strokes broken and its feet joined.
    """
    rgb = crop.astype(np.float32)
    background = np.median(rgb.reshape(-1, 3), axis=0)
    towards = np.asarray(BUBBLE_COLOURS[colour], np.float32) - background
    share = (rgb - background) @ towards / max(float(towards @ towards), 1.0)
    off = np.abs(rgb - background - share[..., None] * towards).sum(axis=2) > OFF_BLEND
    share[off] = 0.0
    low = 2 * INK_COVERAGE - 1  # the share mapped to 0, on the line through (INK_COVERAGE, 0.5) and (1, 1)
    return np.clip((share - low) / (1 - low), 0, 1).astype(np.float32)


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
        reading = reader.read_multiplier(crop, ink_mask(crop, colour))
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
    most bubbles said, so a bubble cut wrongly (a '4.' taken as one glyph) cannot decide it. The
    older bubbles show the crashes recorded before, in order: they label their glyphs too, each
    crash again at every place it moves to (a browser draws a digit differently at each place).
    The templates are complete only once every digit is known: the strip's small text makes some
    digits look alike ('5' and '9' at 11 pixels), so a missing digit would be read as its
    look-alike. Until then `partial()` may serve only beside readers of other kinds that must agree
    with it. Read the strip by these templates alone (OCREngine method "template"): a bubble they
    refuse is rejected, not handed to the fallback, which misreads such small text far more often.
    """

    def __init__(self) -> None:
        self.pools: dict[bool, Samples] = {True: {}, False: {}}  # glyphs labelled with 'x', without
        self.votes: Counter[bool] = Counter()
        self._last: list[np.ndarray] = []  # the glyphs of the bubbles observed last, newest first

    @classmethod
    def taught(cls, labelled: Iterable[tuple[np.ndarray, float]]) -> StripLearner:
        """A learner shown strips whose newest bubble's value is known (labelled pictures)."""
        learner = cls()
        for strip, value in labelled:
            learner.observe(strip, (value,))
        return learner

    def observe(self, strip: np.ndarray, crashes: Sequence[float]) -> bool:
        """Labels the newest bubble's glyphs with the crash just confirmed (`crashes[0]`), and the
        older bubbles' with the crashes recorded in a row before it (newest first) when every one
        of those fits its bubble and the strip moved by one bubble since the last call: a crash
        missed unnoticed, or a strip not yet moved, would shift every label. False when the newest
        does not fit (its colour, or its glyphs neither the digits nor the digits and 'x')."""
        bubbles = _bubbles(strip, crashes)
        shown = crashes[: len(bubbles)]
        fits = [_fit(glyphs, colour, crash) for (glyphs, colour), crash in zip(bubbles, shown, strict=True)]
        if not fits or fits[0] is None:
            return False
        suffix = fits[0]
        self.votes[suffix] += 1  # one vote per crash: the older bubbles voted when they were new
        glyphs = [bubble[0] for bubble in bubbles]
        moved, self._last = _moved_by_one(glyphs, self._last), glyphs
        labelled = len(fits) if moved and all(fit == suffix for fit in fits) else 1
        for (glyphs, _), crash in zip(bubbles[:labelled], shown[:labelled], strict=True):
            self._add(glyphs, crash, suffix)
        return True

    def _add(self, glyphs: np.ndarray, crash: float, suffix: bool) -> None:
        text = format_multiplier(crash)
        for char, glyph in zip(text if suffix else text[:-1], glyphs, strict=True):
            pool = self.pools[suffix].setdefault(char, [])
            if len(pool) < MAX_SAMPLES:
                pool.append(glyph)

    @property
    def suffix(self) -> bool:
        """Whether this strip's bubbles end in 'x': what at least twice as many bubbles said as
        the other way (with it until then, as most sites)."""
        return not self.votes[False] > 2 * self.votes[True]

    @property
    def samples(self) -> Samples:
        return self.pools[self.suffix]

    def missing(self) -> str:
        """Characters not yet known (fewer than KNOWN_AFTER samples): digits and the point, and the
        'x' if the strip has it."""
        missing = missing_chars(char for char, samples in self.samples.items() if len(samples) >= KNOWN_AFTER)
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
        return from_samples(self.samples, STRIP) if self.samples and self._clear() else None

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
        return from_samples(self.samples, STRIP)


def _bubbles(strip: np.ndarray, crashes: Sequence[float]) -> list[tuple[np.ndarray, str]]:
    """The glyphs and colour of the strip's first whole bubbles, one per crash at most."""
    spans = [span for span in bubble_spans(strip) if span[1] < strip.shape[1] - 1][: len(crashes)]
    return [
        (cut_strip(ink_mask(strip[:, max(0, left - 2) : right + 2], colour)).glyphs, colour)
        for left, right, colour in spans
    ]


def _moved_by_one(glyphs: list[np.ndarray], before: list[np.ndarray]) -> bool:
    """Whether each bubble but the newest shows what the one before it showed last time: the same
    characters, each glyph as near its former self as a template admits its own."""
    if len(before) < len(glyphs) - 1:
        return False
    return all(_alike(now, then) for now, then in zip(glyphs[1:], before, strict=False))


def _alike(now: np.ndarray, then: np.ndarray) -> bool:
    return len(now) == len(then) and bool((np.abs(now - then).mean(axis=(1, 2)) <= MAX_DISTANCE).all())


def _fit(glyphs: np.ndarray, colour: str, crash: float) -> bool | None:
    """Whether a bubble showing `crash` reads as it with the 'x' (True) or without (False); None
    when it cannot show it: another colour, or another count of glyphs."""
    if colour != colour_of(crash):
        return None
    text = format_multiplier(crash)
    return True if len(glyphs) == len(text) else False if len(glyphs) == len(text) - 1 else None
