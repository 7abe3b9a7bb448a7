"""Crash sequences with a known answer for the statistics' tests, written out here rather than taken
from the code under test: fair ones from the law, and deliberately biased ones (another house edge,
an AR(1) dependence between rounds, a streak rule) that a test of fairness must flag."""

from __future__ import annotations

import numpy as np
from scipy import stats


def fair(n: int, seed: int, rtp: float = 0.97) -> np.ndarray:
    """The law written out: M = max(1.00, floor(100 rtp / U) / 100), U uniform on (0, 1]."""
    u = 1.0 - np.random.default_rng(seed).random(n)
    return np.maximum(1.0, np.floor(100 * rtp / u) / 100)


def ar1(n: int, seed: int, phi: float) -> np.ndarray:
    """Each round's U tied to the last one's: a Gaussian AR(1) z_t = phi z_(t-1) + noise, U = Phi(z),
    so every round still follows the law on its own but remembers the one before."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(n) * np.sqrt(1 - phi**2)
    z = np.empty(n)
    z[0] = rng.standard_normal()
    for t in range(1, n):
        z[t] = phi * z[t - 1] + noise[t]
    u = np.clip(stats.norm.cdf(z), 1e-12, 1.0)
    return np.maximum(1.0, np.floor(97 / u) / 100)


def streak_rule(n: int, seed: int, k: int, share: float) -> np.ndarray:
    """The law, except that after k rounds in a row under 2x, a `share` of the next rounds are
    forced to 2x or more (drawn from the law above 2x): the "it is due" rule people look for."""
    rng = np.random.default_rng(seed)
    crashes, run = fair(n, seed + 10_000), 0
    for t in range(n):
        if run >= k and rng.random() < share:
            crashes[t] = max(2.0, np.floor(97 / (rng.random() * 0.485 + 1e-12)) / 100)
        run = run + 1 if crashes[t] < 2.0 else 0
    return crashes
