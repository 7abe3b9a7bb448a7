"""The API's security: loopback unless a token was made on purpose, the token kept readable by its
owner only and compared in constant time, and no control or event stream without it."""

from __future__ import annotations

import hmac
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from aviator.api.addresses import Address
from aviator.api.context import ApiContext
from aviator.api.server import ApiRefused, ApiServer, is_loopback
from aviator.api.tokens import create_token, read_token, token_matches
from aviator.orchestration.collector_app import CollectorApp
from tests.api.live_api import call
from tests.orchestration.demo_process import AVIATOR


@pytest.fixture
def collector(tmp_path: Path) -> Iterator[CollectorApp]:
    """A real collector whose workers never start: the routes tested here need none."""
    app = CollectorApp(tmp_path / "api.db", ["Admiral"])
    yield app
    app.drain()
    app.close()


def context(app: CollectorApp, token: str | None) -> ApiContext:
    return ApiContext(app, app.database.target, token, "node")


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "collector.example", "::"])
def test_binding_beyond_loopback_needs_a_token(collector: CollectorApp, host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ApiRefused, match="`aviator api token`"):
        ApiServer(context(collector, None), Address(host, 0))


def test_with_a_token_every_interface_is_served_and_control_still_needs_it(collector: CollectorApp) -> None:
    server = ApiServer(context(collector, "t0ken"), Address("0.0.0.0", 0))
    server.start()
    try:
        port = server.address.port
        assert call(f"http://127.0.0.1:{port}/openapi.json")[0] == 200
        assert call(f"http://127.0.0.1:{port}/betting/stop", "POST")[0] == 401
        ok = call(f"http://127.0.0.1:{port}/betting/stop", "POST", {"Authorization": "Bearer t0ken"})
        assert ok == (200, {"ok": False, "message": "this collector does not bet"})
    finally:
        server.stop()


def test_the_token_file_is_the_owners_alone(tmp_path: Path) -> None:
    path = tmp_path / "storage" / "api-token"
    path.parent.mkdir()
    path.write_text("old\n")
    path.chmod(0o644)
    token = create_token(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_token(path) == token and len(token) >= 43 and token != "old"
    assert create_token(path) != token  # a new one each time: the old one stops working


def test_aviator_api_token_prints_the_token_once_and_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "token"
    made = subprocess.run([*AVIATOR, "api", "token", "--file", str(path)], capture_output=True, text=True)
    assert made.returncode == 0
    first, second = made.stdout.splitlines()
    assert first == read_token(path) and first not in second
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_tokens_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert token_matches("secret", "secret")
    assert not token_matches("secreT", "secret") and not token_matches("s", "secret")
    assert compared == [(b"secret", b"secret"), (b"secreT", b"secret"), (b"s", b"secret")]
    assert not token_matches(None, "secret") and not token_matches("x", None)


def test_a_demo_asked_to_serve_beyond_loopback_without_a_token_stops_before_it_starts(
    tmp_path: Path,
) -> None:
    command = [*AVIATOR, "demo", "--rounds", "1", "--db", str(tmp_path / "run.db"), "--api", "0.0.0.0:8766"]
    command += ["--api-token-file", str(tmp_path / "none")]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "make a token first with `aviator api token`" in refused.stderr
    assert "round " not in refused.stdout  # no worker started
