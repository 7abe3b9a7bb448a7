"""What a page is told about its game (one JSON object a frame) and what it may send back.

The page is dumb: every text it shows is formatted here, in the site's money style, so the pages
and the Qt windows write numbers the same way. The page sends back only what its user did (a
click on a panel's element, a click elsewhere, a key) and when it painted a frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aviator.config.settings import BetState
from aviator.sim.engine import GameView
from aviator.sim.renderer import format_multiplier
from aviator.sim.skins import format_money
from aviator.sim.table import FIELDS, PanelView, TableView
from aviator.sim.web.layouts import WebLayout

ELEMENTS = (*FIELDS, "button")
BUTTON_WORDS = {
    BetState.PLACE: ("BET", None),
    BetState.WAITING: ("Waiting for", "next round"),
    BetState.CASH_OUT: ("CASH OUT", None),
}


def money(value: float, layout: WebLayout) -> str:
    return f"{format_money(value, layout.money_style)} {layout.currency}"


def count(value: int, layout: WebLayout) -> str:
    return format_money(value, layout.money_style)[:-3]  # the money style without its decimals


def page_state(view: GameView, table: TableView, crashed: int, layout: WebLayout) -> dict[str, Any]:
    """Everything page `layout` draws for this frame; `crashed` counts the rounds crashed so far
    (the page reports it back once a frame showing it is painted)."""
    return {
        "phase": view.phase.value.lower(),
        "multiplier": view.multiplier,
        "text": format_multiplier(view.multiplier),
        "progress": round(view.betting_progress, 4),
        "history": [_bubble(value, layout) for value in view.history],
        "round": view.round_number,
        "crashed": crashed,
        "players": count(view.players, layout),
        "players_left": count(view.players_left, layout),
        "total_bets": money(view.total_bets, layout),
        "cashed_out": money(view.cashed_out, layout),
        "balance": money(table.balance, layout),
        "panels": [_panel(panel, layout) for panel in table.panels[: layout.panels]],
    }


def _bubble(value: float, layout: WebLayout) -> list[Any]:
    text = format_multiplier(value)
    return [value, text if layout.strip_x else text[:-1]]


def _panel(panel: PanelView, layout: WebLayout) -> dict[str, Any]:
    caption, words = BUTTON_WORDS[panel.button]
    return {
        "stake": panel.stake,
        "auto_cashout": f"{panel.auto_cashout}x" if panel.auto_cashout else "off",
        "button": panel.button.value.lower(),
        "caption": caption,
        "amount": words or money(panel.amount, layout),
        "focus": panel.focus,
    }


@dataclass(frozen=True)
class Click:
    """A click on `element` of bet panel `panel` (0-based), or elsewhere when `element` is None."""

    panel: int = 0
    element: str | None = None


@dataclass(frozen=True)
class Key:
    """A key the page received: a character, "ctrl+a" or "backspace"."""

    key: str


@dataclass(frozen=True)
class Painted:
    """The page painted a frame showing `crashed` crashed rounds (its first frame too: ready)."""

    crashed: int


PageMessage = Click | Key | Painted


def page_message(message: dict[str, Any], panels: int) -> PageMessage | None:
    """A message from the page, or None if it is not one a page sends (it is then ignored)."""
    kind = message.get("type")
    if kind == "click":
        panel, element = message.get("panel"), message.get("element")
        if element in ELEMENTS and isinstance(panel, int) and 0 <= panel < panels:
            return Click(panel, element)
        return Click()
    if kind == "key" and isinstance(message.get("key"), str):
        return Key(message["key"])
    if kind == "painted" and isinstance(message.get("crashed"), int):
        return Painted(message["crashed"])
    return None
