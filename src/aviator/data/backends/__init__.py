"""Database backends behind one interface, chosen by a path or URL: SQLite (default) and PostgreSQL."""

from aviator.data.backends.base import Database, DatabaseError, RecordError, TemporaryDatabaseError
from aviator.data.backends.url import open_database

__all__ = ["Database", "DatabaseError", "RecordError", "TemporaryDatabaseError", "open_database"]
