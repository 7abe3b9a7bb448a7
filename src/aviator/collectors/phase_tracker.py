"""PhaseTracker: from single looks at the screen to round events, with validation.

A crash is recorded only when two consecutive looks read the same red value, at most once per
betting cycle, and never below a value already seen in that flight. Flight values that go down
are rejected and counted. Nothing uncertain becomes a round.

A bookmaker is unreadable while no look has shown a readable game that moved for UNREADABLE_AFTER
seconds: garbage, a popup, another page, a black or frozen screen. Every phase of a live game
changes what it shows well within that time (the longest still one, betting, lasts 6-8 s).

Timing of a crash: `ended_at` is the clock time read after the grab of the first look that showed
the crash value, so it is never before the screen showed the crash (and a screen never shows a
crash before it happens). `ended_within` is how much earlier the crash may have been shown: the
time from the start of the last look that still showed the game before it (flight, loading or
betting) to `ended_at`. So the screen first showed the crash in (ended_at - ended_within, ended_at].
Normally that is one look period plus one look; a worker starved of the CPU (or a screen that
could not be read for a while) makes it long, and a round whose bound exceeds LATE_AFTER is
`late`: stored at the real time it was seen, flagged, never as if seen on time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from aviator.collectors.drop_reasons import CycleEvidence, RejectionDigest
from aviator.config.settings import GamePhase, flight_seconds
from aviator.core.ocr.screen_reader import ScreenState

CONFIRM_READS = 2
GAP_RESET = 3.0  # seconds without a readable look after which a lower flight is a new round
UNREADABLE_AFTER = 15.0  # clock seconds
LATE_AFTER = 1.0  # clock seconds: a crash that may have been shown longer before it was seen is late


@dataclass(frozen=True)
class PhaseChange:
    old: GamePhase
    new: GamePhase
    at: float


@dataclass(frozen=True)
class RoundEnd:
    crash: float
    started_at: float  # estimated take-off, from the first flight value seen and the growth curve
    ended_at: float  # first look that showed the crash (clock read after its grab)
    saw_flight: bool
    loading_at: float | None = None  # when the loading screen of this round appeared, if seen
    ended_within: float | None = None  # the crash was shown in (ended_at - this, ended_at]; None: unknown

    @property
    def late(self) -> bool:
        """Seen long after it may have happened: its time is an upper bound only, flagged."""
        return self.ended_within is None or self.ended_within > LATE_AFTER


@dataclass(frozen=True)
class CrashMissed:
    """A flight that was watched ended without a recorded crash: the worker did not look (starved,
    busy learning) or could not read while the crash was shown. Only the history strip can bring
    that round back. `reason` says why, in the user's words."""

    at: float
    reason: str = field(default="", compare=False)


@dataclass(frozen=True)
class CrashUnwatched:
    """A crash seen before the worker saw its round (a start or a restart during the crash
    screen): not recorded, since its flight may have been any round; the strip brings it back."""

    crash: float
    at: float


TrackerEvent = PhaseChange | RoundEnd | CrashMissed | CrashUnwatched


