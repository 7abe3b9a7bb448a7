"""A bus watcher and the monitored-workers fixture shared by the HealthMonitor's tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.hub import Hub
from aviator.orchestration.health_monitor import Alert, ProcessResources, WorkerStateChanged
from aviator.orchestration.process_manager import CONTEXT, ProcessManager

WAIT = 30.0


class Watch:
    """Collects bus events and lets a test wait for the one it needs (the sync point)."""

    def __init__(self, bus: EventBus) -> None:
        self.events: list[object] = []
        self._changed = threading.Condition()
        for kind in (WorkerStateChanged, Alert, ProcessResources):
            bus.subscribe(kind, self._add)

    def _add(self, event: object) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, match: Callable[[object], bool]) -> object:
        with self._changed:
            assert self._changed.wait_for(lambda: any(map(match, self.events)), WAIT), self.events
            return next(e for e in self.events if match(e))


@pytest.fixture
def monitored() -> Iterator[tuple[ProcessManager, EventBus, Watch]]:
    bus = EventBus()
    watch = Watch(bus)
    hub = Hub(bus, CONTEXT.Pipe(duplex=False))
    manager = ProcessManager(hub.attach)
    yield manager, bus, watch
    for process in manager.processes.values():
        process.process.kill()
    hub.close()
