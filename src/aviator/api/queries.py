"""What the API reads from the database: pages of rounds by a cursor, the last bets, and statistics
beside the crash law. Portable SQL (`?` placeholders) for SQLite and PostgreSQL.

Paging is by the row id (the order rounds were stored in), so a page never repeats or skips a row
while new rounds arrive: the cursor is the last id of the page before, written as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from aviator.analysis.statistics import CHART_NOTE
from aviator.api.models import BetOut, LawPoint, StatsOut
from aviator.config.settings import RTP
from aviator.core.communication.clock import iso
from aviator.data.backends import Database
from aviator.data.readers.rounds import Scope, read_scope
from aviator.data.readers.stats import DISTRIBUTION

ROUND_COLUMNS = "id, bookmaker, final_score, started_at, ended_at, server_group, backfilled"
BET_COLUMNS = (
    "id, bookmaker, panel, stake, placed_at, auto_cashout, state, result, profit, mode, crash, strategy"
)


@dataclass(frozen=True)
class RoundFilter:
    """Which rounds a page holds: one bookmaker's or all, ended within [since, until), after `after`."""

    bookmaker: str | None = None
    since: str | None = None  # ISO 8601 UTC, compared as the stored text
    until: str | None = None
    after: int = 0  # the cursor: ids above this one

    def where(self) -> tuple[str, tuple[Any, ...]]:
        clauses, params = ["id > ?"], [self.after]
        for clause, value in (
            ("bookmaker = ?", self.bookmaker),
            ("ended_at >= ?", self.since),
            ("ended_at < ?", self.until),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        return " AND ".join(clauses), tuple(params)


def utc_text(moment: datetime | None) -> str | None:
    """A time as the records store it (ISO 8601 UTC, milliseconds, Z), so that text compares as time;
    a time without a zone is taken as UTC."""
    if moment is None:
        return None
    return iso(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))


def rounds_page(database: Database, wanted: RoundFilter, limit: int) -> str:
    """The page as the JSON text of a RoundsPage, written straight from the rows: no model is built
    per row, so a page of 1,000 costs a few milliseconds (benchmarks/bench_api.py)."""
    where, params = wanted.where()
    rows = database.query(
        f"SELECT {ROUND_COLUMNS} FROM rounds WHERE {where} ORDER BY id LIMIT ?", (*params, limit + 1)
    )
    page = [_round(row) for row in rows[:limit]]
    more = len(rows) > limit
    return json.dumps({"rounds": page, "next_cursor": str(page[-1]["id"]) if more else None})


def _round(row: tuple[Any, ...]) -> dict[str, Any]:
    """One row as a RoundOut's fields."""
    id_, bookmaker, score, started, ended, group, backfilled = row
    return {
        "id": int(id_),
        "bookmaker": str(bookmaker),
        "final_score": float(score),
        "started_at": str(started),
        "ended_at": str(ended),
        "server_group": group,
        "backfilled": bool(backfilled),
    }


def rounds_since(database: Database, since: datetime) -> dict[str, int]:
    """Rounds recorded per bookmaker that ended at `since` or later."""
    rows = database.query(
        "SELECT bookmaker, COUNT(*) FROM rounds WHERE ended_at >= ? GROUP BY bookmaker", (iso(since),)
    )
    return {str(name): int(count) for name, count in rows}


def last_bets(database: Database, limit: int, bookmaker: str | None = None) -> list[BetOut]:
    where, params = ("WHERE bookmaker = ?", (bookmaker,)) if bookmaker else ("", ())
    rows = database.query(
        f"SELECT {BET_COLUMNS} FROM bets {where} ORDER BY id DESC LIMIT ?", (*params, limit)
    )
    names = [name.strip() for name in BET_COLUMNS.split(",")]
    return [BetOut(**dict(zip(names, row, strict=True))) for row in rows]


def in_group(database: Database, bookmaker: str, group: str) -> bool:
    rows = database.query(
        "SELECT 1 FROM rounds WHERE bookmaker = ? AND server_group = ? LIMIT 1", (bookmaker, group)
    )
    return bool(rows)


def stats(database: Database, scope: Scope, rounds: bool = True) -> StatsOut:
    """The scope's crashes beside the law (a server group counted once, see read_scope); `rounds`
    False: none (filters that exclude each other)."""
    crashes = read_scope(database, scope).crashes if rounds else np.empty(0)
    count = int(crashes.size)
    points = [
        LawPoint(x=x, observed=float(np.mean(crashes >= x)) if count else None, law=min(1.0, RTP / x))
        for x in DISTRIBUTION
    ]
    return StatsOut(
        scope=scope.label,
        rounds=count,
        median=float(np.median(crashes)) if count else None,
        share_2x=float(np.mean(crashes >= 2.0)) if count else None,
        distribution=points,
        note=CHART_NOTE,
    )
