"""The product's commands as child processes on the tests' private display, followed through the
lines they print (the sync points)."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from aviator.cli.sim import clock_path
from tests.e2e.lines import Lines

AVIATOR = [sys.executable, "-m", "aviator"]


@dataclass(frozen=True)
class App:
    process: subprocess.Popen
    out: Lines


@dataclass(frozen=True)
class Games:
    """`aviator sim` holding its games, and the setup file `aviator calibrate` wrote for them."""

    app: App
    truth: Path
    setup: Path
    speed: str

    def release(self) -> None:
        """The games' clock starts (the simulator was started with --hold)."""
        self.app.process.send_signal(signal.SIGUSR1)


def start(args: list[str], env: dict[str, str]) -> App:
    process = subprocess.Popen([*AVIATOR, *args], stdout=subprocess.PIPE, text=True, env=env)
    return App(process, Lines(process))


def stop(app: App) -> int:
    """Stops politely (as Ctrl-C would) and returns the exit code."""
    app.process.send_signal(signal.SIGTERM)
    return app.process.wait(60)


def start_collector(games: Games, db: Path, env: dict[str, str]) -> App:
    """`aviator run` on the games' setup, recording into `db`, on the simulator's time axis."""
    options = ["--config", str(games.setup), "--db", str(db), "--speed", games.speed]
    return start(["run", *options, "--sim-clock", str(clock_path(games.truth))], env)


def printed(lines: list[str]) -> Counter[str]:
    """Rounds per bookmaker in a collector's 'round NAME VALUE ended AT' lines."""
    return Counter(line.split()[1] for line in lines if line.startswith("round "))
