"""The main process's side of a worker run in-process: its messages in the order sent, the
HistoryRecovery, and the rounds recorded; shared by the strip tests."""

from __future__ import annotations

from aviator.core.communication.clock import ManualClock
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RoundRecorded
from aviator.data.models import Round
from aviator.orchestration.history_recovery import HistoryRecovery


class MainProcess:
    """The main process's side: the worker's messages in the order sent, the recovery, the record."""

    def __init__(self, clock: ManualClock) -> None:
        self.bus = EventBus()
        self.recovery = HistoryRecovery(self.bus, lambda: clock, {})
        self.rounds: list[Round] = []
        self.bus.subscribe(RoundRecorded, lambda message: self.rounds.append(message.round))

    def put(self, message: object) -> None:  # the worker's pipe, read in order
        self.bus.publish(message)
