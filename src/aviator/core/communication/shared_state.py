"""SharedGameState: the latest state and running counts per bookmaker, for the GUI and API."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from aviator.config.settings import GamePhase
from aviator.core.communication.messages import RoundRecorded, WorkerStatus


@dataclass(frozen=True)
class BookmakerSnapshot:
    bookmaker: str
    phase: GamePhase = GamePhase.UNKNOWN
    multiplier: float | None = None
    rounds: int = 0
    last_crash: float | None = None
    looks: int = 0
    rejected: int = 0


class SharedGameState:
    def __init__(self, bookmakers: list[str]) -> None:
        self._lock = threading.Lock()
        self._state = {name: BookmakerSnapshot(name) for name in bookmakers}

    def on_status(self, status: WorkerStatus) -> None:
        with self._lock:
            old = self._state.get(status.bookmaker, BookmakerSnapshot(status.bookmaker))
            self._state[status.bookmaker] = replace(
                old,
                phase=status.phase,
                multiplier=status.multiplier,
                looks=status.looks,
                rejected=status.rejected,
            )

    def on_round(self, message: RoundRecorded) -> None:
        with self._lock:
            old = self._state.get(message.bookmaker, BookmakerSnapshot(message.bookmaker))
            self._state[message.bookmaker] = replace(
                old, rounds=old.rounds + 1, last_crash=message.round.final_score
            )

    def snapshot(self) -> list[BookmakerSnapshot]:
        with self._lock:
            return list(self._state.values())
