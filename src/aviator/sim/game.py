"""One simulated bookmaker's whole game: its rounds, the player's table and the truth it logs."""

from __future__ import annotations

from aviator.sim.engine import GameEngine, GameView
from aviator.sim.table import BetTable, TableView
from aviator.sim.truth_log import TruthLog


class SimGame:
    def __init__(self, name: str, engine: GameEngine, truth: TruthLog) -> None:
        self.name, self.engine, self.truth = name, engine, truth
        self.table = BetTable(lambda event, **fields: truth.event(event, name, **fields))
        self.view: GameView = engine.view_at(0.0)
        self._logged = 0

    def advance(self, t: float) -> tuple[GameView, TableView]:
        """The game at simulated time `t`: new crashes go to the truth log, bets settle."""
        for plan in self.engine.crashed_until(t)[self._logged :]:
            self.truth.round(self.name, plan, self.engine.crowd(plan.number))
            self._logged += 1
        self.view = self.engine.view_at(t)
        self.table.update(self.view, lambda number: self.engine.plan(number).crash)
        return self.view, self.table.view(self.view)
