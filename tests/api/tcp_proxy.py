"""A TCP forwarder in front of the real broker, for a test to take the broker away and bring it back
without touching the shared Mosquitto: `cut` ends every connection and refuses new ones (each is
closed at once), `restore` forwards again."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target`; see the module."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        self._up = threading.Event()
        self._up.set()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return  # closed
            if not self._up.is_set():
                client.close()  # the broker is "away": the connection ends before any answer
                continue
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._open += [client, upstream]
            threading.Thread(target=_pump, args=(client, upstream), name="proxy-pump", daemon=True).start()

    def cut(self) -> None:
        self._up.clear()
        with self._lock:
            for connection in self._open:
                with contextlib.suppress(OSError):  # already gone
                    connection.shutdown(socket.SHUT_RDWR)  # its pump wakes, closes both ends and leaves
            self._open.clear()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._server.close()


def _pump(one: socket.socket, other: socket.socket) -> None:
    """Both directions until either side ends."""
    peers = {one: other, other: one}
    with selectors.DefaultSelector() as selector:
        for sock in peers:
            selector.register(sock, selectors.EVENT_READ)
        while True:
            for key, _ in selector.select():
                try:
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    if not data:
                        raise OSError("closed")
                    peers[key.fileobj].sendall(data)  # type: ignore[index]
                except OSError:
                    for sock in peers:
                        sock.close()
                    return
