"""What the window hosts: a collector (the demo's with its simulator, or a setup file's), run on a
thread of its own so that the UI thread never waits for workers, processes or the database.

That thread lives as long as the collector: its processes are started with PR_SET_PDEATHSIG,
which the kernel fires when the *thread* that started them ends, not only the process.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from aviator.config.collector_settings import CollectorSettings
from aviator.config.layouts import Rect
from aviator.config.settings import LEARNED_TEMPLATES
from aviator.config.setup import BookmakerEntry, GameSize, Setup, region_boxes
from aviator.core.communication.clock import ScaledClock
from aviator.orchestration.betting_desk import STATE_FILE
from aviator.orchestration.collector_app import CollectorApp
from aviator.orchestration.demo import SERVER_GROUPS, Demo, DemoOptions
from aviator.orchestration.setup_workers import with_betting, worker_configs


class Host(Protocol):
    """What the window needs of a collector it hosts."""

    app: CollectorApp
    error: str | None
    started: threading.Event
    db: str | Path  # where its rounds are recorded
    setup: Setup | None  # its bookmakers' places and regions, for the Setup tab
    setup_path: Path | None  # where the Setup tab saves them

    def screen(self) -> Callable[[Rect], np.ndarray]:
        """A grab of a rectangle of the screen its workers read (on the calling thread)."""
        ...

    def screen_size(self) -> tuple[int, int]: ...

    def start(self, done: Callable[[], None] = ...) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class CollectorThread(ABC):
    """The thread a hosted collector lives on: it starts the collector, waits to be asked to stop,
    then stops it; subclasses say how (`_start_collector`, `_stop_collector`)."""

    def __init__(self) -> None:
        self.error: str | None = None
        self.started = threading.Event()  # the workers look (or the start failed: see `error`)
        self._stop_asked, self._stopped = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def _start_collector(self) -> None:
        """Starts the processes; returns once every worker looks."""

    @abstractmethod
    def _stop_collector(self) -> None:
        """Stops them as Ctrl-C does: every record written."""

    def start(self, done: Callable[[], None] = lambda: None) -> None:
        """Starts the collector in the background; `done` is called once its workers look."""
        self._thread = threading.Thread(target=self._run, args=(done,), name="gui-collector", daemon=True)
        self._thread.start()

    def _run(self, done: Callable[[], None]) -> None:
        try:
            self._start_collector()
        except Exception as error:  # shown in the window: the workers could not start
            self.error = f"{type(error).__name__}: {error}"
        self.started.set()
        done()
        self._stop_asked.wait()
        try:
            self._stop_collector()
        finally:
            self._stopped.set()

    def stop(self) -> None:
        """As Ctrl-C: the workers' last looks, then every record written. Blocks until done: call
        it off the UI thread."""
        if self._thread is None:
            return  # never started
        self._stop_asked.set()
        self._stopped.wait()


class DemoHost(CollectorThread):
    """The demo's simulated bookmakers and their collector, for `aviator gui --demo`."""

    def __init__(self, options: DemoOptions) -> None:
        super().__init__()
        self.options = options
        self.demo = Demo(options)
        self.app: CollectorApp = self.demo.app
        self.db, self.setup_path = options.db, None
        self.setup: Setup | None = demo_setup(self.demo)

    def _start_collector(self) -> None:
        self.demo.start()

    def _stop_collector(self) -> None:
        self.demo.stop()  # the simulator first: the screen freezes, then the workers and writers

    def screen(self) -> Callable[[Rect], np.ndarray]:
        return self.demo.buffer.grab

    def screen_size(self) -> tuple[int, int]:
        return self.demo.buffer.spec.width, self.demo.buffer.spec.height

    def close(self) -> None:
        self.demo.close()


def demo_setup(demo: Demo) -> Setup:
    """The demo's games as a setup file would place them: for the Setup tab's editor and crops."""
    entries = [
        BookmakerEntry(
            name=bookmaker.name,
            offset=(tile.left, tile.top),
            game=GameSize(width=tile.width, height=tile.height),
            regions=region_boxes(tile.width, tile.height),
            group=SERVER_GROUPS.get(bookmaker.name),
        )
        for bookmaker, tile in zip(demo.sim_bookmakers, demo.buffer.spec.tiles, strict=True)
    ]
    options = demo.options
    learned = options.self_learn or LEARNED_TEMPLATES
    return Setup(
        bookmakers=entries, settings=CollectorSettings(database=str(options.db), learned_templates=learned)
    )


@dataclass(frozen=True)
class SetupRun:
    """A setup file's collector, as `aviator run` would start it."""

    setup: Setup
    db: str | Path
    speed: float = 1.0
    mode: str | None = None  # betting: None, paper or live (as `betting_mode` allowed it)
    betting_state: Path = STATE_FILE
    learned: Path | None = None  # None: the setup's settings say where learnt fonts are kept
    clock: Callable[[], ScaledClock] = ScaledClock  # the games' time axis (a simulator's, for tests)
    path: Path | None = None  # the setup file, where the Setup tab saves
    node: str | None = None  # --node: this machine's name in its records (else the setup's, the host's)
    ready: Callable[[], None] = lambda: None  # told once every worker looks, before the games' clock


class SetupHost(CollectorThread):
    """The bookmakers of a setup file on the real display, for `aviator gui --config`."""

    def __init__(self, run: SetupRun) -> None:
        super().__init__()
        self.run = run
        self.db, self.setup, self.setup_path = run.db, run.setup, run.path
        names = [entry.name for entry in run.setup.bookmakers]
        self.app: CollectorApp = CollectorApp(run.db, names, node=run.node or run.setup.node)
        configs = worker_configs(run.setup, run.speed, run.learned)
        self.configs = with_betting(self.app, run.setup, run.mode, configs, run.betting_state)

    def _start_collector(self) -> None:
        self.app.continue_recorded()  # rounds played while nobody watched come back from the strips
        for config in self.configs:
            self.app.add_worker(config)
        if self.app.wait_until_ready():
            self.run.ready()  # a simulator's games may be started now: nothing of theirs is missed
        self.app.start(self.run.clock())  # raises if a worker could not start

    def _stop_collector(self) -> None:
        try:
            self.app.stop_workers("control panel closed")
        finally:
            self.app.drain()  # every record the workers sent is written

    def screen(self) -> Callable[[Rect], np.ndarray]:
        from aviator.core.capture.mss_screen import MssScreen

        return MssScreen(self.run.setup.display).grab

    def screen_size(self) -> tuple[int, int]:
        from aviator.core.capture.mss_screen import MssScreen

        screen = MssScreen(self.run.setup.display)
        try:
            return screen.size()
        finally:
            screen.close()

    def close(self) -> None:
        self.app.close()
