"""The crash law's statistics: a short history worked out by hand, the law's own values, the
chi-square's calibration on fair sequences (no false alarm at 1 %) and its power on biased ones."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from aviator.analysis.crash_law import (
    headline,
    law_bins,
    law_chi_square,
    law_quantile,
    law_survival,
    survival_frame,
)
from tests.analysis.sequences import fair

HISTORY = np.array([1.00, 1.50, 2.00, 10.00, 100.00, 1.91, 1.00])  # sorted: 1, 1, 1.5, 1.91, 2, 10, 100


def test_the_laws_values() -> None:
    assert law_survival(np.array([1.0, 1.01, 2.0, 100.0])) == pytest.approx([1.0, 0.97 / 1.01, 0.485, 0.0097])
    # P(M <= m) = 1 - 0.97 / (m + 0.01) reaches 1/2 at m + 0.01 = 1.94
    assert law_quantile(0.5) == 1.93
    assert law_quantile(0.03) == 1.00  # P(1.00x) = 1 - 0.97 / 1.01 = 3.96 %


def test_headline_figures_by_hand() -> None:
    table = headline(HISTORY).set_index("figure")
    assert table.loc["P(1.00x)", "observed"] == pytest.approx(2 / 7)
    assert table.loc["median", "observed"] == 1.91
    assert table.loc["P(>= 2x)", "observed"] == pytest.approx(3 / 7)
    assert table.loc["P(>= 10x)", "observed"] == pytest.approx(2 / 7)
    assert table.loc["P(>= 100x)", "observed"] == pytest.approx(1 / 7)
    assert table.loc["P(>= 2x)", "law"] == 0.485 and table.loc["median", "law"] == 1.93
    assert (table["lower"] <= table["observed"]).all() and (table["observed"] <= table["upper"]).all()


def test_survival_by_hand() -> None:
    table = survival_frame(HISTORY, points=3)  # geomspace(1.01, 100, 3): 1.01, 10.05, 100
    assert table["x"].tolist() == [1.01, 10.05, 100.0]
    assert table["observed"].tolist() == pytest.approx([5 / 7, 1 / 7, 1 / 7])
    assert table["law"].tolist() == pytest.approx([0.97 / 1.01, 0.97 / 10.05, 0.0097])


def test_the_chi_square_is_pearsons_on_its_bins() -> None:
    crashes = fair(5000, seed=11)
    edges = law_bins(crashes.size)
    observed = np.histogram(crashes, bins=np.append(edges - 0.005, np.inf))[0]
    upper = np.append(edges[1:], np.inf)
    probability = np.where(
        edges == 1.0, 1 - 0.97 / 1.01, 0.97 / edges - np.where(np.isinf(upper), 0, 0.97 / upper)
    )
    expected = stats.chisquare(observed, probability * crashes.size)
    outcome = law_chi_square(crashes)
    assert outcome.statistic == pytest.approx(expected.statistic)
    assert outcome.p_value == pytest.approx(expected.pvalue)


def test_fair_sequences_raise_no_more_false_alarms_than_the_level_allows() -> None:
    failures = sum(law_chi_square(fair(3000, seed)).verdict == "fail" for seed in range(100))
    assert failures <= 5  # 1 expected; P(Binomial(100, 0.01) >= 6) < 0.001


@pytest.mark.parametrize("seed", range(5))
def test_long_fair_sequences_pass(seed: int) -> None:
    assert law_chi_square(fair(100_000, seed)).verdict == "pass"


@pytest.mark.parametrize("rtp", [0.99, 0.95])
def test_another_house_edge_is_flagged(rtp: float) -> None:
    outcome = law_chi_square(fair(100_000, seed=1, rtp=rtp))
    assert outcome.verdict == "fail" and outcome.p_value < 1e-6


def test_a_continuous_ks_test_would_false_alarm_on_the_cent_grid() -> None:
    # Why the law is tested on bins of cents: against the continuous law 1 - 0.97 / x, the floored
    # crashes of a FAIR sequence are rejected outright.
    crashes = fair(100_000, seed=2)
    above = crashes[crashes > 1.0]
    continuous = stats.kstest(above, lambda x: 1 - 1.01 / np.maximum(x, 1.01))
    assert continuous.pvalue < 1e-6
    assert law_chi_square(crashes).verdict == "pass"
