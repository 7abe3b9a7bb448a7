"""EventBus: in-process publish/subscribe by message type.

`subscribe` returns the function that undoes it. A failing subscriber is logged and counted; it
never stops delivery to the others.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
Handler = Callable[[Any], None]


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[type, list[Handler]] = defaultdict(list)
        self._lock = threading.Lock()
        self.failures = 0

    def subscribe(self, kind: type[T], handler: Callable[[T], None]) -> Callable[[], None]:
        with self._lock:
            self._handlers[kind] = [*self._handlers[kind], handler]

        def unsubscribe() -> None:
            with self._lock:
                self._handlers[kind] = [h for h in self._handlers[kind] if h is not handler]

        return unsubscribe

    def publish(self, event: object) -> None:
        for kind in type(event).__mro__:
            for handler in self._handlers.get(kind, ()):
                self._deliver(handler, event)

    def _deliver(self, handler: Handler, event: object) -> None:
        try:
            handler(event)
        except Exception:
            self.failures += 1
            log.exception("subscriber %r failed on %s", handler, type(event).__name__)
