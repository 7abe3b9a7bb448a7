"""Fixtures of the API tests: one live demo served by a real API for the whole package (the REST,
WebSocket, contract and dashboard tests read it; the last ones act on it: pause, restart, the
kill switch); the real local Mosquitto used as it is; a dead port for a broker that is away."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.api.live_api import LiveApi, live_api, wait_for

BOOKMAKERS = 6  # the dashboard shows six live games, as a user's screen holds


@pytest.fixture
def dead_port() -> Iterator[int]:
    """A port nobody listens on: bound and never listening, so no one else takes it meanwhile."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield reserved.getsockname()[1]


@pytest.fixture(scope="package")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    with live_api(tmp_path_factory.mktemp("api"), bookmakers=BOOKMAKERS) as served:
        wait_for(lambda: fewest_rounds(served) >= 2, "two rounds recorded of each bookmaker")
        yield served


def fewest_rounds(api: LiveApi) -> int:
    counts = dict(api.rows("SELECT bookmaker, COUNT(*) FROM rounds GROUP BY bookmaker"))
    return min(counts.get(name, 0) for name in api.demo.app.workers)
