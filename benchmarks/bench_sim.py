"""The simulated bookmakers' cost: one tile render per skin, and the CPU of six windows on Xvfb.

    .venv/bin/python -m benchmarks.bench_sim [--frames N] [--seconds S] [--speed X]

Prints one JSON object per line: per skin the median and p99 of a 640x540 site tile render
(every frame a new multiplier and cash-out amount, the dearest case), then the CPU share of one
`aviator sim --bookmakers 6` process drawing on a private Xvfb display for S seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import psutil

from aviator.config.settings import BetState, GamePhase
from aviator.sim.engine import GameView
from aviator.sim.private_display import private_display
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS
from aviator.sim.table import PanelView, TableView

HISTORY = (1.5, 2.3, 12.4, 3281.54, 1.0, 1.2, 4.4, 1.9, 7.7, 2.05)


def render_times(skin: str, frames: int) -> list[float]:
    renderer = TileRenderer(SKINS[skin], 640, 540, site="Admiral")
    times = []
    for i in range(frames):
        value = 1 + i * 0.01
        table = TableView(990.0, (PanelView("10.00", "2.00", BetState.CASH_OUT, 10 * value),) * 2)
        started = time.perf_counter()
        renderer.render(GameView(GamePhase.PLAYING, value, 0.0, HISTORY, 1, 1234, 5678.9), table)
        times.append((time.perf_counter() - started) * 1000)
    return times


def windows_cpu(seconds: float, speed: str) -> float:
    """Share of one core used by `aviator sim` with six windows, after they are up."""
    with private_display() as display, tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "DISPLAY": display}
        command = [
            sys.executable,
            "-m",
            "aviator",
            "sim",
            "--bookmakers",
            "6",
            "--speed",
            speed,
            "--truth",
            f"{work}/t",
        ]
        sim = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        try:
            assert sim.stdout.readline().strip() == "ready"
            process = psutil.Process(sim.pid)
            process.cpu_percent()
            time.sleep(seconds)  # the measurement window
            return process.cpu_percent()
        finally:
            sim.terminate()
            sim.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--speed", default="1")
    args = parser.parse_args()
    for skin in SKINS:
        times = sorted(render_times(skin, args.frames))
        p99 = times[int(0.99 * (len(times) - 1))]
        print(
            json.dumps(
                {
                    "skin": skin,
                    "render_ms_median": round(statistics.median(times), 3),
                    "render_ms_p99": round(p99, 3),
                }
            )
        )
    cpu = windows_cpu(args.seconds, args.speed)
    print(json.dumps({"windows": 6, "speed": float(args.speed), "cpu_percent_of_one_core": round(cpu, 1)}))


if __name__ == "__main__":
    main()
