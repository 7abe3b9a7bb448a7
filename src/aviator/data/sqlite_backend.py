"""SQLite in WAL mode: the embedded default store."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aviator.data.schema import MIGRATIONS


class DatabaseError(RuntimeError):
    """The database cannot be opened or used: names the path and the reason."""


def connect(path: Path | str) -> sqlite3.Connection:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        migrate(connection)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseError(f"cannot use database {path}: {error}") from error
    return connection


def migrate(connection: sqlite3.Connection) -> int:
    """Applies the migrations this database lacks; returns its schema version."""
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    current = row[0] or 0
    for version, script in MIGRATIONS:
        if version > current:
            connection.executescript(
                f"BEGIN; {script} INSERT INTO schema_version VALUES ({version}); COMMIT;"
            )
            current = version
    return current


def insert_many(
    connection: sqlite3.Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    with connection:
        connection.executemany(sql, rows)
