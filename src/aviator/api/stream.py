"""EventStream: the EventBus fanned out to WebSocket clients, each with its own filter and a bounded
queue.

The bus handlers run in the hub's thread: they build one JSON text per event and hand it to the
server's event loop (`call_soon_threadsafe`), which puts it in every matching client's queue. A
client that reads too slowly loses events (counted), never slows another client or the collector.
Worker statuses (ten a second per bookmaker) are passed on at most STATUS_PER_SECOND per bookmaker:
a live view needs the latest multiplier, not every one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aviator.api import events
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RecordedBatch, RoundRecorded, WorkerStatus
from aviator.orchestration.health_monitor import Alert, WorkerStateChanged

CLIENT_QUEUE = 1_000  # events waiting for one client
STATUS_PER_SECOND = 5.0
RECENT_ALERTS = 200  # kept for GET /alerts


@dataclass(eq=False)
class Client:
    """One WebSocket client: what it asked for, and what waits to be sent to it."""

    bookmakers: frozenset[str] | None  # None: every bookmaker
    kinds: frozenset[str] | None  # None: every kind
    queue: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(CLIENT_QUEUE))
    dropped: int = 0

    def wants(self, kind: str, bookmaker: str) -> bool:
        return (self.kinds is None or kind in self.kinds) and (
            self.bookmakers is None or bookmaker in self.bookmakers
        )


class EventStream:
    """The bus's events as JSON texts for the clients of one event loop; see the module."""

    def __init__(self, bus: EventBus, node: str) -> None:
        self.node = node
        self.clients: set[Client] = set()
        self.alerts: deque[dict[str, Any]] = deque(maxlen=RECENT_ALERTS)
        self.sent = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._status_due: dict[str, float] = {}
        self._lock = threading.Lock()
        self._unsubscribe = [
            bus.subscribe(RoundRecorded, lambda m: self._offer("round", m.bookmaker, events.round_body(m))),
            bus.subscribe(RecordedBatch, self._on_records),
            bus.subscribe(Alert, self._on_alert),
            bus.subscribe(
                WorkerStateChanged, lambda e: self._offer("state", e.bookmaker, events.state_body(e))
            ),
            bus.subscribe(WorkerStatus, self._on_status),
        ]

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The server's loop, once it runs: events before it are not streamed (nobody listens)."""
        self._loop = loop

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()

    def _on_records(self, batch: RecordedBatch) -> None:
        kind = events.RECORD_KINDS.get(batch.record_type)
        if kind is not None:  # most batches are RGB samples: out at once
            for body in events.record_bodies(batch):
                self._offer(kind, batch.bookmaker, body)

    def _on_alert(self, alert: Alert) -> None:
        body = events.alert_body(alert)
        self.alerts.append(body)
        self._offer("alert", alert.source, body)

    def _on_status(self, status: WorkerStatus) -> None:
        now = time.monotonic()
        with self._lock:
            if now < self._status_due.get(status.bookmaker, 0.0):
                return
            self._status_due[status.bookmaker] = now + 1.0 / STATUS_PER_SECOND
        self._offer("status", status.bookmaker, events.status_body(status))

    def _offer(self, kind: str, bookmaker: str, body: dict[str, Any]) -> None:
        loop = self._loop
        if loop is None or loop.is_closed() or not self.clients:
            return
        text = json.dumps(events.event(kind, bookmaker, body, self.node), default=str)
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the server is stopping
            loop.call_soon_threadsafe(self._fan_out, kind, bookmaker, text)

    def _fan_out(self, kind: str, bookmaker: str, text: str) -> None:
        """In the event loop: into each matching client's queue, dropping for a full one."""
        for client in list(self.clients):
            if not client.wants(kind, bookmaker):
                continue
            try:
                client.queue.put_nowait(text)
                self.sent += 1
            except asyncio.QueueFull:
                client.dropped += 1

    def join(self, bookmakers: frozenset[str] | None, kinds: frozenset[str] | None) -> Client:
        client = Client(bookmakers, kinds)
        self.clients.add(client)
        return client

    def leave(self, client: Client) -> None:
        self.clients.discard(client)


def csv_set(text: str | None, allowed: Callable[[str], bool]) -> frozenset[str] | None:
    """`a,b` as a set (None: no filter); ValueError naming the first value not allowed."""
    if not text:
        return None
    values = frozenset(part.strip() for part in text.split(",") if part.strip())
    wrong = sorted(value for value in values if not allowed(value))
    if wrong:
        raise ValueError(wrong[0])
    return values
