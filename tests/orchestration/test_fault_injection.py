"""kill -9 workers at random moments, many times, while the demo runs: every round recorded once.

Rounds a worker misses while it is down come back from the history strip (backfilled); the test
compares the whole recorded sequence of each bookmaker with the truth log.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from aviator.data.backends import open_database
from aviator.data.export import iter_records
from aviator.data.models import Round
from tests.orchestration.demo_process import next_line, start_demo, worker_pids
from tests.orchestration.truth_checks import by_bookmaker, truth_rounds

KILLS = 20
SPACING = 16.0  # seconds between two kills of one worker


def test_twenty_kills_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    demo = start_demo(tmp_path, "--bookmakers", "3", "--rounds", "70", "--speed", "10", "--seed", "21")
    rng = random.Random(4)
    try:
        workers = worker_pids(demo)
        restarts, last_kill = dict.fromkeys(workers, 0), dict.fromkeys(workers, -SPACING)
        for _ in range(KILLS):
            name = min(workers, key=lambda n: (last_kill[n], rng.random()))  # the longest spared
            # The fault schedule: a random moment, and each worker's kills SPACING s apart, so the
            # crash-loop guard (5 crashes of one worker within 60 s) is not what the test meets.
            time.sleep(max(rng.uniform(0.0, 1.5), last_kill[name] + SPACING - time.monotonic()))
            os.kill(workers[name], signal.SIGKILL)
            last_kill[name] = time.monotonic()
            restarts[name] += 1
            next_line(demo, f"worker {name} Running (restarts {restarts[name]})")  # looking again
            workers[name] = _new_pid(demo.pid, name, workers[name])
        _, err = demo.communicate(timeout=600)
    finally:
        demo.kill()
    assert demo.returncode == 0, err
    _assert_sequences_match(tmp_path)


def _new_pid(parent: int, name: str, old: int) -> int:
    import psutil

    for child in psutil.Process(parent).children():
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
    assert any(r["backfilled"] for r in recorded)  # the kills did make workers miss rounds
