"""How the recorded rounds compare with the simulator's truth log.

Each truth round is matched to a recorded round of the same bookmaker whose end time is within a
tolerance (wider for rounds backfilled from the history strip, whose times are estimates),
preferring one with the same multiplier, then the nearest; a recorded round matches only once.
Captured counts matches, exact counts matches with the same multiplier, extra counts recorded
rounds matched to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

TOLERANCE_SECONDS = 5.0  # half the ~10 s minimum between two crashes
BACKFILLED_TOLERANCE = 20.0  # a backfilled time is estimated from the game's usual pauses


@dataclass(frozen=True)
class BookmakerComparison:
    bookmaker: str
    truth: int
    recorded: int
    captured: int
    exact: int

    @property
    def extra(self) -> int:
        return self.recorded - self.captured


@dataclass(frozen=True)
class Comparison:
    bookmakers: list[BookmakerComparison]

    def total(self, field: str) -> int:
        return sum(getattr(b, field) for b in self.bookmakers)

    def percent(self, field: str) -> float:
        truth = self.total("truth")
        return 100.0 * self.total(field) / truth if truth else 100.0

    @property
    def perfect(self) -> bool:
        return self.total("exact") == self.total("truth") and self.total("extra") == 0


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def compare(truth: list[dict[str, Any]], recorded: list[dict[str, Any]]) -> Comparison:
    names = sorted({r["bookmaker"] for r in truth} | {r["bookmaker"] for r in recorded})
    return Comparison([_compare_one(name, truth, recorded) for name in names])


def _compare_one(
    name: str, truth: list[dict[str, Any]], recorded: list[dict[str, Any]]
) -> BookmakerComparison:
    expected = [r for r in truth if r["bookmaker"] == name]
    mine = [r for r in recorded if r["bookmaker"] == name]
    unused = list(range(len(mine)))
    captured = exact = 0
    for round_ in expected:
        index = _best_match(round_, mine, unused)
        if index is None:
            continue
        unused.remove(index)
        captured += 1
        exact += _same_value(mine[index], round_)
    return BookmakerComparison(name, len(expected), len(mine), captured, exact)


def _same_value(recorded: dict[str, Any], truth: dict[str, Any]) -> bool:
    return round(float(recorded["final_score"]), 2) == round(float(truth["crash"]), 2)


def _best_match(truth: dict[str, Any], mine: list[dict[str, Any]], unused: list[int]) -> int | None:
    crashed = _when(truth["crashed_at"])
    candidates = []
    for i in unused:
        distance = abs((_when(mine[i]["ended_at"]) - crashed).total_seconds())
        limit = BACKFILLED_TOLERANCE if mine[i].get("backfilled") else TOLERANCE_SECONDS
        if distance <= limit:
            candidates.append((not _same_value(mine[i], truth), distance, i))
    return min(candidates)[2] if candidates else None
