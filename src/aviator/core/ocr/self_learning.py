"""A reader that teaches itself a new skin while it works: no labelled bootstrap needed.

It starts on the fallback engine and keeps the multiplier crops it sees, in screen order; after
`frames` crops with text it learns templates from them (TemplateLearner), stores them for the
skin and from then on reads by the hybrid method, where the fast path serves almost every read.
"""

from __future__ import annotations

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
        fallback: MultiplierReader | None,
        store: TemplateStore,
        skin: str,
        frames: int = LEARN_FRAMES,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.fallback, self.store, self.skin, self.frames, self.clock = fallback, store, skin, frames, clock
        self.report: LearnReport | None = None
        known = store.load(skin)
        self.templates: TemplateOCR | None = None  # what it has learnt (or found stored)
        self.engine = (
            self._hybrid(known) if known is not None else OCREngine(fallback=fallback, method="fallback")
        )
        self._crops: list[np.ndarray] | None = None if known is not None else []
        self._times: list[float] = []
        self._readings: dict[int, Reading] = {}  # the fallback's reading of each kept crop, by its id

    @property
    def learning(self) -> bool:
        return self._crops is not None

    def learnt_templates(self) -> MultiplierReader:
        """Reads by the learnt templates alone, without feeding the learner (for other regions,
        beside an engine of another kind); rejects every read while nothing is learnt yet."""
        return _LearntTemplates(self)

    def release_fallback(self) -> None:
        """Reads by the learnt templates alone from now on and keeps no reference to the fallback,
        so that its memory can go: a read the templates refuse has no value."""
        if self.templates is None:
            raise RuntimeError(f"skin {self.skin}: nothing learnt yet, the fallback is still needed")
        self.engine, self.fallback = OCREngine(template=self.templates, method="template"), None

    def _hybrid(self, templates: TemplateSet) -> OCREngine:
        self.templates = TemplateOCR(templates)
        return OCREngine(template=self.templates, fallback=self.fallback)

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        reading = self.engine.read_multiplier(crop, mask)
        if self._crops is not None and not not_text(reading):
            self._crops.append(crop.copy())
            self._readings[id(self._crops[-1])] = reading
            if self.clock is not None:
                self._times.append(self.clock())
            if len(self._crops) >= self.frames:
                self._learn(self._crops, self._times if self.clock is not None else None)
        return reading

    def _learn(self, crops: list[np.ndarray], times: list[float] | None) -> None:
        assert self.fallback is not None  # learning, so never released
        # the learner is given the readings made while collecting: reading 200 crops again would
        # stall the worker for seconds on a busy machine
        remembered = _Remembered(self._readings, self.fallback)
        templates, self.report = TemplateLearner(remembered).learn(crops, times)
        log.info("skin %s: %s", self.skin, self.report)
        self._readings = {}
        if self.report.kept < MIN_KEPT or templates.missing():
            self._crops, self._times = [], []  # too little confirmed: read by the fallback, try again
            return
        self.store.save(self.skin, templates)
        self.engine, self._crops = self._hybrid(templates), None


class _Remembered:
    """The fallback's earlier reading of a kept crop, instead of reading it again."""

    def __init__(self, readings: dict[int, Reading], fallback: MultiplierReader) -> None:
        self.readings, self.fallback = readings, fallback

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        known = self.readings.get(id(crop))
        return known if known is not None else self.fallback.read_multiplier(crop, mask)


class _LearntTemplates:
    def __init__(self, owner: SelfLearningOCR) -> None:
        self.owner = owner

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        if self.owner.templates is None:
            return Reading("", None, 0.0, ENGINE, 0.0, "no templates learnt yet")
        return self.owner.templates.read_multiplier(crop, mask)
