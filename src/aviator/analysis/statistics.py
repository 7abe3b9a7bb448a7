"""Statistics of recorded crashes beside what the crash law says, for the control panel's charts
(and the HTML report and the API): plain numpy arrays in, plain arrays out, no database, no Qt.

The law: M = max(1.00, floor(97 / U) / 100) with U uniform on (0, 1], so P(M >= x) = 0.97 / x for
every x on the game's cent grid above 1.00 (and 1 at 1.00). Rounds are independent: every figure
here describes rounds already played; none of them says anything about the next one, and no
strategy beats the ~3 % house edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aviator.config.settings import RTP
from aviator.data.readers.stats import RECORDING_GAP

TWO_X = 2.0
P_TWO_X = RTP / TWO_X  # P(M >= 2x) under the law: 0.485
P_UNDER_TWO_X = 1.0 - P_TWO_X  # the chance that a run of rounds under 2x goes on: 0.515
HONEST_CAPTION = (
    "Rounds are independent: P(M >= x) ≈ 0.97/x whatever came before, and the house edge is ≈ 3 %. "
    "These charts describe past rounds; none predicts the next one."
)
CHART_NOTE = "Rounds are independent; P(M >= x) ≈ 0.97/x; house edge ≈ 3 %: past rounds predict nothing."


@dataclass(frozen=True)
class Curve:
    """Observed values at the points `x`, beside the law's values at the same points."""

    x: np.ndarray
    observed: np.ndarray
    expected: np.ndarray


@dataclass(frozen=True)
class Rolling:
    """The share of rounds >= 2x over each full window of `window` rounds, by the window's last round."""

    round_number: np.ndarray  # 1-based: the window ends at this round
    share: np.ndarray
    window: int
    band: float  # two standard deviations of a window's share under the law: chance alone stays inside


@dataclass(frozen=True)
class Streaks:
    """Runs of consecutive rounds under 2x, counted by length k = 1, 2, …, beside the law's counts."""

    length: np.ndarray  # k
    observed: np.ndarray  # runs of exactly k rounds
    expected: np.ndarray  # runs * P(run = k) = runs * p^(k-1) * (1 - p), p = P(M < 2)
    at_least: np.ndarray  # the share of runs of k rounds or more
    expected_at_least: np.ndarray  # P(run >= k) = p^(k-1)


@dataclass(frozen=True)
class RoundsPerHour:
    """Rounds per hour while recording, per time bin; gaps over RECORDING_GAP seconds are pauses."""

    at: np.ndarray  # the bins' starts, seconds since 1970
    rate: np.ndarray  # rounds per hour in that bin
    overall: float | None  # over every recorded interval; None when none is recorded


def law_share(x: np.ndarray | float) -> np.ndarray:
    """The law's P(M >= x) (exact on the cent grid), capped at certainty."""
    return np.minimum(1.0, RTP / np.asarray(x, dtype=float))


def log_grid(top: float, points: int = 60) -> np.ndarray:
    """About `points` multipliers from 1.01 to `top`, evenly spaced on a log scale and rounded to
    cents: the law is exact on cents, and recorded crashes are cents, so `>=` compares like with like."""
    if top < 1.01:
        return np.empty(0)
    return np.unique(np.round(np.geomspace(1.01, top, points), 2))


def survival(crashes: np.ndarray, points: int = 60) -> Curve:
    """P(M >= x) of the crashes on a log grid up to the largest crash (so it is never 0 on the
    grid: a log axis cannot show 0), beside the law 0.97/x."""
    values = np.sort(np.round(np.asarray(crashes, dtype=float), 2))
    grid = log_grid(float(values[-1]) if values.size else 0.0, points)
    below = np.searchsorted(values, grid, side="left")  # crashes under each x
    return Curve(grid, (values.size - below) / max(values.size, 1), law_share(grid))


def rolling_share(crashes: np.ndarray, window: int, threshold: float = TWO_X) -> Rolling:
    """The share of rounds >= `threshold` over every full window of `window` consecutive rounds."""
    if window < 1:
        raise ValueError(f"a window holds at least one round, not {window}")
    hits = np.concatenate(([0], np.cumsum(np.asarray(crashes, dtype=float) >= threshold)))
    share = (hits[window:] - hits[:-window]) / window
    p = float(law_share(threshold))
    return Rolling(np.arange(window, hits.size), share, window, 2 * np.sqrt(p * (1 - p) / window))


def under_runs(crashes: np.ndarray, threshold: float = TWO_X) -> np.ndarray:
    """The lengths of the runs of consecutive rounds under `threshold`, in order. The first and the
    last run may be cut by the start or end of the recording."""
    under = np.concatenate(([False], np.asarray(crashes, dtype=float) < threshold, [False]))
    edges = np.flatnonzero(np.diff(under.astype(np.int8)))  # alternately a run's start and its end
    return edges[1::2] - edges[0::2]


def streaks(crashes: np.ndarray) -> Streaks:
    """Runs under 2x by length, beside the geometric law of a run's length: each further round is
    under 2x again with p = P(M < 2) = 1 - 0.97/2, whatever the run so far."""
    runs = under_runs(crashes)
    length = np.arange(1, (runs.max() if runs.size else 0) + 1)
    observed = np.bincount(runs, minlength=length.size + 1)[1:]
    at_least = np.cumsum(observed[::-1])[::-1] / max(runs.size, 1)
    expected_at_least = P_UNDER_TWO_X ** (length - 1.0)
    expected = runs.size * expected_at_least * (1 - P_UNDER_TWO_X)
    return Streaks(length, observed, expected, at_least, expected_at_least)


def rounds_per_hour(
    starts: np.ndarray, bin_seconds: float = 3600.0, gap: float = RECORDING_GAP
) -> RoundsPerHour:
    """Rounds per hour from the rounds' start times (seconds, in order): each interval between two
    starts at most `gap` apart counts in the bin of its later start; longer ones are pauses of the
    recording (a night, a restart) and count nowhere, so they do not dilute the rate."""
    starts = np.asarray(starts, dtype=float)
    intervals = np.diff(starts)
    kept = intervals <= gap
    seconds, ends = intervals[kept], starts[1:][kept]
    overall = 3600 * seconds.size / seconds.sum() if seconds.sum() > 0 else None
    bins, which = np.unique(np.floor(ends / bin_seconds), return_inverse=True)
    counts = np.bincount(which, minlength=bins.size)
    watched = np.bincount(which, weights=seconds, minlength=bins.size)
    shown = watched > 0
    return RoundsPerHour(bins[shown] * bin_seconds, 3600 * counts[shown] / watched[shown], overall)


def crossing_rates(thresholds: np.ndarray, crossed: np.ndarray, rounds: int) -> Curve:
    """The share of the `rounds` that crossed each threshold (`crossed`: how many did), beside the
    law's 0.97/threshold: a flight crosses x exactly when it crashes at x or later."""
    thresholds = np.asarray(thresholds, dtype=float)
    order = np.argsort(thresholds)
    shares = np.asarray(crossed, dtype=float)[order] / max(rounds, 1)
    return Curve(thresholds[order], shares, law_share(thresholds[order]))
