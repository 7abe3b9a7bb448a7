"""The web server of `aviator sim --web`: the pages, their fonts and one WebSocket per page, on
the loopback interface only. FastAPI and uvicorn load in this process alone, never in a worker."""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import socket
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from string import Template

import uvicorn
from fastapi import FastAPI, HTTPException, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, HTMLResponse

from aviator.sim.web.games import WebGames, WebPage

PAGE_FILES = ("game.js", "game.css")
PAGE = files("aviator.sim.web") / "page"

log = logging.getLogger(__name__)


def page_html(page: WebPage, index: int) -> str:
    """The page of window `index`: its title, its layout's switches and colours."""
    layout = page.layout
    config = {"index": index, "panels": layout.panels, "progress": layout.progress, "tabs": layout.tabs}
    classes = [
        "with-tabs" if layout.tabs else "",
        "bare" if not layout.strip_x else "",
        f"strip-{layout.strip}",
        "narrow" if layout.width < 480 else "",
    ]
    return Template((PAGE / "game.html").read_text(encoding="utf-8")).substitute(
        title=html.escape(page.title),
        index=index,
        config=json.dumps(config),
        classes=" ".join(c for c in classes if c),
        page_colour=f"rgb{layout.page_colour}",
        accent_colour=f"rgb{layout.accent_colour}",
        site=html.escape(page.game.name),
    )


def web_app(games: WebGames) -> FastAPI:
    """The routes: a page per window, its script and style, its font, its WebSocket."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/game/{index}")
    def game(index: int) -> HTMLResponse:
        return HTMLResponse(page_html(_page(games, index), index))

    @app.get("/page/{name}")
    def page_file(name: str) -> FileResponse:
        if name not in PAGE_FILES:
            raise HTTPException(404)
        return FileResponse(Path(str(PAGE / name)))

    @app.get("/font/{index}")
    def font(index: int) -> FileResponse:
        web_font = _page(games, index).layout.font
        path = Path(str(files(web_font.package) / "files" / web_font.file))
        return FileResponse(path, media_type="font/ttf")

    @app.websocket("/ws/{index}")
    async def page_socket(websocket: WebSocket, index: int) -> None:
        await _talk(games, _page(games, index), websocket)

    return app


def _page(games: WebGames, index: int) -> WebPage:
    if not 0 <= index < len(games.pages):
        raise HTTPException(404)
    return games.pages[index]


async def _talk(games: WebGames, page: WebPage, websocket: WebSocket) -> None:
    """One page's connection: its feed of states out, what its user did in."""
    await websocket.accept()
    feeding = asyncio.create_task(games.feed(page, websocket))
    try:
        while True:
            message = await websocket.receive_json()
            if isinstance(message, dict):
                games.received(page, message)
    except (WebSocketDisconnect, ValueError) as error:  # a page that is still there reconnects
        log.debug("a page's connection ended (%s)", type(error).__name__)
    finally:
        feeding.cancel()


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the command decides what a signal does."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def loopback_socket() -> socket.socket:
    """A listening socket on 127.0.0.1 at a free port: nothing outside this machine reaches it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    return listener


def server_for(games: WebGames) -> QuietServer:
    config = uvicorn.Config(web_app(games), log_level="warning", lifespan="off", ws="websockets-sansio")
    return QuietServer(config)
