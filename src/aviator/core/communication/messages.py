"""Typed, versioned messages between the worker processes and the main process.

They travel pickled over each worker's pipe (see Outbox). VERSION changes whenever a field changes
meaning, so a hub can refuse what it does not understand instead of misreading it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from aviator.config.settings import GamePhase
from aviator.core.communication.clock import ScaledClock
from aviator.data.models import Round, row_getter


@dataclass(frozen=True)
class WorkerMessage:
    VERSION: ClassVar[int] = 1
    bookmaker: str


@dataclass(frozen=True)
class WorkerReady(WorkerMessage):
    pid: int


@dataclass(frozen=True)
class WorkerStatus(WorkerMessage):
    phase: GamePhase
    multiplier: float | None
    rounds: int
    looks: int
    rejected: int
    unreadable: bool = False  # no readable game that moved for a while: garbage, a popup, a frozen screen
    pid: int = 0  # the sender's process: a restarted worker's predecessor may still be heard; 0 if unknown


@dataclass(frozen=True)
class RoundRecorded(WorkerMessage):
    round: Round


@dataclass(frozen=True)
class RecordedBatch(WorkerMessage):
    """Records of one type in one message, as rows (field values in field order: the writer's columns).

    A burst, such as a worker's RGB samples, costs one message instead of one per record, and rows
    are what the writers take: the hub unpickles plain tuples (~0.4 us a row) instead of rebuilding
    dataclass records (~4 us each), which is what lets six busy workers reach the database's own speed.
    """

    record_type: type
    rows: tuple[tuple[object, ...], ...]

    @classmethod
    def of(cls, bookmaker: str, records: Sequence[object]) -> RecordedBatch:
        if not records:
            raise ValueError("a RecordedBatch needs at least one record")
        record_type = type(records[0])
        if any(type(record) is not record_type for record in records):
            kinds = sorted({type(r).__name__ for r in records})
            raise TypeError(f"a RecordedBatch holds one record type, not {', '.join(kinds)}")
        return cls(bookmaker, record_type, tuple(map(row_getter(record_type), records)))


@dataclass(frozen=True)
class HistorySeen(WorkerMessage):
    """The history strip as read once the worker could see it: crash values, newest first.

    None stands for a bubble that could not be read. `last_crash_at` is the estimated clock time
    of the newest bubble's crash. `recorded_since`: the rounds the worker recorded live after it
    found it may have missed one and before the strip could be read (a busy machine can delay the
    read past a whole round): the strip's newest bubbles, newer than the missed ones.
    """

    values: tuple[float | None, ...]
    last_crash_at: float
    recorded_since: int = 0


@dataclass(frozen=True)
class WorkerNote(WorkerMessage):
    """A line for the main process's log: why a round or a reading was dropped (DEBUG, shown with
    `-v`), what the worker learnt (INFO). Workers never print: their lines reach the terminal
    through the hub, in order with their rounds."""

    level: int  # a `logging` level
    text: str


@dataclass(frozen=True)
class WorkerStopped(WorkerMessage):
    reason: str


@dataclass(frozen=True)
class WorkerFailed(WorkerMessage):
    error: str
    missing: bool = False  # a MissingRequirement (a model, a library, a display): one line, no restart


# Commands from the main process to one worker (or the simulator).
@dataclass(frozen=True)
class Start:
    clock: ScaledClock


@dataclass(frozen=True)
class Stop:
    reason: str = "stop requested"


@dataclass(frozen=True)
class ReadStrip:
    """Read the history strip again: bubbles of missed rounds were unread on the last read (caught
    sliding in, or its readers disagreed); a later read still shows them, one place further."""


@dataclass(frozen=True)
class Pause:
    """Stop looking until Resume; heartbeats go on, so a paused worker is not taken for dead."""


@dataclass(frozen=True)
class Resume:
    pass


# Betting: a worker's BettingAgent asks the main process's ledger to grant each bet before placing
# it, and reports how it ended; the main process answers on the worker's control queue.
@dataclass(frozen=True)
class BetRequest(WorkerMessage):
    bet_id: str
    stake: float
    auto_cashout: float
    panel: int


@dataclass(frozen=True)
class BetSettled(WorkerMessage):
    """A bet's end: `result` won, lost or unknown (its crash went unseen: counted as lost), or
    cancelled / refused (never played: profit 0); `cycle_lost` when it ended a strategy's lost cycle."""

    bet_id: str
    stake: float
    result: str
    profit: float
    cycle_lost: bool = False


@dataclass(frozen=True)
class BetGrant:
    """The ledger's answer to a BetRequest: granted, or refused with why."""

    bet_id: str
    granted: bool
    reason: str | None = None


@dataclass(frozen=True)
class StopBetting:
    """The kill switch: cancel a bet that waits for its round, and ask for no more."""

    reason: str
