"""The batch writer: batches, the flush sync point, draining, retries, the backlog cap and refused rows.

An Outage puts a switch in front of a real SQLite database, so a test decides exactly when the
database fails; test_writers.py drops real PostgreSQL connections.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import astuple, fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aviator.data.backends import Database, TemporaryDatabaseError, open_database
from aviator.data.batch_writer import BatchDatabaseWriter, WriterAlert
from aviator.data.models import Round
from aviator.data.spill import SpillFile
from tests.data.records import round_at


class Outage:
    """A real database behind a switch: while `down`, every write fails like a lost connection."""

    def __init__(self, database: Database) -> None:
        self.database, self.down = database, False
        self.batches: list[int] = []

    def insert_many(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if self.down:
            raise TemporaryDatabaseError("connection lost (test outage)")
        self.database.insert_many(table, columns, rows)
        self.batches.append(len(rows))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "run.db") as database:
        yield database


@pytest.fixture
def outage(db: Database) -> Outage:
    return Outage(db)


class Alerts(list[WriterAlert]):
    """A writer's alert callback keeping what it raised; `failing` is the sync point of an outage
    (raised once the writer has counted the failure)."""

    def __init__(self) -> None:
        super().__init__()
        self.failing = threading.Event()

    def __call__(self, alert: WriterAlert) -> None:
        self.append(alert)
        if alert.kind == "failing":
            self.failing.set()


def writer_for(
    outage: Outage, tmp_path: Path, alerts: Alerts | None = None, **options: Any
) -> BatchDatabaseWriter:
    options = {"interval": 60.0, "max_retry_delay": 0.01, "spill_path": tmp_path / "spill.jsonl", **options}
    alert = Alerts() if alerts is None else alerts
    return BatchDatabaseWriter(outage.insert_many, "rounds", Round, alert=alert, **options)


def scores(db: Database) -> list[float]:
    return [row[0] for row in db.query("SELECT final_score FROM rounds ORDER BY started_at")]


def test_flush_commits_in_batches_of_batch_size(outage: Outage, db: Database, tmp_path: Path) -> None:
    writer = writer_for(outage, tmp_path, batch_size=100)
    for i in range(250):
        writer.add(round_at(i, 1.0 + i / 100))
    writer.flush()
    assert outage.batches == [100, 100, 50]
    assert len(scores(db)) == 250 and writer.stats().written == 250
    writer.close()


def test_close_drains_what_was_never_flushed(outage: Outage, db: Database, tmp_path: Path) -> None:
    writer = writer_for(outage, tmp_path)
    for i in range(50):
        writer.add(round_at(i, 2.0))
    writer.close()
    assert len(scores(db)) == 50


def test_an_outage_is_retried_and_loses_nothing(outage: Outage, db: Database, tmp_path: Path) -> None:
    alerts = Alerts()
    writer = writer_for(outage, tmp_path, alerts)
    outage.down = True
    writer.add(round_at(0, 1.5))
    writer.add(round_at(1, 2.5))
    threading.Thread(target=writer.flush, daemon=True).start()  # the flush makes the writer try now
    alerts.failing.wait()
    assert not writer.stats().healthy
    outage.down = False
    writer.flush()
    assert scores(db) == [1.5, 2.5]
    assert [a.kind for a in alerts] == ["failing", "recovered"]
    assert writer.stats().healthy and writer.stats().failures >= 1
    writer.close()


def test_a_full_backlog_spills_to_disk_and_replays(outage: Outage, db: Database, tmp_path: Path) -> None:
    alerts = Alerts()
    writer = writer_for(outage, tmp_path, alerts, batch_size=1, backlog_cap=5)
    outage.down = True
    writer.add(round_at(0, 1.0))
    alerts.failing.wait()  # the writer holds round 0 and retries: the queue fills from here on
    for i in range(1, 20):
        writer.add(round_at(i, 1.0 + i))
    assert writer.stats().spilled == 14 and writer.stats().backlog == 5
    assert [a.kind for a in alerts].count("spilled") == 1
    outage.down = False
    writer.flush()
    assert scores(db) == [1.0 + i for i in range(20)]
    assert not (tmp_path / "spill.jsonl").exists()
    writer.close()


def test_closing_during_an_outage_spills_for_the_next_writer(
    outage: Outage, db: Database, tmp_path: Path
) -> None:
    outage.down = True
    writer = writer_for(outage, tmp_path, close_timeout=0.0)
    for i in range(30):
        writer.add(round_at(i, 3.0))
    writer.close()
    assert scores(db) == [] and writer.stats().spilled == 30
    outage.down = False
    successor = writer_for(outage, tmp_path)
    successor.flush()
    assert scores(db) == [3.0] * 30
    successor.close()


def test_refused_rows_are_kept_aside_and_the_rest_written(
    outage: Outage, db: Database, tmp_path: Path
) -> None:
    alerts = Alerts()
    writer = writer_for(outage, tmp_path, alerts)
    for i, score in enumerate((1.5, 0.5, 2.5)):  # a crash below 1x is impossible: the schema refuses it
        writer.add(round_at(i, score))
    writer.flush()
    assert scores(db) == [1.5, 2.5] and writer.stats().rejected == 1
    (kept,) = (tmp_path / "spill.jsonl.rejected").read_text().splitlines()
    assert json.loads(kept)["record"]["final_score"] == 0.5
    assert [a.kind for a in alerts] == ["rejected"]
    writer.close()


def test_a_record_of_another_type_fails_in_the_producer(outage: Outage, tmp_path: Path) -> None:
    writer = writer_for(outage, tmp_path)
    with pytest.raises(TypeError, match="writer for rounds takes Round"):
        writer.add({"bookmaker": "Admiral"})
    writer.close()


def test_a_failing_alert_callback_does_not_stop_the_writer(
    outage: Outage, db: Database, tmp_path: Path
) -> None:
    def broken(alert: WriterAlert) -> None:
        raise RuntimeError("alert sink down")

    writer = BatchDatabaseWriter(
        outage.insert_many, "rounds", Round, spill_path=tmp_path / "s.jsonl", alert=broken
    )
    writer.add(round_at(0, 0.5))
    writer.add(round_at(1, 4.0))
    writer.flush()
    assert scores(db) == [4.0] and writer.stats().rejected == 1
    writer.close()


def test_a_closed_writer_refuses_records(outage: Outage, tmp_path: Path) -> None:
    writer = writer_for(outage, tmp_path)
    writer.close()
    with pytest.raises(RuntimeError, match="writer for rounds is closed"):
        writer.add(round_at(0, 1.5))


def test_a_writer_that_cannot_keep_its_records_stops_loudly(outage: Outage, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("where the spill directory should be")
    alerts = Alerts()
    outage.down = True
    writer = writer_for(outage, tmp_path, alerts, close_timeout=0.0, spill_path=blocker / "spill.jsonl")
    writer.add(round_at(0, 1.5))
    errors: list[Exception] = []
    flush = threading.Thread(target=lambda: _catch(writer.flush, errors))
    flush.start()
    alerts.failing.wait()  # the writer is retrying, the flush waits behind it
    writer.close()  # the database is down and the spill file cannot be written
    flush.join()
    assert alerts[-1].kind == "stopped" and "a-file" in alerts[-1].message
    (error,) = errors  # the waiting flush got the writer's error, not a timeout
    assert "writer for rounds stopped after an error" in str(error) and "a-file" in str(error)
    with pytest.raises(RuntimeError, match="stopped after an error"):
        writer.add(round_at(1, 2.5))


def _catch(call: Callable[[], None], errors: list[Exception]) -> None:
    try:
        call()
    except Exception as error:  # handed to the test thread, which asserts on it
        errors.append(error)


def test_a_replay_cut_short_by_a_crash_is_finished_at_the_next_start(
    outage: Outage, db: Database, tmp_path: Path
) -> None:
    spill = SpillFile(tmp_path / "spill.jsonl", Round)
    spill.append([round_at(i, 1.5 + i) for i in range(3)])
    committed, offset = next(spill.chunks(2))
    outage.insert_many("rounds", [f.name for f in fields(Round)], [astuple(r) for r in committed])
    spill.replayed(offset)  # the first chunk is in the database, then the process died
    writer = writer_for(outage, tmp_path)
    writer.flush()
    assert scores(db) == [1.5, 2.5, 3.5] and not spill.pending()  # nothing lost, nothing twice
    writer.close()


OPERATIONS = st.one_of(
    st.floats(1.0, 1000.0).map(lambda score: ("add", round(score, 2))),
    st.sampled_from([("down",), ("up",), ("restart",)]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(OPERATIONS, max_size=60))
def test_outages_overflows_and_restarts_lose_nothing_and_write_nothing_twice(
    tmp_path_factory: pytest.TempPathFactory, operations: list[tuple]
) -> None:
    tmp_path = tmp_path_factory.mktemp("writer")
    with open_database(tmp_path / "run.db") as db:
        outage, added = Outage(db), []
        options = {"batch_size": 3, "backlog_cap": 4, "close_timeout": 0.0}
        writer = writer_for(outage, tmp_path, **options)
        for operation, *value in operations:
            if operation == "add":
                added.append(value[0])
                writer.add(round_at(len(added), value[0]))
            elif operation == "restart":
                writer.close()  # while down: what is left is spilled for the next writer
                writer = writer_for(outage, tmp_path, **options)
            else:
                outage.down = operation == "down"
        outage.down = False
        writer.flush()
        writer.close()
        assert sorted(scores(db)) == sorted(added)


def test_add_many_queues_a_burst_and_batches_it_like_single_records(
    outage: Outage, db: Database, tmp_path: Path
) -> None:
    writer = writer_for(outage, tmp_path, batch_size=100)
    writer.add_many(round_at(i, 1.0 + i / 100) for i in range(60))
    writer.add_many([round_at(i, 1.0 + i / 100) for i in range(60, 120)])
    writer.add_many([])
    writer.flush()
    assert outage.batches == [120]  # whole bursts: the second one took the batch past batch_size
    assert scores(db) == [1.0 + i / 100 for i in range(120)] and writer.stats().written == 120
    writer.close()


def test_add_rows_takes_rows_in_column_order(outage: Outage, db: Database, tmp_path: Path) -> None:
    writer = writer_for(outage, tmp_path)
    writer.add_rows([astuple(round_at(i, 2.0 + i)) for i in range(3)])
    writer.flush()
    assert scores(db) == [2.0, 3.0, 4.0]
    writer.close()


def test_a_burst_with_one_bad_record_or_row_is_refused_whole_in_the_producer(
    outage: Outage, db: Database, tmp_path: Path
) -> None:
    writer = writer_for(outage, tmp_path)
    with pytest.raises(TypeError, match="writer for rounds takes Round"):
        writer.add_many([round_at(0, 1.5), "not a round"])
    with pytest.raises(TypeError, match=r"rows of \d+ columns"):
        writer.add_rows([astuple(round_at(0, 1.5)), ("Admiral", 1.5)])
    writer.flush()
    assert scores(db) == [] and writer.stats().backlog == 0
    writer.close()


def test_a_burst_past_the_backlog_cap_is_split_between_memory_and_spill(
    outage: Outage, db: Database, tmp_path: Path
) -> None:
    alerts = Alerts()
    writer = writer_for(outage, tmp_path, alerts, batch_size=1, backlog_cap=5)
    outage.down = True
    writer.add(round_at(0, 1.0))
    alerts.failing.wait()  # the writer holds round 0 and retries: the backlog counts records, not bursts
    writer.add_many([round_at(i, 1.0 + i) for i in range(1, 4)])
    writer.add_rows([astuple(round_at(i, 1.0 + i)) for i in range(4, 10)])
    assert writer.stats().backlog == 5 and writer.stats().spilled == 4
    outage.down = False
    writer.flush()
    assert scores(db) == [1.0 + i for i in range(10)]
    writer.close()


def test_refused_rows_given_as_rows_are_kept_as_records(outage: Outage, db: Database, tmp_path: Path) -> None:
    writer = writer_for(outage, tmp_path)
    writer.add_rows([astuple(round_at(0, 1.5)), astuple(round_at(1, 0.5))])
    writer.flush()
    assert scores(db) == [1.5] and writer.stats().rejected == 1
    (kept,) = (tmp_path / "spill.jsonl.rejected").read_text().splitlines()
    assert json.loads(kept)["record"]["final_score"] == 0.5
    writer.close()


def test_one_refused_row_in_a_large_burst_costs_few_transactions(
    outage: Outage, db: Database, tmp_path: Path
) -> None:
    writer = writer_for(outage, tmp_path, batch_size=1000)
    writer.add_many(round_at(i, 0.5 if i == 700 else 2.0) for i in range(1000))
    writer.flush()
    assert len(scores(db)) == 999 and writer.stats().rejected == 1
    assert len(outage.batches) <= 2 * 10  # halving: two tries per level of ~log2(1000)
    writer.close()


def test_two_writers_sharing_a_spill_file_replay_each_row_once(tmp_path: Path) -> None:
    """Two collectors' writers of one table and database start together beside one spill file."""
    rows = 30_000
    SpillFile(tmp_path / "spill.jsonl", Round).append(round_at(i, 1.0 + i / 100) for i in range(rows))
    databases = [open_database(tmp_path / "run.db") for _ in range(2)]
    writers = [
        BatchDatabaseWriter(d.insert_many, "rounds", Round, spill_path=tmp_path / "spill.jsonl")
        for d in databases
    ]
    for writer in writers:
        writer.close()  # drains: a replay it claimed is done
    (count, distinct), *_ = databases[0].query("SELECT COUNT(*), COUNT(DISTINCT started_at) FROM rounds")
    assert (count, distinct) == (rows, rows)
    for database in databases:
        database.close()
