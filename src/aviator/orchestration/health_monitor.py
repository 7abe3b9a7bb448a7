"""HealthMonitor: every worker registered, watched, and restarted when it dies or goes silent.

A worker that exits is seen at once through its process sentinel; one whose heartbeat (its status
messages) stops for `stale_after` seconds is killed and restarted if it is hung, and only then: a
late main process, a long step or a starved CPU delay heartbeats too (the rule: liveness.py).
A worker that had run for `steady_after` seconds is restarted at once: one death is an accident,
not a loop. Deaths soon after a start back off (0, 1, 2, 4 … seconds), and a worker that crashes
`max_restarts` times within `window` seconds is left CRASHED with an alert instead of being
restarted forever. Every `report_every` seconds the memory and CPU of each process are published.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import wait

import psutil

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.hub import unread_bytes
from aviator.core.communication.messages import WorkerStatus
from aviator.core.requirements import EXIT_MISSING
from aviator.orchestration.liveness import Progress, Silence, Verdict, judge, progress_of
from aviator.orchestration.process_manager import ProcessManager

HANG_LIMIT = 6.0  # times stale_after: a worker silent this long is killed even if it seems to work


class Lifecycle(StrEnum):
    STARTING = "Starting"
    RUNNING = "Running"
    PAUSED = "Paused"
    STOPPING = "Stopping"
    CRASHED = "Crashed"
    RESTARTING = "Restarting"


@dataclass(frozen=True)
class WorkerStateChanged:
    bookmaker: str
    state: Lifecycle
    restarts: int
    reason: str = ""


@dataclass(frozen=True)
class ProcessResources:
    bookmaker: str
    pid: int
    rss_mb: float
    cpu_percent: float
    heartbeat_age: float


@dataclass(frozen=True)
class SystemHealth:
    """What the main process itself reports: hub backlog, writers, database reachability."""

    queue_depth: int
    writers: tuple[object, ...]  # WriterStats of each record type
    database_reachable: bool


@dataclass(frozen=True)
class Alert:
    source: str
    message: str


@dataclass
class _Watched:
    state: Lifecycle = Lifecycle.STARTING
    last_beat: float = 0.0
    restarts: int = 0
    recent: deque[float] | None = None
    restart_at: float | None = None
    started_at: float = 0.0
    early_deaths: int = 0  # deaths in a row, each within steady_after of its start
    baseline: tuple[float, Progress | None] | None = None  # first look at the process in this silence
    spared: str = ""  # why it was last spared in this silence (each reason is told once)

    def heard(self, now: float) -> None:
        """A heartbeat, or a new start: any silence is over."""
        self.last_beat, self.baseline, self.spared = now, None, ""


def restart_delay(early_deaths: int) -> float:
    """Seconds before a restart: none after a steady run or a first early death, then 1, 2, 4 …"""
    return 0.0 if early_deaths <= 1 else 2.0 ** (early_deaths - 2)


class HealthMonitor:
    def __init__(
        self,
        manager: ProcessManager,
        bus: EventBus,
        stale_after: float = 10.0,
        report_every: float = 10.0,
        max_restarts: int = 5,
        window: float = 60.0,
        steady_after: float = 10.0,
        probe: Callable[[], SystemHealth] | None = None,
        hang_limit: float | None = None,
        inspect: Callable[[int], Progress | None] = progress_of,
    ) -> None:
        """`inspect` tells what the kernel says of a process (a test injects its own); `hang_limit`
        (default HANG_LIMIT x stale_after) bounds how long a silent worker that seems to work lives."""
        self.probe, self.inspect = probe, inspect
        self.hang_limit = HANG_LIMIT * stale_after if hang_limit is None else hang_limit
        self.manager, self.bus = manager, bus
        self.stale_after, self.report_every = stale_after, report_every
        self.max_restarts, self.window, self.steady_after = max_restarts, window, steady_after
        self._watched: dict[str, _Watched] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._next_report = time.monotonic() + report_every
        self._psutil: dict[int | None, psutil.Process] = {}
        self._unsubscribe = bus.subscribe(WorkerStatus, self._on_status)
        self._thread = threading.Thread(target=self._run, name="health-monitor", daemon=True)

    def register(self, name: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._watched[name] = _Watched(last_beat=now, recent=deque(), started_at=now)

    def start(self) -> None:
        self._thread.start()

    def state(self, name: str) -> Lifecycle:
        return self._watched[name].state

    def restarts(self, name: str) -> int:
        return self._watched[name].restarts

    def set_state(self, name: str, state: Lifecycle, reason: str = "") -> None:
        """For the owner: PAUSED, RUNNING again, or STOPPING (a process that then leaves is not restarted)."""
        with self._lock:
            watched = self._watched[name]
            watched.state = state
            watched.heard(time.monotonic())
        self.bus.publish(WorkerStateChanged(name, state, watched.restarts, reason))

    def restart_now(self, name: str, reason: str) -> None:
        """For the owner, once worker `name` left on purpose: a new process at the monitor's next turn."""
        with self._lock:
            self._watched[name].restart_at = time.monotonic()
        self.set_state(name, Lifecycle.RESTARTING, reason)

    def stop(self) -> None:
        self._stop.set()
        self._unsubscribe()
        if self._thread.is_alive():
            self._thread.join()

    def _on_status(self, status: WorkerStatus) -> None:
        watched = self._watched.get(status.bookmaker)
        if watched is None or not self._from_current(status, watched):
            return
        watched.heard(time.monotonic())
        if watched.state in (Lifecycle.STARTING, Lifecycle.RESTARTING):
            self.set_state(status.bookmaker, Lifecycle.RUNNING)

    def _from_current(self, status: WorkerStatus, watched: _Watched) -> bool:
        """Whether `status` comes from the worker's current process. A killed worker's last
        statuses can be read after its death (the hub reads its pipe to the end): they must not
        mark it, or its successor still starting, as running."""
        if watched.restart_at is not None:
            return False  # dead, not started again yet: whatever is heard is its last word
        current = self.manager.processes.get(status.bookmaker)
        return not status.pid or current is None or current.process.pid == status.pid

    def _run(self) -> None:
        while not self._stop.is_set():
            sentinels = {self.manager.processes[n].process.sentinel: n for n in self._live_names()}
            for sentinel in wait(list(sentinels), timeout=0.2):
                self._exited(sentinels[sentinel])
            self._check_heartbeats()
            self._restart_due()
            if time.monotonic() >= self._next_report:
                self._report()

    def _live_names(self) -> list[str]:
        quiet = (Lifecycle.STOPPING, Lifecycle.CRASHED, Lifecycle.RESTARTING)
        return [name for name, w in self._watched.items() if w.state not in quiet]

    def _exited(self, name: str) -> None:
        watched = self._watched[name]
        if watched.state is Lifecycle.STOPPING or self._stop.is_set():
            return
        if self._lacks_requirement(name):
            self.set_state(name, Lifecycle.CRASHED, "a requirement is missing")
            return
        now = time.monotonic()
        recent = watched.recent
        recent.append(now)
        while recent and recent[0] < now - self.window:
            recent.popleft()
        if len(recent) >= self.max_restarts:
            self.set_state(name, Lifecycle.CRASHED, f"{len(recent)} crashes within {self.window:.0f} s")
            self.bus.publish(Alert(name, f"worker {name} keeps crashing; not restarted"))
            return
        watched.restart_at = now + self._back_off(watched, now)
        self.set_state(name, Lifecycle.RESTARTING, "process exited")

    def _lacks_requirement(self, name: str) -> bool:
        """It left for a missing model, library or display (its WorkerFailed says which): a
        restarted process would lack it too."""
        process = self.manager.processes[name].process
        process.join(1.0)  # its sentinel fired: it is gone, and join makes its exit code readable
        return process.exitcode == EXIT_MISSING

    def _back_off(self, watched: _Watched, now: float) -> float:
        early = now - watched.started_at < self.steady_after
        watched.early_deaths = watched.early_deaths + 1 if early else 0
        return restart_delay(watched.early_deaths)

    def _check_heartbeats(self) -> None:
        now = time.monotonic()
        for name in self._live_names():
            watched = self._watched[name]
            if watched.state is Lifecycle.PAUSED or now - watched.last_beat <= self.stale_after / 2:
                continue
            verdict = judge(self._silence(name, watched, now), self.stale_after, self.hang_limit)
            if verdict is not None:
                self._act(name, watched, now - watched.last_beat, verdict)

    def _silence(self, name: str, watched: _Watched, now: float) -> Silence:
        """What is known of a worker silent for half of `stale_after` or more."""
        managed = self.manager.processes[name]
        progress = self.inspect(managed.process.pid) if managed.process.pid else None
        if watched.baseline is None:
            watched.baseline = (now, progress)  # the silence begins to matter: note the CPU time
        since, baseline = watched.baseline
        return Silence(now - watched.last_beat, unread_bytes(managed.inbox), baseline, now - since, progress)

    def _act(self, name: str, watched: _Watched, silence: float, verdict: Verdict) -> None:
        if verdict.kill:
            self.bus.publish(Alert(name, f"no heartbeat for {silence:.1f} s, {verdict.reason}: killed"))
            self.manager.processes[name].process.kill()  # its sentinel brings the restart
        elif watched.spared != verdict.reason:
            watched.spared = verdict.reason
            self.bus.publish(Alert(name, f"no heartbeat for {silence:.1f} s, not killed: {verdict.reason}"))

    def _restart_due(self) -> None:
        now = time.monotonic()
        for name, watched in self._watched.items():
            if watched.restart_at is not None and now >= watched.restart_at and not self._stop.is_set():
                watched.restart_at, watched.started_at = None, now
                watched.heard(now)
                watched.restarts += 1
                self.manager.respawn(name)

    def _report(self) -> None:
        self._next_report = time.monotonic() + self.report_every
        if self.probe is not None:
            health = self.probe()
            self.bus.publish(health)
            if not health.database_reachable:
                self.bus.publish(Alert("database", "the database does not answer; records wait in memory"))
        for name in self._live_names():
            resources = self._resources(name, self.manager.processes[name].process.pid)
            if resources is not None:
                self.bus.publish(resources)

    def _resources(self, name: str, pid: int | None) -> ProcessResources | None:
        try:
            # The same psutil.Process each time: cpu_percent measures since its previous call.
            process = self._psutil.setdefault(pid, psutil.Process(pid))
            rss = process.memory_info().rss / 2**20
            cpu = process.cpu_percent(interval=None)
        except (psutil.Error, ValueError):
            return None
        return ProcessResources(name, pid or 0, rss, cpu, time.monotonic() - self._watched[name].last_beat)
