"""HistoryWatcher: reads the history strip once after the worker (re)starts.

The main process aligns what it shows with the rounds already recorded and recovers the ones
missed while nobody was looking. The strip is read during betting, when it is complete (the last
crash is in it) and still (nothing changes it until the next crash).
"""

from __future__ import annotations

from aviator.config.settings import GamePhase
from aviator.core.ocr.history import read_history
from aviator.core.ocr.screen_reader import GameScreenReader, ScreenState


class HistoryWatcher:
    def __init__(self, reader: GameScreenReader) -> None:
        self.reader = reader
        self.pending = True  # read at the first betting look after a start

    def look(self, state: ScreenState) -> tuple[float | None, ...] | None:
        """The strip's values, newest first, when it is time to read them; else None."""
        if not self.pending or state.phase is not GamePhase.BETTING:
            return None
        self.pending = False
        strip = self.reader.screen.grab(self.reader.regions.history)
        return tuple(bubble.value for bubble in read_history(strip, self.reader.ocr))
