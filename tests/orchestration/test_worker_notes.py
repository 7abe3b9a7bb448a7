"""A worker explains what it drops: a round whose crash it saw but could not store, and the
readings it rejected, reach the main process's log at DEBUG (shown with -v), not at the default
level; what its learners learnt reaches it at INFO.

The worker looks at a simulated game (as in test_worker_timestamps) whose crash value is read
without its 'x': every crash reading is rejected, so the round is lost, and it must say why.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aviator.cli import worker_log_level
from aviator.core.capture.sources import DisplaySpec
from aviator.core.communication.clock import ManualClock
from aviator.core.communication.messages import RoundRecorded, WorkerNote
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.screen_reader import GameScreenReader
from aviator.core.ocr.template import TemplateOCR
from aviator.orchestration.bookmaker_worker import BookmakerWorker, WorkerConfig
from aviator.orchestration.collector_app import log_note
from aviator.sim.engine import CRASH_SHOWN_SECONDS, GameEngine
from aviator.sim.renderer import TileRenderer
from tests.orchestration.test_worker_timestamps import (  # noqa: F401 (fixtures)
    REGIONS,
    WATCHED,
    GameScreen,
    Hub,
    first_flight,
    looks_from,
    ocr,
    renderer,
)


class CrashWithoutX:
    """Reads as `ocr` does, but the crash value comes without its 'x' (a region that cuts it off)."""

    def __init__(self, reader: TemplateOCR, crash: float) -> None:
        self.ocr, self.crash = reader, crash

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        reading = self.ocr.read_multiplier(crop, mask)
        if reading.value != self.crash:
            return reading
        return replace(reading, text=reading.text.rstrip("x"), value=None, rejected="no 'x' suffix")


@pytest.fixture(scope="module")
def notes(ocr: TemplateOCR, renderer: TileRenderer) -> list[WorkerNote]:  # noqa: F811
    """The notes of a worker that watched a flight, its unreadable crash and the next betting."""
    engine = GameEngine("timestamps")
    plan = first_flight(engine, WATCHED + 1.0)
    clock, hub = ManualClock(), Hub()
    config = WorkerConfig("Timed", REGIONS, Path("unused.npz"), DisplaySpec())
    reader = GameScreenReader(GameScreen(engine, renderer, clock), REGIONS, CrashWithoutX(ocr, plan.crash))
    worker = BookmakerWorker(config, reader, clock, hub)
    worker.tracker.digest.every = 0.0  # every heartbeat tells the readings rejected since the last
    for start in looks_from(-WATCHED, CRASH_SHOWN_SECONDS + 1.0):  # on to the next round's betting
        clock.t = max(clock.t, plan.crash_time + start)
        worker.look()
    worker.heartbeat(force=True)
    assert not [m for m in hub if isinstance(m, RoundRecorded)]  # nothing stored
    return [m for m in hub if isinstance(m, WorkerNote)]


def logged(notes: list[WorkerNote], caplog: pytest.LogCaptureFixture, verbose: bool) -> str:
    caplog.set_level(worker_log_level(verbose), logger="aviator.worker")
    for note in notes:
        log_note(note)
    return caplog.text


def test_a_lost_round_and_its_rejected_readings_are_logged_with_the_reason_at_verbose(
    notes: list[WorkerNote], caplog: pytest.LogCaptureFixture
) -> None:
    text = logged(notes, caplog, verbose=True)
    assert "Timed: round not recorded after a flight seen up to" in text
    assert "no crash read:" in text and "readings rejected (no 'x' suffix:" in text
    assert "the history strip is read to bring it back" in text
    assert "Timed: history strip read: " in text  # what it showed, '?' where its readers disagreed


def test_the_reasons_are_not_logged_at_the_default_level(
    notes: list[WorkerNote], caplog: pytest.LogCaptureFixture
) -> None:
    assert notes and all(note.level == logging.DEBUG for note in notes)
    assert logged(notes, caplog, verbose=False) == ""


def test_rejected_readings_are_told_in_one_line_per_reason(
    notes: list[WorkerNote], caplog: pytest.LogCaptureFixture
) -> None:
    lines = [line for line in logged(notes, caplog, verbose=True).splitlines() if "rejected" in line]
    told = [line for line in lines if "readings in" in line or "reading in" in line]
    assert told and all("no 'x' suffix (last '" in line for line in told)
    assert "x')" not in "".join(told)  # the text as read: without its x
