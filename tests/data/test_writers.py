"""RecordWriters: one writer per record type on its own connection, on both backends."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from aviator.data.backends import open_database
from aviator.data.models import RECORD_TYPES, Round, ThresholdCrossing
from aviator.data.writers import RecordWriters
from tests.data.conftest import POSTGRES
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


def test_postgresql_connections_dropped_by_the_server_lose_nothing(postgres_url: str, tmp_path: Path) -> None:
    writers = RecordWriters(postgres_url, spill_dir=tmp_path, record_types=(Round,))
    writers.add(round_at(0, 1.5))
    writers.flush()
    (application,) = parse_qs(urlsplit(postgres_url).query)["application_name"]
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (application,),
        )
    for i in range(1, 100):
        writers.add(round_at(i, 1.5))
    writers.flush()
    (stats,) = writers.stats()
    assert stats.written == 100 and stats.failures >= 1 and stats.healthy
    writers.close()
    with open_database(postgres_url) as db:
        assert db.query("SELECT COUNT(*) FROM rounds") == [(100,)]


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
