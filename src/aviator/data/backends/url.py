"""Which backend a `--db` value means: a file path or `sqlite:///…` is SQLite, `postgresql://…` PostgreSQL.

SQLite URLs follow SQLAlchemy's spelling: `sqlite:///run.db` is relative, `sqlite:////srv/run.db`
absolute.
"""

from __future__ import annotations

import re
from pathlib import Path

from aviator.data.backends.base import Database, DatabaseError
from aviator.data.backends.postgres import PostgresDatabase
from aviator.data.backends.sqlite import SQLiteDatabase

POSTGRES_SCHEMES = ("postgresql", "postgres")


def open_database(target: str | Path, *, must_exist: bool = False) -> Database:
    """Opens and migrates the database `target` names. `must_exist`: refuse to create a new one
    (readers: a typo in a path must not look like an empty database)."""
    text = str(target)
    if re.match(r"[A-Za-z][\w+.-]+:/[^/]", text):  # a scheme of two letters or more: not C:/
        raise DatabaseError(f"{text} looks like a database URL that lost a slash (a file path type drops it)")
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme in POSTGRES_SCHEMES:
        database: Database = PostgresDatabase(text, redact(text))
    elif scheme in ("", "sqlite"):
        database = _open_sqlite(_sqlite_path(text, scheme), must_exist)
    else:
        raise DatabaseError(
            f"unsupported database URL {redact(text)}: use a file path, sqlite:///PATH or postgresql://…"
        )
    try:
        database.migrate()
    except BaseException:
        database.close()
        raise
    return database


def _sqlite_path(text: str, scheme: str) -> Path:
    if not scheme:
        return Path(text)
    if not text.lower().startswith("sqlite:///") or text == "sqlite:///":
        raise DatabaseError(f"bad SQLite URL {text}: write sqlite:///relative.db or sqlite:////absolute.db")
    return Path(text[len("sqlite:///") :])


def _open_sqlite(path: Path, must_exist: bool) -> SQLiteDatabase:
    if must_exist and not path.is_file():
        raise DatabaseError(f"no database at {path}")
    return SQLiteDatabase(path)


def redact(url: str) -> str:
    """The URL with its password hidden, fit for messages and logs."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)
