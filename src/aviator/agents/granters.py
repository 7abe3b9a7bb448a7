"""Granters: how a BettingAgent reaches the ledger. LocalGranter calls a ledger of this process
(backtests, tests); a worker's agent reaches the main process's ledger through WorkerGranter."""

from __future__ import annotations

from collections.abc import Callable

from aviator.agents.ledger import Ledger
from aviator.core.communication.messages import BetGrant, BetRequest, BetSettled
from aviator.core.communication.outbox import Outbox


class LocalGranter:
    """Asks a ledger in this process: the answer comes at once."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def ask(self, request: BetRequest, reply: Callable[[BetGrant], None]) -> None:
        reply(self.ledger.grant(request))

    def settled(self, settled: BetSettled) -> None:
        self.ledger.settle(settled)


class WorkerGranter:
    """Asks the main process's ledger through the worker's outbox; the answer arrives later on the
    worker's control queue and is handed to `answer`."""

    def __init__(self, hub: Outbox) -> None:
        self.hub = hub
        self._replies: dict[str, Callable[[BetGrant], None]] = {}

    def ask(self, request: BetRequest, reply: Callable[[BetGrant], None]) -> None:
        self._replies[request.bet_id] = reply
        self.hub.put(request)

    def answer(self, grant: BetGrant) -> None:
        reply = self._replies.pop(grant.bet_id, None)
        if reply is not None:
            reply(grant)

    def settled(self, settled: BetSettled) -> None:
        self._replies.pop(settled.bet_id, None)
        self.hub.put(settled)
