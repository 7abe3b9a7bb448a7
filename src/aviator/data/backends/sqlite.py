"""SQLite in WAL mode: the embedded default store.

The connection runs in autocommit mode and every write opens its own BEGIN IMMEDIATE
transaction, so a batch is all-or-nothing and two processes migrating one file take turns.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aviator.data.backends.base import (
    Database,
    DatabaseError,
    Execute,
    RecordError,
    Row,
    TemporaryDatabaseError,
)

BUSY_TIMEOUT = 30.0  # seconds another writer may hold the file before a write is a temporary failure


class SQLiteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path, self.target, self.identity = path, str(path), str(path.resolve())
        with self._errors("cannot open"):
            _make_parent(path)
            self._connection = _connect(path)

    def insert_many(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        with self._errors("cannot write to"), self._transaction() as connection:
            connection.executemany(insert_sql(table, columns), rows)

    def _execute_serialized(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        with self._errors("cannot write to"), self._transaction() as connection:  # BEGIN IMMEDIATE: alone
            connection.executemany(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._errors("cannot read"):
            return self._connection.execute(sql, params).fetchall()

    def close(self) -> None:
        self._connection.close()

    def spill_dir(self) -> Path:
        return self.path.parent / f"{self.path.name}.spill"  # beside the file, whatever the working directory

    def epoch_seconds(self, column: str) -> str:
        return f"((julianday({column}) - 2440587.5) * 86400.0)"  # 2440587.5: the Julian day of 1970-01-01

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._connection
            self._connection.execute("COMMIT")
        except BaseException:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise

    @contextmanager
    def _locked_transaction(self) -> Iterator[Execute]:
        with self._errors("cannot migrate"), self._transaction() as connection:
            yield lambda sql, params=(): connection.execute(sql, params).fetchall()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError) as error:
            raise RecordError(f"{self.target} refused rows: {error}") from error
        except sqlite3.OperationalError as error:
            raise TemporaryDatabaseError(f"{doing} database {self.target}: {error}") from error
        except (OSError, sqlite3.Error) as error:
            raise DatabaseError(f"{doing} database {self.target}: {error}") from error


def insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        _wal_mode(connection)  # readers never block the writer
        connection.execute("PRAGMA synchronous=NORMAL")  # WAL keeps commits atomic; fsync at checkpoints
    except sqlite3.Error:
        connection.close()  # e.g. not a database: leave the file exactly as it was
        raise
    return connection


def _make_parent(path: Path) -> None:
    for parent in (path.parent, *path.parent.parents):
        if parent.exists() and not parent.is_dir():  # mkdir would only say "File exists"
            raise NotADirectoryError(f"{parent} is a file, not a directory")
    path.parent.mkdir(parents=True, exist_ok=True)


def _wal_mode(connection: sqlite3.Connection) -> None:
    """Switches a file to WAL. Another connection switching the same new file at that moment makes
    SQLite answer "locked" at once, without waiting the busy timeout: so wait here."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
