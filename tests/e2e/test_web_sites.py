"""A new user's path on sites the project was never told about: four differently laid out web
pages in Chromium windows (`aviator sim --web`), `aviator calibrate` with no hand editing (it finds
the regions and learns each site's multiplier font), then `aviator run` on the setup it wrote for
eight minutes, stopped once mid-run and started again after every game crashed unseen. Every
round is recorded exactly once with its exact value, the rounds played while nothing ran
brought back from the history strips (read by the strip's own font, learnt from the bubbles of
the crashes recorded, or until it knows every digit by two readers that agree); nothing is
recorded that the games did not play, and no phase change that they did not make."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aviator.cli.sim import clock_path
from aviator.sim.private_display import private_display
from aviator.sim.truth_log import read_truth
from tests.e2e.apps import AVIATOR, App, printed, start, stop
from tests.orchestration.truth_checks import seconds, when

LAYOUTS = ("official", "mobile", "flight-bar", "bare-strip")  # two panels with tabs, one narrow
# panel, the bar in the plane's path, a strip without x (the strip below the game: tests/sim/web)
SEED = "2026"
RUN_SECONDS = 480.0  # `aviator run` records this long at least, its two runs together
FIRST_SECONDS = 240.0  # the first run records this long, then stops
ROUNDS = 3  # and each run until every game's collector printed this many rounds
MATCH = 5.0  # seconds: a recorded round's time and its truth's (backfilled ones are estimates)
BACKFILLED_MATCH = 20.0
STRIP_READ = 30.0  # seconds after its start by which the second run has read the strips
PHASE_SLACK = 1.0  # seconds a look may see a phase change after it happened (a look every 0.1 s)
POLL = 0.5


@pytest.fixture
def web_sites(tmp_path: Path) -> Iterator[tuple[App, dict[str, str], Path]]:
    """The four sites running (not held: calibration watches them play), on a private display."""
    with private_display() as display:
        env = {**os.environ, "DISPLAY": display}
        truth = tmp_path / "truth.jsonl"
        layouts = [option for name in LAYOUTS for option in ("--layout", name)]
        app = start(["sim", "--web", *layouts, "--seed", SEED, "--truth", str(truth)], env)
        try:
            app.out.expect("ready", timeout=240)
            yield app, env, truth
        finally:
            stop(app)


def _calibrate(env: dict[str, str], setup: Path) -> list[str]:
    fonts = ["--learn", "300", "--learned-templates", str(setup.with_name("templates"))]
    done = subprocess.run(
        [*AVIATOR, "calibrate", "--out", str(setup), "--watch", "240", *fonts],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


def _collector(env: dict[str, str], setup: Path, truth: Path) -> App:
    options = ["--config", str(setup), "--db", str(setup.with_name("rounds.db"))]
    options += ["--sim-clock", str(clock_path(truth))]
    options += ["--learned-templates", str(setup.with_name("templates"))]
    collector = start(["run", *options, "-v"], env)  # the reasons for any round not recorded, on stderr
    collector.out.expect("recording ", timeout=180)
    return collector


def _record(collector: App, seconds: float, said: list[str]) -> None:
    """Lets `collector` record for `seconds` and until it printed ROUNDS rounds of every game, then
    stops it; what it printed goes to `said`."""
    try:
        began, printed_before = time.time(), len(collector.out.seen)
        collector.out.until(
            lambda seen: time.time() - began >= seconds and _every(printed(seen[printed_before:]), ROUNDS),
            seconds * 3 + 120,
            f"{ROUNDS} rounds of every game in {seconds:.0f} s or more",
        )
    finally:
        code = stop(collector)
        said += collector.out.seen
        assert code == 0, "\n".join(collector.out.seen)


@dataclass(frozen=True)
class Recording:
    """When `aviator run` began recording, was stopped, recorded again and was stopped for good
    (epoch seconds), and what it printed."""

    began: float
    stopped: float
    restarted: float
    ended: float
    said: list[str]


def _run(env: dict[str, str], setup: Path, truth: Path) -> Recording:
    """`aviator run` for FIRST_SECONDS; stopped until every game crashed once more; started again
    until the two runs lasted RUN_SECONDS."""
    said: list[str] = []
    first = _collector(env, setup, truth)
    began = time.time()
    _record(first, FIRST_SECONDS, said)
    stopped = time.time()
    every = set(_truth_names(truth))
    _wait_for(lambda: _crashed_since(truth, stopped) == every, 120, "a crash of every game")
    second = _collector(env, setup, truth)
    restarted = time.time()
    _record(second, max(RUN_SECONDS - (stopped - began), FIRST_SECONDS), said)
    return Recording(began, stopped, restarted, time.time(), said)


def _truth_names(truth: Path) -> set[str]:
    return {r["bookmaker"] for r in read_truth(truth)}


def _crashed_since(truth: Path, moment: float) -> set[str]:
    """The games whose truth log holds a crash after `moment` (epoch seconds)."""
    return {r["bookmaker"] for r in read_truth(truth) if _epoch(r["crashed_at"]) > moment}


def _wait_for(done: Callable[[], bool], timeout: float, what: str) -> None:
    """Sync point on files the collector writes: polls until `done()`."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(POLL)


