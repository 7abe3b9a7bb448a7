"""A worker's BettingAgent: built from the plan the main process gives it, its audit written
through the worker's outbox, its grants asked of the main process's ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aviator.agents.betting_agent import BettingAgent
from aviator.agents.executors import BetExecutor, PaperExecutor
from aviator.agents.granters import WorkerGranter
from aviator.agents.session_keeper import SessionKeeper
from aviator.agents.strategy_executor import StrategyExecutor, ThreadCall
from aviator.config.settings import GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.screen import ScreenSource
from aviator.core.communication.clock import Clock
from aviator.core.communication.messages import RecordedBatch
from aviator.core.communication.outbox import Outbox
from aviator.core.input.lock import InputLock, lock_path
from aviator.core.ocr.amount import read_amount
from aviator.core.ocr.screen_reader import GameScreenReader
from aviator.data.models import Bet, BetEvent
from aviator.orchestration.betting_plan import BettingPlan, KeeperPlan
from aviator.strategies.loading import strategy_class

if TYPE_CHECKING:
    from aviator.agents.live_executor import LiveExecutor


@dataclass(frozen=True)
class WorkerBetting:
    """A worker's agent and the granter through which the main process's answers reach it."""

    agent: BettingAgent
    granter: WorkerGranter
    keeper: SessionKeeper | None = None

    def keep_session(self, now: float, phase: GamePhase, crash_seen_at: float | None) -> None:
        """The keeper's click, if due, only when no betting window can open under it: during a
        flight without a bet, or just after a crash (the next window opens seconds later; a
        window the worker has not seen open yet must never meet a click)."""
        if self.keeper is None:
            return
        after_crash = crash_seen_at is not None and now - crash_seen_at < KEEPER_AFTER_CRASH
        idle = self.agent.pending is None and (
            phase is GamePhase.PLAYING or (phase is GamePhase.ENDED and after_crash)
        )
        self.keeper.tick(now, busy=not idle)


class OutboxAudit:
    """Bets and their steps as records for the main process's writers."""

    def __init__(self, bookmaker: str, hub: Outbox) -> None:
        self.bookmaker, self.hub = bookmaker, hub

    def event(self, event: BetEvent) -> None:
        self.hub.put(RecordedBatch.of(self.bookmaker, [event]))

    def bet(self, bet: Bet) -> None:
        self.hub.put(RecordedBatch.of(self.bookmaker, [bet]))


def live_executor(
    screen: ScreenSource, display: str | None, regions: GameRegions, reader: GameScreenReader, clock: Clock
) -> LiveExecutor:
    """Real bets on this worker's game, typed and read back through the display's one input lock."""
    # live mode only: the X input driver, and Tesseract (20 MB a worker)
    from aviator.agents.live_executor import LiveExecutor
    from aviator.core.input.driver import XTestDriver
    from aviator.core.input.transaction import TransactionController
    from aviator.core.ocr.tesseract import TesseractOCR

    tesseract = TesseractOCR()
    controller = TransactionController(
        XTestDriver(display),
        InputLock(lock_path(display)),
        screen,
        regions,
        lambda crop: read_amount(crop, tesseract).value,
    )

    def read_balance() -> float | None:
        return None if regions.balance is None else read_amount(screen.grab(regions.balance), tesseract).value

    return LiveExecutor(controller, lambda: reader.look(clock.now).phase is GamePhase.BETTING, read_balance)


KEEPER_LOCK_WAIT = 0.05  # seconds a keeper's click waits for the input: it is never urgent
KEEPER_AFTER_CRASH = 1.0  # clock seconds after a crash seen when a click is safe (the screen shows it ~3 s)


def session_keeper(plan: KeeperPlan, display: str | None) -> SessionKeeper:
    """A keeper clicking `plan.point` of the display through the input lock the bets take too."""
    from aviator.core.input.driver import XTestDriver  # only where a keeper clicks

    driver, lock = XTestDriver(display), InputLock(lock_path(display))

    def click() -> None:
        with lock.hold(KEEPER_LOCK_WAIT):
            driver.click(*plan.point)

    return SessionKeeper(click, plan.first, plan.every)


def open_betting(
    plan: BettingPlan,
    bookmaker: str,
    reader: GameScreenReader,
    display: str | None,
    hub: Outbox,
    clock: Clock,
) -> WorkerBetting:
    """A worker's betting as its plan says: on paper or live, with a SessionKeeper or without."""
    executor = live_executor(reader.screen, display, reader.regions, reader, clock) if plan.live else None
    betting = open_agent(plan, bookmaker, hub, clock, executor)
    keeper = None if plan.keeper is None else session_keeper(plan.keeper, display)
    return WorkerBetting(betting.agent, betting.granter, keeper)


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
