"""PhaseTracker's view of the screen as a whole: when a bookmaker is unreadable, and when a crash
waits for its confirming look."""

from __future__ import annotations

from aviator.collectors.phase_tracker import UNREADABLE_AFTER, PhaseTracker
from aviator.config.settings import GamePhase
from tests.collectors.test_phase_tracker import feed, look

B, L, P, E, U = GamePhase.BETTING, GamePhase.LOADING, GamePhase.PLAYING, GamePhase.ENDED, GamePhase.UNKNOWN


def test_a_screen_that_shows_nothing_readable_becomes_unreadable_after_the_limit() -> None:
    tracker = PhaseTracker()
    feed(tracker, [look(U, at=0.0), look(P, rejected="glyph not recognised", at=5.0)])
    assert not tracker.unreadable(UNREADABLE_AFTER - 0.1)
    assert tracker.unreadable(UNREADABLE_AFTER)


def test_a_still_picture_is_unreadable_a_moving_game_is_not() -> None:
    tracker = PhaseTracker()
    feed(tracker, [look(L, at=0.0), look(L, at=UNREADABLE_AFTER)])  # a loading screen that never ends
    assert tracker.unreadable(UNREADABLE_AFTER)
    feed(tracker, [look(P, 1.5, at=UNREADABLE_AFTER + 1)])
    assert not tracker.unreadable(UNREADABLE_AFTER + 1)
    feed(tracker, [look(P, 1.5, at=t) for t in (20.0, 25.0, UNREADABLE_AFTER + 16)])  # a frozen flight
    assert tracker.unreadable(UNREADABLE_AFTER + 16)


def test_unreadable_looks_do_not_count_as_the_game_moving() -> None:
    tracker = PhaseTracker()
    looks = [look(B, at=0.0), look(U, at=4.0), look(P, rejected="no text", at=8.0), look(B, at=12.0)]
    feed(tracker, looks)
    assert tracker.unreadable(UNREADABLE_AFTER)


def test_a_crash_read_once_waits_for_its_confirming_look() -> None:
    tracker = PhaseTracker()
    feed(tracker, [look(B, at=0.0), look(P, 1.5, at=8.0)])
    assert not tracker.confirming
    feed(tracker, [look(E, 2.31, at=9.0)])
    assert tracker.confirming
    feed(tracker, [look(E, 2.31, at=9.05)])
    assert not tracker.confirming and tracker.phase is E
