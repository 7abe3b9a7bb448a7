"""The recorded rounds of one scope (every game, one bookmaker, or one server group) as arrays:
crashes and start times in order of start, and how many of those rounds crossed each threshold.

Bookmakers of one server group show the same rounds (Mozzart = MaxBet = …), so adding their rows
up would count each round several times. A server group is therefore read from ONE of its
bookmakers: the one with the most rounds in that group (ties: the first by name), which has missed
the fewest. "All" is every server group read that way, plus every round recorded without a group.
The SQL is portable (SQLite and PostgreSQL, `?` placeholders); the rows are filtered where they live.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from aviator.data.backends import Database

Kind = Literal["all", "bookmaker", "group"]
Sources = tuple[tuple[str | None, str], ...]  # (server group, bookmaker) pairs


@dataclass(frozen=True)
class Scope:
    """Which rounds to read: every game ("all"), one bookmaker's, or one server group's."""

    kind: Kind = "all"
    name: str | None = None  # the bookmaker or the server group; None for "all"

    @property
    def label(self) -> str:
        if self.kind == "all":
            return "all games (each server group once)"
        return f"{'server group' if self.kind == 'group' else 'bookmaker'}: {self.name}"


ALL = Scope()


@dataclass(frozen=True)
class RecordedRounds:
    """One scope's rounds in order of start (then of recording), and its threshold crossings."""

    scope: Scope
    sources: Sources  # whose rows were read: (server group, bookmaker) pairs
    crashes: np.ndarray  # multipliers, to the game's two decimals
    starts: np.ndarray  # the rounds' starts, seconds since 1970
    thresholds: np.ndarray  # ascending
    crossed: np.ndarray  # for each threshold, how many of these rounds crossed it


def last_crashes(database: Database, bookmaker: str, count: int) -> list[float]:
    """The last `count` crashes recorded for `bookmaker`, newest first (by the order stored)."""
    rows = database.query(
        "SELECT final_score FROM rounds WHERE bookmaker = ? ORDER BY id DESC LIMIT ?", (bookmaker, count)
    )
    return [float(row[0]) for row in rows]


def scopes(database: Database) -> list[Scope]:
    """What a chooser offers: all, then each bookmaker, then each server group, by name."""
    names = database.query("SELECT DISTINCT bookmaker FROM rounds ORDER BY bookmaker")
    groups = database.query(
        "SELECT DISTINCT server_group FROM rounds WHERE server_group IS NOT NULL ORDER BY server_group"
    )
    return [ALL, *(Scope("bookmaker", n) for (n,) in names), *(Scope("group", g) for (g,) in groups)]


def group_readers(database: Database) -> dict[str, str]:
    """Server group -> the bookmaker whose rows stand for it: the most rounds, ties by name."""
    rows = database.query(
        "SELECT server_group, bookmaker, COUNT(*) FROM rounds WHERE server_group IS NOT NULL"
        " GROUP BY server_group, bookmaker"
    )
    best: dict[str, tuple[int, str]] = {}
    for group, bookmaker, count in rows:
        key = (-int(count), bookmaker)  # the smallest key wins: most rounds, then first name
        if group not in best or key < best[group]:
            best[group] = key
    return {group: bookmaker for group, (_, bookmaker) in best.items()}


def read_scope(database: Database, scope: Scope = ALL) -> RecordedRounds:
    """The rounds and crossings of `scope`; empty arrays if it has none."""
    where, params, sources = _filter(database, scope)
    start = database.epoch_seconds("r.started_at")
    rows = database.query(
        f"SELECT r.final_score, {start} FROM rounds AS r WHERE {where} ORDER BY r.started_at, r.id", params
    )
    crashes = np.round(np.asarray([row[0] for row in rows], dtype=float), 2)
    starts = np.asarray([float(row[1]) for row in rows], dtype=float)
    thresholds, crossed = _crossings(database, where, params)
    return RecordedRounds(scope, sources, crashes, starts, thresholds, crossed)


def _filter(database: Database, scope: Scope) -> tuple[str, tuple[Any, ...], Sources]:
    """The WHERE clause over `rounds AS r` selecting the scope's rows, and whose rows they are."""
    if scope.kind == "bookmaker":
        groups = database.query("SELECT DISTINCT server_group FROM rounds WHERE bookmaker = ?", (scope.name,))
        return "r.bookmaker = ?", (scope.name,), tuple((g, str(scope.name)) for (g,) in groups)
    readers = group_readers(database)
    pairs: Sources = tuple(
        (group, bookmaker)
        for group, bookmaker in sorted(readers.items())
        if scope.kind == "all" or group == scope.name
    )
    clauses = ["(r.server_group = ? AND r.bookmaker = ?)"] * len(pairs)
    params = tuple(value for pair in pairs for value in pair)
    if scope.kind == "all":
        clauses.append("r.server_group IS NULL")
        pairs += _ungrouped(database)
    return f"({' OR '.join(clauses) or '1 = 0'})", params, pairs  # 1 = 0: a group without rounds


def _ungrouped(database: Database) -> Sources:
    rows = database.query(
        "SELECT DISTINCT bookmaker FROM rounds WHERE server_group IS NULL ORDER BY bookmaker"
    )
    return tuple((None, name) for (name,) in rows)


def _crossings(database: Database, where: str, params: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray]:
    # Only crossings of the rounds read count, each round once per threshold (a repeated row too).
    rows = database.query(
        "SELECT threshold, COUNT(*) FROM (SELECT DISTINCT c.threshold, c.bookmaker, c.round_started_at"
        " FROM threshold_crossings AS c JOIN rounds AS r"
        f" ON r.bookmaker = c.bookmaker AND r.started_at = c.round_started_at WHERE {where}) AS crossed"
        " GROUP BY threshold ORDER BY threshold",
        params,
    )
    thresholds = np.asarray([float(threshold) for threshold, _ in rows], dtype=float)
    return thresholds, np.asarray([int(count) for _, count in rows], dtype=int)
