"""Worker process bodies for the orchestration tests (importable: processes are spawned)."""

from __future__ import annotations

import multiprocessing as mp
import queue
import time

from aviator.config.settings import GamePhase
from aviator.core.communication.messages import Stop, WorkerStatus
from aviator.core.communication.outbox import Outbox


def beating(name: str, hub: Outbox, control: mp.Queue) -> None:
    """Sends a heartbeat every 50 ms until told to stop."""
    while True:
        hub.put(WorkerStatus(name, GamePhase.BETTING, None, 0, 0, 0))
        try:
            if isinstance(control.get(timeout=0.05), Stop):
                return
        except queue.Empty:
            continue


def crashing(name: str, hub: Outbox, control: mp.Queue) -> None:
    """Beats once, then dies as a broken worker would."""
    hub.put(WorkerStatus(name, GamePhase.BETTING, None, 0, 0, 0))
    raise SystemExit(3)


def silent(name: str, hub: Outbox, control: mp.Queue) -> None:
    """Never beats: a hung worker."""
    time.sleep(3600)


def spinning(name: str, hub: Outbox, control: mp.Queue) -> None:
    """Beats once, then computes without ever beating again: a worker in a long step (or a loop
    that forgot to beat), using the CPU all the time."""
    hub.put(WorkerStatus(name, GamePhase.BETTING, None, 0, 0, 0))
    while True:
        sum(range(10_000))
