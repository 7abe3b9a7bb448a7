"""The player's side of a simulated bookmaker: typing, placing, cancelling, settling, the balance."""

from __future__ import annotations

from typing import Any

import pytest

from aviator.config.settings import BetState, GamePhase
from aviator.sim.engine import GameView
from aviator.sim.table import BetTable

BETTING = GameView(GamePhase.BETTING, 1.0, 0.5, (), 7)
LOADING = GameView(GamePhase.LOADING, 1.0, 0.0, (), 7)


def flying(value: float, number: int = 7) -> GameView:
    return GameView(GamePhase.PLAYING, value, 0.0, (), number)


def crashed(value: float, number: int = 7) -> GameView:
    return GameView(GamePhase.ENDED, value, 0.0, (), number)


class Log:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def __call__(self, event: str, **fields: Any) -> None:
        self.events.append({"event": event, **fields})

    def kinds(self) -> list[str]:
        return [e["event"] for e in self.events]


@pytest.fixture
def log() -> Log:
    return Log()


def typed(table: BetTable, panel: int, field: str, text: str) -> None:
    table.click(panel, field, BETTING)
    table.key("ctrl+a")
    for char in text:
        table.key(char)


def test_typing_replaces_a_selected_field_and_edits_it_afterwards(log: Log) -> None:
    table = BetTable(log)
    typed(table, 0, "stake", "25.5")
    table.key("backspace")
    table.key("0")
    assert table.panels[0].stake == "25.0"
    typed(table, 0, "auto_cashout", "")
    table.key("ctrl+a")
    table.key("backspace")
    assert table.panels[0].auto_cashout == ""
    table.key("a")  # not a character of an amount: ignored
    assert table.panels[0].auto_cashout == ""


def test_keys_go_nowhere_without_a_focused_field(log: Log) -> None:
    table = BetTable(log)
    table.key("5")
    table.click_outside()
    table.key("5")
    assert (table.panels[0].stake, table.panels[1].stake) == ("10.00", "10.00")


def test_a_bet_placed_while_betting_plays_this_round_and_wins_at_its_auto_cash_out(log: Log) -> None:
    table = BetTable(log, balance=100.0)
    typed(table, 1, "stake", "20")
    typed(table, 1, "auto_cashout", "1.5")
    table.click(1, "button", BETTING)
    assert table.balance == 80.0 and table.button(table.panels[1], BETTING) is BetState.WAITING
    assert table.view(flying(1.2)).panels[1].button is BetState.CASH_OUT
    assert table.view(flying(1.2)).panels[1].amount == 24.0  # the current win on the orange button
    table.update(flying(1.49), lambda n: 3.0)
    table.update(flying(1.51), lambda n: 3.0)
    assert table.balance == 110.0 and table.panels[1].bet is None
    settled = log.events[-1]
    assert settled["event"] == "bet_settled" and settled["won"] and settled["payout"] == 30.0
    assert settled["round"] == 7 and settled["panel"] == 2


def test_a_bet_is_lost_when_the_crash_comes_before_its_auto_cash_out(log: Log) -> None:
    table = BetTable(log, balance=100.0)
    table.click(0, "button", BETTING)  # 10.00 at 2.00x
    table.update(flying(1.8), lambda n: 1.93)
    table.update(crashed(1.93), lambda n: 1.93)
    assert table.balance == 90.0
    assert log.events[-1] == {
        "event": "bet_settled",
        "panel": 1,
        "round": 7,
        "stake": 10.0,
        "auto_cashout": 2.0,
        "won": False,
        "at_multiplier": 1.93,
        "payout": 0.0,
        "balance": 90.0,
    }


def test_a_click_after_betting_closed_bets_on_the_next_round(log: Log) -> None:
    table = BetTable(log)
    table.click(0, "button", LOADING)
    assert log.events[-1]["round"] == 8
    table.update(flying(5.0), lambda n: 1.0)  # round 7 flies: not this bet's round
    table.update(crashed(5.0), lambda n: 5.0)
    assert table.panels[0].bet is not None
    assert table.button(table.panels[0], flying(1.1, number=8)) is BetState.CASH_OUT


def test_cash_out_by_hand_pays_the_current_multiplier(log: Log) -> None:
    table = BetTable(log, balance=50.0)
    typed(table, 0, "auto_cashout", "")
    table.key("backspace")
    table.click(0, "button", BETTING)
    table.click(0, "button", flying(1.37))
    assert table.balance == 53.7 and log.events[-1]["at_multiplier"] == 1.37


def test_cancelling_a_waiting_bet_gives_the_stake_back(log: Log) -> None:
    table = BetTable(log, balance=50.0)
    table.click(0, "button", BETTING)
    table.click(0, "button", BETTING)
    assert table.balance == 50.0 and table.panels[0].bet is None
    assert log.kinds() == ["bet_placed", "bet_cancelled"]


def test_fields_of_a_placed_bet_are_locked(log: Log) -> None:
    table = BetTable(log)
    table.click(0, "button", BETTING)
    table.click(0, "stake", BETTING)
    table.key("9")
    assert table.focus is None and table.panels[0].stake == "10.00"


@pytest.mark.parametrize(
    ("stake", "auto", "reason"),
    [
        ("500", "2", "stake above balance"),
        ("0.05", "2", "stake out of range"),
        ("5", "1.00", "auto cash-out below 1.01"),
    ],
)
def test_bad_bets_are_refused_and_logged(log: Log, stake: str, auto: str, reason: str) -> None:
    table = BetTable(log, balance=100.0)
    typed(table, 0, "stake", stake)
    typed(table, 0, "auto_cashout", auto)
    table.click(0, "button", BETTING)
    assert table.balance == 100.0 and table.panels[0].bet is None
    assert log.events[-1]["event"] == "bet_rejected" and log.events[-1]["reason"] == reason
