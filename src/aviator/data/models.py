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
    """One bet of one panel, paper or live, as placed and as settled."""

    TABLE: ClassVar[str] = "bets"
    bookmaker: str
    panel: int
    stake: float
    placed_at: str
    round_started_at: str | None = None  # None while the bet waits for its round, or if cancelled
    auto_cashout: float | None = None
    state: str = "placed"
    result: str | None = None  # e.g. won, lost, cancelled
    profit: float | None = None
    mode: str = "paper"  # paper or live


RECORD_TYPES: tuple[type, ...] = (Round, ThresholdCrossing, PhaseTransition, RgbSample, Bet)


def columns_of(record_type: type) -> tuple[str, ...]:
    """The table's columns for `record_type`: its fields, in order."""
    return tuple(f.name for f in fields(record_type))


@cache
def row_getter(record_type: type) -> Callable[[Any], tuple[Any, ...]]:
    """A record's row in `columns_of` order. attrgetter: astuple deep-copies and is 5x slower."""
    columns = columns_of(record_type)
    getter = attrgetter(*columns)
    return getter if len(columns) > 1 else lambda record: (getter(record),)  # one name: no tuple
