"""kill -9 of the whole collector while the games go on, then `aviator run` again on the same SQLite
file: the database is whole, and the rounds crashed while nothing watched come back from the history
strips, flagged backfilled, so every round of the truth log is recorded exactly once."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from aviator.sim.truth_log import read_truth
from tests.e2e.apps import App, Games, printed, start_collector, stop
from tests.orchestration.truth_checks import LAG, seconds

SPEED = "4"  # as the other end-to-end test: a busy 2-core machine keeps up
# Two bookmakers in a 2x2 layout: wide tiles, so each history strip shows many bubbles. The first
# two skins only: at this size the strip's small text of the third and fourth skins is read by too
# few agreeing readers (redhat: a bubble in twelve unread; fjalla: its strip font has no '4').
BOOKMAKERS = 2
ROUNDS = 15  # per bookmaker: the first run (3), the rounds nobody watched (3 or more), the second run
FIRST_RUN = 3  # rounds per bookmaker the first collector records before its kill
UNWATCHED = 3  # rounds per bookmaker that crash after the kill before the restart begins
POLL = 0.2  # seconds between looks at the truth log while waiting for it to grow
# Simulated seconds a backfilled round's estimated crash time may be off: each older bubble adds the
# game's usual pause (12.5 s; 10-13 s really) and the first estimate is itself a few seconds off.
BACKFILL_TIMING = 15.0
Row = tuple[str, float, int, str]  # bookmaker, crash, backfilled, ended_at


def _every(counts: Counter[str], at_least: Counter[str] | int) -> bool:
    """Whether every bookmaker's count reached its own minimum (or one for all)."""
    wanted = at_least if isinstance(at_least, Counter) else Counter(dict.fromkeys(counts, at_least))
    return len(counts) == BOOKMAKERS and all(counts[name] >= n for name, n in wanted.items())


def _truth_counts(games: Games) -> Counter[str]:
    return Counter(r["bookmaker"] for r in read_truth(games.truth))


def _wait_truth(games: Games, done: Callable[[Counter[str]], bool], timeout: float, what: str) -> None:
    """Sync point: the simulator's truth log (one line per crash, flushed) reached `done`."""
    deadline = time.monotonic() + timeout
    while not done(counts := _truth_counts(games)):
        assert time.monotonic() < deadline, f"no {what} in the truth log within {timeout} s: {counts}"
        time.sleep(POLL)


def _kill_9(collector: App) -> None:
    """kill -9 of `aviator run`; its workers die with it (PR_SET_PDEATHSIG)."""
    children = psutil.Process(collector.process.pid).children(recursive=True)
    assert children, "the collector has no worker processes"
    collector.process.send_signal(signal.SIGKILL)
    collector.process.wait(30)
    _, alive = psutil.wait_procs(children, timeout=30)
    assert alive == [], "worker processes outlived the collector"


def _last_crashes_seen(db: Path, truth: list[dict]) -> dict[str, bool]:
    """Per bookmaker: whether the phase change to ENDED of its last round is recorded. The test
    stops the collector right after that round: only a shutdown that drains the hub and every
    writer (phase changes are batched for up to a second) keeps it."""
    with sqlite3.connect(db) as connection:
        query = "SELECT bookmaker, at FROM phase_transitions WHERE phase = 'ENDED'"
        ended = connection.execute(query).fetchall()
    last = {r["bookmaker"]: r["crashed_at"] for r in truth}  # the truth log is in crash order
    return {
        name: any(b == name and 0 <= seconds(at, crash) < LAG for b, at in ended)
        for name, crash in last.items()
    }


