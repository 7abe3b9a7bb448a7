"""PhaseCollector and RGBCollector records."""

from __future__ import annotations

import numpy as np

from aviator.collectors.phase_collector import PhaseCollector
from aviator.collectors.phase_tracker import PhaseChange
from aviator.collectors.rgb_collector import RGBCollector
from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.communication.clock import ManualClock, iso


class PaintedScreen:
    def __init__(self, image: np.ndarray) -> None:
        self.image = image

    def grab(self, rect: Rect) -> np.ndarray:
        return self.image[rect.top : rect.bottom, rect.left : rect.right].copy()

    def close(self) -> None:
        pass


def test_phase_transition_record() -> None:
    clock = ManualClock()
    record = PhaseCollector("Soccer", clock).collect(PhaseChange(GamePhase.BETTING, GamePhase.LOADING, 42.0))
    assert (record.bookmaker, record.phase, record.at) == ("Soccer", "LOADING", iso(clock.utc(42.0)))


def test_rgb_statistics_of_each_region() -> None:
    image = np.zeros((10, 20, 3), np.uint8)
    image[:, :10] = (200, 100, 0)
    image[:, 10:, 2] = np.tile([0, 100], (10, 5))  # blue alternates 0/100: std 50
    clock = ManualClock(t=3.0)
    regions = {"left": Rect(0, 0, 10, 10), "right": Rect(10, 0, 10, 10)}
    collector = RGBCollector("Soccer", clock, PaintedScreen(image), regions, hz=2.0)
    assert collector.due()
    left, right = collector.collect()
    assert (left.region, left.r_mean, left.g_mean, left.b_mean, left.r_std) == ("left", 200, 100, 0, 0)
    assert (right.b_mean, right.b_std) == (50, 50)
    assert left.at == iso(clock.utc(3.0))
    assert not collector.due()  # the next sample is half a second away
