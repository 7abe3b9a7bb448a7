"""`aviator sim --web` as one process: the games and their truth log, the web server, and a
Chromium window per game, each placed on the screen without overlapping the others."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aviator.core.communication.clock import HeldClock
from aviator.sim.engine import GameEngine
from aviator.sim.game import SimGame
from aviator.sim.truth_log import TruthLog
from aviator.sim.web.browser import BrowserWindows
from aviator.sim.web.games import WebGames, WebPage
from aviator.sim.web.layouts import WebLayout, place_windows
from aviator.sim.web.server import loopback_socket, server_for

Announce = Callable[[str], None]


@dataclass(frozen=True)
class WebSimConfig:
    """What `aviator sim --web` runs: a site name and a layout per window, and where."""

    sites: tuple[str, ...]
    layouts: tuple[WebLayout, ...]
    seed: int
    truth_path: Path
    chromium: str
    display: str
    screen: tuple[int, int]  # the display's size, to place the windows on
    max_rounds: int | None = None
    fps: float = 30.0


def build_pages(config: WebSimConfig, truth: TruthLog) -> list[WebPage]:
    """A game per window, placed on the screen (ValueError if they do not fit)."""
    windows = place_windows(list(config.layouts), config.screen)
    return [
        WebPage(SimGame(site, GameEngine(f"{config.seed}:{site}", config.max_rounds), truth), layout, window)
        for site, layout, window in zip(config.sites, config.layouts, windows, strict=True)
    ]


def run_web_sim(config: WebSimConfig, clock: HeldClock, announce: Announce) -> int:
    truth = TruthLog(config.truth_path, clock)
    try:
        games = WebGames(build_pages(config, truth), clock, announce)
        asyncio.run(_serve(games, config, announce))
    finally:
        truth.close()
    return 0


def window_line(page: WebPage) -> str:
    """'window SITE LAYOUT X,Y WxH TITLE': where a site's window is, for users and tests."""
    w = page.window
    return f"window {page.game.name} {page.layout.name} {w.left},{w.top} {w.width}x{w.height} {page.title}"


async def _serve(games: WebGames, config: WebSimConfig, announce: Announce) -> None:
    """Serves the pages and opens their windows until SIGTERM or SIGINT."""
    listener = loopback_socket()  # listening already: the browsers may connect before uvicorn runs
    port = listener.getsockname()[1]
    server = server_for(games)
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    framing = asyncio.create_task(games.run(config.fps))
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    browsers = BrowserWindows(config.chromium, config.display)
    try:
        for index, page in enumerate(games.pages):
            browsers.open(f"http://127.0.0.1:{port}/game/{index}", page.window)
            announce(window_line(page))
        await _watch(browsers, games, stop, announce)
    finally:
        browsers.close()
        framing.cancel()
        server.should_exit = True
        await serving


async def _watch(browsers: BrowserWindows, games: WebGames, stop: asyncio.Event, announce: Announce) -> None:
    """Waits for `stop`; says once about each browser that exits meanwhile (its window is gone)."""
    told: set[int] = set()
    while not stop.is_set():
        for index, process in enumerate(browsers.processes):
            if index not in told and process.poll() is not None:
                told.add(index)
                name, code = games.pages[index].game.name, process.returncode
                announce(f"alert: the window of {name} closed (its browser exited with code {code})")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)
