"""CrowdWatcher: the round's players and money as the screen shows them, checked across looks.

In the flight the players in play only go down and the money cashed out only goes up, and never
more players are in play than bet. A reading that breaks this is dropped (None), never stored.
At the crash the screen shows what the round ended with: the MainCollector takes players, total
bets and cashed out from there, and the ThresholdCollector what was left at each threshold from
the flight's looks.
"""

from __future__ import annotations

from dataclasses import dataclass

from aviator.config.settings import GamePhase
from aviator.core.ocr.crowd import CrowdReader

ALL = ("players", "total_bets", "players_left", "cashed_out")
READ_IN = {
    GamePhase.LOADING: ("players", "total_bets"),
    GamePhase.PLAYING: ALL,
    GamePhase.ENDED: ALL,
}


@dataclass(frozen=True)
class RoundCrowd:
    """What a round ended with, as far as the screen showed it."""

    players: int | None = None
    total_bets: float | None = None
    cashed_out: float | None = None  # money cashed out before the crash


NO_CROWD = RoundCrowd()


class CrowdWatcher:
    def __init__(self, reader: CrowdReader) -> None:
        self.reader = reader
        self.rejected = 0  # readings dropped for breaking the rules across looks
        self._phase = GamePhase.UNKNOWN
        self._seen: dict[str, float | None] = {}  # this look's checked values
        self._flight: dict[str, float] = {}  # the last accepted flight values, for monotony
        self._ended: dict[str, float | None] = {}

    def look(self, phase: GamePhase) -> None:
        """Reads what `phase` shows; a new round (betting, loading, a flight after a crash) starts afresh."""
        if phase in (GamePhase.BETTING, GamePhase.LOADING) or (
            phase is GamePhase.PLAYING and self._phase is GamePhase.ENDED
        ):
            self._flight, self._ended = {}, {}
        self._phase = phase
        values = self.reader.read(READ_IN.get(phase, ()))
        self._seen = self._checked(values)
        if phase is GamePhase.ENDED:
            self._ended = dict(self._seen)
        else:
            self._flight.update({k: v for k, v in self._seen.items() if v is not None})

    def _checked(self, values: dict[str, float | None]) -> dict[str, float | None]:
        checked = dict(values)
        last = self._flight
        rules = (
            ("players_left", lambda v: v <= (values.get("players") or last.get("players") or v)),
            ("players_left", lambda v: v <= last.get("players_left", v)),
            ("cashed_out", lambda v: v >= last.get("cashed_out", v)),
        )
        for name, holds in rules:
            if checked.get(name) is not None and not holds(checked[name]):
                checked[name] = None
                self.rejected += 1
        return checked

    def left(self) -> tuple[int | None, float | None]:
        """Players in play and money left in the pot (total bets minus cashed out) at this look."""
        players = self._seen.get("players_left")
        total, paid = self._seen.get("total_bets"), self._seen.get("cashed_out")
        money = None if total is None or paid is None else round(total - paid, 2)
        return (None if players is None else int(players)), money

    def round_crowd(self) -> RoundCrowd:
        """Players and total bets as last seen, cashed out as the crash shows it."""
        players, total = (_first(self._ended.get(k), self._flight.get(k)) for k in ("players", "total_bets"))
        return RoundCrowd(None if players is None else int(players), total, self._ended.get("cashed_out"))


def _first(*values: float | None) -> float | None:
    return next((value for value in values if value is not None), None)
