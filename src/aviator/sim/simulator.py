"""The simulator process: N bookmakers' games drawn into the shared virtual screen.

It renders a tile only when what the tile shows has changed, logs each round to the truth log in
the same frame that first shows its crash, and stops by itself once every game has played its
allowed rounds. The last frame stays in the frame buffer, like a screen that stopped changing.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from setproctitle import setproctitle

from aviator.core.capture.framebuffer import FrameBufferSpec, SharedFrameBuffer
from aviator.core.communication.clock import ScaledClock
from aviator.core.communication.messages import Start, Stop
from aviator.core.process import die_with_parent
from aviator.sim.engine import GameEngine
from aviator.sim.frames import Change, TileFrames
from aviator.sim.game import SimGame
from aviator.sim.renderer import TileRenderer, rgb_array
from aviator.sim.skins import SKINS
from aviator.sim.table import BetTable
from aviator.sim.truth_log import TruthLog


@dataclass(frozen=True)
class SimBookmaker:
    name: str
    skin: str
    seed: str


@dataclass(frozen=True)
class SimulatorConfig:
    bookmakers: tuple[SimBookmaker, ...]
    screen: FrameBufferSpec
    truth_path: Path
    max_rounds: int | None = None
    run_seconds: float | None = None  # real seconds after which no new round takes off
    fps: float = 30.0


class Simulator:
    """Built before the clock exists (fonts, renderers, the first frames: the slow part), started
    with it. The first frames are on screen before the clock starts: a worker that looks at once
    sees the first betting screen at its time, not a black screen, nor a betting screen seconds
    stale that would date the history strip wrong (its newest bubble would pass for a crash
    played while the collector watched)."""

    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        self.buffer = SharedFrameBuffer.attach(config.screen)
        self.engines = [GameEngine(b.seed, config.max_rounds) for b in config.bookmakers]
        self.renderers = [
            TileRenderer(SKINS[b.skin], rect.width, rect.height)
            for b, rect in zip(config.bookmakers, config.screen.tiles, strict=False)
        ]
        first = [engine.view_at(0.0) for engine in self.engines]
        idle = BetTable(lambda event, **fields: None)  # no bet can exist before the clock starts
        shown = zip(self.renderers, first, strict=False)
        self.frames = [TileFrames(renderer, (view, idle.view(view))) for renderer, view in shown]
        for index in range(len(self.frames)):
            self._write(index)

    def start(self, clock: ScaledClock) -> None:
        self.clock = clock
        last_start = None if self.config.run_seconds is None else self.config.run_seconds * clock.speed
        for engine in self.engines:
            engine.last_start = last_start
        self.truth = TruthLog(self.config.truth_path, clock)
        self.games = [
            SimGame(b.name, e, self.truth) for b, e in zip(self.config.bookmakers, self.engines, strict=True)
        ]

    def draw(self, t: float) -> None:
        """One frame at simulated time `t`: redraw the tiles that changed, then log the crashes
        they show for the first time. Their `shown_at` is the clock read once the frame is whole in
        the buffer: no earlier than the moment a watcher could first grab them."""
        for index, game in enumerate(self.games):
            if self.frames[index].advance(game.advance(t)) is not Change.NONE:
                self._write(index)
            game.shown(self.clock.now())

    def _write(self, index: int) -> None:
        self.buffer.write_tile(index, rgb_array(self.frames[index].image))

    def finished(self, t: float) -> bool:
        return all(engine.finished_at(t) for engine in self.engines)

    def close(self) -> None:
        if hasattr(self, "truth"):
            self.truth.close()
        self.buffer.close()


def simulator_main(
    config: SimulatorConfig, ready: mp.Event, finished: mp.Event, _outbox: object, control: mp.Queue
) -> None:
    """Entry point of the simulator process: sets `ready` once built, draws from Start on.

    Like every managed process it is given a pipe to the hub; it reports through its events.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides when we stop
    setproctitle("aviator: simulator")
    die_with_parent()
    simulator = Simulator(config)
    try:
        ready.set()
        command = control.get()
        if isinstance(command, Start):
            simulator.start(command.clock)
            _loop(simulator, control, 1.0 / config.fps)
            finished.set()
    finally:
        simulator.close()


def _loop(simulator: Simulator, control: mp.Queue, frame: float) -> None:
    next_frame = time.monotonic()
    while True:
        t = simulator.clock.now()
        simulator.draw(t)
        if simulator.finished(t) or _stop_requested(control):
            return
        next_frame += frame
        time.sleep(max(0.0, next_frame - time.monotonic()))  # frame pacing, not a wait for work


def _stop_requested(control: mp.Queue) -> bool:
    return not control.empty() and isinstance(control.get_nowait(), Stop)
