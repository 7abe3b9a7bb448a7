"""Fixtures of the API tests: the real local Mosquitto is used as it is; a dead port stands for a
broker that is away."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest


@pytest.fixture
def dead_port() -> Iterator[int]:
    """A port nobody listens on: bound and never listening, so no one else takes it meanwhile."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield reserved.getsockname()[1]
