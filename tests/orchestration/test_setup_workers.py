"""From a setup file to the workers: their betting plans, and live betting only on purpose."""

from __future__ import annotations

import pytest

from aviator.config.betting import BettingConfig, Limits
from aviator.orchestration.setup_workers import BettingRefused, betting_mode

ALL_LIMITS = {
    "max_stake": 200,
    "session_stop_loss": 500,
    "daily_loss_limit": 800,
    "take_profit": 300,
    "max_consecutive_losses": 8,
    "cooldown_after_lost_cycle": 600,
    "max_bets_per_hour": 100,
}


def test_live_betting_is_refused_unless_all_three_conditions_hold() -> None:
    assert betting_mode(None, live=False) is None  # no betting section: record only
    assert betting_mode(BettingConfig(live=True), live=False) == "paper"  # no --live: paper, always
    with pytest.raises(BettingRefused, match="--live needs a `betting:` section"):
        betting_mode(None, live=True)
    with pytest.raises(BettingRefused) as refused:
        betting_mode(BettingConfig(limits=Limits(max_stake=50)), live=True)
    message = str(refused.value)
    assert "betting.live is not true" in message and "betting.limits.session_stop_loss is not set" in message
    assert (
        "betting.limits.max_stake" not in message and "betting.per_bookmaker.max_stake is not set" in message
    )
    every = BettingConfig(live=True, limits=Limits(**ALL_LIMITS), per_bookmaker=Limits(**ALL_LIMITS))
    assert every.live_problems() == []
