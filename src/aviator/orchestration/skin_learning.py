"""SkinLearning: what a worker without templates teaches itself from the screen, and the Tesseract
that reads until it has.

Three fonts are learnt: the multiplier's (SelfLearningOCR: readings confirmed on the growth
curve), the amounts' under the game (SelfLearningAmounts: readings confirmed by their region's
course) and the history strip's (StripLearner: the newest bubble labelled by the crash the
multiplier's templates read, at the betting window after it). Tesseract runs in a process of its
own (TesseractProcess) and is ended once all three are known, so a learnt worker's memory is a
template worker's. After that the strip is read by the multiplier's templates and the strip
font's, which must agree, as for a worker given both template files.
Fonts found in the store at start are not learnt again; when all three are there, no Tesseract
process is started at all.
"""

from __future__ import annotations

import logging

import numpy as np

from aviator.core.communication.clock import Clock
from aviator.core.ocr.amount_font import missing_digits
from aviator.core.ocr.amount_learning import STORE_SUFFIX, SelfLearningAmounts
from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.history import StripLearner
from aviator.core.ocr.self_learning import SelfLearningOCR
from aviator.core.ocr.template import TemplateOCR, TemplateSet, TemplateStore
from aviator.core.ocr.tesseract_process import TesseractProcess

log = logging.getLogger(__name__)
STRIP_SUFFIX = "-strip"


def needs_tesseract(store: TemplateStore, bookmaker: str) -> bool:
    """True unless the multiplier's, the amounts' and the strip's fonts are all in the store."""
    amounts = store.load(f"{bookmaker}{STORE_SUFFIX}")
    known = (store.load(bookmaker), store.load(f"{bookmaker}{STRIP_SUFFIX}"))
    return any(t is None for t in known) or amounts is None or bool(missing_digits(amounts.chars))


class SkinLearning:
    """The learners of one bookmaker, sharing `tesseract` (None when everything is stored)."""

    def __init__(
        self, store: TemplateStore, bookmaker: str, clock: Clock, tesseract: TesseractProcess | None
    ):
        self.store, self.bookmaker, self.tesseract = store, bookmaker, tesseract
        self.multiplier = SelfLearningOCR(tesseract, store, bookmaker, clock=clock.now)
        self.amounts = SelfLearningAmounts(tesseract, store, bookmaker)
        known = store.load(f"{bookmaker}{STRIP_SUFFIX}")
        self.strip_font: TemplateSet | None = known
        self._strip = StripLearner()
        if tesseract is None:
            self.multiplier.release_fallback()

    def strip_readers(self) -> tuple[MultiplierReader, ...]:
        """Two readers of different kinds, both needed to recover a bubble: Tesseract while it runs,
        the strip font's templates after."""
        second = self.tesseract if self.tesseract is not None else TemplateOCR(self.strip_font)  # type: ignore[arg-type]
        return (self.multiplier.learnt_templates(), second)

    def crash_in_strip(self, strip: np.ndarray, crash: float) -> bool:
        """The strip after a recorded crash (its newest bubble shows it); True when this ended the
        learning and the strip readers changed."""
        if self.tesseract is None:
            return False
        if self.strip_font is None and not self.multiplier.learning:  # the crash was read by templates
            self._strip.observe(strip, crash)
            if self._strip.ready:
                self.strip_font = self._strip.templates()
                self.store.save(f"{self.bookmaker}{STRIP_SUFFIX}", self.strip_font)
        if self.multiplier.learning or self.amounts.learning or self.strip_font is None:
            return False
        self.multiplier.release_fallback()
        self.tesseract.close()
        self.tesseract = None
        log.info("%s: every font learnt, Tesseract ended", self.bookmaker)
        return True
