"""PhaseTracker: transitions, confirmation of crashes, and rejection of doubtful readings."""

from __future__ import annotations

import pytest

from aviator.collectors.phase_tracker import (
    LATE_AFTER,
    CrashMissed,
    CrashUnwatched,
    PhaseChange,
    PhaseTracker,
    RoundEnd,
)
from aviator.config.settings import GamePhase, flight_seconds
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.screen_reader import ScreenState

B, L, P, E, U = GamePhase.BETTING, GamePhase.LOADING, GamePhase.PLAYING, GamePhase.ENDED, GamePhase.UNKNOWN


def look(
    phase: GamePhase, value: float | None = None, at: float = 0.0, rejected: str | None = None
) -> ScreenState:
    reading = None
    if value is not None or rejected:
        reading = Reading(f"{value}x", None if rejected else value, 0.9, "test", 0.1, rejected)
    return ScreenState(phase, reading, at)


def feed(tracker: PhaseTracker, looks: list[ScreenState]) -> list[object]:
    return [event for state in looks for event in tracker.update(state)]


def ends(events: list[object]) -> list[RoundEnd]:
    return [e for e in events if isinstance(e, RoundEnd)]


def test_a_full_round_gives_one_end_with_estimated_take_off() -> None:
    tracker = PhaseTracker()
    events = feed(
        tracker,
        [
            look(B, at=0),
            look(L, at=7),
            look(P, 1.5, at=20),
            look(P, 2.0, at=23),
            look(E, 2.31, at=25),
            look(E, 2.31, at=25.1),
        ],
    )
    (end,) = ends(events)
    assert end.crash == 2.31 and end.ended_at == 25 and end.saw_flight
    assert end.started_at == pytest.approx(20 - flight_seconds(1.5))
    changes = [(e.old, e.new) for e in events if isinstance(e, PhaseChange)]
    assert changes == [(U, B), (B, L), (L, P), (P, E)]


def test_a_crash_needs_two_agreeing_looks() -> None:
    tracker = PhaseTracker()
    assert ends(feed(tracker, [look(B), look(E, 3.5), look(E, 3.8)])) == []
    (end,) = ends(feed(tracker, [look(E, 3.8, at=9)]))
    assert end.crash == 3.8


def test_the_crash_screen_counts_once_however_long_it_stays() -> None:
    tracker = PhaseTracker()
    events = feed(
        tracker, [look(B), *[look(E, 1.0, at=t) for t in range(50)], look(B), look(E, 4.0), look(E, 4.0)]
    )
    assert [e.crash for e in ends(events)] == [1.0, 4.0]


def test_instant_crash_without_flight_estimates_its_start() -> None:
    tracker = PhaseTracker()
    (end,) = ends(feed(tracker, [look(B), look(E, 1.0, at=30), look(E, 1.0, at=30.2)]))
    assert not end.saw_flight and end.started_at == 30


def test_a_crash_seen_at_start_up_is_not_recorded() -> None:
    # We cannot know whether it was recorded before a restart: nothing invented.
    tracker = PhaseTracker()
    assert ends(feed(tracker, [look(E, 5.0), look(E, 5.0), look(E, 5.0)])) == []


def test_a_crash_below_a_value_seen_in_flight_is_rejected() -> None:
    tracker = PhaseTracker()
    events = feed(tracker, [look(B), look(P, 3.0), look(E, 2.9), look(E, 2.9)])
    assert ends(events) == [] and tracker.rejected["crash below a flight value"] == 2


def test_rejected_and_unreadable_looks_change_nothing() -> None:
    tracker = PhaseTracker()
    feed(tracker, [look(B), look(P, 2.0)])
    events = feed(tracker, [look(P, rejected="glyph not recognised"), look(U), look(P, 1.2)])
    assert events == [] and tracker.phase is P
    assert tracker.rejected == {
        "glyph not recognised": 1,
        "unreadable screen": 1,
        "flight value went down": 1,
    }


def test_after_an_unreadable_stretch_a_lower_flight_is_a_new_round() -> None:
    tracker = PhaseTracker()
    feed(tracker, [look(B, at=0), look(P, 4.0, at=10)])  # then a popup covers the crash and the betting
    events = feed(tracker, [look(U, at=t) for t in range(11, 30)])
    events += feed(tracker, [look(P, 1.2, at=30), look(E, 1.5, at=33), look(E, 1.5, at=33.1)])
    (end,) = ends(events)
    assert end.crash == 1.5 and tracker.rejected["flight value went down"] == 0


