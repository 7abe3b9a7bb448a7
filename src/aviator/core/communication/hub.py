"""The hub: every worker's pipe, read by one thread and dispatched onto the EventBus.

Each process writes to a pipe of its own (see Outbox); the hub waits on all of them at once.
A pipe that ends (its process left or was killed) is dropped; a restarted process brings a new
one through `attach`. A message that cannot be unpickled or has another version is refused and
counted, never guessed at.

Messages of one process arrive in the order sent (one pipe). Across a restart the hub keeps that
order too: before anything of a process named N is dispatched, whatever an earlier process named N
left in its pipe is (it has left: the restart waits for it). Otherwise a killed worker's last
RoundRecorded, still unread on a late main process, could come after its successor's history strip,
which already shows that round: the recovery would add it and the late message add it again.
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
        self._readers: list[Connection] = []  # in the order attached
        self._names: dict[int, str] = {}  # id of a reader -> the name of the process writing to it
        self._lock = threading.Lock()
        self._wake_reader, self._wake_writer = pipe  # wakes the thread when readers change
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hub", daemon=True)
        self._thread.start()

    def attach(self, reader: Connection, name: str | None = None) -> None:
        """`reader`: the reading end of the pipe of a new process called `name`."""
        with self._lock:
            self._readers.append(reader)
            if name is not None:
                self._names[id(reader)] = name
        self._wake_writer.send(None)

    def pending_bytes(self) -> int:
        """Bytes written by the workers and not yet read: the hub's backlog."""
        with self._lock:
            readers = list(self._readers)
        return sum(unread_bytes(reader) for reader in readers)

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
        if connection.closed:
            return  # drained and dropped earlier in this round
        for earlier in self._predecessors(connection):
            while not earlier.closed and earlier.poll() and self._read(earlier):
                pass
        self._read(connection)

    def _predecessors(self, connection: Connection) -> list[Connection]:
        """Pipes of earlier processes of the same name that are still open."""
        name = self._names.get(id(connection))
        with self._lock:
            readers = list(self._readers)
        if name is None or connection not in readers:
            return []
        return [r for r in readers[: readers.index(connection)] if self._names.get(id(r)) == name]

    def _read(self, connection: Connection) -> bool:
        """Dispatches one message of `connection`; False once its pipe has ended (it is dropped)."""
        try:
            message = connection.recv()
        except (EOFError, OSError):
            self._drop(connection)  # its process has gone: everything it sent was read
            return False
        except Exception:
            self.refused += 1
            log.exception("hub refused a message it could not read")
            self._drop(connection)
            return False
        self._dispatch(message)
        return True

    def _drop(self, connection: Connection) -> None:
        with self._lock:
            self._readers = [r for r in self._readers if r is not connection]
            self._names.pop(id(connection), None)
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


def unread_bytes(connection: Connection | None) -> int:
    """Bytes waiting in a pipe, written and not read yet; 0 for a pipe closed or unknown."""
    if connection is None:
        return 0
    try:
        raw = fcntl.ioctl(connection.fileno(), termios.FIONREAD, struct.pack("i", 0))
    except OSError:
        return 0
    return struct.unpack("i", raw)[0]
