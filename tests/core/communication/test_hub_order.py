"""The hub keeps one bookmaker's messages in order across a restart of its worker process."""

from __future__ import annotations

import threading

from aviator.config.settings import GamePhase
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.hub import Hub
from aviator.core.communication.messages import WorkerStatus
from aviator.core.communication.outbox import Outbox
from aviator.orchestration.process_manager import CONTEXT

WAIT = 10.0


def _status(name: str, number: int) -> WorkerStatus:
    return WorkerStatus(name, GamePhase.BETTING, None, 0, number, 0)


def test_a_restarted_worker_is_heard_only_after_everything_its_killed_predecessor_sent() -> None:
    """The main process is late (stuck on the killed worker's first message) while the new worker
    already speaks: the killed one's last messages, still in its pipe, come first all the same.
    Otherwise its last RoundRecorded could follow the new worker's history strip, which shows it."""
    bus, heard = EventBus(), []
    first_heard, late_no_more = threading.Event(), threading.Event()

    def on_status(status: WorkerStatus) -> None:
        heard.append((status.bookmaker, status.looks))
        if len(heard) == 1:
            first_heard.set()
            late_no_more.wait(WAIT)  # the main process is slow to dispatch

    bus.subscribe(WorkerStatus, on_status)
    hub = Hub(bus, CONTEXT.Pipe(duplex=False))
    killed_reader, killed = CONTEXT.Pipe(duplex=False)
    for number in (1, 2, 3):
        Outbox(killed).put(_status("Admiral", number))
    killed.close()  # kill -9: its messages wait in the pipe, then its end
    hub.attach(killed_reader, "Admiral")
    assert first_heard.wait(WAIT)
    new_reader, new = CONTEXT.Pipe(duplex=False)
    hub.attach(new_reader, "Admiral")  # the restarted worker
    Outbox(new).put(_status("Admiral", 4))
    late_no_more.set()
    new.close()
    hub.close()
    assert heard == [("Admiral", 1), ("Admiral", 2), ("Admiral", 3), ("Admiral", 4)]
    assert killed_reader.closed and new_reader.closed


def test_other_bookmakers_are_not_held_up_by_a_predecessor() -> None:
    """Only a process of the same name waits for an earlier pipe; another bookmaker's is read at once."""
    bus, heard = EventBus(), threading.Condition()
    names: list[str] = []

    def on_status(status: WorkerStatus) -> None:
        with heard:
            names.append(status.bookmaker)
            heard.notify_all()

    bus.subscribe(WorkerStatus, on_status)
    hub = Hub(bus, CONTEXT.Pipe(duplex=False))
    alive_reader, alive = CONTEXT.Pipe(duplex=False)  # Admiral's worker, alive and quiet
    hub.attach(alive_reader, "Admiral")
    other_reader, other = CONTEXT.Pipe(duplex=False)
    hub.attach(other_reader, "Mozzart")
    Outbox(other).put(_status("Mozzart", 1))
    with heard:
        assert heard.wait_for(lambda: names == ["Mozzart"], WAIT)
    alive.close()
    other.close()
    hub.close()
