"""Self-learning templates: a skin never seen before, unlabelled frames, no operator.

1. The fallback engine reads each crop; the fast path's segmentation cuts the same crop into
   glyphs. A reading whose text has as many characters as there are glyphs labels them.
2. A reading counts only when it is confirmed: the same text read in another frame, or a flight
   neighbourhood that agrees (the frames before and after read a lower and a higher value of the
   same flight, as the growth curve demands).
3. Slips of the fallback that survive (a '5' read as '9' in a rising flight) are voted out: a
   median prototype per character is built, and a reading any of whose glyphs is nearer another
   character's prototype, or too far from its own, is dropped. Templates are the means of the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.parse import format_multiplier
from aviator.core.ocr.template import MAX_DISTANCE, TemplateSet, from_samples, glyphs_of

MAX_STEP = 1.25  # a flight neighbour more than this factor away is another flight, not a neighbour


@dataclass(frozen=True)
class Labelled:
    """One crop's glyphs with the text the fallback engine read, and its value."""

    index: int
    glyphs: np.ndarray
    text: str
    value: float


@dataclass(frozen=True)
class LearnReport:
    frames: int
    read: int  # frames the fallback read with one glyph per character
    confirmed: int  # of those, confirmed by another frame or the flight around them
    kept: int  # of those, consistent with every character's prototype
    chars: str

    def __str__(self) -> str:
        return (
            f"{self.frames} frames, {self.read} read by the fallback, {self.confirmed} confirmed, "
            f"{self.kept} kept; templates for {self.chars!r}"
        )


class TemplateLearner:
    """Learns one skin's templates from its unlabelled multiplier crops, in screen order."""

    def __init__(self, fallback: MultiplierReader, max_distance: float = MAX_DISTANCE) -> None:
        self.fallback, self.max_distance = fallback, max_distance

    def learn(self, crops: Sequence[np.ndarray]) -> tuple[TemplateSet, LearnReport]:
        read = [item for index, crop in enumerate(crops) if (item := self._label(index, crop)) is not None]
        confirmed = confirm(read)
        kept = self._consistent(confirmed)
        samples: dict[str, list[np.ndarray]] = {}
        for item in kept:
            for char, glyph in zip(item.text, item.glyphs, strict=True):
                samples.setdefault(char, []).append(glyph)
        templates = from_samples(samples)
        return templates, LearnReport(
            len(crops), len(read), len(confirmed), len(kept), "".join(templates.chars)
        )

    def _label(self, index: int, crop: np.ndarray) -> Labelled | None:
        glyphs = glyphs_of(crop)
        if not len(glyphs):
            return None
        reading = self.fallback.read_multiplier(crop)
        if reading.value is None:
            return None
        text = format_multiplier(reading.value)  # the game's notation, separators repaired
        return Labelled(index, glyphs, text, reading.value) if len(text) == len(glyphs) else None

    def _consistent(self, items: list[Labelled]) -> list[Labelled]:
        """Readings all of whose glyphs are nearest their own character's median prototype."""
        samples: dict[str, list[np.ndarray]] = {}
        for item in items:
            for char, glyph in zip(item.text, item.glyphs, strict=True):
                samples.setdefault(char, []).append(glyph)
        if not samples:
            return []
        chars = sorted(samples)
        prototypes = TemplateSet(chars, np.array([np.median(samples[c], axis=0).reshape(-1) for c in chars]))
        kept = []
        for item in items:
            text, distances = prototypes.match(item.glyphs)
            if text == item.text and distances.max() <= self.max_distance:
                kept.append(item)
        return kept


def confirm(items: list[Labelled]) -> list[Labelled]:
    """Readings confirmed by a repeat of their text or by their flight neighbours."""
    repeats = Counter(item.text for item in items)
    confirmed = []
    for n, item in enumerate(items):
        before = items[n - 1] if n else None
        after = items[n + 1] if n + 1 < len(items) else None
        if repeats[item.text] > 1 or _between(before, item, after):
            confirmed.append(item)
    return confirmed


def _between(before: Labelled | None, item: Labelled, after: Labelled | None) -> bool:
    """The frames just before and after read the same flight below and above this value."""
    if before is None or after is None or before.index != item.index - 1 or after.index != item.index + 1:
        return False
    return before.value <= item.value <= after.value and after.value <= before.value * MAX_STEP
