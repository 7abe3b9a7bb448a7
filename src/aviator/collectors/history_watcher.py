"""HistoryWatcher: reads the history strip once after the worker (re)starts.

The main process aligns what it shows with the rounds already recorded and recovers the ones
missed while nobody was looking. The strip changes only at a crash, so it is read at the first
look that shows betting, loading or a flight: before this worker can record a crash of its own,
so the strip and the recorded rounds meet without a hole between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from aviator.config.settings import GamePhase, flight_seconds
from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.glyphs import find_text
from aviator.core.ocr.history import Bubble, read_history
from aviator.core.ocr.screen_reader import GameScreenReader, ScreenState

# The game's usual pauses (seconds): the crash stays ~3 s, betting ~6-8 s, loading ~1-2 s.
CRASH_SHOWN, BETTING, LOADING = 3.0, 7.0, 1.5
READABLE = (GamePhase.BETTING, GamePhase.LOADING, GamePhase.PLAYING)
DECIMALS = re.compile(r"[.:]\d\d[xX]?$")  # a bubble's point and two decimals, as read


@dataclass(frozen=True)
class Strip:
    values: tuple[float | None, ...]  # newest first; None for a bubble that could not be read
    last_crash_at: float  # estimated clock time of the newest bubble's crash


class HistoryWatcher:
    def __init__(self, reader: GameScreenReader, strip_readers: tuple[MultiplierReader, ...]) -> None:
        """A recovered round is stored for good, so each bubble is read by every one of
        `strip_readers` (say the strip's own small font and the multiplier's templates) and kept
        only if all agree: at 11 pixels a condensed font's '0' and '9' can fool one, rarely both."""
        self.reader, self.strip_readers = reader, strip_readers
        self.pending = True

    def look(self, state: ScreenState) -> Strip | None:
        """The strip, at the first readable look after a start; else None."""
        if not self.pending or state.phase not in READABLE:
            return None
        if state.phase is GamePhase.PLAYING and (state.reading is None or not state.reading.ok):
            return None  # the flight's value dates the last crash: wait for a look that reads it
        strip = self.reader.screen.grab(self.reader.regions.history)
        if state.phase is GamePhase.PLAYING and self._crashed_since():
            return None  # the strip may already show this flight's crash, dated as if before it
        self.pending = False
        return Strip(agreed_values(strip, self.strip_readers), state.at - _since_last_crash(state))

    def _crashed_since(self) -> bool:
        """Whether the flight of the look has crashed by now (its value turned red): the strip was
        grabbed after that look, on a loaded machine long after, and a crash in between would be
        recovered from the strip and then recorded again when the crash screen is seen."""
        _, colour = find_text(self.reader.screen.grab(self.reader.regions.multiplier))
        return colour.name == "red"


def agreed_values(strip: np.ndarray, readers: tuple[MultiplierReader, ...]) -> tuple[float | None, ...]:
    """The strip's values, newest first; None where the readers do not all read the same value, or
    where none of them saw the decimal point: two template sets that both cut '4.' as one glyph
    read 34.99 as '3199x', which the repair of a dropped point would make 31.99."""
    reads = [read_history(strip, ocr) for ocr in readers]
    return tuple(_agreed(bubbles) for bubbles in zip(*reads, strict=True))


def _agreed(bubbles: tuple[Bubble, ...]) -> float | None:
    values = {bubble.value for bubble in bubbles}
    if len(values) != 1 or not any(DECIMALS.search(bubble.text) for bubble in bubbles):
        return None
    return values.pop()


def _since_last_crash(state: ScreenState) -> float:
    if state.phase is GamePhase.BETTING:
        return CRASH_SHOWN + BETTING / 2
    if state.phase is GamePhase.LOADING:
        return CRASH_SHOWN + BETTING + LOADING / 2
    return CRASH_SHOWN + BETTING + LOADING + flight_seconds(state.reading.value)
