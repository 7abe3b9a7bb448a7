"""The whole demo as a user runs it: real processes, the shared screen, SQLite, export, truth."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import psutil
import pytest

from tests.orchestration.demo_process import AVIATOR, export_rounds, next_line, start_demo, worker_pids
from tests.orchestration.truth_checks import assert_rounds_exactly, truth_rounds


def _assert_exactly_the_truth(tmp_path: Path) -> int:
    """Every truth round once, with its exact multiplier, at its time; nothing else."""
    return len(assert_rounds_exactly(truth_rounds(tmp_path / "truth.jsonl"), export_rounds(tmp_path)))


def test_six_bookmakers_six_rounds_each_recorded_exactly(tmp_path: Path) -> None:
    demo = start_demo(tmp_path, "--bookmakers", "6", "--rounds", "6", "--speed", "10", "--seed", "3")
    try:
        workers = worker_pids(demo)
        assert len(workers) == 6 and len(set(workers.values())) == 6
        for name, pid in workers.items():
            process = psutil.Process(pid)
            assert process.ppid() == demo.pid  # a real child process of the demo
            assert " ".join(process.cmdline()).startswith(f"aviator: worker {name}")
        out, err = demo.communicate(timeout=120)
    finally:
        demo.kill()
    assert demo.returncode == 0, err
    assert "captured 100.0 %, exact 100.0 %, extra rounds 0 (of 36 rounds" in out
    assert _assert_exactly_the_truth(tmp_path) == 36


def test_same_seed_same_rounds(tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        demo = start_demo(folder, "--bookmakers", "2", "--rounds", "2", "--speed", "20", "--seed", "11")
        demo.communicate(timeout=120)
        assert demo.returncode == 0
        runs.append([(r["bookmaker"], r["crash"]) for r in truth_rounds(folder / "truth.jsonl")])
    assert runs[0] == runs[1] and len(runs[0]) == 4


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupt_loses_nothing_recorded(tmp_path: Path, stop: signal.Signals) -> None:
    demo = start_demo(tmp_path, "--bookmakers", "3", "--speed", "10", "--seed", "5")
    try:
        worker_pids(demo)
        for _ in range(4):
            next_line(demo, "round ")  # sync point: the demo's own log line for a recorded round
        demo.send_signal(stop)
        out, err = demo.communicate(timeout=60)
    finally:
        demo.kill()
    assert demo.returncode == 0, err
    assert "captured 100.0 %" in out
    assert _assert_exactly_the_truth(tmp_path) >= 4


def test_bad_arguments_are_named(tmp_path: Path) -> None:
    result = subprocess.run([*AVIATOR, "demo", "--bookmakers", "9"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "at most 8 bookmakers" in result.stderr
