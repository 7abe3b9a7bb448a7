"""RecordedBatch: many records in one message, from a worker's Outbox through the Hub to the writers."""

from __future__ import annotations

import os
import struct
import threading
from dataclasses import astuple
from pathlib import Path

import pytest

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.hub import Hub
from aviator.core.communication.messages import RecordedBatch, WorkerStopped
from aviator.core.communication.outbox import Outbox
from aviator.data.backends import open_database
from aviator.data.models import PhaseTransition, RgbSample
from aviator.data.writers import RecordWriters
from aviator.orchestration.process_manager import CONTEXT


def sample(i: int) -> RgbSample:
    return RgbSample(
        "Admiral", "multiplier", f"2026-11-29T12:00:{i % 60:02d}.000Z", i, 2.0, 3.0, 0.5, 0.5, 0.5
    )


def test_a_batch_carries_its_records_as_rows_of_one_type() -> None:
    records = [sample(i) for i in range(3)]
    batch = RecordedBatch.of("Admiral", records)
    assert batch.record_type is RgbSample and batch.rows == tuple(astuple(r) for r in records)
    with pytest.raises(TypeError, match="one record type, not PhaseTransition, RgbSample"):
        RecordedBatch.of("Admiral", [sample(0), PhaseTransition("Admiral", "PLAYING", "t")])
    with pytest.raises(ValueError, match="at least one record"):
        RecordedBatch.of("Admiral", [])


class Ended:
    """Subscribes to the last message a worker sends: the sync point of these tests."""

    def __init__(self, bus: EventBus) -> None:
        self.event = threading.Event()
        bus.subscribe(WorkerStopped, lambda _: self.event.set())


def test_batches_larger_than_the_pipe_reach_the_database_through_the_hub(tmp_path: Path) -> None:
    bus, target = EventBus(), tmp_path / "run.db"
    writers = RecordWriters(target, spill_dir=tmp_path, record_types=(RgbSample,))
    bus.subscribe(RecordedBatch, lambda m: writers.add_rows(m.record_type, m.rows), priority=10)
    ended = Ended(bus)
    hub = Hub(bus, CONTEXT.Pipe(duplex=False))
    reader, writer = CONTEXT.Pipe(duplex=False)
    hub.attach(reader)
    outbox = Outbox(writer)
    for start in range(0, 6000, 2000):  # ~170 kB each: several writes, more than a pipe holds
        outbox.put(RecordedBatch.of("Admiral", [sample(i) for i in range(start, start + 2000)]))
    outbox.put(WorkerStopped("Admiral", "done"))
    writer.close()  # the worker leaves
    assert ended.event.wait(10)
    writers.flush()
    writers.close()
    hub.close()
    assert hub.received == 4 and hub.refused == 0
    with open_database(target) as db:
        assert db.query("SELECT COUNT(*), SUM(r_mean) FROM rgb_samples") == [(6000, sum(range(6000)))]


def test_a_message_cut_short_by_a_killed_worker_ends_only_its_pipe() -> None:
    bus, seen = EventBus(), []
    bus.subscribe(RecordedBatch, seen.append)
    ended = Ended(bus)
    hub = Hub(bus, CONTEXT.Pipe(duplex=False))
    killed_reader, killed = CONTEXT.Pipe(duplex=False)
    alive_reader, alive = CONTEXT.Pipe(duplex=False)
    hub.attach(killed_reader)
    hub.attach(alive_reader)
    os.write(killed.fileno(), struct.pack("!i", 100_000) + b"the start of a 100 kB message")
    killed.close()  # as a kill -9 in the middle of a large put leaves it
    Outbox(alive).put(RecordedBatch.of("Mozzart", [sample(0)]))
    Outbox(alive).put(WorkerStopped("Mozzart", "done"))
    assert ended.event.wait(10)
    alive.close()
    hub.close()
    assert killed_reader.closed and alive_reader.closed  # the hub dropped both pipes at their end
    assert [m.bookmaker for m in seen] == ["Mozzart"] and hub.received == 2 and hub.refused == 0
