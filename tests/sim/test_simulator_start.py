"""The simulator's first frames are on screen before its clock starts."""

from __future__ import annotations

from pathlib import Path

from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.capture.framebuffer import SharedFrameBuffer
from aviator.core.capture.regions import GameRegions
from aviator.core.ocr.phase import has_progress_bar
from aviator.sim.simulator import SimBookmaker, Simulator, SimulatorConfig

TILE = Rect(0, 0, 640, 540)


def test_the_first_betting_screen_is_drawn_before_the_clock_starts(tmp_path: Path) -> None:
    """A worker's first look (at clock 0) must not see a black screen, nor later a betting screen
    drawn late: the history strip would be dated by it and a round played before the start
    recovered as if it were watched."""
    buffer = SharedFrameBuffer.create(TILE.width, TILE.height, (TILE,))
    try:
        config = SimulatorConfig(
            (SimBookmaker("Admiral", "redhat", "seed"),), buffer.spec, tmp_path / "t.jsonl"
        )
        simulator = Simulator(config)  # built, not started: no clock exists yet
        regions = GameRegions.for_tile(TILE)
        assert buffer.tile_sequence(0) == 2  # one whole frame written
        assert has_progress_bar(buffer.grab(regions.progress_bar))  # betting, progress bar full
        assert simulator.engines[0].view_at(0.0).phase is GamePhase.BETTING
        simulator.close()
    finally:
        buffer.close()
