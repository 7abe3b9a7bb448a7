"""What a page is told about its game, in its site's style, and what it may send back."""

from __future__ import annotations

from aviator.config.settings import BetState, GamePhase
from aviator.sim.engine import GameView
from aviator.sim.table import PanelView, TableView
from aviator.sim.web.layouts import WEB_LAYOUTS
from aviator.sim.web.state import Click, Key, Painted, page_message, page_state

VIEW = GameView(GamePhase.PLAYING, 1234.5, 0.0, (2.5, 1.0, 12.34), 7, 1500, 12345.6, 900, 4321.0)
TABLE = TableView(
    987.65,
    (PanelView("10.00", "2.00", BetState.CASH_OUT, 12.5), PanelView("5", "", BetState.PLACE, 5.0, "stake")),
)


def test_the_state_is_written_in_the_sites_style() -> None:
    state = page_state(VIEW, TABLE, 6, WEB_LAYOUTS["mobile"])  # 1.234,56 RSD, one panel
    assert (state["phase"], state["text"], state["crashed"], state["round"]) == ("playing", "1,234.50x", 6, 7)
    assert state["history"] == [[2.5, "2.50x"], [1.0, "1.00x"], [12.34, "12.34x"]]
    money = ("1.500", "12.345,60 RSD", "987,65 RSD")
    assert (state["players"], state["total_bets"], state["balance"]) == money
    (panel,) = state["panels"]
    assert (panel["button"], panel["caption"], panel["amount"]) == ("cash_out", "CASH OUT", "12,50 RSD")


def test_a_bare_strip_drops_the_x_and_two_panels_show_both() -> None:
    state = page_state(VIEW, TABLE, 6, WEB_LAYOUTS["bare-strip"])
    assert [text for _, text in state["history"]] == ["2.50", "1.00", "12.34"]
    two = page_state(VIEW, TABLE, 6, WEB_LAYOUTS["official"])["panels"]
    assert [(p["auto_cashout"], p["focus"], p["amount"]) for p in two] == [
        ("2.00x", None, "12.50 EUR"),
        ("off", "stake", "5.00 EUR"),
    ]


def test_only_what_a_page_sends_is_understood() -> None:
    assert page_message({"type": "click", "panel": 1, "element": "button"}, panels=2) == Click(1, "button")
    assert page_message({"type": "click", "panel": 1, "element": "button"}, panels=1) == Click()  # no panel 2
    assert page_message({"type": "click", "panel": 0, "element": "balance"}, panels=2) == Click()
    assert page_message({"type": "key", "key": "ctrl+a"}, panels=2) == Key("ctrl+a")
    assert page_message({"type": "painted", "crashed": 3}, panels=2) == Painted(3)
    assert page_message({"type": "painted", "crashed": "3"}, panels=2) is None
    assert page_message({"type": "bet", "stake": 100}, panels=2) is None  # a page cannot bet but by clicks
