"""The `betting:` part of a setup file: the strategy, the limits, and whether bets are real.

Paper mode is the default. Real money needs three things at once: `live: true` here, `--live` on
the command line, and every limit set, for all bookmakers together and for each one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

Money = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Pixels = Annotated[int, Field(ge=0)]
Size = Annotated[int, Field(gt=0)]
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


class SessionKeeperConfig(BaseModel):
    """A harmless click in `safe_zone` (x, y, width, height inside the game: a spot that takes no
    input) now and then, so the site does not end an idle session: the first after `first` seconds
    plus `stagger` seconds per bookmaker before it, then every `every` seconds (random between the
    two). On in live mode; in paper mode only with `paper: true`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    safe_zone: tuple[Pixels, Pixels, Size, Size]
    first: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 300.0
    stagger: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 30.0
    every: tuple[Seconds, Seconds] = (250.0, 350.0)
    paper: bool = False

    def point(self, offset: tuple[int, int]) -> tuple[int, int]:
        """The screen point clicked, for a game whose top left corner is at `offset`."""
        x, y, width, height = self.safe_zone
        return offset[0] + x + width // 2, offset[1] + y + height // 2


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
    session_keeper: SessionKeeperConfig | None = None

    def live_problems(self) -> list[str]:
        """What stops live betting, beside the --live flag: `live: true` and every limit set."""
        problems = [] if self.live else ["betting.live is not true in the setup file"]
        problems += [f"betting.limits.{name} is not set" for name in self.limits.missing()]
        return problems + [
            f"betting.per_bookmaker.{name} is not set" for name in self.per_bookmaker.missing()
        ]
