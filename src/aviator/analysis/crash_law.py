"""The crash law on recorded rounds: the empirical survival P(M >= x) with 95 % bands beside
0.97 / x, a chi-square test against the law on log-spaced bins, and the headline figures (P(1.00x),
the median, P(>= 2x), P(>= 10x), P(>= 100x)) beside the law's values.

Crashes are floored to the cent, so the law is discrete: P(M >= x) = 0.97 / x exactly for x on the
cent grid from 1.01, and P(M = 1.00) = 1 - 0.97 / 1.01. A Kolmogorov-Smirnov test made for
continuous laws would see the steps of that grid as a misfit; the chi-square below counts crashes
in bins whose edges are cents, where the law's probabilities are exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from aviator.analysis.verdicts import TestResult, result, wilson
from aviator.config.settings import RTP

CENT = 0.01
LOWEST = 1.0
MIN_EXPECTED = 20.0  # rounds the law expects in the top bin: the chi-square's approximation holds
LAW_BINS = 30  # log-spaced bins above 1.00x, before merging
HEADLINE = (("P(1.00x)", None), ("P(>= 2x)", 2.0), ("P(>= 10x)", 10.0), ("P(>= 100x)", 100.0))


def cents(crashes: np.ndarray) -> np.ndarray:
    """Crashes on the game's cent grid (1.9100000001 is 1.91)."""
    return np.round(np.asarray(crashes, dtype=float), 2)


def law_survival(x: np.ndarray | float, rtp: float = RTP) -> np.ndarray:
    """P(M >= x) under the law: rtp / x from 1.01 up, certain at 1.00 and below."""
    x = np.asarray(x, dtype=float)
    return np.where(x <= LOWEST + CENT / 2, 1.0, np.minimum(1.0, rtp / np.maximum(x, CENT)))


def law_quantile(q: float, rtp: float = RTP) -> float:
    """The smallest cent m with P(M <= m) >= q under the law: P(M <= m) = 1 - rtp / (m + 0.01)."""
    if q <= 1 - rtp / (LOWEST + CENT):
        return LOWEST
    return float(np.ceil(np.round((rtp / (1 - q) - CENT) * 100, 6)) / 100)


def survival_frame(crashes: np.ndarray, points: int = 80) -> pd.DataFrame:
    """P(M >= x) of the crashes on a log grid of cents from 1.01 to the largest crash, with its 95 %
    Wilson band and the law's value: columns x, observed, lower, upper, law, rounds_at_least."""
    values = np.sort(cents(crashes))
    top = float(values[-1]) if values.size else LOWEST
    grid = np.unique(np.round(np.geomspace(LOWEST + CENT, max(top, LOWEST + CENT), points), 2))
    at_least = values.size - np.searchsorted(values, grid - CENT / 2)
    lower, upper = wilson(at_least, values.size)
    return pd.DataFrame(
        {
            "x": grid,
            "observed": at_least / max(values.size, 1),
            "lower": lower,
            "upper": upper,
            "law": law_survival(grid),
            "rounds_at_least": at_least,
        }
    )


def law_bins(rounds: int, rtp: float = RTP) -> np.ndarray:
    """The chi-square's bin edges, in cents: 1.00 alone, then log-spaced edges up to where the law
    still expects MIN_EXPECTED rounds above the last edge (the last bin is open-ended)."""
    top = max(rtp * rounds / MIN_EXPECTED, 1.02)
    inner = np.unique(np.round(np.geomspace(LOWEST + CENT, top, LAW_BINS), 2))
    return np.concatenate(([LOWEST], inner))


def law_chi_square(crashes: np.ndarray, rtp: float = RTP, name: str = "crash law") -> TestResult:
    """Pearson's chi-square of the crashes counted in law_bins against the law's exact probabilities
    (no parameter estimated: degrees of freedom = bins - 1)."""
    values = cents(crashes)
    edges = law_bins(values.size, rtp)
    survival = np.concatenate((law_survival(edges, rtp), [0.0]))
    expected = -np.diff(survival) * values.size
    at_least = values.size - np.searchsorted(np.sort(values), edges - CENT / 2)
    observed = -np.diff(np.concatenate((at_least, [0])))
    keep = expected > 0
    statistic = float(np.sum((observed[keep] - expected[keep]) ** 2 / expected[keep]))
    return result(f"{name}: chi-square on log bins", statistic, stats.chi2.sf(statistic, keep.sum() - 1))


def headline(crashes: np.ndarray, rtp: float = RTP) -> pd.DataFrame:
    """The figures people quote, observed (with a 95 % interval) beside the law: columns figure,
    observed, lower, upper, law."""
    values = np.sort(cents(crashes))
    n = max(values.size, 1)
    rows = []
    for figure, x in HEADLINE:
        hits = np.sum(values < LOWEST + CENT / 2) if x is None else np.sum(values >= x - CENT / 2)
        law = 1 - float(law_survival(LOWEST + CENT, rtp)) if x is None else float(law_survival(x, rtp))
        low, high = wilson(hits, values.size)
        rows.append((figure, hits / n, float(low), float(high), law))
    rows.insert(1, ("median", *_median(values), law_quantile(0.5, rtp)))
    return pd.DataFrame(rows, columns=["figure", "observed", "lower", "upper", "law"])


def _median(values: np.ndarray) -> tuple[float, float, float]:
    """The sample median with its 95 % distribution-free interval (order statistics around n / 2)."""
    if not values.size:
        return float("nan"), float("nan"), float("nan")
    n = values.size
    low, high = stats.binom.ppf([0.025, 0.975], n, 0.5).astype(int)
    return float(np.median(values)), float(values[max(low - 1, 0)]), float(values[min(high, n - 1)])
