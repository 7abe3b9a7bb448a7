"""The charts' statistics: exact values for a short history worked out by hand, and, on long
sequences drawn from the crash law, agreement with the law within a few standard errors."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.analysis.statistics import (
    crossing_rates,
    log_grid,
    rolling_share,
    rounds_per_hour,
    streaks,
    survival,
    under_runs,
)

HISTORY = np.array([1.5, 2.0, 1.2, 1.1, 1.3, 10.5, 1.0])  # >= 2x: rounds 2 and 6; runs under 2x: 1, 3, 1
P = 1 - 0.97 / 2  # P(M < 2): a run under 2x goes on with this chance


def law_sequence(n: int, seed: int) -> np.ndarray:
    """The law written out: M = max(1.00, floor(97 / U) / 100), U uniform on (0, 1]."""
    u = 1.0 - np.random.default_rng(seed).random(n)
    return np.maximum(1.0, np.floor(97 / u) / 100)


def test_survival_of_a_short_history_by_hand() -> None:
    curve = survival(HISTORY, points=3)
    # geomspace(1.01, 10.5, 3): 1.01, sqrt(1.01 * 10.5) = 3.2565 -> 3.26, 10.5
    assert curve.x.tolist() == [1.01, 3.26, 10.5]
    assert curve.observed == pytest.approx([6 / 7, 1 / 7, 1 / 7])  # all but the 1.00; only the 10.5
    assert curve.expected == pytest.approx([0.97 / 1.01, 0.97 / 3.26, 0.97 / 10.5])


def test_survival_counts_crashes_at_or_above_each_point() -> None:
    crashes = law_sequence(500, seed=3)
    curve = survival(crashes)
    assert curve.x[0] == 1.01 and curve.x[-1] == crashes.max() and np.all(np.diff(curve.x) > 0)
    assert np.all(curve.observed > 0)  # a log axis can show every point
    by_loop = [sum(1 for m in crashes if m >= x) / crashes.size for x in curve.x]
    assert curve.observed.tolist() == pytest.approx(by_loop)


def test_the_empty_history_has_empty_statistics() -> None:
    empty = np.empty(0)
    assert survival(empty).x.size == 0 and rolling_share(empty, 10).share.size == 0
    assert under_runs(empty).size == 0 and streaks(empty).length.size == 0
    per_hour = rounds_per_hour(empty)
    assert (per_hour.at.size, per_hour.rate.size, per_hour.overall) == (0, 0, None)
    assert crossing_rates(empty, empty, 0).x.size == 0
    assert log_grid(1.0).size == 0


def test_rolling_share_of_a_short_history_by_hand() -> None:
    rolling = rolling_share(HISTORY, window=3)
    assert rolling.round_number.tolist() == [3, 4, 5, 6, 7]
    # windows 1-3, 2-4, 3-5, 4-6, 5-7 hold the >= 2x rounds 2, 2, none, 6, 6
    assert rolling.share == pytest.approx([1 / 3, 1 / 3, 0, 1 / 3, 1 / 3])
    assert rolling.band == pytest.approx(2 * np.sqrt(0.485 * 0.515 / 3))
    assert rolling_share(HISTORY, window=8).share.size == 0  # no full window yet
    with pytest.raises(ValueError, match="at least one round"):
        rolling_share(HISTORY, window=0)


def test_runs_under_2x_by_hand() -> None:
    assert under_runs(HISTORY).tolist() == [1, 3, 1]
    assert under_runs(np.array([1.0, 1.5, 2.0, 2.5, 1.99])).tolist() == [2, 1]  # 2.00 ends a run
    assert under_runs(np.array([3.0, 2.0])).tolist() == []
    s = streaks(HISTORY)
    assert s.length.tolist() == [1, 2, 3]
    assert s.observed.tolist() == [2, 0, 1]
    assert s.at_least == pytest.approx([1, 1 / 3, 1 / 3])
    assert s.expected_at_least == pytest.approx([1, P, P * P])
    assert s.expected == pytest.approx([3 * 0.485, 3 * P * 0.485, 3 * P * P * 0.485])


def test_rounds_per_hour_by_hand_leaves_out_pauses() -> None:
    # intervals 30, 30 | 60, pause of 1,380 s, 40: ended in the first hour bin, then in the second
    starts = np.array([3500.0, 3530, 3560, 3620, 5000, 5040])
    per_hour = rounds_per_hour(starts)
    assert per_hour.at.tolist() == [0.0, 3600.0]
    assert per_hour.rate == pytest.approx([3600 * 2 / 60, 3600 * 2 / 100])
    assert per_hour.overall == pytest.approx(3600 * 4 / 160)
    assert rounds_per_hour(np.array([0.0, 301.0])).overall is None  # a pause only


def test_crossing_rates_by_hand_in_threshold_order() -> None:
    curve = crossing_rates(np.array([2.0, 1.5, 10.0]), np.array([2, 3, 1]), rounds=7)
    assert curve.x.tolist() == [1.5, 2.0, 10.0]
    assert curve.observed == pytest.approx([3 / 7, 2 / 7, 1 / 7])
    assert curve.expected == pytest.approx([0.97 / 1.5, 0.485, 0.097])


LONG = law_sequence(200_000, seed=11)


def within(observed: np.ndarray, p: np.ndarray, n: float, sigmas: float = 5.0) -> bool:
    """Binomial shares of n trials within `sigmas` standard errors of their probabilities."""
    return bool(np.all(np.abs(observed - p) <= sigmas * np.sqrt(p * (1 - p) / n) + 1e-12))


def test_law_sequences_follow_the_law_in_survival_and_crossings() -> None:
    curve = survival(LONG)
    assert within(curve.observed, curve.expected, LONG.size)
    thresholds = np.array([1.1, 1.5, 2.0, 5.0, 10.0, 100.0])
    crashes = LONG
    crossed = np.array([(crashes >= t).sum() for t in thresholds])
    rates = crossing_rates(thresholds, crossed, LONG.size)
    assert rates.expected == pytest.approx(0.97 / thresholds)
    assert within(rates.observed, rates.expected, LONG.size)


def test_law_sequences_follow_the_law_in_rolling_share_and_streaks() -> None:
    rolling = rolling_share(LONG, window=1000)
    assert rolling.share.mean() == pytest.approx(0.485, abs=0.005)
    assert np.mean(np.abs(rolling.share - 0.485) <= rolling.band) > 0.9  # about 95 % inside by chance
    s = streaks(LONG)
    runs = under_runs(LONG).size
    assert runs == pytest.approx(LONG.size * 0.485 * P, rel=0.02)  # a run starts after a >= 2x round
    assert within(s.at_least[:12], s.expected_at_least[:12], runs)
    assert s.observed.sum() == runs and s.expected.sum() == pytest.approx(runs, rel=0.001)


def test_rounds_per_hour_of_a_steady_game_with_a_night_off() -> None:
    day = np.arange(0, 7200, 22.5)  # 160 rounds an hour for two hours
    starts = np.concatenate((day, 50_000 + day))
    per_hour = rounds_per_hour(starts)
    assert per_hour.overall == pytest.approx(160)
    assert per_hour.rate == pytest.approx(np.full(per_hour.rate.size, 160.0))
    assert per_hour.at.size == 5  # hours 0, 1, then 13, 14 and 15 (50,000 s is 13.9 h)
