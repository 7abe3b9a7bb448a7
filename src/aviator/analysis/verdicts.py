"""What every statistical test of the report shares: its result as one `TestResult`, the 1 % level,
Holm's correction for a family of tests (the 20 lags, the 10 streak lengths) and Wilson intervals.

A test "fails" when its p-value is under ALPHA: the data disagree with the fair, memoryless law
more than chance alone would make them one time in a hundred. A family of m tests is one verdict:
its p-value is the smallest Holm-adjusted p-value, so that the family as a whole, not each member,
raises a false alarm at most one time in a hundred.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

ALPHA = 0.01  # the level of every verdict
CONFIDENCE = 0.95  # of every interval and band drawn
Z95 = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))  # 1.96

Verdict = Literal["pass", "fail"]


@dataclass(frozen=True)
class TestResult:
    """One test's outcome: its statistic, its p-value and the verdict at the 1 % level."""

    __test__ = False  # a result, not a pytest test class

    name: str
    statistic: float
    p_value: float
    verdict: Verdict

    def as_dict(self) -> dict[str, str | float]:
        return {
            "name": self.name,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "verdict": self.verdict,
        }


def verdict(p_value: float) -> Verdict:
    return "fail" if p_value < ALPHA else "pass"


def result(name: str, statistic: float, p_value: float) -> TestResult:
    """A TestResult with plain floats (JSON-ready) and its verdict."""
    return TestResult(name, float(statistic), float(p_value), verdict(float(p_value)))


def holm(p_values: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values: valid whatever the dependence between the tests (the lags'
    and the streak lengths' tests are correlated)."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    scaled = (p.size - np.arange(p.size)) * p[order]
    adjusted = np.empty_like(p)
    adjusted[order] = np.minimum(1.0, np.maximum.accumulate(scaled))
    return adjusted


def family(name: str, statistics: np.ndarray, p_values: np.ndarray) -> TestResult:
    """One verdict for a family: the most extreme member's statistic, the smallest adjusted p-value."""
    adjusted = holm(p_values)
    worst = int(np.argmin(adjusted))
    return result(name, float(np.asarray(statistics)[worst]), float(adjusted[worst]))


def two_sided(z: np.ndarray | float) -> np.ndarray:
    """The two-sided p-value of a standard normal statistic."""
    return 2 * stats.norm.sf(np.abs(z))


def wilson(hits: np.ndarray | float, n: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """The 95 % Wilson interval of a proportion: sound near 0 and 1, where the tails of P(M >= x)
    live (P(>= 100x) is about 1 %)."""
    hits, n = np.asarray(hits, dtype=float), np.asarray(n, dtype=float)
    safe = np.maximum(n, 1.0)
    p, z2 = hits / safe, Z95**2
    centre = (p + z2 / (2 * safe)) / (1 + z2 / safe)
    half = Z95 * np.sqrt(p * (1 - p) / safe + z2 / (4 * safe**2)) / (1 + z2 / safe)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)
