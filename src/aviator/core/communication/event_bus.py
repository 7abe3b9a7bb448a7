"""EventBus: in-process publish/subscribe by message type.

`subscribe` returns the function that undoes it. Subscribers of higher `priority` are called
first (the writers before the screen). A subscriber may set `max_per_second`: events beyond that
rate are skipped for it alone and counted (a live view needs the latest state, not every state;
never set it on a writer). A failing subscriber is logged and counted; it never stops delivery
to the others.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
Handler = Callable[[Any], None]


@dataclass(eq=False)
class Subscription:
    handler: Handler
    priority: int = 0
    min_interval: float = 0.0
    skipped: int = 0
    _next: float = field(default=0.0, repr=False)

    def admits(self, now: float) -> bool:
        if now < self._next:
            self.skipped += 1
            return False
        self._next = now + self.min_interval
        return True


class EventBus:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._subscriptions: dict[type, list[Subscription]] = defaultdict(list)
        self._lock = threading.Lock()
        self.failures = 0

    def subscribe(
        self,
        kind: type[T],
        handler: Callable[[T], None],
        priority: int = 0,
        max_per_second: float | None = None,
    ) -> Callable[[], None]:
        subscription = Subscription(handler, priority, 1.0 / max_per_second if max_per_second else 0.0)
        with self._lock:
            ordered = [*self._subscriptions[kind], subscription]
            self._subscriptions[kind] = sorted(ordered, key=lambda s: -s.priority)

        def unsubscribe() -> None:
            with self._lock:
                self._subscriptions[kind] = [s for s in self._subscriptions[kind] if s is not subscription]

        return unsubscribe

    def publish(self, event: object) -> None:
        now = self._clock()
        for kind in type(event).__mro__:
            for subscription in self._subscriptions.get(kind, ()):
                if subscription.admits(now):
                    self._deliver(subscription.handler, event)

    def _deliver(self, handler: Handler, event: object) -> None:
        try:
            handler(event)
        except Exception:
            self.failures += 1
            log.exception("subscriber %r failed on %s", handler, type(event).__name__)