class PhaseTracker:
    def __init__(self) -> None:
        self.phase = GamePhase.UNKNOWN
        self.rejected: Counter[str] = Counter()
        self._armed = False  # a betting, loading or flight look since the last recorded crash
        self._takeoff: float | None = None
        self._highest = 0.0
        self._pending: tuple[float, float, int] | None = None  # value, first seen, looks
        self._loading_at: float | None = None
        self._readable_at: float | None = None  # clock time of the last readable look
        self._moved: tuple[float, object] | None = None  # when the readable game last changed, and to what
        self._before_crash: float | None = None  # start of the last look that showed the game, not a crash
        self._loaded = False  # a loading screen was seen since the last betting one
        self._evidence = CycleEvidence()  # why this cycle's crash was not recorded, if it is not
        self.digest = RejectionDigest()  # the rejected readings not yet told
        self._told_unwatched = False  # a crash of a round not watched was told (once a cycle)

    def update(self, state: ScreenState) -> list[TrackerEvent]:
        self._moved = self._moved or (state.at, None)
        if state.reading is not None and not state.reading.ok:
            self._reject(state.reading.rejected or "rejected", state.reading.text)
            return []
        if state.phase is GamePhase.UNKNOWN:
            self._reject("unreadable screen", "")
            return []
        events = self._after_gap(state)
        shown = (state.phase, state.reading.value if state.reading else None)
        if shown != self._moved[1]:
            self._moved = (state.at, shown)
        if state.phase is not self.phase:
            events.append(PhaseChange(self.phase, state.phase, state.at))
            self.phase = state.phase
            self._loading_at = state.at if state.phase is GamePhase.LOADING else self._loading_at
        if state.phase is not GamePhase.ENDED:
            self._before_crash = state.shown_after
        handler = {GamePhase.PLAYING: self._flying, GamePhase.ENDED: self._ended}.get(state.phase)
        if handler is None:
            events.extend(self._new_cycle(state.at))
        else:
            events.extend(handler(state))
        return events

    def _reject(self, reason: str, text: str) -> None:
        """Counted, kept to explain a lost round, and told in the next digest."""
        self.rejected[reason] += 1
        self._evidence.reject(reason, text)
        self.digest.add(reason, text)

    @property
    def confirming(self) -> bool:
        """A crash value was read once and waits for the look that agrees with it."""
        return self._pending is not None

    def unreadable(self, now: float) -> bool:
        return self._moved is not None and now - self._moved[0] >= UNREADABLE_AFTER

    def _after_gap(self, state: ScreenState) -> list[TrackerEvent]:
        """After a stretch without a readable look (a popup, a reload), a flight lower than the
        one last seen is a new round: the crash between them was missed, not invented, and comes
        back from the history strip."""
        gap = self._readable_at is not None and state.at - self._readable_at > GAP_RESET
        self._readable_at = state.at
        value = state.reading.value if state.reading else None
        if gap and state.phase is GamePhase.PLAYING and value is not None and value < self._highest:
            return self._new_cycle(state.at)
        return []

    def _new_cycle(self, at: float) -> list[TrackerEvent]:
        """A new betting cycle; says so if the last one took off (its flight or its loading screen
        was seen) and its crash was never recorded."""
        betting = self.phase is GamePhase.BETTING
        took_off = self._takeoff is not None or (betting and self._loaded)
        missed = [CrashMissed(at, self._evidence.reason(self._highest))] if self._armed and took_off else []
        self._armed, self._takeoff, self._highest, self._pending = True, None, 0.0, None
        self._loaded = not betting
        self._evidence.reset()
        self._told_unwatched = False
        if betting:
            self._loading_at = None
        return missed

    def _flying(self, state: ScreenState) -> list[TrackerEvent]:
        value = state.reading.value if state.reading else None
        if value is None:
            return []
        if value < self._highest:
            self._reject("flight value went down", state.reading.text if state.reading else "")
            return []
        if self._takeoff is None:
            self._takeoff = state.at - flight_seconds(value)
        # A flight after a crash read once: that read was not the crash (it is read again, twice).
        self._armed, self._highest, self._pending = True, value, None
        return []

    def _ended(self, state: ScreenState) -> list[TrackerEvent]:
        value = state.reading.value if state.reading else None
        if value is None:
            return []
        if not self._armed:
            return self._unwatched(value, state.at)
        if value < self._highest:
            self._reject("crash below a flight value", state.reading.text if state.reading else "")
            return []
        if self._pending is None or self._pending[0] != value:
            self._pending = (value, state.at, 1)
            self._evidence.crash_read(value)
        else:
            self._pending = (value, self._pending[1], self._pending[2] + 1)
        if self._pending[2] < CONFIRM_READS:
            return []
        return [self._record(*self._pending[:2])]

    def _unwatched(self, crash: float, at: float) -> list[TrackerEvent]:
        """A crash before any look at its round, told once; none after a recorded crash (its
        screen stays up about three seconds)."""
        if self._told_unwatched:
            return []
        self._told_unwatched = True
        return [CrashUnwatched(crash, at)]

    def _record(self, crash: float, first_seen: float) -> RoundEnd:
        saw_flight = self._takeoff is not None
        started = self._takeoff if saw_flight else first_seen - flight_seconds(crash)
        self._armed, self._pending, self._told_unwatched = False, None, True
        self._evidence.reset()
        within = None if self._before_crash is None else first_seen - self._before_crash
        return RoundEnd(crash, started, first_seen, saw_flight, self._loading_at, within)
