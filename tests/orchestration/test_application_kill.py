"""kill -9 of the whole application under load: no process is left behind, the database is whole,
and every round it had committed is still there."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import psutil

from tests.orchestration.demo_process import next_line, worker_pids
from tests.orchestration.truth_checks import truth_rounds


def test_kill_9_of_the_main_process(tmp_path: Path) -> None:
    db, truth = tmp_path / "run.db", tmp_path / "truth.jsonl"
    command = [sys.executable, "-m", "aviator", "demo", "--bookmakers", "6", "--speed", "10", "--seed", "2"]
    demo = subprocess.Popen(
        [*command, "--db", str(db), "--truth", str(truth)], stdout=subprocess.PIPE, text=True
    )
    workers = worker_pids(demo)
    children = psutil.Process(demo.pid).children()
    for _ in range(8):
        next_line(demo, "round ")  # under load: rounds are being recorded
    demo.send_signal(signal.SIGKILL)
    demo.wait()
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert alive == [], "processes outlived the application"
    assert {p.pid for p in gone} >= set(workers.values())
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = connection.execute("SELECT bookmaker, final_score FROM rounds").fetchall()
    crashed = {(r["bookmaker"], r["crash"]) for r in truth_rounds(truth)}
    assert rows and set(rows) <= crashed  # committed rounds survive the kill; none is invented
