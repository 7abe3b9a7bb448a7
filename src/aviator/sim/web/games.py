"""The games behind the web pages: one SimGame per window, advanced every frame in the server's
event loop, each page told its state when it changed, each page's clicks and keys handed to its
game's table, and each crash logged to the truth once the page says it painted it."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from aviator.config.layouts import Rect
from aviator.core.communication.clock import Clock
from aviator.sim.game import SimGame
from aviator.sim.web.layouts import WebLayout
from aviator.sim.web.state import Click, Key, Painted, page_message, page_state


class PageSocket(Protocol):
    async def send_text(self, data: str) -> None: ...


@dataclass
class WebPage:
    """One window: its site's game, its layout, where it sits, and the page connected to it."""

    game: SimGame
    layout: WebLayout
    window: Rect
    socket: PageSocket | None = None
    sent: dict[str, Any] | None = field(default=None, repr=False)  # the state the page has
    painted: bool = False  # the page has painted a frame of the game

    @property
    def title(self) -> str:
        return self.layout.window_title(self.game.name)


class WebGames:
    """Every page's game on one clock; `announce` hears "ready" (every page painted the game)
    and "finished" (every allowed round crashed and was painted)."""

    def __init__(self, pages: list[WebPage], clock: Clock, announce: Callable[[str], None]) -> None:
        self.pages, self.clock, self.announce = pages, clock, announce
        self._said: set[str] = set()

    async def run(self, fps: float) -> None:
        """The frame loop: advances every game and pushes what changed, `fps` times a second."""
        period, next_frame = 1.0 / fps, time.monotonic()
        while True:
            await self.frame()
            next_frame = max(next_frame + period, time.monotonic())
            await asyncio.sleep(next_frame - time.monotonic())  # frame pacing

    async def frame(self) -> None:
        t = self.clock.now()
        for page in self.pages:
            view, table = page.game.advance(t)
            state = page_state(view, table, page.game.crashed, page.layout)
            if page.socket is not None and state != page.sent:
                page.sent = state
                await self._send(page, state)
        if all(p.game.engine.finished_at(t) and p.game.all_shown for p in self.pages):
            self._say("finished")

    async def _send(self, page: WebPage, state: dict[str, Any]) -> None:
        try:
            await page.socket.send_text(json.dumps(state))
        except Exception:  # the page went away between frames: it reconnects, or its window closed
            page.socket = None

    def connected(self, page: WebPage, socket: PageSocket | None) -> None:
        """A page (re)connected, or left with None: a new page is sent the whole state next frame."""
        page.socket, page.sent = socket, None

    def received(self, page: WebPage, message: dict[str, Any]) -> None:
        """What the page's user did, or that the page painted a frame."""
        table, event = page.game.table, page_message(message, page.layout.panels)
        if isinstance(event, Click) and event.element is None:
            table.click_outside()
        elif isinstance(event, Click):
            table.click(event.panel, event.element, page.game.view)
        elif isinstance(event, Key):
            table.key(event.key)
        elif isinstance(event, Painted):
            page.game.shown(self.clock.now(), event.crashed)
            page.painted = True
            if all(p.painted for p in self.pages):
                self._say("ready")

    def _say(self, word: str) -> None:
        if word not in self._said:
            self._said.add(word)
            self.announce(word)
