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
    """One window: its site's game, its layout, where it sits, and the newest state for its page."""

    game: SimGame
    layout: WebLayout
    window: Rect
    newest: dict[str, Any] | None = field(default=None, repr=False)  # what the page should show now
    changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
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
            self.frame()
            next_frame = max(next_frame + period, time.monotonic())
            await asyncio.sleep(next_frame - time.monotonic())  # frame pacing

    def frame(self) -> None:
        """One frame: every game advanced to the clock's time, each page's newest state noted."""
        t = self.clock.now()
        for page in self.pages:
            view, table = page.game.advance(t)
            state = page_state(view, table, page.game.crashed, page.layout)
            if state != page.newest:
                page.newest = state
                page.changed.set()  # its feed sends it; the frame loop never waits for a page
        if all(p.game.engine.finished_at(t) and p.game.all_shown for p in self.pages):
            self._say("finished")

    async def feed(self, page: WebPage, socket: PageSocket) -> None:
        """Sends a connected page its newest state each time it changed, until the connection ends.
        A slow page skips states instead of holding back the frames of the others, and never gets a
        queue of stale ones (a collector's worker likewise reads only the newest screen)."""
        sent = None
        page.changed.set()  # a page that (re)connects gets the whole state at once
        while True:
            await page.changed.wait()
            page.changed.clear()
            if page.newest is not None and page.newest != sent:
                sent = page.newest
                try:
                    await socket.send_text(json.dumps(sent))
                except Exception:  # the page went away: it reconnects, or its window closed
                    return

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
