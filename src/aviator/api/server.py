"""ApiServer: the API served by uvicorn on a thread of the collector's main process, on a socket
bound before anything starts (a port in use is said at once, not after the workers started).

Loopback by default. Any other address needs the token file made on purpose (`aviator api
token`): without one the server refuses to start and names that command.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn

from aviator.api.addresses import Address
from aviator.api.app import build_app
from aviator.api.context import ApiContext

DEFAULT_API = Address("127.0.0.1", 8765)
START_TIMEOUT = 30.0  # seconds for uvicorn to serve on a loaded machine
STOP_TIMEOUT = 10.0


class ApiRefused(Exception):
    """The API cannot start as asked: the message says why and what to do."""


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the command decides what a signal does."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: whatever it resolves to, it may be reached from outside
        return False


def listening_socket(address: Address) -> socket.socket:
    family = socket.AF_INET6 if ":" in address.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((address.host, address.port))
    except OSError as error:
        listener.close()
        raise ApiRefused(f"cannot listen on {address}: {error.strerror or error}") from None
    listener.listen(128)
    return listener


class ApiServer:
    """The API of one collector at one address, started and stopped with it."""

    def __init__(self, context: ApiContext, address: Address = DEFAULT_API) -> None:
        if not is_loopback(address.host) and context.token is None:
            raise ApiRefused(
                f"the API on {address} would be reachable from other machines: make a token first "
                "with `aviator api token` (control and the WebSocket need it everywhere)"
            )
        self.context, self.address = context, address
        self.socket = listening_socket(address)
        self.address = Address(address.host, self.socket.getsockname()[1])  # port 0: the one chosen
        config = uvicorn.Config(build_app(context), log_level="warning", ws="websockets-sansio")
        self.server = QuietServer(config)
        self._thread = threading.Thread(target=self._serve, name="api-server", daemon=True)

    def _serve(self) -> None:
        self.server.run(sockets=[self.socket])

    def start(self) -> None:
        """Returns once the API answers (sync point: uvicorn's own `started`)."""
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ApiRefused(f"the API on {self.address} did not start")
            time.sleep(0.01)  # polling uvicorn's flag: it offers no event to wait on

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(STOP_TIMEOUT)
        self.socket.close()
        self.context.close()

    @property
    def url(self) -> str:
        return f"http://{self.address}"
