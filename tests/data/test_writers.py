"""RecordWriters: one writer per record type on its own connection, on both backends."""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import astuple
from pathlib import Path

import psycopg
import pytest

from aviator.data.backends import open_database
from aviator.data.batch_writer import WriterAlert
from aviator.data.models import RECORD_TYPES, Round, ThresholdCrossing
from aviator.data.schema import MIGRATIONS
from aviator.data.writers import RecordWriters
from tests.data.conftest import POSTGRES, application_of, drop_connections
from tests.data.records import one_of_each, round_at


def test_each_record_reaches_the_table_of_its_type(database_url: str, tmp_path: Path) -> None:
    writers = RecordWriters(database_url, spill_dir=tmp_path)
    for record in one_of_each("Admiral") + one_of_each("Mozzart"):
        writers.add(record)
    writers.flush()
    assert [(s.table, s.written) for s in writers.stats()] == [(t.TABLE, 2) for t in RECORD_TYPES]
    writers.close()
    with open_database(database_url) as db:
        for record_type in RECORD_TYPES:
            assert db.query(f"SELECT COUNT(*) FROM {record_type.TABLE}") == [(2,)]


def test_bursts_of_records_and_of_rows_reach_the_tables_of_their_types(
    database_url: str, tmp_path: Path
) -> None:
    writers = RecordWriters(database_url, spill_dir=tmp_path)
    writers.add_many(one_of_each("Admiral"))
    for record in one_of_each("Mozzart"):
        writers.add_rows(type(record), [astuple(record)])
    writers.flush()
    assert [(s.table, s.written) for s in writers.stats()] == [(t.TABLE, 2) for t in RECORD_TYPES]
    writers.close()


def test_a_burst_with_a_record_of_no_known_type_is_refused_whole(sqlite_url: str, tmp_path: Path) -> None:
    writers = RecordWriters(sqlite_url, spill_dir=tmp_path, record_types=(Round,))
    with pytest.raises(TypeError, match="no writer for ThresholdCrossing"):
        writers.add_many([round_at(0, 1.5), ThresholdCrossing("Admiral", "s", 2.0, "c")])
    with pytest.raises(TypeError, match="no writer for ThresholdCrossing"):
        writers.add_rows(ThresholdCrossing, [("Admiral", "s", 2.0, "c", None, None)])
    writers.flush()
    assert writers.stats()[0].written == 0
    writers.close()


def count_rounds(url: str) -> int:
    with open_database(url) as db:
        return db.query("SELECT COUNT(*) FROM rounds")[0][0]


def test_postgresql_connections_dropped_by_the_server_lose_nothing(postgres_url: str, tmp_path: Path) -> None:
    writers = RecordWriters(postgres_url, spill_dir=tmp_path, record_types=(Round,))
    writers.add(round_at(0, 1.5))
    writers.flush()
    drop_connections(application_of(postgres_url))
    for i in range(1, 100):
        writers.add(round_at(i, 1.5))
    writers.flush()
    (stats,) = writers.stats()
    assert stats.written == 100 and stats.failures >= 1 and stats.healthy
    writers.close()
    assert count_rounds(postgres_url) == 100


def test_a_postgresql_outage_loses_nothing(own_role: str, tmp_path: Path) -> None:
    role, alerts, failing = application_of(own_role), [], threading.Event()

    def alert(a: WriterAlert) -> None:
        alerts.append(a.kind)
        if a.kind == "failing":
            failing.set()

    writers = RecordWriters(
        own_role, spill_dir=tmp_path, record_types=(Round,), alert=alert, max_retry_delay=0.2
    )
    writers.add(round_at(0, 1.5))
    writers.flush()
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {role} NOLOGIN")  # from now on the server turns this writer away
    drop_connections(role)
    for i in range(1, 200):
        writers.add(round_at(i, 2.0))
    threading.Thread(target=writers.flush, daemon=True).start()  # makes the writer try now
    failing.wait()
    assert not writers.stats()[0].healthy
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {role} LOGIN")  # the outage is over
    writers.flush()
    assert alerts == ["failing", "recovered"] and writers.stats()[0].written == 200
    writers.close()
    assert count_rounds(own_role) == 200


def test_spill_files_name_their_database(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    paths = set()
    for target in (first, second, f"sqlite:///{first}"):
        writers = RecordWriters(target, spill_dir=tmp_path, record_types=(Round,))
        paths.add(writers.writers[Round].spill_path)
        writers.close()
    assert len(paths) == 2


def test_a_record_of_no_known_type_is_refused_by_name(sqlite_url: str, tmp_path: Path) -> None:
    writers = RecordWriters(sqlite_url, spill_dir=tmp_path, record_types=(Round,))
    with pytest.raises(TypeError, match="no writer for ThresholdCrossing"):
        writers.add(ThresholdCrossing("Admiral", "s", 2.0, "c"))
    writers.close()


def _record_from_another_process(url: str, spill_dir: Path, bookmaker: str) -> None:
    writers = RecordWriters(url, spill_dir=spill_dir, record_types=(Round,))
    for i in range(300):
        writers.add(round_at(i, 1.0 + i / 100, bookmaker))
    writers.close()


def test_several_processes_write_one_database(database_url: str, tmp_path: Path) -> None:
    """Like several collector machines sharing one server (or two runs sharing one file)."""
    spawn = multiprocessing.get_context("spawn")
    processes = [
        spawn.Process(target=_record_from_another_process, args=(database_url, tmp_path / name, name))
        for name in ("Admiral", "Mozzart", "Soccer")
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0]
    with open_database(database_url) as db:
        counts = db.query(
            "SELECT bookmaker, COUNT(DISTINCT started_at) FROM rounds GROUP BY bookmaker ORDER BY 1"
        )
        assert counts == [("Admiral", 300), ("Mozzart", 300), ("Soccer", 300)]
        assert db.query("SELECT COUNT(*) FROM schema_version") == [(len(MIGRATIONS),)]


def test_a_sqlite_database_keeps_its_spill_files_beside_it(tmp_path: Path) -> None:
    writers = RecordWriters(tmp_path / "run.db", record_types=(Round,))
    assert writers.writers[Round].spill_path.parent == tmp_path / "run.db.spill"
    writers.close()
