"""The simulated game follows the real crash law and timing, and is reproducible."""

from __future__ import annotations

import math
import random

import pytest

from aviator.config.settings import GamePhase
from aviator.sim.engine import (
    BETTING_SECONDS,
    CRASH_SHOWN_SECONDS,
    LOADING_SECONDS,
    GameEngine,
    crash_point,
)

DRAWS = 40_000


@pytest.fixture(scope="module")
def crashes() -> list[float]:
    rng = random.Random(7)
    return [crash_point(1.0 - rng.random()) for _ in range(DRAWS)]


@pytest.mark.parametrize("x", [1.5, 2.0, 3.0, 10.0, 50.0])
def test_tail_follows_the_law(crashes: list[float], x: float) -> None:
    expected = 0.97 / x
    observed = sum(c >= x for c in crashes) / DRAWS
    sigma = math.sqrt(expected * (1 - expected) / DRAWS)
    assert abs(observed - expected) < 5 * sigma, (x, observed, expected)


def test_instant_crash_share_is_about_three_percent(crashes: list[float]) -> None:
    # P(M = 1.00) = P(97/U < 101) = 1 - 97/101 ~= 3.96 %
    share = sum(c == 1.0 for c in crashes) / DRAWS
    assert 0.034 < share < 0.045


def test_crash_points_have_two_decimals(crashes: list[float]) -> None:
    assert all(abs(c * 100 - round(c * 100)) < 1e-6 and c >= 1.0 for c in crashes)


def test_timeline_of_each_round() -> None:
    engine = GameEngine("timing", max_rounds=200)
    plans = engine.crashed_until(1e9)
    assert len(plans) == 200
    for plan in plans:
        assert BETTING_SECONDS[0] <= plan.loading_start - plan.betting_start <= BETTING_SECONDS[1]
        assert LOADING_SECONDS[0] <= plan.flight_start - plan.loading_start <= LOADING_SECONDS[1]
        flight = plan.crash_time - plan.flight_start
        assert flight == pytest.approx(math.log(plan.crash) / 0.0833)
        assert plan.next_betting - plan.crash_time == CRASH_SHOWN_SECONDS


def test_rounds_per_hour_match_real_sites() -> None:
    engine = GameEngine("hourly")
    hours = 20
    rate = len(engine.crashed_until(hours * 3600.0)) / hours
    # Real sites: ~150-165 rounds an hour; the heavy tail of long flights makes hours vary.
    assert 140 <= rate <= 175


def test_same_seed_same_rounds_whatever_the_sampling() -> None:
    a, b = GameEngine("seed-1"), GameEngine("seed-1")
    for t in range(0, 600, 7):  # a samples coarsely, b does not sample at all until the end
        a.view_at(float(t))
    assert [p.crash for p in a.crashed_until(600)] == [p.crash for p in b.crashed_until(600)]
    assert [p.crash for p in GameEngine("seed-2").crashed_until(600)] != [
        p.crash for p in b.crashed_until(600)
    ]


def test_views_walk_through_the_phases_of_a_round() -> None:
    engine = GameEngine("phases", max_rounds=1)
    plan = engine.crashed_until(1e6)[0]
    assert engine.view_at(plan.betting_start + 0.1).phase is GamePhase.BETTING
    assert engine.view_at(plan.loading_start + 0.01).phase is GamePhase.LOADING
    ended = engine.view_at(plan.crash_time + 0.01)
    assert ended.phase is GamePhase.ENDED and ended.multiplier == plan.crash
    assert ended.history[0] == plan.crash
    if plan.crash > 1.0:
        flying = engine.view_at((plan.flight_start + plan.crash_time) / 2)
        assert flying.phase is GamePhase.PLAYING and 1.0 <= flying.multiplier <= plan.crash


def test_flight_values_never_decrease_and_end_at_the_crash() -> None:
    engine = GameEngine("monotonic", max_rounds=5)
    for plan in engine.crashed_until(1e6):
        steps = [
            plan.flight_start + i * 0.05 for i in range(int((plan.crash_time - plan.flight_start) / 0.05))
        ]
        shown = [engine.view_at(t).multiplier for t in steps]
        assert shown == sorted(shown)
        assert all(value <= plan.crash for value in shown)


def test_limit_stops_new_rounds_and_keeps_the_last_crash_on_screen() -> None:
    engine = GameEngine("limit", max_rounds=3)
    last = engine.crashed_until(1e6)[-1]
    assert last.number == 3
    assert not engine.finished_at(last.crash_time - 0.01)
    assert engine.finished_at(last.crash_time)
    view = engine.view_at(last.crash_time + 1000)
    assert view.phase is GamePhase.ENDED and view.multiplier == last.crash


def test_time_limit_lets_the_flight_in_progress_finish() -> None:
    engine = GameEngine("deadline")
    engine.last_start = 100.0
    plans = engine.crashed_until(1e6)
    assert plans and all(p.flight_start <= 100.0 for p in plans)
    assert GameEngine("deadline").crashed_until(1e6)[len(plans) - 1].crash == plans[-1].crash
