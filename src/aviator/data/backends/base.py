"""The Database interface every backend implements, and the errors it raises.

Errors follow the project's taxonomy: TemporaryDatabaseError may succeed when retried (server
down, file locked); RecordError means the database refuses these rows (a constraint), so a retry
cannot help; any other DatabaseError names the path or URL and why it cannot be used.
SQL given to `query` uses `?` placeholders on every backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from aviator.data.rounds_once import insert_once_sql, once_params
from aviator.data.schema import LATEST, MIGRATIONS, statements

Row = Sequence[Any]
Execute = Callable[..., list[tuple[Any, ...]]]


class DatabaseError(RuntimeError):
    """The database cannot be opened or used: the message names the path or URL and the reason."""


class TemporaryDatabaseError(DatabaseError):
    """A failure that a later retry may not meet: connection lost, database locked."""


class RecordError(DatabaseError):
    """The database refuses the rows themselves (a constraint or a type): retrying cannot help."""


class Database(ABC):
    """One connection to one database. Not shared between threads: each writer opens its own."""

    dialect: str
    target: str  # the path or the URL without its password, for messages
    identity: str  # the same for one database however it was named (spill file names)

    @abstractmethod
    def insert_many(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        """Inserts every row in one transaction: all of them or none."""

    def insert_rounds_once(self, columns: Sequence[str], rows: Sequence[Row]) -> None:
        """Inserts the rows of `rounds` that are not stored yet (by another node), in one
        transaction no other writer of rounds runs beside (see data/rounds_once.py)."""
        self._execute_serialized(insert_once_sql(columns), once_params(columns, rows))

    @abstractmethod
    def _execute_serialized(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        """`sql` once per parameter row, in one transaction that writers of rounds take in turn."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read-only statement."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def epoch_seconds(self, column: str) -> str:
        """SQL turning an ISO 8601 text column into seconds since 1970: the one thing dialects spell apart."""

    def spill_dir(self) -> Path:
        """Where rows this database cannot take yet wait on local disk (see data/spill.py)."""
        return Path("storage/spill")

    def reachable(self) -> bool:
        """Whether the database answers now (the health monitor's check, on its own connection)."""
        for _ in range(2):  # the first try may only discover a dropped connection and replace it
            try:
                self.query("SELECT 1")
                return True
            except DatabaseError:
                continue
        return False

    @abstractmethod
    def _locked_transaction(self) -> AbstractContextManager[Execute]:
        """A transaction that no other connection migrating the same database runs beside."""

    def migrate(self) -> int:
        """Applies the migrations this database lacks, each once; returns its schema version."""
        with self._locked_transaction() as execute:
            execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = execute("SELECT MAX(version) FROM schema_version")[0][0] or 0
            if current > LATEST:
                raise DatabaseError(
                    f"database {self.target} has schema version {current}; this aviator knows "
                    f"up to {LATEST}: upgrade aviator"
                )
            for version, script in MIGRATIONS:
                if version > current:
                    for statement in statements(script, self.dialect):
                        execute(statement)
                    execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            return LATEST

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
