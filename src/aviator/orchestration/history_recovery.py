"""Recovery of rounds missed while a worker was down, from the game's history strip.

The strip shows the last rounds, newest first. The rounds recorded for the bookmaker must end
somewhere inside it; whatever the strip shows after that point was missed and is recorded now,
flagged as backfilled, with times estimated from the growth curve and the game's usual pauses.
Alignment is by sequence, never by value alone: at least MIN_OVERLAP consecutive values (or all
that were recorded, if fewer) must agree. A busy machine can delay the strip's read past rounds the
worker then recorded live: the worker says how many (HistorySeen.recorded_since), they must be the
strip's newest bubbles, and the gap is looked for before them.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aviator.config.settings import flight_seconds
from aviator.core.communication.clock import Clock, iso
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import HistorySeen, RoundRecorded
from aviator.data.models import Round
from aviator.orchestration.health_monitor import Alert, Lifecycle, WorkerStateChanged


@dataclass(frozen=True)
class RoundsUnread:
    """Rounds the strip showed missed but could not read: known lost (beside the alert saying so)."""

    bookmaker: str
    count: int


MIN_OVERLAP = 3
KEEP = 60  # recorded values kept per bookmaker: more than any strip shows
READ_AGAIN = 3  # reads of a strip whose gap has unread bubbles before what was read is kept
# Seconds between a crash and the next take-off (crash shown ~3 s, betting 6-8 s, loading 1-2 s).
BETWEEN_FLIGHTS = 12.5
# Clock seconds after its start before which a crash counts as played before we watched: the first
# round cannot crash before its betting window (6-8 s) is over; estimates err by a few seconds.
SINCE_START = 5.0

MEDIAN_CRASH = 1.94  # half the rounds crash below it (P(M >= x) = 0.97 / x)

Missing = list[float | None]


def align(recorded: Sequence[float], strip: Sequence[float | None]) -> Missing | None:
    """The strip's rounds after the recorded ones, oldest first; None when they do not align.

    `strip` is newest first. An unreadable bubble (None) neither agrees nor disagrees. Among the
    places where the recorded tail agrees with the strip, the one with the most agreeing values
    wins, the most recent on a tie: so a repeated pattern can make us miss rounds, never invent.
    """
    chronological = list(reversed(strip))
    needed = min(MIN_OVERLAP, len(recorded))
    if needed == 0:
        return None
    best: tuple[int, int] | None = None  # (agreeing values, end position)
    for end in range(len(chronological)):
        agreed = _agreement(recorded, chronological, end)
        if agreed >= needed and (best is None or agreed >= best[0]):
            best = (agreed, end)
    return None if best is None else chronological[best[1] + 1 :]


def align_before(
    recorded: Sequence[float], strip: Sequence[float | None], recorded_since: int
) -> Missing | None:
    """The gap when the strip was read after `recorded_since` more rounds were recorded live: those
    are the strip's newest bubbles (an unread one agrees with anything), and the rounds recorded
    before them align with the rest of the strip; None otherwise."""
    if recorded_since <= 0 or recorded_since >= len(recorded) or recorded_since > len(strip):
        return None
    live = list(reversed(recorded))[:recorded_since]  # newest first, as the strip
    if any(shown is not None and shown != value for shown, value in zip(strip, live, strict=False)):
        return None
    return align(list(recorded)[:-recorded_since], strip[recorded_since:])


def _agreement(recorded: Sequence[float], chronological: Sequence[float | None], end: int) -> int:
    """How many values, backwards from `end`, equal the recorded tail, up to the first that differs."""
    agreed = 0
    for back in range(min(len(recorded), end + 1)):
        shown = chronological[end - back]
        if shown is None:
            continue
        if shown != recorded[-1 - back]:
            break
        agreed += 1
    return agreed


class HistoryRecovery:
    def __init__(
        self,
        bus: EventBus,
        clock: Callable[[], Clock | None],
        server_groups: dict[str, str],
        ask_again: Callable[[str], None] | None = None,
    ) -> None:
        """`ask_again(bookmaker)` has that worker read its strip again (None: never asked)."""
        self.bus, self.clock, self.server_groups, self.ask_again = bus, clock, server_groups, ask_again
        self._retries: dict[str, int] = {}  # strips read again for the current gap, per bookmaker
        self._partial: dict[str, tuple[HistorySeen, Missing, int]] = {}  # the last read of that gap
        self.recorded: dict[str, deque[float]] = {}
        self.restarted: set[str] = set()  # bookmakers whose worker was started again in this run
        self._told: dict[str, tuple[float | None, ...]] = {}  # the last strip found not to continue
        self.recovered = 0
        bus.subscribe(RoundRecorded, self._on_round, priority=20)  # before the strip that follows it
        bus.subscribe(HistorySeen, self._on_history)
        bus.subscribe(WorkerStateChanged, self._on_lifecycle)

    def _on_lifecycle(self, change: WorkerStateChanged) -> None:
        if change.state is Lifecycle.RESTARTING:
            self.restarted.add(change.bookmaker)

    def remember(self, bookmaker: str, values: Sequence[float]) -> None:
        """Rounds recorded before this run (oldest first), for an application restart."""
        self.recorded[bookmaker] = deque(values, maxlen=KEEP)

    def _on_round(self, message: RoundRecorded) -> None:
        self.recorded.setdefault(message.bookmaker, deque(maxlen=KEEP)).append(message.round.final_score)

    def _on_history(self, seen: HistorySeen) -> None:
        recorded = self.recorded.get(seen.bookmaker, deque())
        if not recorded:
            self._baseline(seen)
            return
        missing, skip = align(recorded, seen.values), 0
        if missing is None:
            missing, skip = align_before(recorded, seen.values, seen.recorded_since), seen.recorded_since
        if missing is None:
            if not self._keep_partial(seen.bookmaker):
                self._misaligned(seen, recorded)
            return
        if None in missing and self._read_again(seen, missing, skip):
            return  # its worker reads the strip again: the gap is still on it
        self._partial.pop(seen.bookmaker, None)
        self._keep(seen, missing, skip)

    def _keep(self, seen: HistorySeen, missing: Missing, skip: int = 0) -> None:
        self._retries.pop(seen.bookmaker, None)
        if None in missing:
            self.bus.publish(Alert(seen.bookmaker, f"{missing.count(None)} missed rounds could not be read"))
            self.bus.publish(RoundsUnread(seen.bookmaker, missing.count(None)))
        self._backfill(seen, missing, skip)

    def _read_again(self, seen: HistorySeen, missing: Missing, skip: int) -> bool:
        """Asks the worker to read its strip again, at most READ_AGAIN times for one gap; what this
        read found is kept meanwhile, in case the next read no longer aligns."""
        tries = self._retries.get(seen.bookmaker, 0)
        if self.ask_again is None or tries >= READ_AGAIN:
            return False
        self._retries[seen.bookmaker] = tries + 1
        self._partial[seen.bookmaker] = (seen, missing, skip)
        self.ask_again(seen.bookmaker)
        return True

    def _keep_partial(self, bookmaker: str) -> bool:
        """A strip read again that no longer aligns (a round was recorded between the reads): the
        earlier read's gap is kept, its unread bubbles said. False if there was none."""
        earlier = self._partial.pop(bookmaker, None)
        if earlier is None:
            return False
        self._keep(*earlier)
        return True

    def _misaligned(self, seen: HistorySeen, recorded: deque[float]) -> None:
        """Says so, once per strip shown: a worker reads the strip again after every gap."""
        if self._told.get(seen.bookmaker) == seen.values:
            return
        self._told[seen.bookmaker] = seen.values
        shown = " ".join("?" if v is None else f"{v:.2f}" for v in seen.values)
        tail = " ".join(f"{v:.2f}" for v in list(recorded)[-5:])
        message = f"the history strip ({shown}) does not continue the recorded rounds (… {tail})"
        self.bus.publish(Alert(seen.bookmaker, message))

    def _baseline(self, seen: HistorySeen) -> None:
        """Nothing recorded yet. The first worker of a bookmaker has watched since the clock
        started, so its first strip shows only rounds played before we looked: they are not
        recorded, but they are where the next strip must continue from. A worker started again
        before anything was recorded may follow one that died before its first crash: bubbles
        whose crash, estimated back from the newest one, falls well after the clock started were
        played while we watched, and are recovered. (Only then are the estimates trusted: a screen
        that lags the clock, as a starved simulator's does, makes a round played before the start
        look like one played after it.)"""
        known = list(itertools.takewhile(lambda value: value is not None, seen.values))
        ours = []
        if seen.bookmaker in self.restarted:
            ended = _crash_times(seen.last_crash_at, known)
            ours = [value for value, at in zip(known, ended, strict=True) if at > SINCE_START]
        if known:
            self.recorded[seen.bookmaker] = deque(reversed(known[len(ours) :]), maxlen=KEEP)
        self._backfill(seen, list(reversed(ours)))

    def _backfill(self, seen: HistorySeen, values: Missing, skip: int = 0) -> None:
        """Records `values` (oldest first) as backfilled, the newest ending at the strip's estimate
        (or, after `skip` newer rounds recorded live, before theirs); an unread one (None) is not
        recorded, but still counts in the times of those before it."""
        clock = self.clock()
        if clock is None or not values:
            return
        newest_first = list(reversed(values))
        ends = _crash_times(seen.last_crash_at, [*seen.values[:skip], *newest_first])[skip:]
        rounds = [
            self._round(seen.bookmaker, value, ended - flight_seconds(value), ended, clock)
            for value, ended in zip(newest_first, ends, strict=True)
            if value is not None
        ]
        for round_ in reversed(rounds):
            self.recovered += 1
            self.bus.publish(RoundRecorded(seen.bookmaker, round_))
        if skip and rounds:
            self._put_before_newest(seen.bookmaker, len(rounds), skip)

    def _put_before_newest(self, bookmaker: str, count: int, skip: int) -> None:
        """The `count` rounds just backfilled (appended last) go before the `skip` recorded live
        after them, as the strip shows them: the next strip aligns with that order."""
        values = list(self.recorded[bookmaker])
        before, live, backfilled = values[: -count - skip], values[-count - skip : -count], values[-count:]
        self.recorded[bookmaker] = deque([*before, *backfilled, *live], maxlen=KEEP)

    def _round(self, bookmaker: str, value: float, started: float, ended: float, clock: Clock) -> Round:
        return Round(
            bookmaker=bookmaker,
            final_score=value,
            started_at=iso(clock.utc(started)),
            ended_at=iso(clock.utc(ended)),
            server_group=self.server_groups.get(bookmaker),
            flight_seconds=round(ended - started, 3),
            backfilled=True,
            late=True,  # an estimate from the strip, not a time the crash was seen at: no bound
        )


def _crash_times(newest: float, values_newest_first: Sequence[float | None]) -> list[float]:
    """Estimated crash times of strip values, newest first, walking back from the newest's (an
    unread value's flight taken as the median crash's)."""
    times, ended = [], newest
    for value in values_newest_first:
        times.append(ended)
        ended = ended - flight_seconds(MEDIAN_CRASH if value is None else value) - BETWEEN_FLIGHTS
    return times
