"""The Database contract, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from dataclasses import astuple, fields

import pytest

from aviator.data.backends import Database, RecordError, open_database
from aviator.data.models import Round
from aviator.data.schema import LATEST, MIGRATIONS
from tests.data.records import one_of_each, round_at


def columns(record_type: type) -> list[str]:
    return [f.name for f in fields(record_type)]


def test_migrations_are_applied_once_each(database: Database) -> None:
    assert database.migrate() == LATEST
    versions = database.query("SELECT version FROM schema_version ORDER BY version")
    assert versions == [(v,) for v, _ in MIGRATIONS]


def test_every_record_type_round_trips_exactly(database: Database) -> None:
    for record in one_of_each():
        names = columns(type(record))
        database.insert_many(type(record).TABLE, names, [astuple(record)])
        (row,) = database.query(f"SELECT {', '.join(names)} FROM {type(record).TABLE}")
        assert type(record)(*row) == record


def test_a_batch_with_one_refused_row_writes_nothing(database: Database) -> None:
    rows = [astuple(round_at(0, 1.5)), astuple(round_at(1, 0.5))]  # a crash below 1x is impossible
    with pytest.raises(RecordError, match="refused"):
        database.insert_many("rounds", columns(Round), rows)
    assert database.query("SELECT COUNT(*) FROM rounds") == [(0,)]


def test_query_takes_question_mark_placeholders(database: Database) -> None:
    rows = [astuple(round_at(i, 1.0 + i, bookmaker=name)) for i, name in enumerate(("A", "B", "A"))]
    database.insert_many("rounds", columns(Round), rows)
    assert database.query("SELECT final_score FROM rounds WHERE bookmaker = ? ORDER BY id", ("A",)) == [
        (1.0,),
        (3.0,),
    ]


def test_concurrent_opens_migrate_once(database_url: str) -> None:
    start, errors = threading.Barrier(4), []

    def open_one() -> None:
        start.wait()
        try:
            open_database(database_url).close()
        except Exception as error:  # collected: the assertion below names it
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_database(database_url) as db:
        assert db.query("SELECT COUNT(*) FROM schema_version") == [(len(MIGRATIONS),)]
