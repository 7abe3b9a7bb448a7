"""QtBridge: the collector's EventBus seen from the Qt UI thread.

The bus calls its subscribers on the hub's thread; a Qt signal emitted there reaches the window's
slots queued on the UI thread, so the window never touches a worker, the database or a lock, and
the hub never waits for the window.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque

from PySide6.QtCore import QObject, Signal

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RecordedBatch, RoundRecorded
from aviator.data.models import BetEvent
from aviator.orchestration.health_monitor import Alert, SystemHealth

RECENT = 20  # crashes shown per bookmaker


class QtBridge(QObject):
    """Signals for what the window shows as it happens: rounds, alerts, bet steps."""

    round_recorded = Signal(str, float, str)  # bookmaker, crash, ended_at
    alert = Signal(str, str)  # source, message
    bet_step = Signal(str, str, str, str)  # bookmaker, event, at, detail
    system_health = Signal(object)  # SystemHealth: hub backlog, writers, database

    def __init__(self, bus: EventBus) -> None:
        super().__init__()
        self.recent: dict[str, deque[tuple[float, str]]] = {}  # per bookmaker: (crash, ended_at), newest last
        bus.subscribe(RoundRecorded, self._on_round)
        bus.subscribe(Alert, lambda a: self.alert.emit(a.source, a.message))
        bus.subscribe(RecordedBatch, self._on_batch)
        bus.subscribe(SystemHealth, self.system_health.emit)

    def _on_round(self, message: RoundRecorded) -> None:
        r = message.round
        self.recent.setdefault(r.bookmaker, deque(maxlen=RECENT)).append((r.final_score, r.ended_at))
        self.round_recorded.emit(r.bookmaker, r.final_score, r.ended_at)

    def _on_batch(self, message: RecordedBatch) -> None:
        if message.record_type is BetEvent:
            for row in message.rows:
                event = BetEvent(*row)
                self.bet_step.emit(event.bookmaker, event.event, event.at, event.detail or "")


class LogBridge(QObject, logging.Handler):
    """Log records as a signal, for the log view (records come from any thread)."""

    record = Signal(int, str)  # level, formatted line

    def __init__(self) -> None:
        QObject.__init__(self)
        logging.Handler.__init__(self, logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:  # logging.Handler's, not a Qt signal
        with contextlib.suppress(RuntimeError):  # the window is gone (closing): nowhere to show it
            self.record.emit(record.levelno, self.format(record))
