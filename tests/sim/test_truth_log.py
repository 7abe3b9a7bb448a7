"""The truth log says when each crash happened and when a watcher could first see it."""

from __future__ import annotations

from pathlib import Path

from aviator.core.communication.clock import ManualClock, iso
from aviator.sim.engine import GameEngine
from aviator.sim.game import SimGame
from aviator.sim.truth_log import TruthLog, read_truth


def test_a_crash_is_logged_once_its_frame_is_shown_with_when_that_was(tmp_path: Path) -> None:
    clock, engine = ManualClock(), GameEngine("truth")
    truth = TruthLog(tmp_path / "truth.jsonl", clock)
    game, crash = SimGame("Admiral", engine, truth), engine.plan(1).crash_time
    game.advance(crash + 1.2)  # a simulator that fell behind draws the crash 1.2 s late
    assert read_truth(tmp_path / "truth.jsonl") == []  # not on screen yet
    game.shown(crash + 1.25)
    game.advance(crash + 1.3)
    game.shown(crash + 1.3)  # the same crash, still on screen: not logged again
    truth.close()
    (logged,) = read_truth(tmp_path / "truth.jsonl")
    assert logged["crashed_at"] == iso(clock.utc(crash))
    assert logged["shown_at"] == iso(clock.utc(crash + 1.25))
