"""SQLite specifics: WAL mode, upgrading a file of the first schema, files that cannot be used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aviator.data.backends import DatabaseError, open_database
from aviator.data.export import iter_rounds
from aviator.data.schema import LATEST

FIRST_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE rounds (id INTEGER PRIMARY KEY AUTOINCREMENT, bookmaker TEXT NOT NULL,
    final_score REAL NOT NULL CHECK (final_score >= 1.0), started_at TEXT NOT NULL, ended_at TEXT NOT NULL);
INSERT INTO schema_version VALUES (1);
INSERT INTO rounds (bookmaker, final_score, started_at, ended_at)
    VALUES ('Admiral', 2.5, '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:12.000Z');
"""


def test_the_file_is_in_wal_mode(sqlite_url: str) -> None:
    with open_database(sqlite_url) as db:
        assert db.query("PRAGMA journal_mode") == [("wal",)]


def test_a_file_of_the_first_schema_is_upgraded_keeping_its_rounds(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.executescript(FIRST_SCHEMA)
    old.close()
    with open_database(path) as db:
        assert db.query("SELECT MAX(version) FROM schema_version") == [(LATEST,)]
        (recorded,) = list(iter_rounds(db))
    assert recorded["final_score"] == 2.5 and recorded["backfilled"] is False
    assert recorded["players"] is None


def test_a_corrupt_file_is_named_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    garbage = b"this is not a database, but it may be someone's only copy\n" * 100
    path.write_bytes(garbage)
    with pytest.raises(DatabaseError, match=f"{path}.*not a database"):
        open_database(path)
    assert path.read_bytes() == garbage


def test_an_unwritable_path_is_named_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where a directory should be")
    with pytest.raises(DatabaseError, match=r"a-file/sub/run\.db: .*a-file is a file, not a directory"):
        open_database(blocker / "sub" / "run.db")


def test_a_directory_in_place_of_the_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match=f"{tmp_path}: unable to open database file"):
        open_database(tmp_path)


def test_a_database_newer_than_this_code_is_refused(sqlite_url: str) -> None:
    open_database(sqlite_url).close()
    with sqlite3.connect(sqlite_url) as raw:
        raw.execute("INSERT INTO schema_version VALUES (?)", (LATEST + 1,))
    raw.close()
    with pytest.raises(DatabaseError, match=f"schema version {LATEST + 1}.*upgrade aviator"):
        open_database(sqlite_url)


def test_a_closed_connection_is_not_reachable(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    assert db.reachable()
    db.close()
    assert not db.reachable()
