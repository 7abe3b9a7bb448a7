"""The player's side of one simulated bookmaker: balance, two bet panels, bets and their settling.

It changes only through input events (a click on an element, a key typed into the focused field)
and through the game's own course (take-off, crash). Every bet received, cancelled, rejected and
settled goes to the truth log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aviator.config.settings import BetState, GamePhase
from aviator.sim.engine import GameView

MIN_STAKE, MAX_STAKE = 0.10, 10_000.0
MIN_AUTO = 1.01
FIELD_LENGTH = 9
FIELDS = ("stake", "auto_cashout")

EventLog = Callable[..., None]  # (event, **fields): the truth log of this bookmaker


@dataclass
class Bet:
    stake: float
    auto_cashout: float | None
    round: int  # the round this bet plays


@dataclass
class Panel:
    stake: str = "10.00"
    auto_cashout: str = "2.00"
    bet: Bet | None = None


@dataclass(frozen=True)
class PanelView:
    stake: str
    auto_cashout: str
    button: BetState
    amount: float  # the stake on a green or red button, the current win on an orange one
    focus: str | None = None  # the field that receives typing


@dataclass(frozen=True)
class TableView:
    balance: float
    panels: tuple[PanelView, ...]


IDLE_TABLE = TableView(1000.0, (PanelView("10.00", "2.00", BetState.PLACE, 10.0),) * 2)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


class BetTable:
    def __init__(
        self, log: EventLog, balance: float = 1000.0, drop_keys: frozenset[int] = frozenset()
    ) -> None:
        """`drop_keys`: fault injection for tests: the typed characters of these numbers (from 1)
        are lost, as a busy browser sometimes loses one."""
        self.log, self.balance, self.drop_keys = log, balance, drop_keys
        self.keys = 0  # characters typed
        self.panels = [Panel(), Panel()]
        self.focus: tuple[int, str] | None = None
        self._replace_on_type = False  # ctrl+A selected the field: the next key replaces it

    # -- input events ---------------------------------------------------------------------------

    def click(self, panel: int, element: str, view: GameView) -> None:
        """A click on `element` ("stake", "auto_cashout" or "button") of panel `panel` (0 or 1)."""
        if element in FIELDS:
            locked = self.panels[panel].bet is not None
            self.focus, self._replace_on_type = (None if locked else (panel, element)), False
            return
        self.focus = None
        self._press(panel, view)

    def click_outside(self) -> None:
        """A click on nothing that takes input (a session keeper's harmless click)."""
        self.focus = None
        self.log("click_outside")

    def key(self, key: str) -> None:
        """One key: a character, "ctrl+a" or "backspace"; it edits the focused field, if any."""
        self.keys += len(key) == 1
        if len(key) == 1 and self.keys in self.drop_keys:
            self.log("key_dropped", key=key)
            return
        if self.focus is None:
            return
        panel, name = self.panels[self.focus[0]], self.focus[1]
        text = getattr(panel, name)
        if key == "ctrl+a":
            self._replace_on_type = True
            return
        if key == "backspace":
            text = "" if self._replace_on_type else text[:-1]
        elif len(key) == 1 and (key.isdigit() or key in ".,"):
            text = key if self._replace_on_type else (text + key)[:FIELD_LENGTH]
        else:
            return
        self._replace_on_type = False
        setattr(panel, name, text)

    def _press(self, index: int, view: GameView) -> None:
        panel = self.panels[index]
        state = self.button(panel, view)
        if state is BetState.PLACE:
            self._place(index, view)
        elif state is BetState.WAITING:
            self._cancel(index)
        else:
            self._settle(index, view.round_number, view.multiplier, cashed_out=True)

    # -- bets -----------------------------------------------------------------------------------

    def _place(self, index: int, view: GameView) -> None:
        panel = self.panels[index]
        stake, auto = _number(panel.stake), _number(panel.auto_cashout) if panel.auto_cashout else None
        reason = self._refusal(stake, auto, panel.auto_cashout)
        if reason:
            self.log(
                "bet_rejected",
                panel=index + 1,
                stake=panel.stake,
                auto_cashout=panel.auto_cashout,
                reason=reason,
            )
            return
        number = view.round_number if view.phase is GamePhase.BETTING else view.round_number + 1
        panel.bet = Bet(round(stake, 2), auto, number)
        self.balance = round(self.balance - panel.bet.stake, 2)
        self.log("bet_placed", **self._fields(index, panel.bet))

    def _refusal(self, stake: float | None, auto: float | None, auto_text: str) -> str | None:
        if stake is None or not MIN_STAKE <= stake <= MAX_STAKE:
            return "stake out of range"
        if stake > self.balance:
            return "stake above balance"
        if auto_text and (auto is None or auto < MIN_AUTO):
            return "auto cash-out below 1.01"
        return None

    def _cancel(self, index: int) -> None:
        bet = self.panels[index].bet
        self.panels[index].bet = None
        self.balance = round(self.balance + bet.stake, 2)
        self.log("bet_cancelled", **self._fields(index, bet))

    def _settle(self, index: int, number: int, value: float, cashed_out: bool) -> None:
        """Closes a bet at `value`: a win when cashed out (by hand or automatically), else a loss."""
        bet = self.panels[index].bet
        self.panels[index].bet = None
        payout = round(bet.stake * value, 2) if cashed_out else 0.0
        self.balance = round(self.balance + payout, 2)
        fields = self._fields(index, bet)
        self.log(
            "bet_settled", **fields, won=cashed_out, at_multiplier=value, payout=payout, balance=self.balance
        )

    def _fields(self, index: int, bet: Bet) -> dict[str, Any]:
        return {"panel": index + 1, "round": bet.round, "stake": bet.stake, "auto_cashout": bet.auto_cashout}

    # -- the game's course ------------------------------------------------------------------------

    def update(self, view: GameView, crash_of: Callable[[int], float]) -> None:
        """Settles what the game decided by `view`: auto cash-outs reached and crashes passed."""
        for index, panel in enumerate(self.panels):
            bet = panel.bet
            if bet is None:
                continue
            flying = view.round_number == bet.round and view.phase is GamePhase.PLAYING
            if flying and bet.auto_cashout is not None and view.multiplier >= bet.auto_cashout:
                self._settle(index, bet.round, bet.auto_cashout, cashed_out=True)
            elif _crashed(view, bet.round):
                crash = crash_of(bet.round)
                won = bet.auto_cashout is not None and bet.auto_cashout <= crash
                self._settle(index, bet.round, bet.auto_cashout if won else crash, cashed_out=won)

    def button(self, panel: Panel, view: GameView) -> BetState:
        bet = panel.bet
        if bet is None:
            return BetState.PLACE
        flying = view.round_number == bet.round and view.phase is GamePhase.PLAYING
        return BetState.CASH_OUT if flying else BetState.WAITING

    def view(self, game: GameView) -> TableView:
        return TableView(self.balance, tuple(self._panel_view(i, p, game) for i, p in enumerate(self.panels)))

    def _panel_view(self, index: int, panel: Panel, game: GameView) -> PanelView:
        state = self.button(panel, game)
        stake = panel.bet.stake if panel.bet else _number(panel.stake) or 0.0
        amount = round(stake * game.multiplier, 2) if state is BetState.CASH_OUT else stake
        focus = self.focus[1] if self.focus and self.focus[0] == index else None
        return PanelView(panel.stake, panel.auto_cashout, state, amount, focus)


def _crashed(view: GameView, number: int) -> bool:
    """True once the game has shown (or gone past) the crash of round `number`."""
    if view.round_number > number:
        return True
    return view.round_number == number and view.phase is GamePhase.ENDED
