"""The versioned schema: migrations applied in order, each exactly once, on SQLite and PostgreSQL.

One definition serves both dialects. The column types are spelled so both accept them
(DOUBLE PRECISION is an 8-byte float in both, BOOLEAN is 0/1 in SQLite); only the row id differs,
written `{id}` here and rendered per dialect. Times are ISO 8601 UTC text in both, so the two
backends hold and export the same values. (Migration 1 said REAL when it was SQLite only: the
same 8-byte float there.)
"""

from __future__ import annotations

ROW_ID = {
    "sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT",
    "postgresql": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
}

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE rounds (
            id {id},
            bookmaker TEXT NOT NULL,
            final_score DOUBLE PRECISION NOT NULL CHECK (final_score >= 1.0),
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL
        );
        CREATE INDEX rounds_bookmaker_ended ON rounds (bookmaker, ended_at);
        """,
    ),
    (
        2,
        """
        ALTER TABLE rounds ADD COLUMN server_group TEXT;
        ALTER TABLE rounds ADD COLUMN flight_seconds DOUBLE PRECISION;
        ALTER TABLE rounds ADD COLUMN loading_seconds DOUBLE PRECISION;
        ALTER TABLE rounds ADD COLUMN players INTEGER;
        ALTER TABLE rounds ADD COLUMN total_bets DOUBLE PRECISION;
        ALTER TABLE rounds ADD COLUMN cashed_out DOUBLE PRECISION;
        ALTER TABLE rounds ADD COLUMN backfilled BOOLEAN NOT NULL DEFAULT FALSE;
        CREATE INDEX rounds_bookmaker_started ON rounds (bookmaker, started_at);
        CREATE TABLE threshold_crossings (
            id {id},
            bookmaker TEXT NOT NULL,
            round_started_at TEXT NOT NULL,
            threshold DOUBLE PRECISION NOT NULL CHECK (threshold > 1.0),
            crossed_at TEXT NOT NULL,
            players_left INTEGER,
            money_left DOUBLE PRECISION
        );
        CREATE INDEX threshold_crossings_round ON threshold_crossings (bookmaker, round_started_at);
        CREATE TABLE phase_transitions (
            id {id},
            bookmaker TEXT NOT NULL,
            phase TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX phase_transitions_bookmaker_at ON phase_transitions (bookmaker, at);
        CREATE TABLE rgb_samples (
            id {id},
            bookmaker TEXT NOT NULL,
            region TEXT NOT NULL,
            at TEXT NOT NULL,
            r_mean DOUBLE PRECISION NOT NULL,
            g_mean DOUBLE PRECISION NOT NULL,
            b_mean DOUBLE PRECISION NOT NULL,
            r_std DOUBLE PRECISION NOT NULL,
            g_std DOUBLE PRECISION NOT NULL,
            b_std DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX rgb_samples_bookmaker_at ON rgb_samples (bookmaker, at);
        CREATE TABLE bets (
            id {id},
            bookmaker TEXT NOT NULL,
            panel INTEGER NOT NULL CHECK (panel IN (1, 2)),
            stake DOUBLE PRECISION NOT NULL CHECK (stake > 0),
            placed_at TEXT NOT NULL,
            round_started_at TEXT,
            auto_cashout DOUBLE PRECISION CHECK (auto_cashout IS NULL OR auto_cashout > 1.0),
            state TEXT NOT NULL,
            result TEXT,
            profit DOUBLE PRECISION,
            mode TEXT NOT NULL CHECK (mode IN ('paper', 'live'))
        );
        CREATE INDEX bets_bookmaker_placed ON bets (bookmaker, placed_at);
        """,
    ),
    (
        3,
        # How well ended_at is known (see Round): rows recorded before this migration keep a NULL
        # bound (unknown) and are not flagged, as nothing was measured then.
        """
        ALTER TABLE rounds ADD COLUMN ended_within DOUBLE PRECISION;
        ALTER TABLE rounds ADD COLUMN late BOOLEAN NOT NULL DEFAULT FALSE;
        """,
    ),
    (
        4,
        # Bets are written once they end, with what the audit and the export need; every step of
        # a bet's life goes to bet_events.
        """
        ALTER TABLE bets ADD COLUMN crash DOUBLE PRECISION;
        ALTER TABLE bets ADD COLUMN strategy TEXT;
        ALTER TABLE bets ADD COLUMN bet_id TEXT;
        ALTER TABLE bets ADD COLUMN cycle_lost BOOLEAN NOT NULL DEFAULT FALSE;
        ALTER TABLE bets ADD COLUMN settled_at TEXT;
        CREATE TABLE bet_events (
            id {id},
            bookmaker TEXT NOT NULL,
            bet_id TEXT NOT NULL,
            at TEXT NOT NULL,
            event TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX bet_events_bet ON bet_events (bet_id);
        """,
    ),
    (
        5,
        # A fleet: every record names the collector machine (node) that wrote it; several nodes
        # watching one bookmaker store each round once, found by bookmaker and start (migration 2's index).
        """
        ALTER TABLE rounds ADD COLUMN node TEXT;
        ALTER TABLE threshold_crossings ADD COLUMN node TEXT;
        ALTER TABLE phase_transitions ADD COLUMN node TEXT;
        ALTER TABLE rgb_samples ADD COLUMN node TEXT;
        ALTER TABLE bets ADD COLUMN node TEXT;
        ALTER TABLE bet_events ADD COLUMN node TEXT;
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]


def statements(script: str, dialect: str) -> list[str]:
    """The script's statements in `dialect` (sqlite or postgresql), one per list item."""
    rendered = script.format(id=ROW_ID[dialect])
    return [s.strip() for s in rendered.split(";") if s.strip()]
