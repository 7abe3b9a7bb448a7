"""A fleet of bookmaker workers: one process each, their hub, their shared state, the rounds writer.

The real collector (`aviator run`) is exactly this fleet reading the display; the demo runs the
same workers on the simulated shared screen.
"""

from __future__ import annotations

import threading
from pathlib import Path

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
from aviator.data.backends import open_database
from aviator.data.batch_writer import BatchDatabaseWriter
from aviator.data.export import last_round_id
from aviator.data.models import Round
from aviator.orchestration.bookmaker_worker import WorkerConfig, worker_main
from aviator.orchestration.process_manager import ProcessManager
from aviator.sim.clock import Clock

READY_TIMEOUT = 60.0
JOIN_TIMEOUT = 10.0


class WorkerFleet:
    def __init__(self, configs: list[WorkerConfig], db: str | Path) -> None:
        self.configs = configs
        self.state = SharedGameState([c.bookmaker for c in configs])
        self.bus = EventBus()
        self.manager = ProcessManager()
        self.connection = open_database(db)
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

    def launch(self) -> None:
        """Spawns every worker and waits until each has opened its screen and loaded its templates."""
        for config in self.configs:
            self.manager.spawn(config.bookmaker, worker_main, config, self.manager.hub)
        if not self._all_ready.wait(READY_TIMEOUT) or self.failures:
            raise RuntimeError(f"workers failed to start: {self.failures or 'timeout'}")

    def start(self, clock: Clock) -> None:
        """Starts every launched worker on `clock`."""
        for process in self.manager.processes.values():
            process.send(Start(clock))

    def _on_ready(self, message: WorkerReady) -> None:
        self.ready[message.bookmaker] = message.pid
        if len(self.ready) == len(self.configs):
            self._all_ready.set()

    def _on_failure(self, message: WorkerFailed) -> None:
        self.failures.append(message)
        self._all_ready.set()  # wake the start-up wait: it reports the failure

    def stop(self, reason: str) -> None:
        """Stops every worker (each takes its last looks), then the hub, then the writer."""
        for process in self.manager.processes.values():
            process.send(Stop(reason))
        for name in list(self.manager.processes):
            self.manager.join(name, timeout=JOIN_TIMEOUT)
        self.hub.close()
        self.rounds.close()

    def close(self) -> None:
        self.connection.close()
