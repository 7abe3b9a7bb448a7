"""MainCollector: one Round record per crash the PhaseTracker confirmed."""

from __future__ import annotations

import math

from aviator.collectors.crowd_watcher import NO_CROWD, RoundCrowd
from aviator.collectors.phase_tracker import RoundEnd
from aviator.core.communication.clock import Clock, iso
from aviator.data.models import Round


class MainCollector:
    def __init__(self, bookmaker: str, clock: Clock, server_group: str | None = None) -> None:
        self.bookmaker, self.clock, self.server_group = bookmaker, clock, server_group
        self.rounds = 0

    def collect(self, end: RoundEnd, crowd: RoundCrowd = NO_CROWD) -> Round:
        """The round `end` confirmed, with its players and money as the screen showed them."""
        self.rounds += 1
        loading = None if end.loading_at is None else max(0.0, end.started_at - end.loading_at)
        return Round(
            bookmaker=self.bookmaker,
            final_score=end.crash,
            started_at=iso(self.clock.utc(end.started_at)),
            ended_at=iso(self.clock.utc(end.ended_at)),
            server_group=self.server_group,
            flight_seconds=round(end.ended_at - end.started_at, 3),
            loading_seconds=None if loading is None else round(loading, 3),
            players=crowd.players,
            total_bets=crowd.total_bets,
            cashed_out=crowd.cashed_out,
            ended_within=None if end.ended_within is None else _up(end.ended_within),
            late=end.late,
        )


def _up(seconds: float) -> float:
    """Rounded up to the millisecond the times are stored with (ISO text, truncated to the ms after
    rounding to the µs): a bound never shrinks in storage, whatever the rounding of either end."""
    return math.ceil((seconds + 2e-6) * 1000) / 1000
