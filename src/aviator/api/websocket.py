"""WS /ws: the event stream. The token is required (`?token=` from a browser); `bookmaker=a,b` and
`kinds=round,phase` filter it. The first message is a snapshot of every bookmaker's state, then
one JSON message per event (see aviator.api.events)."""

from __future__ import annotations

import json
from dataclasses import asdict

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status

from aviator.api.auth import given_token
from aviator.api.context import ApiContext
from aviator.api.events import KINDS
from aviator.api.stream import Client, csv_set
from aviator.api.tokens import token_matches

router = APIRouter()


@router.websocket("/ws")
async def events(socket: WebSocket, bookmaker: str | None = None, kinds: str | None = None) -> None:
    ctx: ApiContext = socket.app.state.context
    await socket.accept()  # then refused with a code and a reason a browser can read (not a bare 403)
    if not token_matches(given_token(socket.headers, socket.query_params), ctx.token):
        await socket.close(
            status.WS_1008_POLICY_VIOLATION, "token: missing or wrong; connect with ?token=TOKEN"
        )
        return
    try:
        wanted = (
            csv_set(bookmaker, ctx.collector.state.names().__contains__),
            csv_set(kinds, KINDS.__contains__),
        )
    except ValueError as error:
        await socket.close(status.WS_1008_POLICY_VIOLATION, f"bookmaker, kinds: unknown {error}")
        return
    client = ctx.stream.join(*wanted)
    try:
        await socket.send_text(snapshot(ctx))
        await _send_events(socket, client)
    except WebSocketDisconnect:
        pass
    finally:
        ctx.stream.leave(client)


def snapshot(ctx: ApiContext) -> str:
    states = [{**asdict(s), "share_2x": s.share_2x} for s in ctx.collector.state.snapshot()]
    return json.dumps({"kind": "snapshot", "node": ctx.node, "data": {"bookmakers": states}}, default=str)


async def _send_events(socket: WebSocket, client: Client) -> None:
    while True:
        await socket.send_text(await client.queue.get())
