"""A live API for the tests: a real demo collector (worker processes, simulator, SQLite) served by
a real ApiServer on a free loopback port, and small HTTP helpers (urllib: no test-only client)."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aviator.api.addresses import Address
from aviator.api.context import ApiContext
from aviator.api.metrics import CollectorMetrics, render
from aviator.api.server import ApiServer
from aviator.config.betting import BettingConfig
from aviator.orchestration.demo import Demo, DemoOptions

TOKEN = "a-test-token-of-forty-three-characters-xyz"
WAIT = 120.0  # seconds for what a loaded machine may take (rounds to be recorded, a restart)


@dataclass
class LiveApi:
    demo: Demo
    server: ApiServer
    db: Path

    @property
    def url(self) -> str:
        return self.server.url

    def get(self, path: str) -> tuple[int, Any]:
        return call(self.url + path)

    def post(self, path: str, token: str | None = TOKEN) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return call(self.url + path, "POST", headers)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The database read directly, not through the API: what the API must agree with."""
        with sqlite3.connect(self.db) as connection:
            return connection.execute(sql, params).fetchall()


def call(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, _body(answer.read(), answer.headers.get_content_type())
    except urllib.error.HTTPError as error:
        return error.code, _body(error.read(), error.headers.get_content_type())


def _body(data: bytes, kind: str) -> Any:
    return json.loads(data) if kind == "application/json" else data.decode()


def wait_for(check: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Sync point: polls `check` until it holds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.05)


@contextmanager
def live_api(folder: Path, bookmakers: int = 2, seed: int = 5) -> Iterator[LiveApi]:
    """A demo betting flat on paper (for /bets and the kill switch), served on a free port."""
    db = folder / "run.db"
    options = DemoOptions(
        bookmakers=bookmakers,
        minutes=20,
        speed=3,
        seed=seed,
        db=db,
        truth=folder / "truth.jsonl",
        betting=BettingConfig(strategy="flat"),
        betting_state=folder / "betting.json",
    )
    demo = Demo(options)
    metrics = CollectorMetrics(demo.app.bus, demo.app.state, "test-node")
    context = ApiContext(demo.app, db, TOKEN, "test-node", lambda: render(metrics.registry), (metrics.close,))
    server = ApiServer(context, Address("127.0.0.1", 0))
    server.start()
    try:
        demo.start()
        yield LiveApi(demo, server, db)
    finally:
        demo.stop()
        server.stop()
        demo.close()
