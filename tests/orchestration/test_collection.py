"""Every collector's table, filled by the real multi-process demo and checked against the truth,
on SQLite and on PostgreSQL, from the same seed."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from pathlib import Path

from aviator.data.backends import open_database
from aviator.data.export import iter_records, iter_rounds
from aviator.data.models import PhaseTransition, RgbSample, ThresholdCrossing
from aviator.orchestration.demo import SERVER_GROUPS
from tests.orchestration.truth_checks import (
    LAG,
    assert_crowds_exactly,
    assert_left_at_thresholds,
    assert_rounds_exactly,
    seconds,
    truth_rounds,
)

THRESHOLDS = (1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0)
ARGS = ("--bookmakers", "3", "--rounds", "4", "--speed", "10", "--seed", "5")
TIMING = 1.5  # simulated seconds of slack for times estimated from looks


def _run(db: str, truth: Path) -> None:
    command = [sys.executable, "-m", "aviator", "demo", "--db", db, "--truth", str(truth), *ARGS]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr


def _check_run(db: str, truth_path: Path) -> list[tuple[str, float]]:
    truth = truth_rounds(truth_path)
    with open_database(db) as database:
        pairs = assert_rounds_exactly(truth, list(iter_rounds(database)))
        crossings = list(iter_records(database, ThresholdCrossing))
        assert_crowds_exactly(pairs)
        _check_left(pairs, crossings)
        _check_rounds(pairs)
        _check_thresholds(pairs, crossings)
        _check_phases(truth, list(iter_records(database, PhaseTransition)))
        _check_rgb(truth, list(iter_records(database, RgbSample)))
    return [(t["bookmaker"], t["crash"]) for t, _ in pairs]


def _check_rounds(pairs: list[tuple[dict, dict]]) -> None:
    for t, r in pairs:
        assert r["server_group"] == SERVER_GROUPS[t["bookmaker"]]
        assert abs(r["flight_seconds"] - seconds(t["crashed_at"], t["started_at"])) < TIMING + LAG
        assert abs(seconds(r["started_at"], t["started_at"])) < TIMING
        if r["loading_seconds"] is not None:  # None only when the loading screen was missed
            assert abs(r["loading_seconds"] - seconds(t["started_at"], t["loading_started_at"])) < TIMING
    assert sum(r["loading_seconds"] is not None for _, r in pairs) >= len(pairs) - 1


def _check_thresholds(pairs: list[tuple[dict, dict]], crossings: list[dict]) -> None:
    expected = {
        (t["bookmaker"], r["started_at"], th) for t, r in pairs for th in THRESHOLDS if th <= t["crash"]
    }
    assert {(c["bookmaker"], c["round_started_at"], c["threshold"]) for c in crossings} == expected
    assert len(crossings) == len(expected)  # no crossing twice
    starts = {(t["bookmaker"], r["started_at"]): t for t, r in pairs}
    for c in crossings:
        t = starts[(c["bookmaker"], c["round_started_at"])]
        exact = math.log(c["threshold"]) / 0.0833
        assert abs(seconds(c["crossed_at"], t["started_at"]) - exact) < TIMING


def _check_left(pairs: list[tuple[dict, dict]], crossings: list[dict]) -> None:
    """Players in play and money left at the crossings, exact where read; 10 looks a simulated
    second put a look within the second after most crossings unless the worker was starved, and
    such a crossing has nothing, never a wrong value."""
    crash = {(t["bookmaker"], r["started_at"]): t["crash"] for t, r in pairs}
    below_crash = [c for c in crossings if c["threshold"] < crash[(c["bookmaker"], c["round_started_at"])]]
    assert assert_left_at_thresholds(pairs, crossings) >= 0.5 * len(below_crash)


def _check_phases(truth: list[dict], transitions: list[dict]) -> None:
    for t in truth:
        mine = [p for p in transitions if p["bookmaker"] == t["bookmaker"]]
        for phase, key in (("ENDED", "crashed_at"), ("LOADING", "loading_started_at")):
            assert any(p["phase"] == phase and abs(seconds(p["at"], t[key])) < TIMING for p in mine), (
                phase,
                t,
            )
        if t["crash"] >= 1.2:  # a flight that short may pass between two looks
            assert any(
                p["phase"] == "PLAYING" and abs(seconds(p["at"], t["started_at"])) < TIMING for p in mine
            )
    for name in {t["bookmaker"] for t in truth}:
        phases = [p["phase"] for p in transitions if p["bookmaker"] == name]
        assert all(a != b for a, b in itertools.pairwise(phases))  # transitions, not repeats


def _check_rgb(truth: list[dict], samples: list[dict]) -> None:
    for name in {t["bookmaker"] for t in truth}:
        mine = [s for s in samples if s["bookmaker"] == name]
        span = seconds(max(t["crashed_at"] for t in truth), min(t["betting_started_at"] for t in truth))
        assert len(mine) >= 2.0 * (span / 10) * 0.5  # 2 Hz of real time at speed 10, half at least
        assert all(0 <= s["r_mean"] <= 255 and s["r_std"] >= 0 for s in mine)
        assert len({round(s["b_mean"]) for s in mine}) > 2  # phases differ in colour


def test_every_table_matches_the_truth_on_both_backends(tmp_path: Path, postgres_url: str) -> None:
    sqlite_rounds = None
    for name, db in (("sqlite", str(tmp_path / "run.db")), ("postgres", postgres_url)):
        truth = tmp_path / f"{name}.truth.jsonl"
        _run(db, truth)
        rounds = _check_run(db, truth)
        assert len(rounds) == 12
        if sqlite_rounds is None:
            sqlite_rounds = rounds
        else:  # the same seed records the same rounds whichever backend holds them
            assert rounds == sqlite_rounds
