"""The truth log: what the simulator really did, as JSON lines. Only tests and reports read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from aviator.core.communication.clock import Clock, iso
from aviator.sim.crowd import Crowd
from aviator.sim.engine import RoundPlan

THRESHOLDS = (1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0)  # where the truth notes what was left in the flight


class TruthLog:
    def __init__(self, path: Path, clock: Clock) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: TextIO = path.open("a", encoding="utf-8")
        self.clock = clock

    def round(self, bookmaker: str, plan: RoundPlan, crowd: Crowd, shown_at: float) -> None:
        """The round as it was played (its timeline, its crowd, what was left at each threshold),
        logged in the frame that first shows its crash; `shown_at` is when that frame was on screen
        (the crash itself is `crashed_at`)."""
        self._write(
            {
                "event": "round",
                "bookmaker": bookmaker,
                "round": plan.number,
                "crash": round(plan.crash, 2),
                "started_at": iso(self.clock.utc(plan.flight_start)),
                "crashed_at": iso(self.clock.utc(plan.crash_time)),
                "shown_at": iso(self.clock.utc(max(shown_at, plan.crash_time))),
                "betting_started_at": iso(self.clock.utc(plan.betting_start)),
                "loading_started_at": iso(self.clock.utc(plan.loading_start)),
                "players": crowd.players,
                "total_bets": crowd.total_bets,
                "cashed_out": crowd.cashed(plan.crash, plan.crash)[1],
                "thresholds": [_left_at(crowd, threshold, plan.crash) for threshold in THRESHOLDS],
            }
        )

    def event(self, event: str, bookmaker: str, **fields: Any) -> None:
        """Anything else the simulator did, stamped with the simulated time it happened."""
        self._write(
            {"event": event, "bookmaker": bookmaker, "at": iso(self.clock.utc(self.clock.now())), **fields}
        )

    def _write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def _left_at(crowd: Crowd, threshold: float, crash: float) -> dict[str, Any]:
    """Players and money left when the shown multiplier reached `threshold` (None past the crash)."""
    if threshold >= crash:
        return {"threshold": threshold, "players_left": None, "money_left": None}
    players_left = crowd.cashed(threshold, crash)[0]
    return {
        "threshold": threshold,
        "players_left": players_left,
        "money_left": crowd.money_left(threshold, crash),
    }


def read_truth(path: Path, event: str = "round") -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [r for r in map(json.loads, filter(str.strip, lines)) if r.get("event") == event]
