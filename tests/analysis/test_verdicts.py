"""The verdict machinery: Holm's adjusted p-values and Wilson intervals against values worked out by
hand, and the 1 % level's boundary."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.analysis.verdicts import family, holm, result, wilson


def test_holm_by_hand() -> None:
    # sorted: 0.005 x 4 = 0.02, 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 = 0.04 -> kept at 0.06 (monotone)
    adjusted = holm(np.array([0.01, 0.04, 0.03, 0.005]))
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])


def test_holm_never_exceeds_one() -> None:
    assert holm(np.array([0.5, 0.6, 0.9])).tolist() == [1.0, 1.0, 1.0]


def test_a_family_fails_on_its_smallest_adjusted_p_value() -> None:
    member_statistics = np.array([0.1, 3.5, -0.2])
    outcome = family("three", member_statistics, np.array([0.9, 0.001, 0.5]))
    assert outcome.p_value == pytest.approx(0.003) and outcome.statistic == 3.5
    assert outcome.verdict == "fail"
    assert family("three", member_statistics, np.array([0.9, 0.004, 0.5])).verdict == "pass"  # 0.012


def test_the_level_is_one_percent() -> None:
    assert result("t", 0.0, 0.0099).verdict == "fail"
    assert result("t", 0.0, 0.01).verdict == "pass"


def test_wilson_by_hand() -> None:
    # 5 of 10: the textbook interval 0.2366-0.7634; 0 of 10: upper z^2 / (n + z^2) = 3.8415 / 13.8415
    low, high = wilson(np.array([5, 0]), np.array([10, 10]))
    assert low == pytest.approx([0.2366, 0.0], abs=1e-4)
    assert high == pytest.approx([0.7634, 0.27753], abs=1e-4)
