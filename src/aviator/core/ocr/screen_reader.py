"""One look at a bookmaker's game: grab the regions, read the multiplier, decide the phase."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aviator.config.settings import GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.screen import ScreenSource
from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.glyphs import find_text
from aviator.core.ocr.phase import has_progress_bar
from aviator.core.ocr.reading import Reading

DARK_LEVEL = 30  # mean brightness under which the game area counts as the loading screen


@dataclass(frozen=True)
class ScreenState:
    """What one look at the screen said: what it showed somewhere between clock times `since`
    (read before the grab) and `at` (read after it). A crash the look shows was drawn before `at`,
    so `at` is never before it; a state the look shows was still on screen after `since`."""

    phase: GamePhase
    reading: Reading | None
    at: float
    since: float | None = None  # None: the look took no time (`at`)

    @property
    def shown_after(self) -> float:
        """The earliest clock time at which the screen still showed this state."""
        return self.at if self.since is None else self.since


class GameScreenReader:
    def __init__(self, screen: ScreenSource, regions: GameRegions, ocr: MultiplierReader) -> None:
        self.screen, self.regions, self.ocr = screen, regions, ocr
        self._last_crop: np.ndarray | None = None
        self._last: tuple[GamePhase, Reading | None] | None = None

    def look(self, now: Callable[[], float]) -> ScreenState:
        """One look, timed by the clock `now` read before and after the grabs: a frame drawn
        while the clock is read and the screen grabbed must not be stamped before it was drawn."""
        since = now()
        phase, reading = self._phase_and_reading()
        return ScreenState(phase, reading, now(), since)

    def _phase_and_reading(self) -> tuple[GamePhase, Reading | None]:
        crop = self.screen.grab(self.regions.multiplier)
        if self._last is not None and np.array_equal(crop, self._last_crop):
            phase, reading = self._last  # nothing moved in the multiplier: same answer
            if phase in (GamePhase.PLAYING, GamePhase.ENDED):
                return phase, reading
        phase, reading = self._read(crop)
        self._last_crop, self._last = crop, (phase, reading)
        return phase, reading

    def _read(self, crop: np.ndarray) -> tuple[GamePhase, Reading | None]:
        if self._betting_open():
            return GamePhase.BETTING, None
        mask, colour = find_text(crop)
        if colour.name == "none":
            return self._empty_phase(), None
        reading = self.ocr.read_multiplier(crop, mask)
        return (GamePhase.ENDED if colour.name == "red" else GamePhase.PLAYING), reading

    def _betting_open(self) -> bool:
        bar = self.regions.progress_bar
        return bar is not None and has_progress_bar(self.screen.grab(bar))

    def _empty_phase(self) -> GamePhase:
        area = self.screen.grab(self.regions.game_area)
        return GamePhase.LOADING if area.mean() < DARK_LEVEL else GamePhase.UNKNOWN
