"""A reader that teaches itself a new skin while it works: no labelled bootstrap needed.

It starts on the fallback engine and keeps the multiplier crops it sees, in screen order; after
`frames` crops with text it learns templates from them (TemplateLearner), stores them for the
skin and from then on reads by the hybrid method, where the fast path serves almost every read.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

import numpy as np

from aviator.core.ocr.engine import MultiplierReader, OCREngine, not_text
from aviator.core.ocr.learner import LearnReport, TemplateLearner
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.template import ENGINE, TemplateOCR, TemplateSet, TemplateStore

log = logging.getLogger(__name__)

LEARN_FRAMES = 200  # crops with text collected before learning
MIN_KEPT = 20  # fewer confirmed readings than this (or a digit never seen) teach too little: collect again


class SelfLearningOCR:
    """`clock` (seconds of game time) lets the learner check readings against the growth curve."""

    def __init__(
        self,
        fallback: MultiplierReader,
        store: TemplateStore,
        skin: str,
        frames: int = LEARN_FRAMES,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.fallback, self.store, self.skin, self.frames, self.clock = fallback, store, skin, frames, clock
        self._remembered = _Remembering(fallback)  # what it read of the crops kept for learning
        self.report: LearnReport | None = None
        known = store.load(skin)
        self.templates: TemplateOCR | None = None  # what it has learnt (or found stored)
        self.engine = (
            self._hybrid(known)
            if known is not None
            else OCREngine(fallback=self._remembered, method="fallback")
        )
        self._crops: list[np.ndarray] | None = None if known is not None else []
        self._times: list[float] = []

    @property
    def learning(self) -> bool:
        return self._crops is not None

    def learnt_templates(self) -> MultiplierReader:
        """Reads by the learnt templates alone, without feeding the learner (for other regions,
        beside an engine of another kind); rejects every read while nothing is learnt yet."""
        return _LearntTemplates(self)

    def _hybrid(self, templates: TemplateSet) -> OCREngine:
        self.templates = TemplateOCR(templates)
        return OCREngine(template=self.templates, fallback=self.fallback)

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        reading = self.engine.read_multiplier(crop, mask)
        if self._crops is not None and not not_text(reading):
            self._crops.append(crop.copy())
            if self.clock is not None:
                self._times.append(self.clock())
            if len(self._crops) >= self.frames:
                self._learn(self._crops, self._times if self.clock is not None else None)
        return reading

    def _learn(self, crops: list[np.ndarray], times: list[float] | None) -> None:
        """Runs inside one look of the worker: the learner is given what the fallback already read
        of these crops instead of reading them all again (200 Tesseract reads: a step of seconds on
        a busy machine, during which the worker did not look and crashes went unseen)."""
        templates, self.report = TemplateLearner(self._remembered).learn(crops, times)
        self._remembered.forget()
        log.info("skin %s: %s", self.skin, self.report)
        if self.report.kept < MIN_KEPT or templates.missing():
            self._crops, self._times = [], []  # too little confirmed: read by the fallback, try again
            return
        self.store.save(self.skin, templates)
        self.engine, self._crops = self._hybrid(templates), None


class _Remembering:
    """The fallback engine, remembering its readings by the crop's pixels until told to forget."""

    def __init__(self, engine: MultiplierReader) -> None:
        self.engine = engine
        self._readings: dict[bytes, Reading] = {}

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        # the mask is a function of the crop (find_text), so the pixels name the reading
        key = hashlib.blake2b(crop.tobytes(), digest_size=16, person=str(crop.shape).encode()[:16]).digest()
        if key in self._readings:
            return self._readings[key]
        reading = self.engine.read_multiplier(crop, mask)
        if not not_text(reading):  # only crops the learner keeps: at most `frames` between two lessons
            self._readings[key] = reading
        return reading

    def forget(self) -> None:
        self._readings.clear()


class _LearntTemplates:
    def __init__(self, owner: SelfLearningOCR) -> None:
        self.owner = owner

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        if self.owner.templates is None:
            return Reading("", None, 0.0, ENGINE, 0.0, "no templates learnt yet")
        return self.owner.templates.read_multiplier(crop, mask)
