"""The randomness checks: each against a sequence worked out by hand, on fair sequences (no more
false alarms than the 1 % level allows, and fixed long ones passing) and on biased ones (an AR(1)
dependence, a streak rule) that they must flag."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.analysis.randomness import (
    autocorrelation,
    autocorrelation_test,
    gamblers_fallacy,
    gamblers_fallacy_test,
    ljung_box,
    runs_test,
    streak_before,
)
from tests.analysis.sequences import ar1, fair, streak_rule

ALTERNATING = np.array([1.00, 2.00] * 50)  # log M: 0, ln 2, 0, ln 2, ...


def test_autocorrelation_by_hand() -> None:
    table = autocorrelation(ALTERNATING, lags=2)
    # centred values +-a: lag 1 sums -(n - 1) a^2, lag 2 +(n - 2) a^2, over n a^2
    assert table["acf"].tolist() == pytest.approx([-0.99, 0.98])
    assert table["bound"].iloc[0] == pytest.approx(1.959964 / 10)
    assert autocorrelation_test(table).verdict == "fail"


def test_ljung_box_by_hand() -> None:
    q = 100 * 102 * (0.99**2 / 99 + 0.98**2 / 98)
    outcome = ljung_box(autocorrelation(ALTERNATING, lags=2), 100)
    assert outcome.statistic == pytest.approx(q) and outcome.verdict == "fail"


def test_runs_by_hand() -> None:
    # 10 above and 10 below the median 2.0, alternating: 20 runs where 2 * 10 * 10 / 20 + 1 = 11 are
    # expected, variance 2 * 100 * (200 - 20) / (400 * 19)
    outcome = runs_test(np.array([1.0, 3.0] * 10))
    assert outcome.statistic == pytest.approx(9 / np.sqrt(36000 / 7600))
    assert outcome.verdict == "fail"


def test_streak_before_by_hand() -> None:
    assert streak_before(np.array([True, True, False, True, False])).tolist() == [0, 1, 2, 0, 1]


def test_gamblers_fallacy_by_hand() -> None:
    crashes = np.array([1.5, 1.2, 3.0, 1.1, 2.5, 1.0, 1.0, 1.3, 2.0])  # >= 2x at rounds 3, 5 and 9
    table = gamblers_fallacy(crashes, streaks=3).set_index("k")
    assert table["cases"].tolist() == [6, 3, 1]
    assert table["hits"].tolist() == [3, 2, 1]
    assert table["unconditional"].iloc[0] == pytest.approx(3 / 9)


def _false_alarms(check: object) -> int:
    return sum(check(fair(3000, seed)).verdict == "fail" for seed in range(100))  # type: ignore[operator]


@pytest.mark.parametrize(
    "check",
    [
        lambda c: autocorrelation_test(autocorrelation(c)),
        lambda c: ljung_box(autocorrelation(c), c.size),
        runs_test,
        lambda c: gamblers_fallacy_test(gamblers_fallacy(c)),
    ],
    ids=["autocorrelation", "ljung-box", "runs", "gamblers-fallacy"],
)
def test_fair_sequences_raise_no_more_false_alarms_than_the_level_allows(check: object) -> None:
    assert _false_alarms(check) <= 5  # 1 expected; P(Binomial(100, 0.01) >= 6) < 0.001


def _verdicts(crashes: np.ndarray) -> dict[str, str]:
    table = autocorrelation(crashes)
    return {
        "autocorrelation": autocorrelation_test(table).verdict,
        "ljung-box": ljung_box(table, crashes.size).verdict,
        "runs": runs_test(crashes).verdict,
        "gamblers-fallacy": gamblers_fallacy_test(gamblers_fallacy(crashes)).verdict,
    }


@pytest.mark.parametrize("seed", range(3))
def test_long_fair_sequences_pass_every_check(seed: int) -> None:
    crashes = fair(100_000, seed)
    assert set(_verdicts(crashes).values()) == {"pass"}
    assert abs(autocorrelation(crashes)["acf"].iloc[0]) < 0.01


def test_an_ar1_dependence_is_flagged() -> None:
    verdicts = _verdicts(ar1(20_000, seed=5, phi=0.1))
    assert verdicts["autocorrelation"] == verdicts["ljung-box"] == verdicts["runs"] == "fail"


def test_a_streak_rule_is_flagged() -> None:
    crashes = streak_rule(50_000, seed=6, k=3, share=0.2)
    table = gamblers_fallacy(crashes)
    assert gamblers_fallacy_test(table).verdict == "fail"
    assert (table.set_index("k").loc[3:, "rate"] > table["unconditional"].iloc[0]).all()
