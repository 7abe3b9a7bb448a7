"""Injected clocks. Every time the system records comes from one of these."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on this clock's time axis."""
        ...

    def utc(self, seconds: float) -> datetime:
        """The UTC wall time of a point on this clock's time axis."""
        ...


@dataclass(frozen=True)
class ScaledClock:
    """Simulated time running `speed` times faster than real time from a common origin.

    CLOCK_MONOTONIC is system wide on Linux, so a copy of this clock in another process reads
    the same time axis: the simulator and every worker agree on what "now" is.
    """

    speed: float = 1.0
    origin_monotonic: float = field(default_factory=time.monotonic)
    origin_utc: datetime = field(default_factory=lambda: datetime.now(UTC))

    def now(self) -> float:
        return (time.monotonic() - self.origin_monotonic) * self.speed

    def utc(self, seconds: float) -> datetime:
        return self.origin_utc + timedelta(seconds=seconds)

    def real_seconds(self, sim_seconds: float) -> float:
        """How long `sim_seconds` of simulated time take in real time."""
        return sim_seconds / self.speed

    def save(self, path: Path) -> None:
        """Publishes this clock so that other programs on this machine read the same time axis."""
        record = {
            "speed": self.speed,
            "origin_monotonic": self.origin_monotonic,
            "origin_utc": iso(self.origin_utc),
        }
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(record) + "\n", encoding="utf-8")
        partial.replace(path)  # readers see the whole file or none

    @classmethod
    def load(cls, path: Path) -> ScaledClock:
        record = json.loads(path.read_text(encoding="utf-8"))
        origin = datetime.fromisoformat(record["origin_utc"].replace("Z", "+00:00"))
        return cls(float(record["speed"]), float(record["origin_monotonic"]), origin)


@dataclass
class ManualClock:
    """A clock that moves only when told to: for tests."""

    t: float = 0.0
    origin_utc: datetime = datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> float:
        return self.t

    def utc(self, seconds: float) -> datetime:
        return self.origin_utc + timedelta(seconds=seconds)

    def advance(self, seconds: float) -> None:
        self.t += seconds


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds, the one format every record and log uses."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class HeldClock:
    """A clock that stands at 0 until `release`, then runs as a ScaledClock started at that moment.

    The simulated bookmakers can show their first betting screen and wait until the collector
    watches them, so that the truth log holds only rounds the collector could see.
    """

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.running: ScaledClock | None = None

    def release(self) -> ScaledClock:
        if self.running is None:
            self.running = ScaledClock(self.speed)
        return self.running

    def now(self) -> float:
        return self.running.now() if self.running else 0.0

    def utc(self, seconds: float) -> datetime:
        return self.running.utc(seconds) if self.running else datetime.now(UTC)
