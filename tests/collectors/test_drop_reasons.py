"""Why a round was not recorded, and the digest of rejected readings, in the user's words."""

from __future__ import annotations

from aviator.collectors.drop_reasons import CycleEvidence, RejectionDigest


def test_a_crash_read_once_is_named_with_its_values() -> None:
    evidence = CycleEvidence()
    evidence.crash_read(2.31)
    evidence.crash_read(2.37)
    reason = evidence.reason(highest=2.2)
    assert "after a flight seen up to 2.20x" in reason
    assert "read once (2.31x, 2.37x) and no next look agreed" in reason


def test_rejected_readings_are_counted_by_reason_with_the_last_text() -> None:
    evidence = CycleEvidence()
    for _ in range(3):
        evidence.reject("no 'x' suffix", "403.79")
    evidence.reject("unreadable screen", "")
    reason = evidence.reason(highest=0.0)
    assert "flight" not in reason
    assert "4 readings rejected (no 'x' suffix: 3, unreadable screen: 1)" in reason
    evidence.reset()
    assert "no crash screen seen" in evidence.reason(highest=0.0)


def test_the_digest_waits_its_period_then_says_one_line_per_reason() -> None:
    digest = RejectionDigest(every=5.0)
    assert not digest.due(0.0)  # nothing rejected: nothing to say, and no period started
    for text in ("403.79", "403.80", "403.81"):
        digest.add("no 'x' suffix", text)
    digest.add("flight value went down", "2.10x")
    assert not digest.due(10.0) and not digest.due(14.9)  # the period starts when first seen
    assert digest.due(15.0)
    assert digest.lines(15.0) == [
        "rejected 3 readings in 5 s: no 'x' suffix (last '403.81')",
        "rejected 1 reading in 5 s: flight value went down (last '2.10x')",
    ]
    assert not digest.due(100.0) and digest.lines(100.0) == []  # told once, then it starts again


def test_a_screen_without_text_names_no_last_reading() -> None:
    digest = RejectionDigest(every=0.0)
    digest.add("unreadable screen", "")
    assert digest.due(0.0) and digest.lines(0.0) == ["rejected 1 reading in 0 s: unreadable screen"]
