"""The strategy interface: declarative parameters and one decision method, nothing else.

A strategy is stateless: `decide` is a function of the bookmaker's last rounds and the state the
strategy returned last; `after` gives the state after a settled bet. The StrategyExecutor holds
that state and wraps every call, so a strategy that raises, hangs or answers garbage means no bet.
Rounds are independent and the house edge is about 3 %: a strategy changes how the money moves,
never its expected loss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class Decision:
    """One bet a strategy asks for: its stake, its automatic cash-out, and which bet panel."""

    stake: float
    auto_cashout: float
    panel: int = 0  # 0: the left bet panel, 1: the right one


class Params(BaseModel):
    """A strategy's parameters, as written under `strategy.params` or in a --params file."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Strategy:
    """Base class of every strategy: subclasses set `name` and `Params` and write `decide`."""

    name: ClassVar[str] = ""
    Params: ClassVar[type[Params]] = Params

    def __init__(self, params: Params) -> None:
        self.params = params

    def start(self) -> Any:
        """The state before the first bet."""
        return None

    def decide(self, history: Sequence[float], state: Any) -> Decision | None:
        """The bet on the next round, or None; `history` holds the last crashes, newest last."""
        raise NotImplementedError

    def after(self, state: Any, won: bool) -> Any:
        """The state after a bet was settled."""
        return state

    def ends_lost_cycle(self, state: Any, won: bool) -> bool:
        """True when this loss, from `state`, closes a lost cycle (a Martingale ladder's top step)."""
        return False
