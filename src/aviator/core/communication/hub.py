"""The hub: one inbound queue from all worker processes, dispatched onto the EventBus."""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import WorkerMessage

log = logging.getLogger(__name__)
_STOP = "hub-stop"


class Hub:
    def __init__(self, inbound: mp.Queue, bus: EventBus) -> None:
        self.inbound, self.bus = inbound, bus
        self.received = 0
        self.refused = 0
        self._thread = threading.Thread(target=self._run, name="hub", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (message := self.inbound.get()) != _STOP:
            self._dispatch(message)

    def _dispatch(self, message: object) -> None:
        if not isinstance(message, WorkerMessage) or message.VERSION != WorkerMessage.VERSION:
            self.refused += 1
            log.error("hub refused a message it does not understand: %r", message)
            return
        self.received += 1
        self.bus.publish(message)

    def close(self) -> None:
        """Dispatches everything already queued, then stops."""
        self.inbound.put(_STOP)
        self._thread.join()
