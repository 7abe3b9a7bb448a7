"""The return to player: a short history worked out by hand, the pooled estimate's interval on fair
sequences (it covers 0.97) and its verdict on other house edges."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.analysis.house_edge import edge_test, pooled_rtp, rtp_curve, rtp_grid
from tests.analysis.sequences import fair

HISTORY = np.array([1.00, 2.00, 3.00, 1.50])
GRID = np.array([1.5, 2.0, 3.0])


def test_rtp_curve_by_hand() -> None:
    table = rtp_curve(HISTORY, GRID)
    # P(>= 1.5) = 3/4 -> 1.125; P(>= 2) = 2/4 -> 1.0; P(>= 3) = 1/4 -> 0.75
    assert table["rtp"].tolist() == pytest.approx([1.125, 1.0, 0.75])
    assert (table["law"] == 0.97).all()
    assert (table["lower"] < table["rtp"]).all() and (table["rtp"] < table["upper"]).all()


def test_pooled_rtp_by_hand() -> None:
    # weights 1/x: (1/1.5 * 1.125 + 1/2 * 1.0 + 1/3 * 0.75) / (1/1.5 + 1/2 + 1/3) = 1.5 / 1.5
    estimate = pooled_rtp(HISTORY, GRID)
    assert estimate.rtp == pytest.approx(1.0)
    # per round: grid points at or under M over sum(1/x) = 1.5: 0, 2/1.5, 3/1.5, 1/1.5
    per_round = np.array([0, 2, 3, 1]) / 1.5
    assert estimate.standard_error == pytest.approx(per_round.std(ddof=1) / 2)
    assert estimate.edge == pytest.approx(0.0)


def test_the_grid_runs_on_cents_from_1_01_to_100() -> None:
    grid = rtp_grid()
    assert grid[0] == 1.01 and grid[-1] == 100.0 and np.all(np.round(grid, 2) == grid)


@pytest.mark.parametrize("seed", range(5))
def test_fair_sequences_cover_the_laws_return(seed: int) -> None:
    estimate = pooled_rtp(fair(100_000, seed))
    assert estimate.lower < 0.97 < estimate.upper
    assert edge_test(estimate).verdict == "pass"
    assert 0.025 < estimate.edge < 0.035


def test_fair_sequences_raise_no_more_false_alarms_than_the_level_allows() -> None:
    failures = sum(edge_test(pooled_rtp(fair(3000, seed))).verdict == "fail" for seed in range(100))
    assert failures <= 5  # 1 expected; P(Binomial(100, 0.01) >= 6) < 0.001


@pytest.mark.parametrize("rtp", [0.99, 0.95])
def test_another_house_edge_is_flagged(rtp: float) -> None:
    estimate = pooled_rtp(fair(200_000, seed=3, rtp=rtp))
    assert edge_test(estimate).verdict == "fail"
    assert estimate.lower < rtp < estimate.upper
