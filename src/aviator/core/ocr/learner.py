"""Self-learning templates: a skin never seen before, unlabelled frames, no operator.

1. The fallback engine reads each crop; the fast path's segmentation cuts the same crop into
   glyphs. A reading whose text has as many characters as there are glyphs labels them, and only
   a reading that ends with the x: the skin's suffix glyph, whatever it looks like, is learnt as
   'x', and a number without it (a clock, an amount) labels nothing.
2. A reading counts only when it is confirmed. With the frames' times, by the growth curve: in
   each run of frames with text, the take-off time every reading implies (t - ln(m) / rate; a
   crash counts from its first frame) must agree with the run's median within
   CURVE_SLACK_SECONDS, which a consistent misread ('5' always read as '9') cannot do. Without
   times, by a repeat of the same text in another frame or by flight neighbours that bracket it.
3. Slips of the fallback that survive (a '5' read as '9' in a rising flight) are voted out: a
   median prototype per character is built, and a reading any of whose glyphs is nearer another
   character's prototype, or too far from its own, is dropped. Templates are the means of the rest.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from aviator.config.settings import GROWTH_RATE
from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.glyphs import find_text, segment
from aviator.core.ocr.parse import format_multiplier
from aviator.core.ocr.template import MAX_DISTANCE, Samples, TemplateSet, from_samples
from aviator.core.ocr.validation import CURVE_SLACK_SECONDS, SUFFIXES

MAX_STEP = 1.25  # a flight neighbour more than this factor away is another flight, not a neighbour
MIN_FLIGHT_READS = 3  # a run needs this many flight (white) readings to anchor its curve
RUN_GAP = 2.0  # seconds between two readings that mean the screen showed something else meanwhile

Progress = Callable[[int, int], None]  # told (crops labelled so far, all crops) after each crop


@dataclass(frozen=True)
class Labelled:
    """One crop's glyphs with the text the fallback engine read, and its value."""

    index: int
    glyphs: np.ndarray
    text: str
    value: float
    at: float | None = None  # when the frame was seen, in seconds
    crashed: bool = False  # red text: the crash value, frozen since the crash


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

    def learn(
        self,
        crops: Sequence[np.ndarray],
        times: Sequence[float] | None = None,
        progress: Progress | None = None,
    ) -> tuple[TemplateSet, LearnReport]:
        samples, report = self.collect(crops, times, progress)
        return from_samples(samples), report

    def collect(
        self,
        crops: Sequence[np.ndarray],
        times: Sequence[float] | None = None,
        progress: Progress | None = None,
    ) -> tuple[Samples, LearnReport]:
        """The confirmed, consistent glyphs per character (also the learned classifier's data).
        `progress`, when given, hears of each crop once it is labelled: the fallback's reading is
        the slow part, seconds per hundred crops, so a caller can show how far it got."""
        moments = list(times) if times is not None else [None] * len(crops)
        read = []
        for index, (crop, at) in enumerate(zip(crops, moments, strict=True)):
            if (item := self._label(index, crop, at)) is not None:
                read.append(item)
            if progress is not None:
                progress(index + 1, len(crops))
        confirmed = confirm(read) if times is None else on_curve(read)
        kept = self._consistent(confirmed)
        samples: Samples = {}
        for item in kept:
            for char, glyph in zip(item.text, item.glyphs, strict=True):
                samples.setdefault(char, []).append(glyph)
        return samples, LearnReport(
            len(crops), len(read), len(confirmed), len(kept), "".join(sorted(samples))
        )

    def _label(self, index: int, crop: np.ndarray, at: float | None) -> Labelled | None:
        mask, colour = find_text(crop)
        glyphs = segment(mask)
        if not len(glyphs):
            return None
        reading = self.fallback.read_multiplier(crop, mask)
        if reading.value is None or not reading.text.replace(" ", "").endswith(SUFFIXES):
            return None  # only a multiplier with its x labels glyphs: a clock read as 18.59 teaches nothing
        text = format_multiplier(reading.value)  # the game's notation, separators repaired
        if len(text) != len(glyphs):
            return None
        return Labelled(index, glyphs, text, reading.value, at, colour.name == "red")

    def _consistent(self, items: list[Labelled]) -> list[Labelled]:
        return consistent(items, self.max_distance)


def consistent(items: list[Labelled], max_distance: float = MAX_DISTANCE) -> list[Labelled]:
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
        if text == item.text and distances.max() <= max_distance:
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


def on_curve(items: list[Labelled]) -> list[Labelled]:
    """Readings whose implied take-off agrees with the rest of their run of frames."""
    confirmed = []
    for run in _runs(items):
        crash_at = next((item.at for item in run if item.crashed), None)
        takeoffs = [_takeoff(item, crash_at) for item in run]
        if sum(not item.crashed for item in run) < MIN_FLIGHT_READS:
            continue  # too few flight readings to anchor the curve
        anchor = float(np.median(takeoffs))
        confirmed += [
            item for item, t in zip(run, takeoffs, strict=True) if abs(t - anchor) <= CURVE_SLACK_SECONDS
        ]
    return confirmed


def _runs(items: list[Labelled]) -> list[list[Labelled]]:
    """Readings of consecutive frames: a frame without a reading, or a pause longer than RUN_GAP
    seconds (betting and loading screens a reader skipped), ends a run."""
    runs: list[list[Labelled]] = []
    for item in items:
        last = runs[-1][-1] if runs else None
        if last is None or item.index != last.index + 1 or _pause(last, item) > RUN_GAP:
            runs.append([])
        runs[-1].append(item)
    return runs


def _pause(before: Labelled, after: Labelled) -> float:
    return 0.0 if before.at is None or after.at is None else after.at - before.at


def _takeoff(item: Labelled, crash_at: float | None) -> float:
    """When the flight took off, if this reading is right: a crash value dates from the crash."""
    at = crash_at if item.crashed and crash_at is not None else item.at
    return float(at) - math.log(item.value) / GROWTH_RATE
