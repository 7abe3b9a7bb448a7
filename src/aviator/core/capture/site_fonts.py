"""The multiplier's font of each calibrated game, learnt while calibration still watches it.

A worker that starts without its site's font reads by Tesseract until it has learnt it, and a crash
Tesseract misreads then (a red '20.39x' whose 'x' it drops) is a round lost: nothing recorded yet
for the history strip to continue. So calibration, which has found the multiplier's box, goes on
watching each game and teaches a SelfLearningOCR from its flights, exactly as a worker would
(readings confirmed on the growth curve), into the store `aviator run` loads fonts from: every
worker then reads by templates from its first look.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aviator.config.layouts import Rect
from aviator.core.ocr.amount_learning import STORE_SUFFIX
from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.glyphs import find_text
from aviator.core.ocr.history import PARTIAL_SUFFIX, STRIP_SUFFIX
from aviator.core.ocr.learner import LearnReport
from aviator.core.ocr.self_learning import SelfLearningOCR
from aviator.core.ocr.template import TemplateStore

LOOK_PERIOD = 0.15  # seconds between two looks at every game: Tesseract reads each one with text
# every font a worker keeps under a bookmaker's name
FONT_SUFFIXES = ("", STORE_SUFFIX, STRIP_SUFFIX, PARTIAL_SUFFIX)


@dataclass(frozen=True)
class FontToLearn:
    """A calibrated game's name and its multiplier's box on the screen."""

    name: str
    multiplier: Rect


def forget_fonts(store: TemplateStore, names: list[str]) -> None:
    """Removes what the store holds under these names: a name calibration gives now may have been
    another site's before, whose fonts would misread this one."""
    for name in names:
        for suffix in FONT_SUFFIXES:
            store.path(f"{name}{suffix}").unlink(missing_ok=True)


def learn_fonts(
    games: list[FontToLearn],
    store: TemplateStore,
    fallback: MultiplierReader,
    grab: Callable[[Rect], np.ndarray],
    now: Callable[[], float],
    seconds: float,
    wait: Callable[[float], None],
) -> dict[str, LearnReport | None]:
    """Looks at every game's multiplier each LOOK_PERIOD until each one's font is learnt (saved in
    `store`) or `seconds` passed; returns each game's last learning report (None: never tried)."""
    learners = {g.name: SelfLearningOCR(fallback, store, g.name, clock=now) for g in games}
    end = now() + seconds
    while now() < end and any(learner.learning for learner in learners.values()):
        started = now()
        for game in games:
            if learners[game.name].learning:
                _look(learners[game.name], grab(game.multiplier))
        wait(max(0.0, LOOK_PERIOD - (now() - started)))
    return {name: learner.report for name, learner in learners.items()}


def _look(learner: SelfLearningOCR, crop: np.ndarray) -> None:
    """One look, as a worker's reader makes it: text found by its colour, read by the learner."""
    mask, colour = find_text(crop)
    if colour.name != "none":
        learner.read_multiplier(crop, mask)
