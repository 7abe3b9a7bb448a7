"""Does a round remember the rounds before it? Four checks on the sequence of crashes, in order:
the autocorrelation of log M at lags 1..20 with its bounds, the Ljung-Box test of those lags taken
together, a runs test above/below the median, and the gambler's-fallacy check: P(>= 2x) after k
rounds in a row under 2x, for k = 1..10, beside the unconditional rate.

log M is used for the correlations because M itself has an infinite variance under the law (a
single 5,000x round would dominate any correlation of M). Under independence every lag's
autocorrelation is about normal with mean -1/n and variance 1/n.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from aviator.analysis.crash_law import cents
from aviator.analysis.verdicts import Z95, TestResult, family, holm, result, two_sided, wilson

LAGS = 20
STREAKS = 10
TWO_X = 2.0


def autocorrelation(crashes: np.ndarray, lags: int = LAGS) -> pd.DataFrame:
    """The lag-k autocorrelation of log M for k = 1..lags: columns lag, acf, bound (the 95 % band is
    -1/n +- bound), z, p_value and p_holm (adjusted over the lags)."""
    x = np.log(cents(crashes))
    n = x.size
    centred = x - x.mean()
    total = float(centred @ centred)
    k = np.arange(1, lags + 1)
    # A constant sequence (total 0) has no correlation to speak of.
    acf = np.array([centred[:-lag] @ centred[lag:] / total if 0 < lag < n and total else 0.0 for lag in k])
    z = (acf + 1.0 / n) * np.sqrt(n)
    p = two_sided(z)
    bound = np.full(lags, Z95 / np.sqrt(n))
    return pd.DataFrame({"lag": k, "acf": acf, "bound": bound, "z": z, "p_value": p, "p_holm": holm(p)})


def autocorrelation_test(frame: pd.DataFrame) -> TestResult:
    """The lags as one family (Holm): fails when any lag's correlation is beyond chance."""
    lags = int(frame["lag"].max())
    return family(
        f"autocorrelation of log M, lags 1-{lags} (Holm)", frame["z"].to_numpy(), frame["p_value"].to_numpy()
    )


def ljung_box(frame: pd.DataFrame, rounds: int) -> TestResult:
    """Q = n (n + 2) sum rho_k^2 / (n - k), chi-square with one degree of freedom per lag."""
    k, rho = frame["lag"].to_numpy(), frame["acf"].to_numpy()
    q = rounds * (rounds + 2) * float(np.sum(rho**2 / (rounds - k)))
    return result(f"Ljung-Box, lags 1-{k.size}", q, stats.chi2.sf(q, k.size))


def runs_test(crashes: np.ndarray) -> TestResult:
    """Wald-Wolfowitz: the number of runs above/below the median against its law under independence;
    crashes equal to the median (ties on the cent grid) are left out, as the test prescribes."""
    values = cents(crashes)
    median = np.median(values)
    above = values[values != median] > median
    n1, n2 = int(above.sum()), int((~above).sum())
    n = n1 + n2
    if n1 == 0 or n2 == 0:
        return result("runs above/below the median", 0.0, 1.0)
    runs = 1 + int(np.count_nonzero(above[1:] != above[:-1]))
    mean = 2.0 * n1 * n2 / n + 1
    variance = 2.0 * n1 * n2 * (2.0 * n1 * n2 - n) / (n**2 * (n - 1))
    z = (runs - mean) / np.sqrt(variance)
    return result("runs above/below the median", z, float(two_sided(z)))


def streak_before(under: np.ndarray) -> np.ndarray:
    """For each round, how many rounds in a row right before it were `under` (0 for the first)."""
    index = np.arange(under.size)
    last_over = np.maximum.accumulate(np.where(under, -1, index))
    ending_here = np.where(under, index - last_over, 0)  # the run of `under` ending at each round
    return np.concatenate(([0], ending_here[:-1]))


def gamblers_fallacy(crashes: np.ndarray, streaks: int = STREAKS, threshold: float = TWO_X) -> pd.DataFrame:
    """P(M >= threshold | the last k rounds were under it), k = 1..streaks, beside the unconditional
    rate: columns k, cases, hits, rate, lower, upper, unconditional, p_value (exact binomial against
    the unconditional rate), p_holm."""
    values = cents(crashes)
    over = values >= threshold
    before = streak_before(~over)
    base = float(over.mean()) if values.size else float("nan")
    rows = []
    for k in range(1, streaks + 1):
        cases = before >= k
        n, hits = int(cases.sum()), int(over[cases].sum())
        p = stats.binomtest(hits, n, base).pvalue if n and 0 < base < 1 else 1.0
        rows.append((k, n, hits, hits / n if n else float("nan"), p))
    frame = pd.DataFrame(rows, columns=["k", "cases", "hits", "rate", "p_value"])
    frame["lower"], frame["upper"] = wilson(frame["hits"].to_numpy(), frame["cases"].to_numpy())
    frame["unconditional"] = base
    frame["p_holm"] = holm(frame["p_value"].to_numpy())
    return frame


def gamblers_fallacy_test(frame: pd.DataFrame) -> TestResult:
    """The streak lengths as one family (Holm); the statistic is the worst k's rate minus the base."""
    gap = (frame["rate"] - frame["unconditional"]).fillna(0.0).to_numpy()
    k = int(frame["k"].max())
    return family(f"P(>= 2x) after 1-{k} rounds under 2x (Holm)", gap, frame["p_value"].to_numpy())
