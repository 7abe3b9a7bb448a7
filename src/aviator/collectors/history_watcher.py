"""HistoryWatcher: reads the history strip after the worker (re)starts or missed part of the game.

The main process aligns what it shows with the rounds already recorded and recovers the ones
missed while nobody was looking. The strip changes only at a crash, so it is read at a look that
shows betting, loading or a flight: then every crash this worker records later is one the strip
does not show yet, and every crash it recorded before is one the strip shows (its RoundRecorded
went into the same pipe first), so the strip and the recorded rounds meet without a hole or an
overlap.

That holds only if the strip and the look that dates it show the same moment of the game. They are
two grabs, and a busy machine can stop the worker between them for longer than a short flight
lasts: a strip grabbed after the look may already hold the crash of the flight the look saw, which
the worker then records a second time, live. So the strip is grabbed BEFORE the look (a crash after
the strip grab is one the look still shows flying or ended, never one the strip holds), and it
counts only if both grabs fall within two thirds of the shortest time the look's phase can follow
the last crash (a crash stays shown 3 s; betting lasts 6 s or more, loading 1 s or more): then no
crash can lie between the grabs unseen by both. A slower pair is thrown away and taken again at
the next look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from aviator.config.settings import GamePhase, flight_seconds
from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.history import INK_LEVEL, Bubble, read_history
from aviator.core.ocr.screen_reader import GameScreenReader, ScreenState
from aviator.core.ocr.template import STRIP, TemplateOCR

# The game's usual pauses (seconds): the crash stays ~3 s, betting ~6-8 s, loading ~1-2 s.
CRASH_SHOWN, BETTING, LOADING = 3.0, 7.0, 1.5
SHORTEST_BETTING, SHORTEST_LOADING = 6.0, 1.0
SNAPSHOT_SHARE = 2 / 3  # of the shortest time since the last crash: the most the two grabs may lie apart
READABLE = (GamePhase.BETTING, GamePhase.LOADING, GamePhase.PLAYING)
DECIMALS = re.compile(r"[.:]\d\d[xX]?$")  # a bubble's point and two decimals, as read


@dataclass(frozen=True)
class Snapshot:
    """The strip's pixels, grabbed at or after clock time `at`, before the look that dates it."""

    image: np.ndarray
    at: float


@dataclass(frozen=True)
class Strip:
    values: tuple[float | None, ...]  # newest first; None for a bubble that could not be read
    last_crash_at: float  # estimated clock time of the newest bubble's crash


class HistoryWatcher:
    def __init__(self, reader: GameScreenReader, strip_readers: tuple[MultiplierReader, ...]) -> None:
        """A recovered round is stored for good, so each bubble is read by `strip_readers` (say the
        multiplier's templates, the strip's own small font so far and Tesseract) and kept only
        where two agree and none reads another value: at 11 pixels a condensed font's '0' and '9'
        can fool one, rarely two. A single reader (the strip's own font, complete) is trusted alone."""
        self.reader, self.strip_readers = reader, strip_readers
        self.pending = True

    def grab(self, at: float) -> Snapshot | None:
        """While a strip is wanted: its pixels, grabbed before the look (`at`: the clock before).
        A site without a strip (none in its setup) gives none: nothing missed comes back."""
        strip = self.reader.regions.history
        if not self.pending or strip is None:
            return None
        return Snapshot(self.reader.screen.grab(strip), at)

    def look(self, snapshot: Snapshot | None, state: ScreenState) -> Strip | None:
        """The strip of `snapshot`, if the look `state` (stamped once its grabs were done) can date it."""
        if snapshot is None or state.phase not in READABLE:
            return None
        if state.phase is GamePhase.PLAYING and (state.reading is None or not state.reading.ok):
            return None  # the flight's value dates the last crash: wait for a look that reads it
        if state.at - snapshot.at > snapshot_within(state):
            return None  # stopped between the grabs: a crash may lie between them; grab both again
        values = agreed_values(snapshot.image, self.strip_readers)
        if values is None:
            return None  # a reader is still starting: a later look reads the strip (grabbed again)
        self.pending = False
        for reader in self.strip_readers:
            release = getattr(reader, "release", None)  # a reader started for this read ends with it
            if release is not None:
                release()
        return Strip(values, state.at - _since_last_crash(state))


def agreed_values(
    strip: np.ndarray, readers: tuple[MultiplierReader, ...]
) -> tuple[float | None, ...] | None:
    """The strip's values, newest first; None where fewer than two readers read the same value, or
    another reads a different one, or none of the agreeing saw the decimal point: two template sets
    that both cut '4.' as one glyph read 34.99 as '3199x', which the repair of a dropped point would
    make 31.99. A third reader is asked only for the bubbles the first two leave unread; while a
    reader is not ready yet (a Tesseract starting), None: nothing is read now."""
    if not all(_ready(ocr) for ocr in readers[:2]):
        return None
    level = strip_level(readers)
    reads = [read_history(strip, ocr, level) for ocr in readers[:2]]
    values = [_agreed(bubbles, min(2, len(readers))) for bubbles in zip(*reads, strict=True)]
    if len(readers) <= 2 or None not in values:
        return tuple(values)
    if not all(_ready(ocr) for ocr in readers[2:]):
        return None
    more = list(zip(*[read_history(strip, ocr, level) for ocr in readers[2:]], strict=True))
    return tuple(
        value if value is not None else _agreed((*first, *others))
        for value, first, others in zip(values, zip(*reads, strict=True), more, strict=True)
    )


def _ready(reader: MultiplierReader) -> bool:
    """A reader that starts a process (TesseractWhenNeeded) says when it can read."""
    return getattr(reader, "ready", lambda: True)()


def strip_level(readers: tuple[MultiplierReader, ...]) -> float:
    """The ink level every reader's mask is cut at: the strip font's (learnt with it), else the
    default."""
    for reader in readers:
        if isinstance(reader, TemplateOCR) and reader.templates.cutting == STRIP:
            return reader.templates.ink_level
    return INK_LEVEL


def _agreed(bubbles: tuple[Bubble, ...], needed: int = 2) -> float | None:
    read = [bubble for bubble in bubbles if bubble.value is not None]
    if len(read) < needed or len({bubble.value for bubble in read}) != 1:
        return None
    if not any(DECIMALS.search(bubble.text) for bubble in read):
        return None
    return read[0].value


def snapshot_within(state: ScreenState) -> float:
    """Clock seconds the strip grab may precede the end of the look `state` (module docstring)."""
    shortest = CRASH_SHOWN
    if state.phase is not GamePhase.BETTING:
        shortest += SHORTEST_BETTING
    if state.phase is GamePhase.PLAYING:
        shortest += SHORTEST_LOADING + flight_seconds(state.reading.value)
    return SNAPSHOT_SHARE * shortest


def _since_last_crash(state: ScreenState) -> float:
    if state.phase is GamePhase.BETTING:
        return CRASH_SHOWN + BETTING / 2
    if state.phase is GamePhase.LOADING:
        return CRASH_SHOWN + BETTING + LOADING / 2
    return CRASH_SHOWN + BETTING + LOADING + flight_seconds(state.reading.value)
