"""Statistics over the recorded rounds and threshold crossings, per bookmaker, node or server group.

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
from aviator.data.readers.rounds import group_readers

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


# How rows are grouped: per bookmaker; per node (the collector machine that wrote them); per server
# group (bookmakers of one group show the same rounds: a group is read from one of them, see
# readers/rounds.py, and a bookmaker without a group stands for itself).
GROUPINGS = {
    "bookmaker": "bookmaker",
    "node": "COALESCE(node, '(no node)')",
    "server-group": "COALESCE(server_group, bookmaker)",
}


def read_stats(
    database: Database, bookmaker: str | None = None, by: str = "bookmaker"
) -> list[BookmakerStats]:
    """Statistics of every bookmaker (or only `bookmaker`), or of every node or server group
    (`by`), sorted by name. Runs and intervals are counted within one bookmaker's rounds (and one
    node's): a streak never joins two games; a node's rate is the sum of its games'."""
    key = GROUPINGS[by]
    where, params = _scope(database, bookmaker, by)
    streaks = _longest_streaks(database, key, where, params)
    watched = _watched(database, key, where, params)
    crossings = _crossings(database, key, where, params)
    counts = ", ".join(f"SUM(CASE WHEN final_score >= {x} THEN 1 ELSE 0 END)" for x in DISTRIBUTION)
    rows = database.query(
        f"SELECT {key} AS grouped, MAX(server_group), COUNT(*), {counts} FROM rounds {where}"
        " GROUP BY grouped ORDER BY grouped",
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


def _scope(database: Database, bookmaker: str | None, by: str) -> tuple[str, tuple[Any, ...]]:
    """The WHERE clause over `rounds`: one bookmaker's rows, or per server group its reader's only."""
    if bookmaker:
        return "WHERE bookmaker = ?", (bookmaker,)
    if by != "server-group":
        return "", ()
    pairs = sorted(group_readers(database).items())
    clauses = ["server_group IS NULL", *["(server_group = ? AND bookmaker = ?)"] * len(pairs)]
    return f"WHERE ({' OR '.join(clauses)})", tuple(value for pair in pairs for value in pair)


def _watched(
    database: Database, key: str, where: str, params: tuple[Any, ...]
) -> dict[str, tuple[int, float]]:
    """Per group: intervals between consecutive rounds of one game without a pause, and the
    longest time one of its games was watched (so a node's rate adds its games' rates up)."""
    start = database.epoch_seconds("started_at")
    rows = database.query(
        "SELECT grouped, SUM(n), MAX(seconds) FROM (SELECT grouped, bookmaker, COUNT(gap) AS n,"
        f" SUM(gap) AS seconds FROM (SELECT {key} AS grouped, bookmaker, {start} - LAG({start})"
        f" OVER (PARTITION BY {key}, bookmaker ORDER BY started_at, id) AS gap FROM rounds {where}) AS gaps"
        f" WHERE gap <= {RECORDING_GAP} GROUP BY grouped, bookmaker) AS games GROUP BY grouped",
        params,
    )
    return {name: (int(n), float(seconds)) for name, n, seconds in rows}


def _longest_streaks(database: Database, key: str, where: str, params: tuple[Any, ...]) -> dict[str, int]:
    # Gaps and islands: a running count of rounds >= 2x numbers each run of rounds below 2x.
    rows = database.query(
        "SELECT grouped, MAX(n) FROM (SELECT grouped, bookmaker, run, COUNT(*) AS n FROM ("
        f" SELECT {key} AS grouped, bookmaker, final_score, SUM(CASE WHEN final_score >= 2 THEN 1 ELSE 0 END)"
        f" OVER (PARTITION BY {key}, bookmaker ORDER BY started_at, id ROWS UNBOUNDED PRECEDING) AS run"
        f" FROM rounds {where}) AS numbered WHERE final_score < 2 GROUP BY grouped, bookmaker, run) AS runs"
        " GROUP BY grouped",
        params,
    )
    return {name: int(n) for name, n in rows}


def _crossings(
    database: Database, key: str, where: str, params: tuple[Any, ...]
) -> dict[str, dict[float, int]]:
    # Only crossings of recorded rounds count, so a rate is a share of the rounds in the table.
    rows = database.query(
        f"SELECT r.grouped, c.threshold, COUNT(DISTINCT r.id) FROM threshold_crossings AS c"
        f" JOIN (SELECT id, bookmaker, started_at, {key} AS grouped FROM rounds {where}) AS r"
        " ON r.bookmaker = c.bookmaker AND r.started_at = c.round_started_at GROUP BY r.grouped, c.threshold",
        params,
    )
    result: dict[str, dict[float, int]] = {}
    for name, threshold, count in rows:
        result.setdefault(name, {})[float(threshold)] = int(count)
    return result


class StatsReader:
    """`read_stats` with a cache that lasts until a round or a crossing is added."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._cache: dict[tuple[str | None, str], tuple[tuple[int, int], list[BookmakerStats]]] = {}

    def read(self, bookmaker: str | None = None, by: str = "bookmaker") -> list[BookmakerStats]:
        version = self._version()
        cached = self._cache.get((bookmaker, by))
        if cached is None or cached[0] != version:
            cached = (version, read_stats(self.database, bookmaker, by))
            self._cache[(bookmaker, by)] = cached
        return cached[1]

    def _version(self) -> tuple[int, int]:
        row = self.database.query(
            "SELECT (SELECT COUNT(*) FROM rounds), (SELECT COUNT(*) FROM threshold_crossings)"
        )[0]
        return int(row[0]), int(row[1])
