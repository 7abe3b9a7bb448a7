"""A reader of the numbers under the game that teaches itself their font while it works.

While it learns, a text engine (Tesseract) reads each crop's ink mask, and the fast path's
segmentation cuts the same crop into glyphs. A reading labels its glyphs when it parses and has
one glyph per character. It counts only when confirmed by its region's course: the reads of one
region come only when its pixels change, and in a flight the players in play only go down and the
money cashed out only goes up, so a reading that lies between the ones before and after it is
confirmed; a misread digit rarely does. Slips that survive are voted out by the characters'
median prototypes (learner.consistent). Once every digit is known, the templates are stored and
the text engine is let go (`on_learnt`): from then on the templates alone read, and a reading
they refuse has no value. While learning, no reading has a value: Tesseract's misreads parse.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

import numpy as np

from aviator.core.ocr.amount_font import (
    KINDS,
    AmountTemplates,
    amount_glyphs,
    ink_mask,
    label_of,
    missing_digits,
    parsed,
)
from aviator.core.ocr.learner import Labelled, consistent
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.template import Samples, TemplateStore, from_samples

log = logging.getLogger(__name__)

AMOUNT_CHARS = "0123456789.,ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # digits, separators, currency codes
MIN_CONFIRMED = 40  # confirmed readings before the templates are made (and every digit among them)
STORE_SUFFIX = "-amounts"  # beside the multiplier's templates of the same bookmaker
ENGINE = "tesseract"


class TextEngine(Protocol):
    def read_text(self, mask: np.ndarray, chars: str | None = None) -> tuple[str, float]: ...


class SelfLearningAmounts:
    """Reads amounts by `fallback` until it has learnt their font, then by templates alone."""

    def __init__(
        self,
        fallback: TextEngine | None,
        store: TemplateStore,
        name: str,
        on_learnt: Callable[[], None] = lambda: None,
        waiting: Callable[[], bool] = lambda: False,
    ) -> None:
        """`waiting`: while it says so, nothing is read (the fallback's time goes to another learner)."""
        self.store, self.key, self.on_learnt, self.waiting = (
            store,
            f"{name}{STORE_SUFFIX}",
            on_learnt,
            waiting,
        )
        known = store.load(self.key)
        complete = known is not None and not missing_digits(known.chars)
        self.templates = AmountTemplates(known) if complete else None
        self.fallback = None if complete else fallback
        self.confirmed: list[Labelled] = []
        self._recent: dict[str, list[Labelled]] = {}  # each region's last two readings

    @property
    def learning(self) -> bool:
        return self.templates is None

    def read_amount(self, crop: np.ndarray, region: str) -> Reading:
        if self.templates is not None:
            return self.templates.read_amount(crop, region)
        if self.fallback is None:
            return Reading("", None, 0.0, ENGINE, 0.0, "no reader: nothing learnt and no fallback")
        if self.waiting():
            return Reading("", None, 0.0, ENGINE, 0.0, "waiting to learn the amount font")
        started = time.perf_counter()
        mask = ink_mask(crop)
        if not mask.size or mask.max() < 0.5:
            return Reading("", None, 0.0, ENGINE, 0.0, "no text")
        text, confidence = self.fallback.read_text(mask, AMOUNT_CHARS)
        reading = parsed(text, KINDS[region], confidence, started, ENGINE)
        if not reading.ok:
            return reading
        self._observe(region, crop, reading)
        # Tesseract's reading teaches, but is not given out: one misread digit still parses
        # ('517' read as '317'), and nothing here could tell; the templates' gate can
        return replace(reading, value=None, rejected="read while learning the amount font")

    def _observe(self, region: str, crop: np.ndarray, reading: Reading) -> None:
        glyphs, label = amount_glyphs(crop), label_of(reading.text)
        if len(glyphs) != len(label):
            self._recent.pop(region, None)  # a gap in the region's course: start it again
            return
        recent = self._recent.setdefault(region, [])
        recent.append(Labelled(len(self.confirmed), glyphs, label, float(reading.value)))
        if len(recent) == 3:
            before, item, after = recent.pop(0), recent[0], recent[1]
            if min(before.value, after.value) <= item.value <= max(before.value, after.value):
                self.confirmed.append(item)
                self._learn_if_ready()

    def _learn_if_ready(self) -> None:
        if len(self.confirmed) < MIN_CONFIRMED or missing_digits("".join(i.text for i in self.confirmed)):
            return
        kept = consistent(self.confirmed)
        samples: Samples = {}
        for item in kept:
            for char, glyph in zip(item.text, item.glyphs, strict=True):
                samples.setdefault(char, []).append(glyph)
        if missing_digits(samples):
            return  # a digit's every reading was voted out: keep reading
        templates = from_samples(samples)
        self.store.save(self.key, templates)
        log.info(
            "amount font of %s learnt from %d readings: %r", self.key, len(kept), "".join(templates.chars)
        )
        self.templates, self.fallback, self.confirmed, self._recent = AmountTemplates(templates), None, [], {}
        self.on_learnt()
