"""HealthWatch: what GET /health answers, kept from the EventBus as it happens (never a database
query on the request): each worker's last look and last round, and the last 10 s health check."""

from __future__ import annotations

import threading
import time

from aviator.api.models import HealthOut, WorkerHealth
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RoundRecorded, WorkerStatus
from aviator.core.communication.shared_state import SharedGameState
from aviator.orchestration.health_monitor import SystemHealth

HEALTHY_STATES = frozenset({"Running", "Paused"})  # paused on purpose is not a fault


class HealthWatch:
    """The collector's health as the seed's checks see it (process alive, memory, CPU, queue depth,
    database connection), for /health, /metrics and the GUI alike."""

    def __init__(self, bus: EventBus, state: SharedGameState, node: str) -> None:
        self.state, self.node = state, node
        self.system: SystemHealth | None = None
        self._looked: dict[str, float] = {}  # bookmaker -> monotonic time of its last status
        self._rounds: dict[str, str] = {}  # bookmaker -> ended_at of its last round
        self._lock = threading.Lock()
        self._unsubscribe = [
            bus.subscribe(WorkerStatus, self._on_status),
            bus.subscribe(RoundRecorded, self._on_round),
            bus.subscribe(SystemHealth, self._on_health),
        ]

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()

    def _on_status(self, status: WorkerStatus) -> None:
        with self._lock:
            self._looked[status.bookmaker] = time.monotonic()

    def _on_round(self, message: RoundRecorded) -> None:
        with self._lock:
            self._rounds[message.bookmaker] = message.round.ended_at

    def _on_health(self, health: SystemHealth) -> None:
        self.system = health

    def report(self, database_reachable: bool) -> HealthOut:
        now = time.monotonic()
        with self._lock:
            looked, rounds = dict(self._looked), dict(self._rounds)
        workers = [
            WorkerHealth(
                bookmaker=s.bookmaker,
                state=s.state,
                restarts=s.restarts,
                last_look_seconds_ago=round(now - looked[s.bookmaker], 3) if s.bookmaker in looked else None,
                last_round_at=rounds.get(s.bookmaker),
                rss_mb=s.rss_mb,
                cpu_percent=s.cpu_percent,
            )
            for s in self.state.snapshot()
        ]
        system = self.system
        backlog = None if system is None else sum(int(getattr(w, "backlog", 0)) for w in system.writers)
        healthy = database_reachable and all(w.state in HEALTHY_STATES for w in workers)
        return HealthOut(
            healthy=healthy,
            node=self.node,
            database_reachable=database_reachable,
            queue_depth=None if system is None else system.queue_depth,
            writer_backlog=backlog,
            workers=workers,
        )
