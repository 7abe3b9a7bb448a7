"""Strategies that are a ladder of steps: each step a stake and an auto cash-out, and the step to
go to after a win or a loss. Martingale, flat, Paroli and D'Alembert are ladders; a ladder is also
what the vectorised Monte Carlo runs, thousands of paths at once, by the same table."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aviator.strategies.base import Decision, Params, Strategy


@dataclass(frozen=True)
class Ladder:
    """Step i bets stakes[i] at cash-out cashouts[i]; then goes to on_win[i] or on_loss[i]; a loss
    at a step whose lost_cycle[i] is set ends a lost cycle."""

    stakes: tuple[float, ...]
    cashouts: tuple[float, ...]
    on_win: tuple[int, ...]
    on_loss: tuple[int, ...]
    lost_cycle: tuple[bool, ...]

    def arrays(self) -> tuple[np.ndarray, ...]:
        """The table as numpy arrays, indexed by step: for stepping many paths at once."""
        columns = (self.stakes, self.cashouts, self.on_win, self.on_loss)
        return (*(np.asarray(column) for column in columns), np.asarray(self.lost_cycle, dtype=bool))


class LadderStrategy(Strategy, ABC):
    """A strategy whose state is its step on a ladder; subclasses build the ladder."""

    @abstractmethod
    def ladder(self) -> Ladder:
        """The strategy's table of steps, built from its parameters."""

    def __init__(self, params: Params) -> None:
        super().__init__(params)
        self.table = self.ladder()

    def start(self) -> int:
        return 0

    def decide(self, history: Sequence[float], state: int) -> Decision:
        return Decision(self.table.stakes[state], self.table.cashouts[state], self.params.panel)

    def after(self, state: int, won: bool) -> int:
        return self.table.on_win[state] if won else self.table.on_loss[state]

    def ends_lost_cycle(self, state: int, won: bool) -> bool:
        return not won and self.table.lost_cycle[state]
