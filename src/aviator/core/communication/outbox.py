"""Outbox: a worker's own pipe to the main process.

Every worker has a pipe of its own rather than a share of one multiprocessing.Queue: a Queue's
writers share one lock, and a worker killed (kill -9) while holding it would silence every other
worker for good. A message put here is in the pipe when `put` returns (no feeder thread that a
kill could cut short). A large message (a RecordedBatch) takes several writes; one cut short by a
kill ends the pipe early, and the hub drops that pipe without reading the partial message.
"""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing.connection import Connection


@dataclass
class Outbox:
    connection: Connection

    def put(self, message: object) -> None:
        self.connection.send(message)
