"""The versioned schema: migrations applied in order, each exactly once."""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            bookmaker TEXT NOT NULL,
            final_score REAL NOT NULL CHECK (final_score >= 1.0),
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL
        );
        CREATE INDEX rounds_bookmaker_ended ON rounds (bookmaker, ended_at);
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]
