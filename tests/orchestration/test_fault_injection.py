"""kill -9 workers at random moments, many times, while the demo runs: every round recorded once.

A killed worker is back within a fraction of a second, often before the next crash, so the kills
alone rarely make a worker miss a round. Two freezes (SIGSTOP: a hung worker) do: the HealthMonitor
kills a worker whose heartbeat stopped 10 s ago, several rounds later, and the rounds it missed
come back from the history strip (backfilled). The test compares the whole recorded sequence of
each bookmaker with the truth log, once every worker has recorded rounds again after the last
fault and the demo was stopped with Ctrl-C (which stops the games first, so every crash is seen).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from aviator.data.backends import open_database
from aviator.data.export import iter_records
from aviator.data.models import Round
from tests.orchestration.demo_process import next_line, start_demo, worker_pids
from tests.orchestration.truth_checks import by_bookmaker, truth_rounds

KILLS = 20
FREEZES = 2
SPACING = 16.0  # seconds between two faults of one worker
AFTER = 2  # rounds each worker records live after the last fault before the demo is stopped (Ctrl-C)


@pytest.mark.timeout(600)  # a busy machine stretches the 22 faults' schedule (restarts take seconds)
def test_twenty_kills_and_two_hangs_lose_and_duplicate_nothing(tmp_path: Path, busy_cpus: object) -> None:
    """Beside two processes keeping both cores busy, as a user's browsers do."""
    demo = start_demo(tmp_path, "--bookmakers", "3", "--speed", "10", "--seed", "21")
    rng = random.Random(4)
    try:
        workers = worker_pids(demo)
        restarts, last_fault = dict.fromkeys(workers, 0), dict.fromkeys(workers, -SPACING)
        for fault in [signal.SIGSTOP] * FREEZES + [signal.SIGKILL] * KILLS:
            name = min(workers, key=lambda n: (last_fault[n], rng.random()))  # the longest spared
            # The fault schedule: a random moment, and each worker's faults SPACING s apart, so the
            # crash-loop guard (5 crashes of one worker within 60 s) is not what the test meets.
            time.sleep(max(rng.uniform(0.0, 1.5), last_fault[name] + SPACING - time.monotonic()))
            os.kill(workers[name], fault)
            restarts[name] += 1
            next_line(demo, f"worker {name} Running (restarts {restarts[name]})")  # looking again
            last_fault[name] = time.monotonic()
            workers[name] = _new_pid(demo, name, workers[name])
        _each_records(demo, list(workers), AFTER)  # every worker, restarted or not, looks again
        demo.send_signal(signal.SIGINT)  # the demo stops the games first: every crash gets recorded
        _, err = demo.communicate(timeout=120)
    finally:
        demo.kill()
    assert demo.returncode == 0, err
    _assert_sequences_match(tmp_path)


def _each_records(demo: subprocess.Popen[str], names: list[str], rounds: int) -> None:
    """Sync point: each of `names` printed `rounds` more rounds recorded live (not backfilled)."""
    left = dict.fromkeys(names, rounds)
    while any(left.values()):
        line = next_line(demo, "round ")
        name = line.split()[1]
        if "backfilled" not in line and left.get(name, 0) > 0:
            left[name] -= 1


def _new_pid(demo: subprocess.Popen[str], name: str, old: int) -> int:
    import psutil

    for child in psutil.Process(demo.pid).children():
        if child.pid != old and " ".join(child.cmdline()).startswith(f"aviator: worker {name}"):
            return child.pid
    raise AssertionError(f"no new worker process for {name}")


def _assert_sequences_match(tmp_path: Path) -> None:
    """Per bookmaker, the recorded values in the order they were recorded are the truth's."""
    truth = by_bookmaker(truth_rounds(tmp_path / "truth.jsonl"), "crashed_at")
    with open_database(tmp_path / "run.db") as database:
        recorded = list(iter_records(database, Round))  # in the order they were stored
    for bookmaker, rounds in truth.items():
        got = [f"{r['final_score']:.2f}" for r in recorded if r["bookmaker"] == bookmaker]
        assert got == [f"{r['crash']:.2f}" for r in rounds], bookmaker
    assert sum(r["backfilled"] for r in recorded) >= FREEZES  # the hangs did make workers miss rounds
