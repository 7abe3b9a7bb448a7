"""`aviator demo --mqtt` as a user runs it, against the real local Mosquitto: every round the demo
stored arrives on its topic; with no broker listening, the demo still records every round."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from aviator.orchestration.demo import demo_names
from tests.api.mqtt_listener import Listener, clear_retained, unique_node
from tests.orchestration.demo_process import AVIATOR, export_rounds
from tests.orchestration.truth_checks import assert_rounds_exactly, truth_rounds

BOOKMAKERS, ROUNDS = 2, 2


def demo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    files = ("--db", str(tmp_path / "run.db"), "--truth", str(tmp_path / "truth.jsonl"))
    size = ("--bookmakers", str(BOOKMAKERS), "--rounds", str(ROUNDS), "--speed", "8")
    command = [*AVIATOR, "demo", *files, *size, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def stored_rounds(db: Path) -> list[tuple[str, float, str, str, bool]]:
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT bookmaker, final_score, started_at, ended_at, backfilled FROM rounds"
        )
        return sorted((b, score, start, end, bool(backfilled)) for b, score, start, end, backfilled in rows)


@pytest.fixture
def node() -> Iterator[str]:
    name = unique_node()
    yield name
    states = [f"aviator/{name}/{bookmaker}/state" for bookmaker in demo_names(BOOKMAKERS)]
    clear_retained(name, [f"aviator/{name}/status", *states])


def test_every_round_of_a_demo_arrives_on_its_topic(tmp_path: Path, node: str) -> None:
    listener = Listener(f"aviator/{node}/+/round")  # subscribed before the demo starts
    try:
        result = demo(tmp_path, "--mqtt", "--node", node)
        assert result.returncode == 0, result.stderr[-3000:]
        stored = stored_rounds(tmp_path / "run.db")
        assert len(stored) == BOOKMAKERS * ROUNDS, result.stdout[-2000:]
        got = listener.wait_for(lambda messages: len(messages) >= len(stored))
    finally:
        listener.close()
    bodies = [message.json() for message in got]
    published = sorted(
        (b["bookmaker"], b["final_score"], b["started_at"], b["ended_at"], b["backfilled"]) for b in bodies
    )
    assert published == stored  # each once: none lost, none twice
    assert all(m.topic == f"aviator/{node}/{m.json()['bookmaker']}/round" for m in got)
    assert {b["node"] for b in bodies} == {node}


def test_without_a_broker_the_demo_records_every_round(tmp_path: Path, dead_port: int) -> None:
    result = demo(tmp_path, "--mqtt", f"127.0.0.1:{dead_port}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "captured 100.0 %" in result.stdout, result.stdout[-2000:]
    recorded = assert_rounds_exactly(truth_rounds(tmp_path / "truth.jsonl"), export_rounds(tmp_path))
    assert len(recorded) == BOOKMAKERS * ROUNDS
    assert f"MQTT broker 127.0.0.1:{dead_port} does not answer: events are dropped" in result.stderr
