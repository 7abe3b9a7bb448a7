"""CollectorApp: the main-process side of every collector run (the demo and `aviator run`).

It owns the worker processes (ProcessManager), the HealthMonitor, the hub that carries the
workers' messages onto the EventBus, the SharedGameState, and one BatchDatabaseWriter per record
type. Workers never open the database.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from aviator.agents.betting_agent import HISTORY
from aviator.config.betting import BettingConfig
from aviator.core.communication.clock import ScaledClock
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.hub import Hub
from aviator.core.communication.messages import (
    Pause,
    ReadStrip,
    RecordedBatch,
    Resume,
    RoundRecorded,
    Start,
    Stop,
    WorkerFailed,
    WorkerNote,
    WorkerReady,
    WorkerStatus,
)
from aviator.core.communication.shared_state import SharedGameState
from aviator.core.requirements import MissingRequirement
from aviator.data.backends import open_database
from aviator.data.batch_writer import WriterAlert
from aviator.data.readers.rounds import last_crashes
from aviator.data.writers import RecordWriters
from aviator.orchestration.betting_desk import STATE_FILE, BettingDesk
from aviator.orchestration.bookmaker_worker import WorkerConfig, worker_main
from aviator.orchestration.health_monitor import (
    Alert,
    HealthMonitor,
    Lifecycle,
    ProcessResources,
    SystemHealth,
    WorkerStateChanged,
)
from aviator.orchestration.history_recovery import KEEP, HistoryRecovery
from aviator.orchestration.process_manager import CONTEXT, ProcessManager

WORKER_LOG = logging.getLogger("aviator.worker")  # the workers' notes: DEBUG shown with -v, INFO always
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class CollectorApp:
    """The collector's main process: workers, hub, writers, health, and the betting desk if any."""

    def __init__(
        self, db: str | Path, bookmakers: list[str], stale_after: float = 10.0, node: str | None = None
    ) -> None:
        """`node` names this machine in every record it writes (default: its host name)."""
        self.bus = EventBus()
        self.state = SharedGameState(bookmakers)
        self.hub = Hub(self.bus, CONTEXT.Pipe(duplex=False))  # dispatches once processes exist
        self.manager = ProcessManager(self.hub.attach)
        self.database = open_database(db)  # the main process's own: reports and health probes
        self.writers = RecordWriters(db, alert=self._writer_alert, node=node)
        self.node = self.writers.node
        self.monitor = HealthMonitor(self.manager, self.bus, stale_after=stale_after, probe=self._probe)
        self.workers: list[str] = []
        self.ready: dict[str, int] = {}  # bookmaker -> pid of its current worker process
        self.failures: list[WorkerFailed] = []
        self.clock: ScaledClock | None = None
        self.server_groups: dict[str, str] = {}
        self.recovery = HistoryRecovery(
            self.bus, lambda: self.clock, self.server_groups, lambda name: self._send(name, ReadStrip())
        )
        self._changed = threading.Condition()  # a worker became ready or failed
        self.betting: BettingDesk | None = None
        self._subscribe()

    def enable_betting(self, config: BettingConfig, mode: str, state_file: Path = STATE_FILE) -> BettingDesk:
        """Workers given a BettingPlan bet through this desk's ledger (before `start`)."""
        self.betting = BettingDesk(config, mode, self.bus, self.state, self._send, state_file)
        return self.betting

    def _send(self, name: str, message: object) -> None:
        process = self.manager.processes.get(name)
        if process is not None:
            process.send(message)

    def recent_crashes(self, name: str, count: int = HISTORY) -> tuple[float, ...]:
        """The last `count` crashes recorded for `name`, oldest first: a strategy's history at start."""
        return tuple(reversed(last_crashes(self.database, name, count)))

    def _subscribe(self) -> None:
        # The writers come first: a record is queued for the database before anyone shows it.
        self.bus.subscribe(RoundRecorded, lambda m: self.writers.add(m.round), priority=10)
        self.bus.subscribe(RecordedBatch, lambda m: self.writers.add_rows(m.record_type, m.rows), priority=10)
        self.bus.subscribe(RoundRecorded, self.state.on_round)
        self.bus.subscribe(WorkerStatus, self.state.on_status)
        self.bus.subscribe(
            WorkerStateChanged, lambda e: self.state.on_lifecycle(e.bookmaker, e.state, e.restarts)
        )
        self.bus.subscribe(
            ProcessResources, lambda e: self.state.on_resources(e.bookmaker, e.rss_mb, e.cpu_percent)
        )
        self.bus.subscribe(WorkerReady, self._on_ready)
        self.bus.subscribe(WorkerNote, log_note)
        self.bus.subscribe(WorkerFailed, self._on_failure)

    def _probe(self) -> SystemHealth:
        return SystemHealth(self.hub.pending_bytes(), tuple(self.writers.stats()), self.database.reachable())

    def _writer_alert(self, alert: WriterAlert) -> None:
        self.bus.publish(Alert(f"writer {alert.table}", f"{alert.kind}: {alert.message}"))

    def continue_recorded(self) -> None:
        """For a collector watching games that went on while it was down (`aviator run`): the
        last rounds recorded per bookmaker, so the first history strip each worker reads can
        align with them and the rounds played meanwhile are recovered."""
        for name in self.state.names():
            self.recovery.remember(name, list(reversed(last_crashes(self.database, name, KEEP))))

    def add_worker(self, config: WorkerConfig) -> None:
        if config.server_group:
            self.server_groups[config.bookmaker] = config.server_group
        self.manager.spawn(config.bookmaker, worker_main, config)
        self.monitor.register(config.bookmaker)
        self.workers.append(config.bookmaker)

    def wait_until_ready(self) -> bool:
        """Sync point: every worker has attached to its screen (True), or one failed or READY_TIMEOUT
        passed (False)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.failures or set(self.ready) >= set(self.workers), READY_TIMEOUT
            )
            return not self.failures and set(self.ready) >= set(self.workers)

    def start(self, clock: ScaledClock) -> None:
        """Sync point: waits until every worker has attached to its screen, then starts them all."""
        self.wait_until_ready()
        for failure in self.failures:
            if failure.missing:  # one line naming what to install, not the failures' tracebacks
                raise MissingRequirement(failure.bookmaker, failure.error)
        if not set(self.ready) >= set(self.workers):
            raise RuntimeError(f"workers failed to start: {self.failures or 'timeout'}")
        self.clock = clock
        if self.betting is not None:
            self.betting.start(clock)
        for name in self.workers:
            self.manager.processes[name].send(Start(clock))
        self.monitor.start()

    def _on_ready(self, message: WorkerReady) -> None:
        with self._changed:
            self.ready[message.bookmaker] = message.pid
            self._changed.notify_all()
        if self.clock is not None:  # a restarted worker joins the running clock at once
            self.manager.processes[message.bookmaker].send(Start(self.clock))

    def _on_failure(self, message: WorkerFailed) -> None:
        with self._changed:
            self.failures.append(message)
            self._changed.notify_all()  # wake the start-up wait: it reports the failure
        if message.missing:  # one line naming what to install, instead of a traceback
            self.bus.publish(Alert(message.bookmaker, message.error))

    def pause(self, name: str) -> None:
        self.monitor.set_state(name, Lifecycle.PAUSED)
        self.manager.processes[name].send(Pause())

    def resume(self, name: str) -> None:
        self.monitor.set_state(name, Lifecycle.RUNNING)
        self.manager.processes[name].send(Resume())

    def restart(self, name: str, reason: str) -> None:
        """Worker `name` takes its last looks and leaves; the HealthMonitor starts a new one at once
        (counted as a restart, not as a crash). Blocks until the old one left: call it off the UI."""
        self.monitor.set_state(name, Lifecycle.STOPPING, reason)
        self.manager.processes[name].send(Stop(reason))
        self.manager.join(name, STOP_TIMEOUT)
        self.monitor.restart_now(name, reason)

    def stop_workers(self, reason: str) -> None:
        """Each worker takes its last looks and leaves; none is restarted meanwhile."""
        for name in self.workers:
            self.monitor.set_state(name, Lifecycle.STOPPING, reason)
            self.manager.processes[name].send(Stop(reason))
        for name in self.workers:
            self.manager.join(name, STOP_TIMEOUT)

    def drain(self) -> None:
        """After the workers: everything they sent is dispatched and written before this returns."""
        self.monitor.stop()
        self.hub.close()
        self.writers.close()

    def close(self) -> None:
        """Last: the main process's own connection, which reports read until then."""
        self.database.close()


def log_note(note: WorkerNote) -> None:
    """A worker's note into the main process's log, named after its bookmaker."""
    WORKER_LOG.log(note.level, "%s: %s", note.bookmaker, note.text)
