"""SharedGameState: the latest state and running statistics per bookmaker, for the GUI and API.

Only the main process writes it (from the EventBus); readers get immutable snapshots.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any

from aviator.config.settings import GamePhase
from aviator.core.communication.messages import RoundRecorded, WorkerStatus


@dataclass(frozen=True)
class BookmakerSnapshot:
    bookmaker: str
    phase: GamePhase = GamePhase.UNKNOWN
    multiplier: float | None = None
    rounds: int = 0
    last_crash: float | None = None
    at_least_2x: int = 0  # rounds that reached 2.00x, for the running share
    looks: int = 0
    rejected: int = 0
    unreadable: bool = False  # the worker sees no readable game (garbage, a popup, a frozen screen)
    state: str = "Starting"  # the worker's lifecycle state
    restarts: int = 0
    rss_mb: float | None = None
    cpu_percent: float | None = None
    bets: int = 0  # bets settled this session (paper or live)
    profit: float | None = None  # their profit; None while this bookmaker has not bet

    @property
    def share_2x(self) -> float | None:
        return self.at_least_2x / self.rounds if self.rounds else None


class SharedGameState:
    def __init__(self, bookmakers: list[str]) -> None:
        self._lock = threading.Lock()
        self._state = {name: BookmakerSnapshot(name) for name in bookmakers}

    def _update(self, bookmaker: str, **changes: Any) -> None:
        with self._lock:
            old = self._state.get(bookmaker, BookmakerSnapshot(bookmaker))
            self._state[bookmaker] = replace(old, **changes)

    def on_status(self, status: WorkerStatus) -> None:
        self._update(
            status.bookmaker,
            phase=status.phase,
            multiplier=status.multiplier,
            looks=status.looks,
            rejected=status.rejected,
            unreadable=status.unreadable,
        )

    def on_round(self, message: RoundRecorded) -> None:
        old = self.get(message.bookmaker)
        score = message.round.final_score
        self._update(
            message.bookmaker,
            rounds=old.rounds + 1,
            last_crash=score,
            at_least_2x=old.at_least_2x + (score >= 2.0),
        )

    def on_lifecycle(self, bookmaker: str, state: str, restarts: int) -> None:
        self._update(bookmaker, state=state, restarts=restarts)

    def on_bets(self, bookmaker: str, bets: int, profit: float) -> None:
        self._update(bookmaker, bets=bets, profit=profit)

    def on_resources(self, bookmaker: str, rss_mb: float, cpu_percent: float) -> None:
        self._update(bookmaker, rss_mb=rss_mb, cpu_percent=cpu_percent)

    def names(self) -> list[str]:
        with self._lock:
            return list(self._state)

    def get(self, bookmaker: str) -> BookmakerSnapshot:
        with self._lock:
            return self._state.get(bookmaker, BookmakerSnapshot(bookmaker))

    def snapshot(self) -> list[BookmakerSnapshot]:
        with self._lock:
            return list(self._state.values())