def _site_names(sim_lines: list[str], calibrated: list[str]) -> dict[str, str]:
    """The truth log's name of each site -> the name calibration gave its window (from its title),
    matched by the windows' positions."""
    at = {line.split()[3]: line.split()[1] for line in sim_lines if line.startswith("window ")}
    found = {line.split(" at ")[1].split()[0]: line.split(" (window")[0] for line in calibrated}
    assert set(at) == set(found), (at, found)
    return {site: found[where] for where, site in at.items()}


def _every(counts: Counter[str], at_least: int) -> bool:
    return len(counts) == len(LAYOUTS) and min(counts.values()) >= at_least


def _epoch(stamp: str) -> float:
    return when(stamp).timestamp()


def _recorded(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        query = "SELECT bookmaker, final_score, backfilled, ended_at FROM rounds ORDER BY id"
        return [dict(row) for row in connection.execute(query)]


def _transitions(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute("SELECT bookmaker, phase, at FROM phase_transitions")]


def _check_rounds(truth: list[dict], recorded: list[dict], run: Recording) -> Counter[str]:
    """Every truth round that crashed while recording could see it (after the first run began,
    before the second stopped) recorded once, exactly; no recorded round without its truth. Returns
    per game the rounds of the gap not recorded (played while nothing ran, not brought back)."""
    unmatched, lost = list(recorded), Counter[str]()
    for round_ in truth:
        match = next((r for r in unmatched if _same_round(r, round_)), None)
        crashed = _epoch(round_["crashed_at"])
        if match is not None:
            unmatched.remove(match)
        elif run.stopped - MATCH < crashed < run.restarted + STRIP_READ:
            lost[round_["bookmaker"]] += 1
        elif run.began + MATCH < crashed < run.ended - MATCH:
            raise AssertionError(
                f"not recorded: {round_['bookmaker']} {round_['crash']} at {round_['crashed_at']}"
            )
    assert unmatched == [], f"recorded but never played: {unmatched}"
    return lost


def _same_round(recorded: dict, truth: dict) -> bool:
    slack = BACKFILLED_MATCH if recorded["backfilled"] else MATCH
    return (
        recorded["bookmaker"] == truth["bookmaker"]
        and f"{recorded['final_score']:.2f}" == f"{truth['crash']:.2f}"
        and abs(seconds(recorded["ended_at"], truth["crashed_at"])) < slack
    )


PHASE_SPANS = {  # a phase of a round: from which of its truth times to which
    "BETTING": ("betting_started_at", "loading_started_at"),
    "LOADING": ("loading_started_at", "started_at"),
    "PLAYING": ("started_at", "crashed_at"),
}


def _check_phases(truth: list[dict], transitions: list[dict]) -> None:
    """Every recorded change to a phase happened while the game was in that phase (a look may see
    it up to PHASE_SLACK late); ENDED lasts from a crash to the next round's betting. Only changes
    up to each game's last crash in the truth log can be checked."""
    spans: dict[tuple[str, str], list[tuple[float, float]]] = {}
    names = {r["bookmaker"] for r in truth}
    for name in names:
        rounds = sorted((r for r in truth if r["bookmaker"] == name), key=lambda r: r["crashed_at"])
        for phase, (first, last) in PHASE_SPANS.items():
            spans[name, phase] = [(_epoch(r[first]), _epoch(r[last])) for r in rounds]
        nexts = [_epoch(r["betting_started_at"]) for r in rounds[1:]] + [float("inf")]
        spans[name, "ENDED"] = [(_epoch(r["crashed_at"]), n) for r, n in zip(rounds, nexts, strict=True)]
    last = {name: max(_epoch(r["crashed_at"]) for r in truth if r["bookmaker"] == name) for name in names}
    false = [  # the truth log holds a round once it crashed: the round in play at the end is unknown
        t
        for t in transitions
        if t["phase"] in ("BETTING", "LOADING", "PLAYING", "ENDED")
        and _epoch(t["at"]) <= last[t["bookmaker"]] + PHASE_SLACK
        and not any(a <= _epoch(t["at"]) <= b + PHASE_SLACK for a, b in spans[t["bookmaker"], t["phase"]])
    ]
    assert false == [], f"{len(false)} phase changes the games did not make: {false[:10]}"


@pytest.mark.timeout(1500)
def test_four_unknown_web_layouts_calibrated_then_recorded_exactly_across_a_restart(
    tmp_path: Path, web_sites: tuple[App, dict[str, str], Path]
) -> None:
    sim, env, truth = web_sites
    setup = tmp_path / "setup.yaml"
    said = _calibrate(env, setup)
    games = [line for line in said if ": found multiplier, game area, history strip, progress bar" in line]
    assert len(games) == len(LAYOUTS), "\n".join(said)
    names = _site_names(sim.out.seen, games)
    learnt = [line for line in said if ": the multiplier's font learnt (" in line]
    assert len(learnt) == len(LAYOUTS), "\n".join(said)  # so every round is read by templates
    run = _run(env, setup, truth)
    rounds = [{**r, "bookmaker": names[r["bookmaker"]]} for r in read_truth(truth)]
    db = tmp_path / "rounds.db"
    try:
        lost = _check_rounds(rounds, _recorded(db), run)
        assert not lost, f"rounds of the gap not brought back from the strip: {dict(lost)}"
        _check_phases(rounds, _transitions(db))
        backfilled = [r for r in _recorded(db) if r["backfilled"]]
        assert len({r["bookmaker"] for r in backfilled}) == len(LAYOUTS), "a game's gap was not brought back"
    except AssertionError as error:
        raise AssertionError("\n".join([str(error), *said, *run.said])) from error
