"""SkinLearning: what a worker without templates teaches itself from the screen, and the Tesseract
that reads until it has.

Three fonts are learnt, one after the other: the multiplier's (SelfLearningOCR: readings
confirmed on the growth curve), the amounts' under the game (SelfLearningAmounts: readings
confirmed by their region's course) and the history strip's (StripLearner: the bubbles labelled
by the crashes the multiplier's templates read in a row, at the betting window after each).
Tesseract runs in a process of its own (TesseractProcess) and is ended once the multiplier's and
the amounts' fonts are known, so a learnt worker's memory is a template worker's. The strip font
needs no Tesseract (its labels are crashes the templates read), but more rounds: every digit must
have been in a crash recorded.
The strip is read by its own font alone once that knows every character; until then by three
readers, and a bubble is kept where two agree and none reads another value (one reader alone
would store a small '4' read as '8'): the strip font so far, Tesseract (its process while it runs,
else one started for the rare strip read and ended after it), and where those two leave a bubble
unread the multiplier's templates.
Fonts found in the store at start are not learnt again; when the multiplier's and the amounts'
are there, no Tesseract process is started at all.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aviator.core.communication.clock import Clock
from aviator.core.ocr.amount_font import missing_digits
from aviator.core.ocr.amount_learning import STORE_SUFFIX, SelfLearningAmounts
from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.history import PARTIAL_SUFFIX, STRIP_SUFFIX, read_history
from aviator.core.ocr.learner import LearnReport
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.self_learning import SelfLearningOCR
from aviator.core.ocr.strip_learning import StripLearner
from aviator.core.ocr.template import TemplateOCR, TemplateSet, TemplateStore
from aviator.core.ocr.tesseract_process import TesseractProcess, TesseractWhenNeeded
from aviator.core.process import give_back_memory


def needs_tesseract(store: TemplateStore, bookmaker: str, has_strip: bool = True) -> bool:
    """True unless the multiplier's and the amounts' fonts are both in the store, and the strip's
    too on a site with a strip (Tesseract is the strip's second reader until then)."""
    amounts = store.load(f"{bookmaker}{STORE_SUFFIX}")
    if store.load(bookmaker) is None or amounts is None or bool(missing_digits(amounts.chars)):
        return True
    return has_strip and store.load(f"{bookmaker}{STRIP_SUFFIX}") is None


class SkinLearning:
    """The learners of one bookmaker, sharing `tesseract` (None when everything is stored)."""

    def __init__(
        self, store: TemplateStore, bookmaker: str, clock: Clock, tesseract: TesseractProcess | None
    ):
        self.store, self.bookmaker, self.tesseract = store, bookmaker, tesseract
        self.multiplier = SelfLearningOCR(tesseract, store, bookmaker, clock=clock.now)
        # one font at a time: Tesseract's reads of the amounts would slow the looks, and so the
        # multiplier's learning, which decides how soon rounds are read on the fast path
        self.amounts = SelfLearningAmounts(
            tesseract, store, bookmaker, waiting=lambda: self.multiplier.learning
        )
        known = store.load(f"{bookmaker}{STRIP_SUFFIX}")
        self.strip_font: TemplateSet | None = known
        self._strip = StripLearner()
        self._strip_tesseract = TesseractWhenNeeded()  # one, however often the readers change
        self._multiplier_reads_strip = True  # until the multiplier's templates misread a bubble known
        if known is None and (partial := store.load(f"{bookmaker}{PARTIAL_SUFFIX}")) is not None:
            self._strip.seed(partial)  # the digits seen before a restart are not waited for again
        if tesseract is None:
            self.multiplier.release_fallback()
        # what was true at the last news(): a change is news
        self._told = (self.multiplier.learning, self.amounts.learning, self.multiplier.report)
        self._news: list[str] = []

    def news(self) -> list[str]:
        """What changed since the last call, one line each, for the worker's log: a font learnt,
        a learning attempt that confirmed too little, Tesseract ended. Attribute reads only: the
        worker asks at every heartbeat."""
        multiplier, amounts, report = self.multiplier.learning, self.amounts.learning, self.multiplier.report
        if report is not self._told[2] and report is not None:
            self._news.append(_multiplier_news(multiplier, report, self.store.path(self.bookmaker)))
        if amounts != self._told[1] and not amounts:
            where = self.store.path(f"{self.bookmaker}{STORE_SUFFIX}")
            self._news.append(f"the amounts' font learnt ({where}): players and money read by its templates")
        self._told = (multiplier, amounts, report)
        news, self._news = self._news, []
        return news

    def strip_readers(self) -> tuple[MultiplierReader, ...]:
        """The strip's own font alone once it knows every character: learnt from the strip itself,
        its glyphs centred on their ink, it reads a strip as exactly as the multiplier's templates
        read the multiplier (benchmarks/bench_strip_fonts.py: 1,003 bubbles of five web layouts, none
        misread).
        Until then three readers of two kinds, and a bubble is recovered where two agree and none
        reads another value: the strip font so far (a digit it lacks is read as a look-alike:
        never alone), Tesseract (the learning process while it runs, else one started for the
        strip read and ended after it), and, only for the bubbles those two leave unread, the
        multiplier's templates (they fit a strip in the multiplier's font; not asked once they
        misread a bubble whose value was known: a smaller font's look-alikes, '8' read as '3',
        would otherwise stop the other two)."""
        if self.strip_font is not None:
            return (TemplateOCR(self.strip_font),)
        partial = self._strip.partial()
        strip_font: MultiplierReader = _Refuses() if partial is None else TemplateOCR(partial)
        tesseract = self.tesseract if self.tesseract is not None else self._strip_tesseract
        if not self._multiplier_reads_strip:
            return (strip_font, tesseract)
        return (strip_font, tesseract, self.multiplier.learnt_templates())

    def crash_in_strip(self, strip: np.ndarray | None, crashes: tuple[float, ...]) -> bool:
        """The strip after a recorded crash (None on a site without a strip), with the crashes
        recorded in a row up to it, newest first (its bubbles in order); True when the strip's
        readers changed (Tesseract ended, or the strip font learnt)."""
        if self.multiplier.learning:
            return False  # the crash was read by Tesseract: no label for the strip font
        changed = strip is not None and self._learn_strip(strip, crashes)
        # Tesseract stays the strip's second reader until the strip font is learnt: without it, a
        # worker starved for rounds meanwhile could not bring them back from the strip.
        strip_known = strip is None or self.strip_font is not None
        if self.tesseract is not None and not self.amounts.learning and strip_known:
            self._end_tesseract()
            changed = True
        return changed

    def _learn_strip(self, strip: np.ndarray, crashes: tuple[float, ...]) -> bool:
        """True when the strip font grew: learnt, or a partial one with more samples."""
        if self.strip_font is not None or not self._strip.observe(strip, crashes):
            return False
        reads_strip = self._multiplier_reads_strip
        if reads_strip and _misread(self.multiplier.learnt_templates(), strip, crashes[0], self._strip.level):
            # its small text is another font: its look-alikes ('8' as '3') would veto the right reads
            self._multiplier_reads_strip = False
            self._news.append(
                f"the multiplier's templates misread the strip's {crashes[0]:.2f}: not asked there"
            )
        if not self._strip.ready:  # kept over a restart; read only beside readers that must agree
            partial = self._strip.partial()  # None while the bubbles disagree about the 'x'
            if partial is not None:
                self.store.save(f"{self.bookmaker}{PARTIAL_SUFFIX}", partial)
            return True
        self.strip_font = self._strip.templates()
        where = self.store.save(f"{self.bookmaker}{STRIP_SUFFIX}", self.strip_font)
        self.store.path(f"{self.bookmaker}{PARTIAL_SUFFIX}").unlink(missing_ok=True)
        self._news.append(f"the history strip's font learnt ({where}): bubbles read by it alone from now on")
        return True

    def _end_tesseract(self) -> None:
        self.multiplier.release_fallback()
        if self.tesseract is not None:
            self.tesseract.close()
        self.tesseract = None
        give_back_memory()  # the learners' crops and samples are gone: return their pages
        self._news.append("the fonts are learnt: Tesseract ended")


def _misread(reader: MultiplierReader, strip: np.ndarray, crash: float, level: float) -> bool:
    """Whether `reader` reads the strip's newest bubble, known to show `crash`, as another value."""
    bubbles = read_history(strip, reader, level)[:1]
    return any(bubble.value is not None and bubble.value != crash for bubble in bubbles)


def _multiplier_news(learning: bool, report: LearnReport, where: Path) -> str:
    if learning:
        return f"the multiplier's font not learnt yet ({report}): too few confirmed, collecting again"
    return f"the multiplier's font learnt ({report}; {where}): read by its templates (fast path) from now on"


class _Refuses:
    """The strip's own font while it is not learnt: reads nothing."""

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        return Reading("", None, 0.0, "none", 0.0, "the strip font is not learnt yet")
