"""ThresholdCollector: when each configured threshold was crossed in a flight.

A crash at M means the flight passed every threshold up to M, so the crossings are written when
the crash is confirmed (a rejected round leaves none behind). Their times come from the take-off
and the growth curve, which is exact for the game, rather than from when a look happened to land.
What the screen showed as still at stake (players in play, and the money left in the pot: total
bets minus what was cashed out) is taken from the first look at or past each threshold, if that
look came within ON_TIME seconds of flight after it: a later look would tell what was left later.
"""

from __future__ import annotations

from aviator.collectors.phase_tracker import RoundEnd
from aviator.config.settings import DEFAULT_THRESHOLDS, flight_seconds
from aviator.core.communication.clock import Clock, iso
from aviator.data.models import ThresholdCrossing

ON_TIME = 1.0  # seconds of flight after a threshold within which a look tells what was left at it


class ThresholdCollector:
    def __init__(
        self, bookmaker: str, clock: Clock, thresholds: tuple[float, ...] = DEFAULT_THRESHOLDS
    ) -> None:
        self.bookmaker, self.clock = bookmaker, clock
        self.thresholds = tuple(sorted(thresholds))
        self._at_stake: dict[float, tuple[int | None, float | None]] = {}

    def observe(self, multiplier: float, players: int | None = None, money: float | None = None) -> None:
        """A flight look: remember what was at stake when each threshold was first reached."""
        for threshold in self.thresholds:
            if threshold <= multiplier and threshold not in self._at_stake:
                late = flight_seconds(multiplier) - flight_seconds(threshold) > ON_TIME
                self._at_stake[threshold] = (None, None) if late else (players, money)

    def collect(self, end: RoundEnd) -> list[ThresholdCrossing]:
        started = iso(self.clock.utc(end.started_at))
        crossings = [self._crossing(started, end.started_at, t) for t in self.thresholds if t <= end.crash]
        self._at_stake.clear()
        return crossings

    def _crossing(self, started: str, takeoff: float, threshold: float) -> ThresholdCrossing:
        players, money = self._at_stake.get(threshold, (None, None))
        crossed = iso(self.clock.utc(takeoff + flight_seconds(threshold)))
        return ThresholdCrossing(self.bookmaker, started, threshold, crossed, players, money)

    def reset(self) -> None:
        """A new betting cycle: what was noted for an unconfirmed flight is forgotten."""
        self._at_stake.clear()
