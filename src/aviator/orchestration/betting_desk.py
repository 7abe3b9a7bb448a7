"""BettingDesk: the main process's side of betting. It owns the Ledger, grants every worker's
bets through the protections, books their ends, and holds the kill switch (`stop`), which the
CLI (`aviator bets stop`, SIGUSR1), the GUI and the API all call.

Its state is written to a small JSON file on every change, for `aviator bets status` and
`aviator bets unlock` (which leaves a request beside it and sends SIGUSR2).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aviator.agents.ledger import Ledger
from aviator.agents.protections import Lock
from aviator.config.betting import BettingConfig
from aviator.core.communication.clock import Clock, iso
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import BetGrant, BetRequest, BetSettled, StopBetting
from aviator.core.communication.shared_state import SharedGameState
from aviator.orchestration.health_monitor import Alert

STATE_FILE = Path("storage/betting.json")


def unlock_request_path(state: Path) -> Path:
    return state.with_suffix(".unlock.json")


class BettingDesk:
    """Grants, books and stops the bets of every worker of one collector; see the module's docstring."""

    def __init__(
        self,
        config: BettingConfig,
        mode: str,
        bus: EventBus,
        state: SharedGameState,
        send: Callable[[str, object], None],
        state_file: Path = STATE_FILE,
    ) -> None:
        self.config, self.mode, self.bus, self.state, self.send = config, mode, bus, state, send
        self.state_file = state_file
        self.ledger: Ledger | None = None  # from the start: the ledger runs on the collector's clock
        self._lock = threading.RLock()
        bus.subscribe(BetRequest, self._on_request)
        bus.subscribe(BetSettled, self._on_settled)

    def start(self, clock: Clock) -> None:
        with self._lock:
            self.ledger = Ledger(self.config, clock)
            self._write()

    def _on_request(self, request: BetRequest) -> None:
        with self._lock:
            if self.ledger is None:
                grant = BetGrant(request.bet_id, False, "the collector has not started")
            else:
                grant = self.ledger.grant(request)
        self.send(request.bookmaker, grant)

    def _on_settled(self, settled: BetSettled) -> None:
        with self._lock:
            if self.ledger is None:
                return
            locks = self.ledger.settle(settled)
            book = self.ledger.books.get(settled.bookmaker)
            self._write()
        if book is not None:
            self.state.on_bets(settled.bookmaker, book.bets, book.profit)
        for lock in locks:
            self.bus.publish(Alert("betting", f"{lock.scope}: locked by {lock.protection}: {lock.reason}"))

    def stop(self, reason: str) -> None:
        """The kill switch: the ledger grants nothing more and every worker cancels its waiting bet."""
        with self._lock:
            if self.ledger is not None:
                self.ledger.stop(reason)
            self._write()
        for name in self.state.names():
            self.send(name, StopBetting(reason))
        self.bus.publish(Alert("betting", f"stopped: {reason}"))

    def unlock(self, scope: str | None = None, protection: str | None = None) -> list[Lock]:
        with self._lock:
            cleared = [] if self.ledger is None else self.ledger.unlock(scope, protection)
            self._write()
        for lock in cleared:
            self.bus.publish(Alert("betting", f"{lock.scope}: {lock.protection} unlocked"))
        return cleared

    def status(self) -> dict[str, Any]:
        """What `aviator bets status` shows: the money, the locks, whether betting is stopped."""
        who = {"pid": os.getpid(), "mode": self.mode, "strategy": self.config.strategy}
        with self._lock:
            ledger = self.ledger
            if ledger is None:
                return {**who, "started": False}
            return {
                **who,
                "started": True,
                "stopped": ledger.stopped,
                "stopped_at": None if ledger.stopped_at is None else iso(ledger.clock.utc(ledger.stopped_at)),
                "bankroll": ledger.bankroll,
                "balance": ledger.balance,
                "books": {scope: _book(book) for scope, book in ledger.books.items()},
                "locks": [_lock(lock, ledger.clock) for lock in ledger.active_locks()],
            }

    def _write(self) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_file.with_suffix(".partial")
        partial.write_text(json.dumps(self.status(), indent=1) + "\n", encoding="utf-8")
        partial.replace(self.state_file)  # readers see the whole file or the previous one

    def take_unlock_request(self) -> None:
        """Carries out the request `aviator bets unlock` left beside the state file."""
        request = unlock_request_path(self.state_file)
        try:
            wanted = json.loads(request.read_text(encoding="utf-8"))
            request.unlink()
        except (OSError, ValueError):
            return
        self.unlock(wanted.get("scope"), wanted.get("protection"))

    def listen_to_signals(self) -> None:
        """SIGUSR1 stops betting, SIGUSR2 takes an unlock request; a thread does the work, so a
        signal never runs it inside whatever lock the main thread holds."""
        stop = lambda *_: _in_thread(self.stop, "SIGUSR1 (aviator bets stop)")  # noqa: E731
        signal.signal(signal.SIGUSR1, stop)
        signal.signal(signal.SIGUSR2, lambda *_: _in_thread(self.take_unlock_request))


def _in_thread(function: Callable[..., object], *args: object) -> None:
    threading.Thread(target=function, args=args, name="betting-control", daemon=True).start()


def _book(book: Any) -> dict[str, Any]:
    return {
        "profit": book.profit,
        "today": book.day_profit,
        "at_risk": book.open_stakes,
        "bets": book.bets,
        "losses_in_a_row": book.losses_in_a_row,
    }


def _lock(lock: Lock, clock: Clock) -> dict[str, Any]:
    until = None if lock.until is None else iso(clock.utc(lock.until))
    return {"protection": lock.protection, "scope": lock.scope, "reason": lock.reason, "until": until}
