"""The end-to-end tests' set-up: a private X display, and simulated bookmakers on it as Qt windows,
calibrated by `aviator calibrate` as a user would."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aviator.sim.private_display import private_display
from tests.e2e.apps import AVIATOR, Games, start, stop


@pytest.fixture
def display_env() -> Iterator[dict[str, str]]:
    """The environment of a child process that draws on, and reads, the tests' own display."""
    with private_display() as display:
        yield {**os.environ, "DISPLAY": display}


@pytest.fixture
def held_games(tmp_path: Path, display_env: dict[str, str]) -> Iterator[Callable[..., Games]]:
    """Starts `aviator sim --hold` with the given options (their clock waits for `release`) and
    calibrates a setup file for them; the simulator is stopped at the end of the test."""
    started: list[Games] = []

    def open_games(
        *, bookmakers: int, layout: str, speed: str, rounds: int, extra: tuple[str, ...] = ()
    ) -> Games:
        truth, samples, setup = tmp_path / "truth.jsonl", tmp_path / "samples", tmp_path / "setup.yaml"
        games = ["--bookmakers", str(bookmakers), "--layout", layout, "--speed", speed]
        games += ["--rounds", str(rounds), *extra]
        files = ["--samples", str(samples), "--truth", str(truth)]
        app = start(["sim", *games, "--hold", *files], display_env)
        started.append(Games(app, truth, setup, speed))
        app.out.expect("ready", timeout=180)  # every window is on the display, the games wait
        # held games do not play: one screenshot, which only the simulator's own layout allows
        calibrate = [*AVIATOR, "calibrate", "--out", str(setup), "--samples", str(samples), "--watch", "0"]
        subprocess.run(calibrate, env=display_env, check=True)
        subprocess.run([*AVIATOR, "config", "validate", str(setup)], env=display_env, check=True)
        return started[-1]

    yield open_games
    for games in started:
        stop(games.app)
