"""PostgreSQL through psycopg 3: for setups where several collector machines write to one server.

Rows go in with COPY, the fastest bulk path. A lost connection is a temporary error: the next
call reconnects, so a writer that retries survives a server restart.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from aviator.data.backends.base import (
    Database,
    DatabaseError,
    Execute,
    RecordError,
    Row,
    TemporaryDatabaseError,
)
from aviator.data.rounds_once import ROUNDS_LOCK

CONNECT_TIMEOUT = 10  # seconds, unless the URL sets connect_timeout: a server that does not answer is down
MIGRATION_LOCK = 0x61766961746F72  # pg_advisory_xact_lock key ("aviator") serialising migrations


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, url: str, target: str) -> None:
        self.url, self.target, self.identity = url, target, target
        self._connection: psycopg.Connection | None = None
        self._connect()

    def insert_many(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self._errors("cannot write to"), self._cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def _execute_serialized(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        with self._errors("cannot write to"), self._cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (ROUNDS_LOCK,))  # other nodes wait here
            cursor.executemany(_placeholders(sql), params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._errors("cannot read"), self._cursor() as cursor:
            return cursor.execute(_placeholders(sql), params).fetchall()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()

    def epoch_seconds(self, column: str) -> str:
        return f"EXTRACT(EPOCH FROM CAST({column} AS TIMESTAMPTZ))"

    @contextmanager
    def _locked_transaction(self) -> Iterator[Execute]:
        with self._errors("cannot migrate"), self._cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            yield lambda sql, params=(): _rows(cursor.execute(_placeholders(sql), params))

    @contextmanager
    def _cursor(self) -> Iterator[psycopg.Cursor]:
        """A cursor inside one transaction, on a live connection (reconnecting after a loss)."""
        if self._connection is None or self._connection.closed:
            self._connect()
        with self._connection.transaction(), self._connection.cursor() as cursor:
            yield cursor

    def _connect(self) -> None:
        with self._errors("cannot connect to"):
            timeout = {} if "connect_timeout=" in self.url else {"connect_timeout": CONNECT_TIMEOUT}
            self._connection = psycopg.connect(self.url, autocommit=True, **timeout)

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except (psycopg.IntegrityError, psycopg.DataError) as error:
            raise RecordError(f"{self.target} refused rows: {error}") from error
        except (psycopg.OperationalError, psycopg.InterfaceError) as error:
            self.close()  # a broken connection is replaced on the next call
            raise TemporaryDatabaseError(f"{doing} database {self.target}: {_first_line(error)}") from error
        except psycopg.Error as error:
            raise DatabaseError(f"{doing} database {self.target}: {_first_line(error)}") from error


def _placeholders(sql: str) -> str:
    return sql.replace("?", "%s")  # our SQL has no literal question marks


def _rows(cursor: psycopg.Cursor) -> list[tuple[Any, ...]]:
    return cursor.fetchall() if cursor.description else []


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
