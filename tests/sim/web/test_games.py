"""A page's game through the real server: its state over the WebSocket, its clicks and keys into
the bet table, and its crash in the truth log only once the page says it painted it."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

import websockets

from aviator.config.layouts import Rect
from aviator.config.settings import multiplier_after
from aviator.core.communication.clock import ManualClock, iso
from aviator.sim.engine import GameEngine
from aviator.sim.game import SimGame
from aviator.sim.truth_log import TruthLog, read_truth
from aviator.sim.web.games import WebGames, WebPage
from aviator.sim.web.layouts import WEB_LAYOUTS
from aviator.sim.web.server import loopback_socket, server_for


async def _until(condition: Callable[[], bool]) -> None:
    """The server handles a page's message in its own task: wait for its effect (a sync point)."""
    async with asyncio.timeout(10):
        while not condition():
            await asyncio.sleep(0.005)


async def _state(games: WebGames, socket) -> dict:
    games.frame()
    return json.loads(await asyncio.wait_for(socket.recv(), 10))


async def _play(games: WebGames, clock: ManualClock, said: list[str], truth: Path) -> None:
    listener = loopback_socket()
    port = listener.getsockname()[1]
    server = server_for(games)
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        page = await asyncio.to_thread(
            lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/game/0").read()
        )
        assert b"<title>Aviator</title>" in page and b'src: url("/font/0")' in page
        async with websockets.connect(f"ws://127.0.0.1:{port}/ws/0") as socket:
            await _betting_by_input(games, socket, said, truth)
            await _only_the_newest_state_is_sent(games, socket, clock)
            await _crash_logged_when_painted(games, socket, clock, said, truth)
    finally:
        server.should_exit = True
        await serving


async def _betting_by_input(games: WebGames, socket, said: list[str], truth: Path) -> None:
    state = await _state(games, socket)
    assert (state["phase"], state["crashed"], len(state["panels"])) == ("betting", 0, 2)
    await socket.send(json.dumps({"type": "painted", "crashed": 0}))
    await _until(lambda: said == ["ready"])
    for message in (
        {"type": "click", "panel": 1, "element": "stake"},
        {"type": "key", "key": "ctrl+a"},
        {"type": "key", "key": "7"},
        {"type": "click", "panel": 1, "element": "button"},
    ):
        await socket.send(json.dumps(message))
    await _until(lambda: len(read_truth(truth, "bet_placed")) == 1)
    (bet,) = read_truth(truth, "bet_placed")
    assert (bet["panel"], bet["stake"], bet["round"]) == (2, 7.0, 1)
    assert (await _state(games, socket))["panels"][1]["button"] == "waiting"


async def _only_the_newest_state_is_sent(games: WebGames, socket, clock: ManualClock) -> None:
    """Two frames before the page's feed runs: the page gets the second, never a stale queue."""
    plan = games.pages[0].game.engine.plan(1)
    clock.t = plan.flight_start + 0.5
    games.frame()
    clock.t = plan.flight_start + 1.0
    games.frame()  # no await between the two frames: the feed has not run yet
    newest = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert (newest["phase"], newest["multiplier"]) == ("playing", round(multiplier_after(1.0), 2))


async def _crash_logged_when_painted(games: WebGames, socket, clock: ManualClock, said, truth: Path) -> None:
    crash_time = games.pages[0].game.engine.plan(1).crash_time
    clock.t = crash_time + 0.1
    state = await _state(games, socket)
    assert (state["phase"], state["crashed"]) == ("ended", 1)
    assert read_truth(truth) == [] and said == ["ready"]  # not on screen yet: not in the truth, not finished
    clock.t = crash_time + 0.5
    await socket.send(json.dumps({"type": "painted", "crashed": 1}))
    await _until(lambda: len(read_truth(truth)) == 1)
    assert read_truth(truth)[0]["shown_at"] == iso(clock.utc(crash_time + 0.5))
    games.frame()
    assert said == ["ready", "finished"]


def test_a_page_bets_by_input_and_its_crash_is_logged_once_painted(tmp_path: Path) -> None:
    clock, said, truth = ManualClock(), [], tmp_path / "truth.jsonl"
    log = TruthLog(truth, clock)
    game = SimGame("Admiral", GameEngine("seed", max_rounds=1), log)
    games = WebGames([WebPage(game, WEB_LAYOUTS["official"], Rect(0, 0, 840, 560))], clock, said.append)
    try:
        asyncio.run(_play(games, clock, said, truth))
    finally:
        log.close()
    (settled,) = read_truth(truth, "bet_settled")
    assert settled["round"] == 1
