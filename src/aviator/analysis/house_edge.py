"""The house edge measured: the return to player of always cashing out at x, P(M >= x) * x, for x
from 1.01 to 100 with 95 % intervals, and one pooled estimate of it with its interval.

Under the law the return is 0.97 at every x on the cent grid: whatever the cash-out, a unit staked
comes back as 0.97 on average. The pooled estimate averages the curve with weights 1 / x (the
estimate at x has a variance of about 0.97 x, so 1 / x weighs each point by how much it knows). Per
round it is the mean of one number, g = sum over the grid of w_x * x * [M >= x], so its interval
comes from the spread of g over rounds, correlations between the points included.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from aviator.analysis.crash_law import CENT, cents
from aviator.analysis.verdicts import Z95, TestResult, result, two_sided, wilson
from aviator.config.settings import RTP

RTP_TOP = 100.0
RTP_POINTS = 200


def rtp_grid(top: float = RTP_TOP, points: int = RTP_POINTS) -> np.ndarray:
    """Cash-outs from 1.01 to `top`, log-spaced, on the cent grid (where the law is exact)."""
    return np.unique(np.round(np.geomspace(1.01, top, points), 2))


def rtp_curve(crashes: np.ndarray, grid: np.ndarray | None = None) -> pd.DataFrame:
    """The return to player of cashing out at each x of `grid`: columns x, rtp, lower, upper, law."""
    x = rtp_grid() if grid is None else np.asarray(grid, dtype=float)
    values = np.sort(cents(crashes))
    at_least = values.size - np.searchsorted(values, x - CENT / 2)
    lower, upper = wilson(at_least, values.size)
    return pd.DataFrame(
        {
            "x": x,
            "rtp": x * at_least / max(values.size, 1),
            "lower": x * lower,
            "upper": x * upper,
            "law": np.full(x.size, RTP),
        }
    )


@dataclass(frozen=True)
class EdgeEstimate:
    """The pooled return to player over the grid, with its 95 % interval; the edge is 1 - rtp."""

    rtp: float
    lower: float
    upper: float
    standard_error: float
    rounds: int

    @property
    def edge(self) -> float:
        return 1.0 - self.rtp

    @property
    def edge_interval(self) -> tuple[float, float]:
        return 1.0 - self.upper, 1.0 - self.lower


def pooled_rtp(crashes: np.ndarray, grid: np.ndarray | None = None) -> EdgeEstimate:
    """The 1/x-weighted mean of the RTP curve: with weights w_x = 1 / x, sum w_x x [M >= x] / sum w_x
    is the number of grid points at or under M over sum 1 / x, one value per round."""
    x = rtp_grid() if grid is None else np.asarray(grid, dtype=float)
    values = cents(crashes)
    per_round = np.searchsorted(x, values + CENT / 2) / np.sum(1.0 / x)
    n = values.size
    mean = float(per_round.mean()) if n else float("nan")
    error = float(per_round.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return EdgeEstimate(mean, mean - Z95 * error, mean + Z95 * error, error, n)


def edge_test(estimate: EdgeEstimate, rtp: float = RTP) -> TestResult:
    """Whether the pooled return differs from the law's 0.97: a z-test on its standard error."""
    # Rounds all alike have no spread: any gap from the law is then beyond chance, none is none.
    z = (estimate.rtp - rtp) / max(estimate.standard_error, 1e-12)
    return result(f"house edge: pooled return to player = {rtp:g}", z, float(two_sided(z)))
