"""The API's response shapes: what its OpenAPI schema promises (and schemathesis checks)."""

from __future__ import annotations

from pydantic import BaseModel


class ErrorOut(BaseModel):
    """Every error: one sentence naming what is wrong (the bad parameter, the unknown bookmaker)."""

    error: str


class WorkerHealth(BaseModel):
    bookmaker: str
    state: str  # Starting, Running, Paused, Crashed, Restarting, Stopping
    restarts: int
    last_look_seconds_ago: float | None  # since the worker's last status; None before its first
    last_round_at: str | None  # ISO 8601 UTC, the last round recorded this run
    rss_mb: float | None
    cpu_percent: float | None


class HealthOut(BaseModel):
    """200 when every worker runs and the database answers, else 503 with the same body."""

    healthy: bool
    node: str
    database_reachable: bool
    queue_depth: int | None  # the hub's unread bytes at the last 10 s health check
    writer_backlog: int | None  # records waiting for the database at that check
    workers: list[WorkerHealth]


class BookmakerOut(BaseModel):
    bookmaker: str
    phase: str
    multiplier: float | None
    state: str
    restarts: int
    rounds: int  # recorded this run
    last_crash: float | None
    share_2x: float | None
    unreadable: bool
    bets: int
    profit: float | None
    recent: list[float]  # the last crashes recorded, newest first
    rounds_last_hour: int  # rounds recorded in the last hour


class RoundOut(BaseModel):
    id: int
    bookmaker: str
    final_score: float
    started_at: str
    ended_at: str
    server_group: str | None
    backfilled: bool


class RoundsPage(BaseModel):
    """Rounds in the order they were stored; `next_cursor` fetches the page after (None: none yet)."""

    rounds: list[RoundOut]
    next_cursor: str | None


class LawPoint(BaseModel):
    x: float
    observed: float | None  # P(M >= x) recorded; None without rounds
    law: float  # 0.97 / x


class StatsOut(BaseModel):
    """Past rounds beside the crash law. Rounds are independent: none of this predicts the next one."""

    scope: str
    rounds: int
    median: float | None
    share_2x: float | None
    distribution: list[LawPoint]
    note: str


class BetOut(BaseModel):
    id: int
    bookmaker: str
    panel: int
    stake: float
    placed_at: str
    auto_cashout: float | None
    state: str
    result: str | None
    profit: float | None
    mode: str
    crash: float | None
    strategy: str | None


class AlertOut(BaseModel):
    source: str
    message: str
    at: str


class Done(BaseModel):
    """What a control request did."""

    ok: bool
    message: str
