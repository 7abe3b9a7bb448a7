"""The built-in strategies, all ladders: martingale (the seed's), flat, paroli, dalembert.

None of them changes the expected loss: every bet returns about -3 % of its stake on average.
They differ in how that loss is spread (many small wins and a rare large loss for Martingale).
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from aviator.strategies.base import Params
from aviator.strategies.ladder import Ladder, LadderStrategy

Stake = Annotated[float, Field(ge=0.01, allow_inf_nan=False)]  # a cent at least: stakes are in cents
CashOut = Annotated[float, Field(ge=1.01, le=1_000_000, allow_inf_nan=False)]
Panel = Annotated[int, Field(ge=0, le=1)]


class MartingaleParams(Params):
    """The seed's ladder: the next step after a loss, back to the first after a win."""

    stakes: Annotated[tuple[Stake, ...], Field(min_length=1)] = (10, 20, 40, 70, 120, 200)
    cashouts: Annotated[tuple[CashOut, ...], Field(min_length=1)] = (2.20, 2.20, 2.20, 2.50, 3.00, 3.00)
    panel: Panel = 0

    @model_validator(mode="after")
    def _same_length(self) -> Self:
        if len(self.stakes) != len(self.cashouts):
            raise ValueError(
                f"stakes has {len(self.stakes)} steps, cashouts {len(self.cashouts)}: give one each"
            )
        return self


class Martingale(LadderStrategy):
    """After a win, step 0; after a loss, the next step; a loss on the last step ends a lost cycle."""

    name = "martingale"
    Params = MartingaleParams

    def ladder(self) -> Ladder:
        steps = len(self.params.stakes)
        return Ladder(
            stakes=self.params.stakes,
            cashouts=self.params.cashouts,
            on_win=(0,) * steps,
            on_loss=tuple((step + 1) % steps for step in range(steps)),
            lost_cycle=tuple(step == steps - 1 for step in range(steps)),
        )


class FlatParams(Params):
    """One stake at one cash-out, every round."""

    stake: Stake = 10
    auto_cashout: CashOut = 2.0
    panel: Panel = 0


class Flat(LadderStrategy):
    """The same bet every round: the plainest measure of the house edge."""

    name = "flat"
    Params = FlatParams

    def ladder(self) -> Ladder:
        p = self.params
        return Ladder((p.stake,), (p.auto_cashout,), (0,), (0,), (False,))


class ParoliParams(Params):
    """Multiply the stake by `factor` after each win; back to `stake` after `wins` wins or a loss."""

    stake: Stake = 10
    auto_cashout: CashOut = 2.0
    factor: Annotated[float, Field(gt=1, le=10, allow_inf_nan=False)] = 2.0
    wins: Annotated[int, Field(ge=1, le=10)] = 3
    panel: Panel = 0


class Paroli(LadderStrategy):
    """The reverse Martingale: raises after wins, never after losses."""

    name = "paroli"
    Params = ParoliParams

    def ladder(self) -> Ladder:
        p = self.params
        return Ladder(
            stakes=tuple(round(p.stake * p.factor**step, 2) for step in range(p.wins)),
            cashouts=(p.auto_cashout,) * p.wins,
            on_win=tuple((step + 1) % p.wins for step in range(p.wins)),
            on_loss=(0,) * p.wins,
            lost_cycle=(False,) * p.wins,
        )


class DalembertParams(Params):
    """One `unit` more after a loss, one less after a win, between `unit` and `levels` units."""

    unit: Stake = 10
    auto_cashout: CashOut = 2.0
    levels: Annotated[int, Field(ge=1, le=100)] = 10
    panel: Panel = 0


class Dalembert(LadderStrategy):
    """D'Alembert: a slow ladder; a loss at the top level ends a lost cycle, back to one unit."""

    name = "dalembert"
    Params = DalembertParams

    def ladder(self) -> Ladder:
        p, top = self.params, self.params.levels - 1
        return Ladder(
            stakes=tuple(round(p.unit * (level + 1), 2) for level in range(p.levels)),
            cashouts=(p.auto_cashout,) * p.levels,
            on_win=tuple(max(level - 1, 0) for level in range(p.levels)),
            on_loss=tuple(level + 1 if level < top else 0 for level in range(p.levels)),
            lost_cycle=tuple(level == top for level in range(p.levels)),
        )


BUILT_IN = {s.name: s for s in (Martingale, Flat, Paroli, Dalembert)}
