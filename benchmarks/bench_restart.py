"""Worker restart time: from `kill -9` of a worker to its replacement reporting again.

    .venv/bin/python -m benchmarks.bench_restart [--kills N] [--bookmakers N]

Runs the real demo and kills its workers one after the other at random moments, each after a
steady run (so the HealthMonitor restarts it at once, without crash-loop back-off). Two times per
kill, read off the demo's own log: until the HealthMonitor saw the death ("Restarting"), and until
the new process's first status ("Running"): spawn, imports, screen opened, started, one look.
Writes benchmarks/results/restart.json.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import spread, write_result

AVIATOR = [sys.executable, "-m", "aviator"]
STEADY = 11.0  # seconds a worker runs before its next kill: longer than the monitor's steady_after


def start_demo(folder: Path, bookmakers: int, rounds: int) -> subprocess.Popen[str]:
    files = ["--db", str(folder / "run.db"), "--truth", str(folder / "truth.jsonl")]
    args = ["--bookmakers", str(bookmakers), "--rounds", str(rounds), "--speed", "10", "--seed", "5"]
    return subprocess.Popen([*AVIATOR, "demo", *files, *args], stdout=subprocess.PIPE, text=True)


def lines_until(demo: subprocess.Popen[str], prefix: str) -> Iterator[str]:
    for line in demo.stdout:
        yield line
        if line.startswith(prefix):
            return
    raise RuntimeError(f"the demo ended before a line starting {prefix!r}")


def worker_pids(demo: subprocess.Popen[str]) -> dict[str, int]:
    line = list(lines_until(demo, "started "))[-1]
    pairs = [item.split(" pid ") for item in line.split(": ", 1)[1].strip().split(", ")]
    return {name: int(pid) for name, pid in pairs}


def kill_and_time(demo: subprocess.Popen[str], name: str, pid: int, restarts: int) -> tuple[float, float]:
    """Seconds from the kill to "Restarting" and to "Running" of the new process."""
    os.kill(pid, signal.SIGKILL)
    killed, noticed = time.monotonic(), None
    for line in lines_until(demo, f"worker {name} Running (restarts {restarts})"):
        if noticed is None and line.startswith(f"worker {name} Restarting"):
            noticed = time.monotonic()
    running = time.monotonic()
    return (noticed or running) - killed, running - killed


def new_pid(parent: int, name: str, old: int) -> int:
    import psutil

    for child in psutil.Process(parent).children():
        if child.pid != old and " ".join(child.cmdline()).startswith(f"aviator: worker {name}"):
            return child.pid
    raise RuntimeError(f"no new worker process for {name}")


def run(kills: int, bookmakers: int) -> dict[str, Any]:
    rng = random.Random(3)
    per_worker = -(-kills // bookmakers)
    with tempfile.TemporaryDirectory() as tmp:
        demo = start_demo(Path(tmp), bookmakers, rounds=int(per_worker * STEADY) + 20)
        try:
            noticed, running = measure(demo, kills, rng)
        finally:
            demo.terminate()  # a clean stop: the demo's shared memory is released
            demo.communicate(timeout=120)
    return {
        "kills": kills,
        "bookmakers": bookmakers,
        "kill_to_restarting_s": spread(noticed),
        "kill_to_running_s": spread(running),
    }


def measure(demo: subprocess.Popen[str], kills: int, rng: random.Random) -> tuple[list[float], list[float]]:
    pids = worker_pids(demo)
    last = dict.fromkeys(pids, time.monotonic())
    restarts = dict.fromkeys(pids, 0)
    noticed, running = [], []
    for _ in range(kills):
        name = min(pids, key=last.__getitem__)  # the longest spared
        time.sleep(max(0.0, last[name] + STEADY - time.monotonic()) + rng.uniform(0.0, 1.0))
        restarts[name] += 1
        seen, ran = kill_and_time(demo, name, pids[name], restarts[name])
        noticed.append(seen)
        running.append(ran)
        last[name] = time.monotonic()
        pids[name] = new_pid(demo.pid, name, pids[name])
    return noticed, running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--bookmakers", type=int, default=3)
    args = parser.parse_args()
    result = run(args.kills, args.bookmakers)
    print(write_result("restart", result))
    print(result)


if __name__ == "__main__":
    main()
