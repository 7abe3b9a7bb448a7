"""The hub: every worker's pipe, read by one thread and dispatched onto the EventBus.

Each process writes to a pipe of its own (see Outbox); the hub waits on all of them at once.
A pipe that ends (its process left or was killed) is dropped; a restarted process brings a new
one through `attach`. A message that cannot be unpickled or has another version is refused and
counted, never guessed at.
"""

from __future__ import annotations

import fcntl
import logging
import struct
import termios
import threading
from multiprocessing.connection import Connection, wait

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import WorkerMessage

log = logging.getLogger(__name__)
CLOSE_TIMEOUT = 10.0


class Hub:
    def __init__(self, bus: EventBus, pipe: tuple[Connection, Connection]) -> None:
        self.bus = bus
        self.received = 0
        self.refused = 0
        self._readers: list[Connection] = []
        self._lock = threading.Lock()
        self._wake_reader, self._wake_writer = pipe  # wakes the thread when readers change
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hub", daemon=True)
        self._thread.start()

    def attach(self, reader: Connection) -> None:
        with self._lock:
            self._readers.append(reader)
        self._wake_writer.send(None)

    def pending_bytes(self) -> int:
        """Bytes written by the workers and not yet read: the hub's backlog."""
        with self._lock:
            readers = list(self._readers)
        return sum(_unread(reader) for reader in readers)

    def _run(self) -> None:
        while True:
            with self._lock:
                readers = list(self._readers)
            if self._closing.is_set() and not readers:
                return
            for ready in wait([*readers, self._wake_reader], timeout=0.5):
                self._receive(ready)

    def _receive(self, connection: Connection) -> None:
        if connection is self._wake_reader:
            self._wake_reader.recv()
            return
        try:
            message = connection.recv()
        except (EOFError, OSError):
            self._drop(connection)  # its process has gone: everything it sent was read
            return
        except Exception:
            self.refused += 1
            log.exception("hub refused a message it could not read")
            self._drop(connection)
            return
        self._dispatch(message)

    def _drop(self, connection: Connection) -> None:
        with self._lock:
            self._readers = [r for r in self._readers if r is not connection]
        connection.close()

    def _dispatch(self, message: object) -> None:
        if not isinstance(message, WorkerMessage) or message.VERSION != WorkerMessage.VERSION:
            self.refused += 1
            log.error("hub refused a message it does not understand: %r", message)
            return
        self.received += 1
        self.bus.publish(message)

    def close(self) -> None:
        """Once every process has left: dispatches what they sent, then stops."""
        self._closing.set()
        self._wake_writer.send(None)
        self._thread.join(CLOSE_TIMEOUT)
        if self._thread.is_alive():
            log.error("hub: a process still holds its pipe open after %.0f s", CLOSE_TIMEOUT)


def _unread(connection: Connection) -> int:
    try:
        raw = fcntl.ioctl(connection.fileno(), termios.FIONREAD, struct.pack("i", 0))
    except OSError:
        return 0
    return struct.unpack("i", raw)[0]
