"""A worker's BettingAgent: built from the plan the main process gives it, its audit written
through the worker's outbox, its grants asked of the main process's ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aviator.agents.betting_agent import BettingAgent
from aviator.agents.executors import BetExecutor, PaperExecutor
from aviator.agents.granters import WorkerGranter
from aviator.agents.strategy_executor import StrategyExecutor, ThreadCall
from aviator.core.communication.clock import Clock
from aviator.core.communication.messages import RecordedBatch
from aviator.core.communication.outbox import Outbox
from aviator.data.models import Bet, BetEvent
from aviator.strategies.loading import strategy_class


@dataclass(frozen=True)
class BettingPlan:
    """What a worker bets with: a strategy by name and its checked parameters, the user's
    strategies folder, and the last crashes recorded for its bookmaker (oldest first)."""

    strategy: str
    params: dict[str, Any] = field(default_factory=dict)
    strategies: Path | None = None
    history: tuple[float, ...] = ()


@dataclass(frozen=True)
class WorkerBetting:
    """A worker's agent and the granter through which the main process's answers reach it."""

    agent: BettingAgent
    granter: WorkerGranter


class OutboxAudit:
    """Bets and their steps as records for the main process's writers."""

    def __init__(self, bookmaker: str, hub: Outbox) -> None:
        self.bookmaker, self.hub = bookmaker, hub

    def event(self, event: BetEvent) -> None:
        self.hub.put(RecordedBatch.of(self.bookmaker, [event]))

    def bet(self, bet: Bet) -> None:
        self.hub.put(RecordedBatch.of(self.bookmaker, [bet]))


def open_agent(
    plan: BettingPlan, bookmaker: str, hub: Outbox, clock: Clock, executor: BetExecutor | None = None
) -> WorkerBetting:
    """The agent of one worker (paper unless given another executor) and the granter that hands
    it the main process's answers."""
    cls = strategy_class(plan.strategy, plan.strategies)
    strategy = cls(cls.Params.model_validate(plan.params))
    granter = WorkerGranter(hub)
    audit = OutboxAudit(bookmaker, hub)
    executor = executor or PaperExecutor()
    agent = BettingAgent(
        bookmaker, StrategyExecutor(strategy, ThreadCall()), executor, granter, audit, clock, plan.history
    )
    return WorkerBetting(agent, granter)
