"""The whole product on a real X display: six simulated bookmakers in Qt windows, calibration from a
screenshot, the collector capturing with mss, and every round of the truth log recorded exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from aviator.analysis.truth_compare import compare
from aviator.cli.sim import clock_path
from aviator.sim.private_display import private_display
from aviator.sim.skins import SKINS
from aviator.sim.truth_log import read_truth
from tests.e2e.lines import Lines

SPEED = "4"  # fast enough for a short test, slow enough for a busy 2-core machine
ROUNDS = 5  # per bookmaker
BOOKMAKERS = 6
AVIATOR = [sys.executable, "-m", "aviator"]


def _start(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, Lines]:
    process = subprocess.Popen([*AVIATOR, *args], stdout=subprocess.PIPE, text=True, env=env)
    return process, Lines(process)


def _stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(60)


def _collect(
    setup: Path, db: Path, truth: Path, sim: tuple[subprocess.Popen, Lines], env: dict[str, str]
) -> Lines:
    """Runs the collector while the held games play all their rounds; stops it once it printed, for
    every bookmaker, as many rounds as the truth log holds."""
    options = [
        "--config",
        str(setup),
        "--db",
        str(db),
        "--speed",
        SPEED,
        "--sim-clock",
        str(clock_path(truth)),
    ]
    collector, collector_out = _start(["run", *options], env)
    try:
        collector_out.expect("workers ready", timeout=120)
        sim[0].send_signal(signal.SIGUSR1)  # the games start while the collector watches
        sim[1].expect("finished", timeout=600)
        wanted = Counter(r["bookmaker"] for r in read_truth(truth))
        collector_out.until(lambda seen: _printed(seen) >= wanted, timeout=60, what=f"rounds {dict(wanted)}")
    finally:
        assert _stop(collector) == 0
    return collector_out


def _printed(lines: list[str]) -> Counter[str]:
    """Rounds per bookmaker in the collector's 'round NAME VALUE ended AT' lines."""
    return Counter(line.split()[1] for line in lines if line.startswith("round "))


def _record(tmp: Path, env: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Runs simulator, calibration and collector; returns the rounds `aviator export` gives and
    what the collector printed."""
    truth, samples, setup, db = tmp / "truth.jsonl", tmp / "samples", tmp / "setup.yaml", tmp / "rounds.db"
    games = ["--bookmakers", str(BOOKMAKERS), "--layout", "3x2", "--speed", SPEED, "--rounds", str(ROUNDS)]
    sim = _start(["sim", *games, "--hold", "--samples", str(samples), "--truth", str(truth)], env)
    try:
        sim[1].expect("ready", timeout=60)  # every window is on the display, the games wait
        subprocess.run(
            [*AVIATOR, "calibrate", "--out", str(setup), "--samples", str(samples)], env=env, check=True
        )
        subprocess.run([*AVIATOR, "config", "validate", str(setup)], env=env, check=True)
        printed = _collect(setup, db, truth, sim, env).seen
    finally:
        _stop(sim[0])
    export = [*AVIATOR, "export", "rounds", "--db", str(db), "--format", "jsonl"]
    exported = subprocess.run(export, env=env, check=True, capture_output=True, text=True)
    return [json.loads(line) for line in exported.stdout.splitlines()], printed


def test_every_round_of_six_windowed_bookmakers_is_recorded_once_and_exactly(tmp_path: Path) -> None:
    with private_display() as display:
        recorded, printed = _record(tmp_path, {**os.environ, "DISPLAY": display})
    comparison = compare(read_truth(tmp_path / "truth.jsonl"), recorded)
    every_round_once_exactly = [(b.bookmaker, ROUNDS, ROUNDS, 0) for b in comparison.bookmakers]
    assert [
        (b.bookmaker, b.truth, b.exact, b.extra) for b in comparison.bookmakers
    ] == every_round_once_exactly, printed
    assert len(comparison.bookmakers) == BOOKMAKERS
    setup = (tmp_path / "setup.yaml").read_text()
    assert setup.count("templates/") == BOOKMAKERS and len(SKINS) >= BOOKMAKERS  # six sites, six skins
