"""BookmakerWorker: one OS process per bookmaker, seeing the game only through pixels.

Loop: grab the newest screen -> read -> PhaseTracker -> MainCollector -> one RoundRecorded
message per crash to the main process. It never queues frames: each look grabs what the screen
shows now. On Stop it takes a few more looks (the screen may still show a crash it has not
confirmed) and leaves.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from setproctitle import setproctitle

from aviator.collectors.main_collector import MainCollector
from aviator.collectors.phase_tracker import PhaseTracker, RoundEnd
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.sources import ScreenSpec, open_screen
from aviator.core.communication.messages import (
    RoundRecorded,
    Start,
    Stop,
    WorkerFailed,
    WorkerReady,
    WorkerStatus,
    WorkerStopped,
)
from aviator.core.ocr.screen_reader import GameScreenReader, ScreenState
from aviator.core.ocr.template import TemplateOCR, TemplateSet
from aviator.sim.clock import Clock

STATUS_EVERY = 0.25  # real seconds between status messages
DRAIN_LOOKS = 5  # looks taken after Stop


@dataclass(frozen=True)
class WorkerConfig:
    bookmaker: str
    regions: GameRegions
    templates: Path
    screen: ScreenSpec
    looks_per_second: float = 10.0


class BookmakerWorker:
    def __init__(self, config: WorkerConfig, reader: GameScreenReader, clock: Clock, hub: mp.Queue) -> None:
        self.config, self.reader, self.clock, self.hub = config, reader, clock, hub
        self.tracker = PhaseTracker()
        self.collector = MainCollector(config.bookmaker, clock)
        self.looks = 0
        self._last_state: ScreenState | None = None
        self._next_status = 0.0

    def look(self) -> None:
        state = self.reader.look(self.clock.now())
        self.looks += 1
        self._last_state = state
        for event in self.tracker.update(state):
            if isinstance(event, RoundEnd):
                self.hub.put(RoundRecorded(self.config.bookmaker, self.collector.collect(event)))
        if time.monotonic() >= self._next_status:
            self.report()

    def report(self) -> None:
        self._next_status = time.monotonic() + STATUS_EVERY
        reading = self._last_state.reading if self._last_state else None
        self.hub.put(
            WorkerStatus(
                self.config.bookmaker,
                self.tracker.phase,
                reading.value if reading else None,
                self.collector.rounds,
                self.looks,
                sum(self.tracker.rejected.values()),
            )
        )

    def run(self, control: mp.Queue) -> str:
        period = 1.0 / self.config.looks_per_second
        next_look = time.monotonic()
        while (command := _poll(control)) is None:
            self.look()
            next_look += period
            time.sleep(max(0.0, next_look - time.monotonic()))  # pacing: looks per second
        for _ in range(DRAIN_LOOKS):
            self.look()
        self.report()
        return command.reason


def _poll(control: mp.Queue) -> Stop | None:
    try:
        command = control.get_nowait()
    except queue.Empty:
        return None
    return command if isinstance(command, Stop) else None


def worker_main(config: WorkerConfig, hub: mp.Queue, control: mp.Queue) -> None:
    """Entry point of a worker process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides when we stop
    setproctitle(f"aviator: worker {config.bookmaker}")
    try:
        screen = open_screen(config.screen)
        ocr = TemplateOCR(TemplateSet.load(config.templates))
        reader = GameScreenReader(screen, config.regions, ocr)
        hub.put(WorkerReady(config.bookmaker, os.getpid()))
        command = control.get()
        if isinstance(command, Start):
            reason = BookmakerWorker(config, reader, command.clock, hub).run(control)
            hub.put(WorkerStopped(config.bookmaker, reason))
        screen.close()
    except Exception:
        hub.put(WorkerFailed(config.bookmaker, traceback.format_exc()))
        raise
