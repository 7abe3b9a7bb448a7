"""The token check of the control routes and the WebSocket: `Authorization: Bearer TOKEN` (or, for
a browser's WebSocket, which cannot send headers, `?token=TOKEN`), compared in constant time."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import HTTPException, Request

from aviator.api.tokens import token_matches

BEARER = "bearer "


def given_token(headers: Mapping[str, str], query: Mapping[str, str]) -> str | None:
    """The token a request carries: its Authorization header's, else its `token` parameter."""
    header = headers.get("authorization") or ""
    if header.lower().startswith(BEARER):
        return header[len(BEARER) :].strip()
    return query.get("token")


def require_token(request: Request) -> None:
    """401 unless the request carries the collector's token (always: on loopback too)."""
    expected = request.app.state.context.token
    if not token_matches(given_token(request.headers, request.query_params), expected):
        raise HTTPException(401, "token: missing or wrong; send `Authorization: Bearer TOKEN`", _challenge())


def _challenge() -> dict[str, str]:
    return {"WWW-Authenticate": "Bearer"}
