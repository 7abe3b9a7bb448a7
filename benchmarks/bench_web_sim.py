"""The web-rendered simulator's cost: `aviator sim --web` with 1, 3 and 5 Chromium windows.

    .venv/bin/python -m benchmarks.bench_web_sim [--seconds S] [--windows 1 3 5]

Prints one JSON object per window count: the CPU share of one core used by the whole process tree
(the Python server and every Chromium process) over S seconds once every page is up, split into
the server and the browsers, their summed proportional memory (PSS: shared pages split between
the processes that share them),
and how long after each crash the page reported it painted (shown_at - crashed_at, speed 1).
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
from datetime import datetime
from pathlib import Path

import psutil

from aviator.sim.private_display import private_display
from aviator.sim.truth_log import read_truth
from aviator.sim.web.layouts import DEFAULT_MIX


def _tree(process: psutil.Process) -> list[psutil.Process]:
    return [process, *process.children(recursive=True)]


def _cpu_seconds(processes: list[psutil.Process]) -> dict[int, float]:
    seconds = {}
    for process in processes:
        try:
            times = process.cpu_times()
            seconds[process.pid] = times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return seconds


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _painted_after_crash(truth: Path) -> list[float]:
    """Milliseconds from each crash to the page's report that it painted it (speed 1: real time)."""
    rounds = read_truth(truth)
    return [(_stamp(r["shown_at"]) - _stamp(r["crashed_at"])).total_seconds() * 1000 for r in rounds]


def measure(windows: int, seconds: float) -> dict[str, float]:
    with private_display() as display, tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "DISPLAY": display}
        layouts = [option for name in DEFAULT_MIX[:windows] for option in ("--layout", name)]
        truth = Path(work) / "truth.jsonl"
        command = [sys.executable, "-m", "aviator", "sim", "--web", *layouts, "--truth", str(truth)]
        sim = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        try:
            while sim.stdout.readline().strip() != "ready":
                pass
            server = psutil.Process(sim.pid)
            before, started = _cpu_seconds(_tree(server)), time.monotonic()
            time.sleep(seconds)  # the measurement window
            tree = _tree(server)
            after, elapsed = _cpu_seconds(tree), time.monotonic() - started
            pss = sum(p.memory_full_info().pss for p in tree if p.is_running())
        finally:
            sim.terminate()
            sim.wait(30)
        used = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
        lags = _painted_after_crash(truth)
    return {
        "windows": windows,
        "cpu_percent_of_one_core": round(100 * sum(used.values()) / elapsed, 1),
        "server_cpu_percent": round(100 * used.get(sim.pid, 0.0) / elapsed, 1),
        "pss_mb_summed": round(pss / 2**20),
        "crash_to_painted_ms_median": round(statistics.median(lags), 1) if lags else None,
        "crash_to_painted_ms_max": round(max(lags), 1) if lags else None,
        "rounds": len(lags),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--windows", type=int, nargs="+", default=[1, 3, 5])
    args = parser.parse_args()
    for windows in args.windows:
        print(json.dumps(measure(windows, args.seconds)), flush=True)


if __name__ == "__main__":
    main()
