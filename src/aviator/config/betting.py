"""The `betting:` part of a setup file: the strategy, the limits, and whether bets are real.

Paper mode is the default. Real money needs three things at once: `live: true` here, `--live` on
the command line, and every limit set, for all bookmakers together and for each one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

Money = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=1)]


class Limits(BaseModel):
    """Protections no strategy output can get past; a limit left out is not checked (paper only)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_stake: Money | None = None  # the largest stake of one bet
    session_stop_loss: Money | None = None  # the most this session may lose; betting stops there
    daily_loss_limit: Money | None = None  # the most one calendar day (local time) may lose
    take_profit: Money | None = None  # betting stops once this session won that much
    max_consecutive_losses: Count | None = None  # betting stops after that many losses in a row
    cooldown_after_lost_cycle: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None  # seconds
    max_bets_per_hour: Count | None = None

    def missing(self) -> list[str]:
        """The limits left out: live betting refuses to start while any is."""
        return [name for name in type(self).model_fields if getattr(self, name) is None]


class BettingConfig(BaseModel):
    """How the collector bets: `strategy` with its `params`, the `limits` of all bookmakers
    together and the `per_bookmaker` limits of each, the paper `bankroll`, and `live`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    strategy: Annotated[str, Field(min_length=1)] = "martingale"
    params: dict[str, Any] = Field(default_factory=dict)  # checked by the strategy's own Params
    strategies: Path | None = None  # a folder of the user's strategies (relative to the setup file)
    bankroll: Money | None = 1000.0  # the paper balance; None: no bankroll (backtests without --bankroll)
    live: bool = False
    limits: Limits = Limits()
    per_bookmaker: Limits = Limits()

    def live_problems(self) -> list[str]:
        """What stops live betting, beside the --live flag: `live: true` and every limit set."""
        problems = [] if self.live else ["betting.live is not true in the setup file"]
        problems += [f"betting.limits.{name} is not set" for name in self.limits.missing()]
        return problems + [
            f"betting.per_bookmaker.{name} is not set" for name in self.per_bookmaker.missing()
        ]
