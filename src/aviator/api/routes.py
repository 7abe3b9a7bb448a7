"""The API's REST routes: reading (health, bookmakers, rounds, stats, bets, alerts, metrics) and
control (pause, resume, restart a bookmaker; the betting kill switch, which needs the token).

Handlers that touch the database or wait for a worker are plain `def`: FastAPI runs them in its
thread pool, so the event loop (and every WebSocket) never waits for them.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from aviator.api.auth import require_token
from aviator.api.context import ApiContext
from aviator.api.models import AlertOut, BetOut, BookmakerOut, Done, ErrorOut, HealthOut, RoundsPage, StatsOut
from aviator.api.queries import (
    RoundFilter,
    in_group,
    last_bets,
    rounds_page,
    rounds_since,
    stats,
    utc_text,
)
from aviator.data.readers.rounds import ALL, Scope, last_crashes

MAX_PAGE = 1_000
RECENT = 20  # crashes per bookmaker, as the game's own strip shows about as many
UNKNOWN = {404: {"model": ErrorOut, "description": "no such bookmaker"}}
NEEDS_TOKEN = {401: {"model": ErrorOut, "description": "no token, or not the token"}}
BAD = {422: {"model": ErrorOut, "description": "a parameter is not valid: named in the message"}}

read = APIRouter(responses=BAD)
control = APIRouter(dependencies=[Depends(require_token)], responses={**NEEDS_TOKEN, **BAD})


def context(request: Request) -> ApiContext:
    return request.app.state.context


Context = Annotated[ApiContext, Depends(context)]


def known(ctx: ApiContext, bookmaker: str | None) -> str | None:
    if bookmaker is not None and bookmaker not in ctx.collector.state.names():
        raise HTTPException(404, f"bookmaker: no bookmaker {bookmaker!r} here")
    return bookmaker


@read.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def health(ctx: Context, response: Response) -> HealthOut:
    """Every worker's state, last look and last round, restarts, memory and CPU; the database."""
    report = ctx.health.report(ctx.database().reachable())
    response.status_code = 200 if report.healthy else 503
    return report


@read.get("/bookmakers", response_model=list[BookmakerOut])
def bookmakers(ctx: Context) -> list[BookmakerOut]:
    """Each bookmaker's phase, live multiplier, worker state, this run's rounds and bets, its last
    crashes and its rounds in the last hour."""
    database = ctx.database()
    hourly = rounds_since(database, datetime.now(UTC) - timedelta(hours=1))
    return [
        BookmakerOut(
            **asdict(s),
            share_2x=s.share_2x,
            recent=last_crashes(database, s.bookmaker, RECENT),
            rounds_last_hour=hourly.get(s.bookmaker, 0),
        )
        for s in ctx.collector.state.snapshot()
    ]


@read.get("/rounds", response_model=RoundsPage)
def rounds(
    ctx: Context,
    bookmaker: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: Annotated[str | None, Query(pattern=r"^\d{1,18}$")] = None,
) -> Response:
    """Recorded rounds in the order they were stored, a page at a time (pass `next_cursor` on)."""
    wanted = RoundFilter(bookmaker, utc_text(since), utc_text(until), int(cursor or 0))
    # written as RoundsPage's JSON directly (response_model documents it): see rounds_page
    return Response(rounds_page(ctx.database(), wanted, limit), media_type="application/json")


@read.get("/stats", response_model=StatsOut)
def statistics(ctx: Context, bookmaker: str | None = None, server_group: str | None = None) -> StatsOut:
    """Recorded crashes beside the law P(M >= x) = 0.97/x, for all, one bookmaker or one server group
    (each group counted once); both: that bookmaker's, if it is in that group (filters add up)."""
    database = ctx.database()
    if bookmaker and server_group and not in_group(database, bookmaker, server_group):
        return stats(database, Scope("bookmaker", bookmaker), rounds=False)
    scope = (
        Scope("bookmaker", bookmaker) if bookmaker else Scope("group", server_group) if server_group else ALL
    )
    return stats(database, scope)


@read.get("/bets", response_model=list[BetOut])
def bets(
    ctx: Context, bookmaker: str | None = None, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50
) -> list[BetOut]:
    """The last bets that ended (paper or live), newest first."""
    return last_bets(ctx.database(), limit, bookmaker)


@read.get("/alerts", response_model=list[AlertOut])
def alerts(ctx: Context) -> list[AlertOut]:
    """This run's last alerts, oldest first."""
    return [AlertOut(**alert) for alert in list(ctx.stream.alerts)]


@read.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(ctx: Context) -> Response:
    """Prometheus metrics (text exposition format)."""
    if ctx.metrics is None:
        raise HTTPException(404, "metrics: not served by this collector")
    return Response(ctx.metrics(), media_type="text/plain; version=0.0.4; charset=utf-8")


@control.post("/bookmakers/{name}/pause", response_model=Done, responses=UNKNOWN)
def pause(ctx: Context, name: str) -> Done:
    """The worker stops looking (it stays alive); its rounds meanwhile come back from the strip."""
    ctx.collector.pause(str(known(ctx, name)))
    return Done(ok=True, message=f"{name} paused")


@control.post("/bookmakers/{name}/resume", response_model=Done, responses=UNKNOWN)
def resume(ctx: Context, name: str) -> Done:
    ctx.collector.resume(str(known(ctx, name)))
    return Done(ok=True, message=f"{name} resumed")


@control.post("/bookmakers/{name}/restart", response_model=Done, responses=UNKNOWN)
def restart(ctx: Context, name: str) -> Done:
    """The worker takes its last looks and leaves; a new process starts in its place."""
    ctx.collector.restart(str(known(ctx, name)), "restart asked through the API")
    return Done(ok=True, message=f"{name} restarting")


@control.post("/betting/stop", response_model=Done)
def stop_betting(ctx: Context) -> Done:
    """The kill switch: nothing more is granted and every waiting bet is cancelled."""
    desk = ctx.collector.betting
    if desk is None:
        return Done(ok=False, message="this collector does not bet")
    desk.stop("kill switch (API)")
    return Done(ok=True, message="betting stopped")
