"""One simulated bookmaker's whole game: its rounds, the player's table and the truth it logs."""

from __future__ import annotations

from aviator.sim.engine import GameEngine, GameView
from aviator.sim.table import BetTable, TableView
from aviator.sim.truth_log import TruthLog


class SimGame:
    def __init__(
        self, name: str, engine: GameEngine, truth: TruthLog, drop_keys: frozenset[int] = frozenset()
    ) -> None:
        self.name, self.engine, self.truth = name, engine, truth
        self.table = BetTable(lambda event, **fields: truth.event(event, name, **fields), drop_keys=drop_keys)
        self.view: GameView = engine.view_at(0.0)
        self._logged = 0
        self._crashed = 0  # rounds crashed by the last advance; logged once their frame is shown

    def advance(self, t: float) -> tuple[GameView, TableView]:
        """The game at simulated time `t`: bets settle; call `shown` once its frame is on screen."""
        self._crashed = len(self.engine.crashed_until(t))
        self.view = self.engine.view_at(t)
        self.table.update(self.view, lambda number: self.engine.plan(number).crash)
        return self.view, self.table.view(self.view)

    def shown(self, at: float, crashed: int | None = None) -> None:
        """The frame of the last `advance` is on screen from simulated time `at`: crashes it shows
        for the first time go to the truth log, with `at` as the moment a watcher could first see
        them (later than the crash itself when the simulator fell behind). With `crashed`, a
        browser painted an earlier frame that showed that many crashed rounds."""
        through = self._crashed if crashed is None else min(crashed, self._crashed)
        for number in range(self._logged, through):
            plan = self.engine.plan(number + 1)
            self.truth.round(self.name, plan, self.engine.crowd(plan.number), shown_at=at)
        self._logged = max(self._logged, through)

    @property
    def crashed(self) -> int:
        """Rounds crashed by the last `advance`."""
        return self._crashed

    @property
    def all_shown(self) -> bool:
        """Every round crashed by the last `advance` has been shown, so is in the truth log."""
        return self._logged >= self._crashed
