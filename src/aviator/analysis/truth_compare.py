"""How the recorded rounds compare with the simulator's truth log.

Each truth round is matched to the recorded round of the same bookmaker whose end time is
nearest, within a tolerance; a recorded round can match only once. Captured counts matches,
exact counts matches with the same multiplier, extra counts recorded rounds matched to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

TOLERANCE_SECONDS = 5.0  # half the ~10 s minimum between two crashes


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
        crashed = _when(round_["crashed_at"])
        distances = [(abs((_when(mine[i]["ended_at"]) - crashed).total_seconds()), i) for i in unused]
        if not distances or min(distances)[0] > TOLERANCE_SECONDS:
            continue
        index = min(distances)[1]
        unused.remove(index)
        captured += 1
        exact += round(float(mine[index]["final_score"]), 2) == round(float(round_["crash"]), 2)
    return BookmakerComparison(name, len(expected), len(mine), captured, exact)
