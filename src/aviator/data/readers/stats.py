"""Per-bookmaker statistics over the recorded rounds and threshold crossings.

Everything is computed in portable SQL (window functions run on SQLite >= 3.25 and PostgreSQL),
so a large database is summarised where it lives. `StatsReader` caches each answer until a row is
added: rows are never deleted, so unchanged row counts mean unchanged statistics.

Rounds are independent: P(M >= x) ~= 0.97 / x whatever came before. These numbers describe the
past; none of them predicts a round, and no strategy beats the ~3 % house edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aviator.config.settings import RTP
from aviator.data.backends import Database

HONEST_NOTE = (
    "Rounds are independent: P(M >= x) ~= 0.97/x whatever came before. These numbers describe the past; "
    "none predicts a round, and no strategy beats the ~3 % house edge."
)


DISTRIBUTION = (1.5, 2.0, 3.0, 5.0, 10.0, 100.0)  # the x of P(M >= x) each report shows
# Round starts further apart than this mean the recording paused: a ~1,000x flight lasts under 2 minutes.
RECORDING_GAP = 300.0


@dataclass(frozen=True)
class BookmakerStats:
    bookmaker: str
    server_group: str | None  # bookmakers of one group show the same rounds: compare, do not add up
    rounds: int
    intervals: int  # pairs of consecutive rounds recorded without a pause between them
    watched_seconds: float  # the time those intervals cover
    at_least: dict[float, int]  # x of DISTRIBUTION -> rounds that crashed at x or later
    longest_under_2x: int  # consecutive rounds below 2x, in order of start
    crossings: dict[float, int] = field(default_factory=dict)  # threshold -> rounds that crossed it

    @property
    def rounds_per_hour(self) -> float | None:
        """While recording: pauses (a night, a restart) do not dilute it."""
        return 3600 * self.intervals / self.watched_seconds if self.watched_seconds > 0 else None

    def share(self, count: int) -> float:
        return count / self.rounds if self.rounds else 0.0

    def distribution(self) -> dict[float, float]:
        """P(M >= x) as recorded, for each x of DISTRIBUTION."""
        return {x: self.share(n) for x, n in self.at_least.items()}

    def crossing_rates(self) -> dict[float, float]:
        return {threshold: self.share(n) for threshold, n in sorted(self.crossings.items())}


def expected_share(multiplier: float) -> float:
    """The crash law's P(M >= x)."""
    return min(1.0, RTP / multiplier)


def read_stats(database: Database, bookmaker: str | None = None) -> list[BookmakerStats]:
    """Statistics of every bookmaker (or only `bookmaker`), sorted by name."""
    where, params = _only(bookmaker, "bookmaker")
    streaks = _longest_streaks(database, where, params)
    watched = _watched(database, where, params)
    crossings = _crossings(database, bookmaker)
    counts = ", ".join(f"SUM(CASE WHEN final_score >= {x} THEN 1 ELSE 0 END)" for x in DISTRIBUTION)
    rows = database.query(
        f"SELECT bookmaker, MAX(server_group), COUNT(*), {counts} FROM rounds {where}"
        " GROUP BY bookmaker ORDER BY bookmaker",
        params,
    )
    return [
        BookmakerStats(
            *row[:3],
            *watched.get(row[0], (0, 0.0)),
            dict(zip(DISTRIBUTION, map(int, row[3:]), strict=True)),
            streaks.get(row[0], 0),
            crossings.get(row[0], {}),
        )
        for row in rows
    ]


def _watched(database: Database, where: str, params: tuple[Any, ...]) -> dict[str, tuple[int, float]]:
    start = database.epoch_seconds("started_at")
    rows = database.query(
        f"SELECT bookmaker, COUNT(gap), SUM(gap) FROM (SELECT bookmaker, {start} - LAG({start})"
        f" OVER (PARTITION BY bookmaker ORDER BY started_at, id) AS gap FROM rounds {where}) AS gaps"
        f" WHERE gap <= {RECORDING_GAP} GROUP BY bookmaker",
        params,
    )
    return {name: (int(n), float(seconds)) for name, n, seconds in rows}


def _longest_streaks(database: Database, where: str, params: tuple[Any, ...]) -> dict[str, int]:
    # Gaps and islands: a running count of rounds >= 2x numbers each run of rounds below 2x.
    rows = database.query(
        "SELECT bookmaker, MAX(n) FROM (SELECT bookmaker, run, COUNT(*) AS n FROM ("
        " SELECT bookmaker, final_score, SUM(CASE WHEN final_score >= 2 THEN 1 ELSE 0 END)"
        " OVER (PARTITION BY bookmaker ORDER BY started_at, id ROWS UNBOUNDED PRECEDING) AS run"
        f" FROM rounds {where}) AS numbered WHERE final_score < 2 GROUP BY bookmaker, run) AS runs"
        " GROUP BY bookmaker",
        params,
    )
    return {name: int(n) for name, n in rows}


def _crossings(database: Database, bookmaker: str | None) -> dict[str, dict[float, int]]:
    # Only crossings of recorded rounds count, so a rate is a share of the rounds in the table.
    where, params = _only(bookmaker, "c.bookmaker")
    rows = database.query(
        "SELECT c.bookmaker, c.threshold, COUNT(DISTINCT c.round_started_at) FROM threshold_crossings AS c"
        " JOIN rounds AS r ON r.bookmaker = c.bookmaker AND r.started_at = c.round_started_at"
        f" {where} GROUP BY c.bookmaker, c.threshold",
        params,
    )
    result: dict[str, dict[float, int]] = {}
    for name, threshold, count in rows:
        result.setdefault(name, {})[float(threshold)] = int(count)
    return result


def _only(bookmaker: str | None, column: str) -> tuple[str, tuple[Any, ...]]:
    return (f"WHERE {column} = ?", (bookmaker,)) if bookmaker else ("", ())


class StatsReader:
    """`read_stats` with a cache that lasts until a round or a crossing is added."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._cache: dict[str | None, tuple[tuple[int, int], list[BookmakerStats]]] = {}

    def read(self, bookmaker: str | None = None) -> list[BookmakerStats]:
        version = self._version()
        cached = self._cache.get(bookmaker)
        if cached is None or cached[0] != version:
            cached = (version, read_stats(self.database, bookmaker))
            self._cache[bookmaker] = cached
        return cached[1]

    def _version(self) -> tuple[int, int]:
        row = self.database.query(
            "SELECT (SELECT COUNT(*) FROM rounds), (SELECT COUNT(*) FROM threshold_crossings)"
        )[0]
        return int(row[0]), int(row[1])