def _recorded(db: Path) -> list[Row]:
    """Every recorded round in the order recorded, after checking that the file is whole."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        query = "SELECT bookmaker, final_score, backfilled, ended_at FROM rounds ORDER BY id"
        return [(name, score, int(flag), ended) for name, score, flag, ended in connection.execute(query)]


def _first_run(games: Games, db: Path, env: dict[str, str]) -> Counter[str]:
    """The first collector records FIRST_RUN rounds per bookmaker and is killed; returns how many
    rounds of each bookmaker the truth log held once it was dead."""
    collector = start_collector(games, db, env)
    collector.out.expect("workers ready", timeout=120)
    games.release()  # the games start while the collector watches
    collector.out.until(lambda seen: _every(printed(seen), FIRST_RUN), 180, "first rounds")
    _kill_9(collector)
    return _truth_counts(games)


def _second_run(
    games: Games, db: Path, env: dict[str, str], recorded: Counter[str]
) -> tuple[Counter[str], list[str]]:
    """The collector again, until the games are over and it printed every round not `recorded`
    yet (backfilled ones included); returns how many rounds of each bookmaker had crashed when it
    started recording, and what it printed."""
    collector = start_collector(games, db, env)
    try:
        collector.out.expect("recording ", timeout=120)
        started = _truth_counts(games)
        games.app.out.expect("finished", timeout=300)
        wanted = Counter(dict.fromkeys(started, ROUNDS)) - recorded
        collector.out.until(lambda seen: _every(printed(seen), wanted), 60, f"rounds {dict(wanted)}")
    finally:
        assert stop(collector) == 0
    return started, collector.out.seen


@pytest.mark.timeout(900)  # beside busy_cpus the games, calibration and two collectors start slowly
def test_a_restart_after_kill_9_recovers_the_gap_from_the_history_strips(
    tmp_path: Path, display_env: dict[str, str], held_games: Callable[..., Games], busy_cpus: object
) -> None:
    games = held_games(bookmakers=BOOKMAKERS, layout="2x2", speed=SPEED, rounds=ROUNDS)
    db = tmp_path / "rounds.db"
    killed_at = _first_run(games, db, display_env)
    before = Counter(row[0] for row in _recorded(db))  # committed rounds survive the kill
    assert _every(before, FIRST_RUN - 1), before  # at most the last one's commit was cut short
    unwatched = killed_at + Counter(dict.fromkeys(killed_at, UNWATCHED))  # crash with no collector at all
    _wait_truth(games, lambda now: _every(now, unwatched), 120, f"rounds {dict(unwatched)}")
    restarted_at, printed_lines = _second_run(games, db, display_env, before)
    truth = read_truth(games.truth)
    try:
        _check_recovered(truth, _recorded(db), before, restarted_at)
        assert all(_last_crashes_seen(db, truth).values()), _last_crashes_seen(db, truth)
    except AssertionError as error:  # what the second run printed (alerts included) explains it
        raise AssertionError("\n".join([str(error), *printed_lines])) from error


def _check_recovered(
    truth: list[dict], recorded: list[Row], before: Counter[str], restarted_at: Counter[str]
) -> None:
    """Per bookmaker: every truth round once, exactly, in order; those that crashed between the
    last commit of the first run and the start of the second are backfilled, the first run's not."""
    live_after_restart = 0
    for name in before:
        expected = [r for r in truth if r["bookmaker"] == name]
        mine = [row for row in recorded if row[0] == name]
        assert [f"{row[1]:.2f}" for row in mine] == [f"{r['crash']:.2f}" for r in expected], name
        flags = [row[2] for row in mine]
        assert flags[: before[name]] == [0] * before[name], (name, flags)
        gap = slice(before[name], restarted_at[name])
        assert flags[gap] == [1] * (restarted_at[name] - before[name]), (name, flags)
        live_after_restart += flags[restarted_at[name] :].count(0)
        for row, r in zip(mine, expected, strict=True):  # backfilled times are estimates, flagged as such
            assert abs(seconds(row[3], r["crashed_at"])) < (BACKFILL_TIMING if row[2] else LAG), (row, r)
    assert live_after_restart > 0  # the second run records live too, after what it recovered
