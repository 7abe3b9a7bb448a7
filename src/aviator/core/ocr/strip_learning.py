"""StripLearner: the history strip's own font, learnt from bubbles whose value is known.

After a crash the reader has confirmed on the big multiplier (the fast path, exact), the strip's
newest bubble shows that same value, and the older bubbles the crashes recorded before it, in
order: free labels for the strip's small text, each crash again at every place it moves to (a
browser draws a digit differently at each place). Three things are learnt from them:
- how much of a pixel the text's colour must cover for it to be text (its ink level): the level
  at which most newest bubbles cut into as many glyphs as their value has characters. A condensed
  13-pixel font needs 0.65-0.7 (above, its thin strokes break); a rounder one 0.75 or more (below,
  its '6' and 'x' join). Glyph samples are kept at the level chosen so far only;
- whether the bubbles end in 'x' ('1.19x') or not ('1.19': some sites' strips), by the same count:
  each bubble votes, and the strip is what twice as many said, so a bubble cut wrongly (a '4.'
  taken as one glyph) cannot decide it;
- the glyphs of every character, cut by strip_glyphs (centred on their ink).
The templates are complete only once every character is known (KNOWN_AFTER samples): the strip's
small text makes some digits look alike ('5' and '9' at 11 pixels), so a missing digit would be
read as its look-alike. Until then `partial()` may serve only beside readers of other kinds that
must agree with it. Read the strip by these templates alone (OCREngine method "template"): a
bubble they refuse is rejected, not handed to the fallback, which misreads such small text far
more often.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W
from aviator.core.ocr.history import (
    INK_LEVEL,
    bubble_crop,
    colour_of,
    ink_mask,
    ink_share,
    mask_at,
    whole_spans,
)
from aviator.core.ocr.parse import SUFFIX, format_multiplier
from aviator.core.ocr.strip_glyphs import cut_strip
from aviator.core.ocr.template import MAX_DISTANCE, STRIP, Samples, TemplateSet, from_samples, missing_chars

INK_LEVELS = (INK_LEVEL, 0.75, 0.65, 0.8, 0.85)  # tried in this order: a tie keeps the earlier
KNOWN_AFTER = 5  # samples of a character before it is known: a few may all be odd cuts (redhat's
# small '4' mostly joins its point; the three cut apart made a template nearer the '8's)
MAX_SAMPLES = 200  # glyph samples kept per character: enough for every place on the strip


class StripLearner:
    """Learns one site's strip font from labelled strips (module docstring)."""

    def __init__(self) -> None:
        # per ink level, the newest bubbles cut into their value with the 'x' (True) or without
        self.cuts: dict[float, Counter[bool]] = {level: Counter() for level in INK_LEVELS}
        self.pools: dict[bool, Samples] = {True: {}, False: {}}  # glyphs labelled with 'x', without
        self._level = INK_LEVEL  # the level the pools' glyphs were cut at
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
        spans = whole_spans(strip)[: len(crashes)]
        if not spans or spans[0][2] != colour_of(crashes[0]):
            return False
        newest = self._cut_newest(bubble_crop(strip, spans[0]), spans[0][2], crashes[0])
        if newest is None:
            return False
        self._follow_level()
        older = [
            cut_strip(ink_mask(bubble_crop(strip, span), span[2], self._level)).glyphs for span in spans[1:]
        ]
        bubbles = [newest[self._level], *older]
        fits = [
            _fit(glyphs, crash) if span[2] == colour_of(crash) else None
            for glyphs, span, crash in zip(bubbles, spans, crashes, strict=False)
        ]
        if fits[0] is None:
            return False  # the newest cut otherwise at the level most bubbles chose
        moved, self._last = _moved_by_one(bubbles, self._last), bubbles
        labelled = len(fits) if moved and all(fit == fits[0] for fit in fits) else 1
        for glyphs, crash in zip(bubbles[:labelled], crashes, strict=False):
            self._add(glyphs, crash, fits[0])
        return True

    def _cut_newest(self, crop: np.ndarray, colour: str, crash: float) -> dict[float, np.ndarray] | None:
        """The newest bubble's glyphs at every level, each level counted where they fit; None when
        they fit at none."""
        share = ink_share(crop, colour)
        glyphs = {level: cut_strip(mask_at(share, level)).glyphs for level in INK_LEVELS}
        fits = {level: _fit(cut, crash) for level, cut in glyphs.items()}
        for level, fit in fits.items():
            if fit is not None:
                self.cuts[level][fit] += 1
        return None if all(fit is None for fit in fits.values()) else glyphs

    def _follow_level(self) -> None:
        """Samples cut at another level than the one most bubbles now choose are dropped."""
        level = self.level
        if level != self._level:
            self._level, self._last = level, []
            self.pools = {True: {}, False: {}}

    def _add(self, glyphs: np.ndarray, crash: float, suffix: bool) -> None:
        text = format_multiplier(crash)
        for char, glyph in zip(text if suffix else text[:-1], glyphs, strict=True):
            pool = self.pools[suffix].setdefault(char, [])
            if len(pool) < MAX_SAMPLES:
                pool.append(glyph)

    @property
    def level(self) -> float:
        """The ink level at which the most newest bubbles cut right, one way or the other."""
        return max(INK_LEVELS, key=lambda level: max(self.cuts[level].values(), default=0))

    @property
    def votes(self) -> Counter[bool]:
        """The newest bubbles cut with the 'x' (True) and without, at the level chosen."""
        return self.cuts[self.level]

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
        known = (char for char, samples in self.samples.items() if len(samples) >= KNOWN_AFTER)
        missing = missing_chars(known)
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
        return from_samples(self.samples, STRIP, self._level) if self.samples and self._clear() else None

    def seed(self, known: TemplateSet) -> None:
        """Starts from templates learnt before (a partial font kept over a restart): each one
        counts as one sample of its character, on the side of the 'x' it shows, at its level."""
        suffix = SUFFIX in known.chars
        self._level = min(INK_LEVELS, key=lambda level: abs(level - known.ink_level))
        self.cuts[self._level][suffix] += 1
        for char, image in zip(known.chars, known.images, strict=True):
            self.pools[suffix].setdefault(char, []).append(image.reshape(GLYPH_H, GLYPH_W))

    def templates(self) -> TemplateSet:
        if self.missing():
            raise ValueError(f"strip templates still miss {self.missing()!r}")
        return from_samples(self.samples, STRIP, self._level)


def _moved_by_one(glyphs: list[np.ndarray], before: list[np.ndarray]) -> bool:
    """Whether each bubble but the newest shows what the one before it showed last time: the same
    characters, each glyph as near its former self as a template admits its own."""
    if len(before) < len(glyphs) - 1:
        return False
    return all(_alike(now, then) for now, then in zip(glyphs[1:], before, strict=False))


def _alike(now: np.ndarray, then: np.ndarray) -> bool:
    return len(now) == len(then) and bool((np.abs(now - then).mean(axis=(1, 2)) <= MAX_DISTANCE).all())


def _fit(glyphs: np.ndarray, crash: float) -> bool | None:
    """Whether a bubble showing `crash` is cut into it with the 'x' (True) or without (False); None
    when into another count of glyphs."""
    text = format_multiplier(crash)
    return True if len(glyphs) == len(text) else False if len(glyphs) == len(text) - 1 else None
