"""The demo's comparison of recorded rounds with the truth log."""

from __future__ import annotations

from aviator.analysis.truth_compare import compare


def _truth(value: float, second: int) -> dict:
    return {
        "bookmaker": "A",
        "crash": value,
        "crashed_at": f"2026-01-01T00:{second // 60:02d}:{second % 60:02d}.000Z",
    }


def _mine(value: float, second: float, backfilled: bool = False) -> dict:
    whole = int(second)
    stamp = f"2026-01-01T00:{whole // 60:02d}:{whole % 60:02d}.{int(second % 1 * 1000):03d}Z"
    return {"bookmaker": "A", "final_score": value, "ended_at": stamp, "backfilled": backfilled}


def test_exact_capture() -> None:
    c = compare([_truth(1.5, 10), _truth(2.0, 30)], [_mine(1.5, 10.2), _mine(2.0, 30.1)])
    assert (c.percent("captured"), c.percent("exact"), c.total("extra"), c.perfect) == (100, 100, 0, True)


def test_wrong_value_is_captured_not_exact_and_a_late_round_is_extra() -> None:
    c = compare([_truth(1.5, 10), _truth(2.0, 30)], [_mine(1.6, 10.2), _mine(2.0, 45)])
    assert (c.total("captured"), c.total("exact"), c.total("extra")) == (1, 0, 1)
    assert not c.perfect


def test_backfilled_rounds_match_within_their_wider_tolerance_preferring_the_same_value() -> None:
    truth = [_truth(1.16, 100), _truth(2.18, 115)]
    mine = [_mine(2.18, 109, backfilled=True), _mine(1.16, 95, backfilled=True)]
    c = compare(truth, mine)
    assert (c.total("exact"), c.total("extra")) == (2, 0)