def test_without_a_gap_a_lower_flight_value_is_still_rejected() -> None:
    tracker = PhaseTracker()
    feed(tracker, [look(B, at=0), look(P, 4.0, at=10), look(P, 1.2, at=10.1)])
    assert tracker.rejected["flight value went down"] == 1


def test_the_bound_runs_from_the_start_of_the_last_look_that_still_showed_the_flight() -> None:
    tracker = PhaseTracker()
    flight = ScreenState(P, Reading("2.00x", 2.0, 0.9, "test", 0.1), at=20.004, since=20.0)
    crash = ScreenState(E, Reading("2.31x", 2.31, 0.9, "test", 0.1), at=20.107, since=20.1)
    (end,) = ends(feed(tracker, [look(B, at=0), flight, crash, look(E, 2.31, at=20.2)]))
    assert end.ended_at == 20.107 and end.ended_within == pytest.approx(0.107)
    assert not end.late


def test_a_crash_seen_long_after_the_last_readable_look_is_late() -> None:
    tracker = PhaseTracker()
    looks = [look(B, at=0), look(P, 2.0, at=20), look(U, at=20.1), look(U, at=21.5)]
    (end,) = ends(feed(tracker, [*looks, look(E, 2.31, at=22.6), look(E, 2.31, at=22.7)]))
    assert end.ended_at == 22.6 and end.ended_within == pytest.approx(2.6)  # unreadable looks prove nothing
    assert end.late and LATE_AFTER < 2.6


def test_a_flight_after_a_single_crash_read_drops_that_read() -> None:
    tracker = PhaseTracker()
    looks = [look(B, at=0), look(P, 2.0, at=20), look(E, 2.31, at=20.1), look(P, 2.1, at=20.2)]
    (end,) = ends(feed(tracker, [*looks, look(E, 2.31, at=20.3), look(E, 2.31, at=20.4)]))
    assert end.ended_at == 20.3 and end.ended_within == pytest.approx(0.1)


def missed(events: list[object]) -> list[CrashMissed]:
    return [e for e in events if isinstance(e, CrashMissed)]


def test_a_cycle_that_took_off_and_ended_without_a_recorded_crash_says_so() -> None:
    tracker = PhaseTracker()
    recorded = [look(B, at=0), look(L, at=7), look(P, 1.5, at=9), look(E, 1.6, at=10), look(E, 1.6, at=10.1)]
    assert missed(feed(tracker, [*recorded, look(B, at=13)])) == []  # its crash was recorded
    flight_seen = [look(L, at=20), look(P, 2.0, at=23), look(B, at=30)]  # the crash screen was never seen
    assert missed(feed(tracker, flight_seen)) == [CrashMissed(30)]
    only_loading = [look(B, at=31), look(L, at=37), look(B, at=45)]  # flight and crash both missed
    assert missed(feed(tracker, only_loading)) == [CrashMissed(45)]
    assert missed(feed(tracker, [look(B, at=46), look(B, at=47)])) == []  # betting alone took nothing off


def test_a_lost_round_says_why_an_unreadable_crash_was_not_recorded() -> None:
    tracker = PhaseTracker()
    flight = [look(B, at=0), look(L, at=7), look(P, 2.0, at=20)]
    unreadable = [look(E, at=21 + i / 10, rejected="no 'x' suffix") for i in range(4)]
    (lost,) = missed(feed(tracker, [*flight, *unreadable, look(B, at=25)]))
    assert "after a flight seen up to 2.00x" in lost.reason
    assert "4 readings rejected (no 'x' suffix: 4" in lost.reason
    assert tracker.digest.lines(0.0) == ["rejected 4 readings in 0 s: no 'x' suffix (last 'Nonex')"]


def test_a_crash_read_once_and_never_again_is_named_in_the_reason() -> None:
    tracker = PhaseTracker()
    looks = [look(B, at=0), look(P, 2.0, at=20), look(E, 2.31, at=21), look(U, at=21.1), look(B, at=25)]
    (lost,) = missed(feed(tracker, looks))
    assert "read once (2.31x)" in lost.reason


def test_a_crash_of_a_round_not_watched_is_told_once() -> None:
    tracker = PhaseTracker()
    events = feed(tracker, [look(E, 4.2, at=0), look(E, 4.2, at=0.1), look(E, 4.2, at=0.2)])
    assert [e for e in events if isinstance(e, CrashUnwatched)] == [CrashUnwatched(4.2, 0)]
    assert ends(events) == []
    recorded = [look(B, at=5), look(P, 1.5, at=9), *(look(E, 1.6, at=t) for t in (10, 10.1, 11))]
    assert not [e for e in feed(tracker, recorded) if isinstance(e, CrashUnwatched)]  # its screen stays up
