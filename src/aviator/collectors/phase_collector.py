"""PhaseCollector: every phase transition the PhaseTracker saw, with its time."""

from __future__ import annotations

from aviator.collectors.phase_tracker import PhaseChange
from aviator.core.communication.clock import Clock, iso
from aviator.data.models import PhaseTransition


class PhaseCollector:
    def __init__(self, bookmaker: str, clock: Clock) -> None:
        self.bookmaker, self.clock = bookmaker, clock

    def collect(self, change: PhaseChange) -> PhaseTransition:
        return PhaseTransition(self.bookmaker, change.new.value, iso(self.clock.utc(change.at)))
