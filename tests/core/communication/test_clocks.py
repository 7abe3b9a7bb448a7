"""The simulator's published clock and its held start."""

from __future__ import annotations

from pathlib import Path

from aviator.core.communication.clock import HeldClock, ScaledClock


def test_a_published_clock_reads_the_same_time_axis(tmp_path: Path) -> None:
    clock = ScaledClock(8.0)
    clock.save(tmp_path / "clock.json")
    copy = ScaledClock.load(tmp_path / "clock.json")
    assert copy.speed == 8.0 and copy.origin_monotonic == clock.origin_monotonic
    assert abs((copy.utc(10.0) - clock.utc(10.0)).total_seconds()) < 0.001  # stored to the millisecond
    assert not (tmp_path / "clock.partial").exists()


def test_a_held_clock_stands_at_zero_until_released() -> None:
    held = HeldClock(4.0)
    assert held.now() == 0.0 and held.running is None
    running = held.release()
    assert held.release() is running and running.speed == 4.0
    assert held.utc(3.0) == running.utc(3.0)  # the truth log's times come from the running clock
