"""The demo's live table: its betting columns and balance appear only when bets are made."""

from __future__ import annotations

from rich.console import Console

from aviator.cli.live_view import live_table
from aviator.core.communication.shared_state import BookmakerSnapshot


def rendered(table: object) -> str:
    console = Console(width=160, record=True)
    console.print(table)
    return console.export_text()


def test_a_collector_that_does_not_bet_shows_no_money() -> None:
    text = rendered(live_table([BookmakerSnapshot("Admiral", rounds=3)], "demo"))
    assert "P/L" not in text and "balance" not in text and "expected loss" not in text


def test_betting_shows_each_bookmakers_bets_and_profit_and_the_balance() -> None:
    rows = [BookmakerSnapshot("Admiral", rounds=5, bets=4, profit=-12.5), BookmakerSnapshot("Mozzart")]
    text = rendered(live_table(rows, "demo", balance=987.5))
    assert "demo: balance 987.50" in text and "P/L" in text
    admiral = next(line for line in text.splitlines() if "Admiral" in line)
    assert admiral.split("│")[-3:-1] == ["    4 ", " -12.50 "]
    assert "No strategy changes the" in text and "expected loss of about 3 %" in text
