"""What a worker bets with, as the main process hands it over: plain data, so that a worker that
only records never imports the betting code (pydantic, the strategies, the input drivers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class KeeperPlan:
    """Where and when a SessionKeeper clicks: a point of the screen, the first click after `first`
    clock seconds, then every `every` (a random time between the two)."""

    point: tuple[int, int]
    first: float
    every: tuple[float, float]


@dataclass(frozen=True)
class BettingPlan:
    """What a worker bets with: a strategy by name and its checked parameters, the user's
    strategies folder, and the last crashes recorded for its bookmaker (oldest first)."""

    strategy: str
    params: dict[str, Any] = field(default_factory=dict)
    strategies: Path | None = None
    history: tuple[float, ...] = ()
    live: bool = False  # real input; only when --live, `live: true` and every limit were all given
    keeper: KeeperPlan | None = None  # the SessionKeeper's clicks; None: none
