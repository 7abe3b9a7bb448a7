"""Records as they travel from the workers to the database: one dataclass per table.

Times are ISO 8601 UTC strings (`core.communication.clock.iso`). A value the screen does not show is None.
Records of one round refer to it by (bookmaker, round_started_at): the worker knows the start of
a flight when it sees it, long before the round's row exists, and the pair is unique per bookmaker.
Each class names its table in TABLE; the writer's columns are its fields, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from operator import attrgetter
from typing import Any, ClassVar


@dataclass(frozen=True)
class Round:
    """One completed round of one bookmaker. `final_score` is the crash multiplier.

    `ended_at` of a round seen live is when the collector saw the crash, never before it happened;
    the screen first showed the crash at most `ended_within` seconds earlier. `late` flags a round
    seen long after it may have happened (the worker was starved, paused or could not read the
    screen for a while): its `ended_at` is still the real time it was seen, not an estimate, and
    `ended_within` says how stale. A backfilled round was never seen live: its times are estimates
    from the history strip, with no bound (`ended_within` None), so it is late too. Rows recorded
    before schema version 3 have no bound and no flag.
    """

    TABLE: ClassVar[str] = "rounds"
    bookmaker: str
    final_score: float
    started_at: str  # ISO 8601 UTC
    ended_at: str  # ISO 8601 UTC
    server_group: str | None = None  # bookmakers of one group show the same rounds
    flight_seconds: float | None = None
    loading_seconds: float | None = None
    players: int | None = None
    total_bets: float | None = None  # money staked on the round
    cashed_out: float | None = None  # money cashed out before the crash
    backfilled: bool = False  # read from the history strip, its flight not watched
    ended_within: float | None = None  # seconds: the crash was shown in (ended_at - this, ended_at]
    late: bool = False  # seen more than LATE_AFTER after it may have happened


@dataclass(frozen=True)
class ThresholdCrossing:
    """The moment a flight passed `threshold`, with what was still at stake then."""

    TABLE: ClassVar[str] = "threshold_crossings"
    bookmaker: str
    round_started_at: str
    threshold: float
    crossed_at: str
    players_left: int | None = None
    money_left: float | None = None


@dataclass(frozen=True)
class PhaseTransition:
    """The game screen entered `phase` (a GamePhase value) at `at`."""

    TABLE: ClassVar[str] = "phase_transitions"
    bookmaker: str
    phase: str
    at: str


@dataclass(frozen=True)
class RgbSample:
    """Colour statistics of one screen region: the phase classifier's training data."""

    TABLE: ClassVar[str] = "rgb_samples"
    bookmaker: str
    region: str
    at: str
    r_mean: float
    g_mean: float
    b_mean: float
    r_std: float
    g_std: float
    b_std: float


@dataclass(frozen=True)
class Bet:
    """One bet of one panel, paper or live, written once it ended: settled (won, lost, or unknown
    when its crash went unseen: counted as lost), cancelled, or refused by the game's screen."""

    TABLE: ClassVar[str] = "bets"
    bookmaker: str
    panel: int  # 1: the left bet panel, 2: the right one
    stake: float
    placed_at: str
    round_started_at: str | None = None  # the round it played; None if it never played
    auto_cashout: float | None = None
    state: str = "placed"  # settled, cancelled or refused
    result: str | None = None  # won, lost, unknown, cancelled, refused
    profit: float | None = None
    mode: str = "paper"  # paper or live
    crash: float | None = None  # the crash of the round it played
    strategy: str | None = None
    bet_id: str | None = None  # its events in bet_events
    cycle_lost: bool = False  # this loss ended a lost cycle of its strategy (a Martingale ladder's top)
    settled_at: str | None = None


@dataclass(frozen=True)
class BetEvent:
    """One step in a bet's life, for the audit: decided, granted or refused (and by which
    protection), typed, read back, rolled back, cancelled, settled; `detail` says what and why."""

    TABLE: ClassVar[str] = "bet_events"
    bookmaker: str
    bet_id: str
    at: str
    event: str
    detail: str | None = None


RECORD_TYPES: tuple[type, ...] = (Round, ThresholdCrossing, PhaseTransition, RgbSample, Bet, BetEvent)


def columns_of(record_type: type) -> tuple[str, ...]:
    """The table's columns for `record_type`: its fields, in order."""
    return tuple(f.name for f in fields(record_type))


@cache
def row_getter(record_type: type) -> Callable[[Any], tuple[Any, ...]]:
    """A record's row in `columns_of` order. attrgetter: astuple deep-copies and is 5x slower."""
    columns = columns_of(record_type)
    getter = attrgetter(*columns)
    return getter if len(columns) > 1 else lambda record: (getter(record),)  # one name: no tuple
