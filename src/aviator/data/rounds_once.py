"""Each round stored once, however many collector machines (nodes) watched it.

Two nodes watching one bookmaker see the same round: the same crash, started at the same moment
give or take their looks. A round is therefore already stored when a row of the same bookmaker and
crash started within SAME_ROUND seconds of it exists: no two rounds of one game can be that close
(a cycle lasts at least 12.6 s), and two observations of one round always are (the start comes from
the growth curve; a backfilled round's estimate stays within a few seconds). The first row written
is kept (ON CONFLICT DO NOTHING, by that key); its node says who saw it first.

The check and the insert run in one transaction that no other writer of rounds runs beside (SQLite
takes its write lock at BEGIN IMMEDIATE; PostgreSQL an advisory lock), so two nodes writing the same
round at the same instant still store it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from aviator.core.communication.clock import iso

SAME_ROUND = 6.0  # seconds between two starts of one round seen by two nodes, at most
ROUNDS_LOCK = 0x61766961746F73  # pg_advisory_xact_lock key serialising the writers of rounds


def insert_once_sql(columns: Sequence[str]) -> str:
    """INSERT of one row unless the same round is stored: its values, then bookmaker, crash and
    the earliest and latest start of the same round as parameters."""
    names = ", ".join(columns)
    values = ", ".join("?" for _ in columns)
    return (
        f"INSERT INTO rounds ({names}) SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM rounds "
        "WHERE bookmaker = ? AND final_score = ? AND started_at >= ? AND started_at <= ?)"
    )


def once_params(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Each row's parameters for `insert_once_sql`."""
    bookmaker, score, started = (columns.index(name) for name in ("bookmaker", "final_score", "started_at"))
    window = timedelta(seconds=SAME_ROUND)
    params = []
    for row in rows:
        start = datetime.fromisoformat(str(row[started]))
        params.append((*row, row[bookmaker], row[score], iso(start - window), iso(start + window)))
    return params
