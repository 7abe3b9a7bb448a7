"""ApiContext: what the API's routes reach of the collector they serve, and their own database
connections (one per server thread: the collector's writers keep theirs)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aviator.api.health import HealthWatch
from aviator.api.stream import EventStream
from aviator.data.backends import Database, open_database
from aviator.orchestration.collector_app import CollectorApp


@dataclass
class ApiContext:
    """The collector, its database, the token (None: control and the WebSocket refuse everyone),
    this node's name, and what renders /metrics (None: not served)."""

    collector: CollectorApp
    db: str | Path
    token: str | None
    node: str
    metrics: Callable[[], bytes] | None = None
    on_close: tuple[Callable[[], None], ...] = ()  # what else ends with the API (the metrics' subscriptions)
    stream: EventStream = field(init=False)
    health: HealthWatch = field(init=False)
    _local: threading.local = field(init=False, default_factory=threading.local)
    _opened: list[Database] = field(init=False, default_factory=list)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.stream = EventStream(self.collector.bus, self.node)
        self.health = HealthWatch(self.collector.bus, self.collector.state, self.node)

    def database(self) -> Database:
        """This thread's own connection to the collector's database, opened on first use."""
        database = getattr(self._local, "database", None)
        if database is None:
            database = open_database(self.db)
            self._local.database = database
            with self._lock:
                self._opened.append(database)
        return database

    def close(self) -> None:
        self.stream.close()
        self.health.close()
        for close in self.on_close:
            close()
        with self._lock:
            opened, self._opened = self._opened, []
        for database in opened:
            database.close()
