"""MainCollector: one Round record per crash the PhaseTracker confirmed."""

from __future__ import annotations

from aviator.collectors.phase_tracker import RoundEnd
from aviator.data.models import Round
from aviator.sim.clock import Clock, iso


class MainCollector:
    def __init__(self, bookmaker: str, clock: Clock) -> None:
        self.bookmaker, self.clock = bookmaker, clock
        self.rounds = 0

    def collect(self, end: RoundEnd) -> Round:
        self.rounds += 1
        return Round(
            bookmaker=self.bookmaker,
            final_score=end.crash,
            started_at=iso(self.clock.utc(end.started_at)),
            ended_at=iso(self.clock.utc(end.ended_at)),
        )
