"""The demo: simulated bookmakers on a shared virtual screen, one worker process each,
rounds into SQLite, and at the end a comparison with the simulator's truth log."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aviator.config.layouts import SCREEN_HEIGHT, SCREEN_WIDTH, layout_for
from aviator.core.capture.regions import GameRegions
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.hub import Hub
from aviator.core.communication.messages import (
    RoundRecorded,
    Start,
    Stop,
    WorkerFailed,
    WorkerReady,
    WorkerStatus,
)
from aviator.core.communication.shared_state import SharedGameState
from aviator.core.ocr.template import learn_labelled
from aviator.data.backends import open_database
from aviator.data.batch_writer import BatchDatabaseWriter
from aviator.data.export import last_round_id
from aviator.data.models import Round
from aviator.orchestration.bookmaker_worker import WorkerConfig, worker_main
from aviator.orchestration.process_manager import ProcessManager
from aviator.sim.clock import ScaledClock
from aviator.sim.framebuffer import SharedFrameBuffer
from aviator.sim.labelled_samples import labelled_crops
from aviator.sim.simulator import SimBookmaker, SimulatorConfig, simulator_main
from aviator.sim.skins import SKINS, skin_for

log = logging.getLogger(__name__)

BOOKMAKERS = ("Admiral", "Mozzart", "BalkanBet", "Soccer", "Meridian", "MaxBet", "Merkur", "BetOle")
READY_TIMEOUT = 60.0
SIMULATOR = "simulator"


@dataclass(frozen=True)
class DemoOptions:
    bookmakers: int = 6
    rounds: int | None = None
    minutes: float | None = None
    speed: float = 1.0
    seed: int = 1
    db: Path = Path("storage/demo.db")
    truth: Path | None = None
    templates: Path = Path("storage/templates")

    @property
    def truth_path(self) -> Path:
        return self.truth or self.db.with_suffix(".truth.jsonl")


class Demo:
    """Owns every part of one demo run; `run` blocks until the run is over."""

    def __init__(self, options: DemoOptions) -> None:
        self.options = options
        names = list(BOOKMAKERS[: options.bookmakers])
        layout = layout_for(len(names))
        tiles = tuple(layout.tile(i) for i in range(len(names)))
        self.sim_bookmakers = tuple(
            SimBookmaker(name, skin_for(i).name, f"{options.seed}:{name}") for i, name in enumerate(names)
        )
        self.buffer = SharedFrameBuffer.create(SCREEN_WIDTH, SCREEN_HEIGHT, tiles)
        self.state = SharedGameState(names)
        self.bus = EventBus()
        self.manager = ProcessManager()
        self.connection = open_database(options.db)
        self.first_round_id = last_round_id(self.connection)  # rows before this run are not ours
        self.rounds = BatchDatabaseWriter(self._insert, "rounds", Round, batch_size=100, interval=1.0)
        self.ready: dict[str, int] = {}  # bookmaker -> worker pid
        self.failures: list[WorkerFailed] = []
        self._all_ready = threading.Event()
        self._subscribe()
        self.hub = Hub(self.manager.hub, self.bus)

    def _insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        self.connection.insert_many(table, columns, rows)

    def _subscribe(self) -> None:
        self.bus.subscribe(RoundRecorded, lambda m: self.rounds.add(m.round))
        self.bus.subscribe(RoundRecorded, self.state.on_round)
        self.bus.subscribe(WorkerStatus, self.state.on_status)
        self.bus.subscribe(WorkerReady, self._on_ready)
        self.bus.subscribe(WorkerFailed, self._on_failure)

    def _worker_config(self, index: int, bookmaker: SimBookmaker) -> WorkerConfig:
        tile = self.buffer.spec.tiles[index]
        template_path = self.options.templates / f"{bookmaker.skin}-{tile.width}x{tile.height}.npz"
        if not template_path.exists():
            learn_labelled(labelled_crops(SKINS[bookmaker.skin], tile.width, tile.height)).save(template_path)
        looks = min(100.0, 10.0 * self.options.speed)
        return WorkerConfig(
            bookmaker.name, GameRegions.for_tile(tile), template_path, self.buffer.spec, looks
        )

    def start(self) -> None:
        for index, bookmaker in enumerate(self.sim_bookmakers):
            self.manager.spawn(
                bookmaker.name, worker_main, self._worker_config(index, bookmaker), self.manager.hub
            )
        self.finished = self.manager.event()
        self.manager.spawn(SIMULATOR, simulator_main, self._simulator_config(), self.finished)
        self._wait_ready()
        clock = ScaledClock(self.options.speed)
        for process in self.manager.processes.values():
            process.send(Start(clock))

    def _simulator_config(self) -> SimulatorConfig:
        minutes = self.options.minutes
        return SimulatorConfig(
            self.sim_bookmakers,
            self.buffer.spec,
            self.options.truth_path,
            max_rounds=self.options.rounds,
            run_seconds=None if minutes is None else minutes * 60,
            fps=30.0 if self.options.speed <= 5 else 60.0,
        )

    def _wait_ready(self) -> None:
        """Sync point: every worker has attached to the screen and loaded its templates."""
        if not self._all_ready.wait(READY_TIMEOUT) or self.failures:
            raise RuntimeError(f"workers failed to start: {self.failures or 'timeout'}")

    def _on_ready(self, message: WorkerReady) -> None:
        self.ready[message.bookmaker] = message.pid
        if len(self.ready) == len(self.sim_bookmakers):
            self._all_ready.set()

    def _on_failure(self, message: WorkerFailed) -> None:
        self.failures.append(message)
        self._all_ready.set()  # wake the start-up wait: it reports the failure

    def wait_finished(self, tick: Callable[[], None]) -> bool:
        """Blocks until the simulator has played every allowed round, calling `tick` meanwhile.

        False when a worker failed first.
        """
        while not self.finished.wait(0.25):
            tick()
            if self.failures:
                return False
        return True

    def stop(self) -> None:
        """Stops the simulator first (the screen freezes), then the workers, then the writer."""
        self.manager.processes[SIMULATOR].send(Stop("demo over"))
        self.manager.join(SIMULATOR, timeout=10)
        for name, process in self.manager.processes.items():
            if name != SIMULATOR:
                process.send(Stop("demo over"))
        for name in list(self.manager.processes):
            if name != SIMULATOR:
                self.manager.join(name, timeout=10)
        self.hub.close()
        self.rounds.close()

    def close(self) -> None:
        self.connection.close()
        self.buffer.close()
