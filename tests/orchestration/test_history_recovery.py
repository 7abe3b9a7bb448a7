"""Recovery from the history strip: alignment by sequence, never by value alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aviator.config.settings import flight_seconds
from aviator.core.communication.clock import ManualClock, iso
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import HistorySeen, RoundRecorded
from aviator.data.models import Round
from aviator.orchestration.collector_app import CollectorApp
from aviator.orchestration.health_monitor import Alert, Lifecycle, WorkerStateChanged
from aviator.orchestration.history_recovery import (
    BETWEEN_FLIGHTS,
    MEDIAN_CRASH,
    HistoryRecovery,
    RoundsUnread,
    align,
    align_before,
)

STRIP = 20


def _strip(played: list[float]) -> list[float]:
    return list(reversed(played[-STRIP:]))


def test_nothing_missing_when_the_strip_ends_with_the_last_recorded_round() -> None:
    assert align([1.5, 2.31, 7.0], _strip([3.3, 1.5, 2.31, 7.0])) == []


def test_the_rounds_after_the_recorded_ones_are_missing() -> None:
    assert align([1.5, 2.31, 7.0], _strip([1.5, 2.31, 7.0, 1.0, 44.5])) == [1.0, 44.5]


def test_no_alignment_without_enough_agreeing_values() -> None:
    assert align([9.99, 2.31, 7.0], _strip([1.5, 2.31, 7.0, 1.2])) is None  # only two agree
    assert align([], _strip([1.5, 2.31])) is None


def test_a_gap_before_rounds_recorded_live_since_is_found_before_them() -> None:
    # 7.78 missed; 1.04 recorded live before the strip could be read (a busy machine)
    assert align([2.38, 1.06, 3.63, 1.04], [1.04, 7.78, 3.63, 1.06, 2.38]) is None
    assert align_before([2.38, 1.06, 3.63, 1.04], [1.04, 7.78, 3.63, 1.06, 2.38], 1) == [7.78]
    assert align_before([2.38, 1.06, 3.63, 1.04], [None, 7.78, 3.63, 1.06, 2.38], 1) == [7.78]


def test_rounds_recorded_since_must_be_the_strips_newest() -> None:
    assert align_before([2.38, 1.06, 3.63, 1.04], [5.0, 7.78, 3.63, 1.06, 2.38], 1) is None
    assert align_before([2.38, 1.06, 3.63, 1.04], [1.04, 7.78, 3.63, 1.06, 2.38], 0) is None
    assert align_before([3.63, 1.04], [1.04, 7.78, 3.63], 2) is None  # nothing left to align with


@given(st.lists(st.integers(100, 100_000), min_size=6, max_size=60, unique=True), st.data())
def test_distinct_rounds_missed_before_live_ones_are_recovered_exactly(
    cents: list[int], data: st.DataObject
) -> None:
    played = [c / 100 for c in cents]
    seen = data.draw(st.integers(3, len(played) - 2))  # rounds recorded before the gap
    gap_end = data.draw(st.integers(seen + 1, min(len(played) - 1, seen + STRIP - 4)))
    live = data.draw(st.integers(1, min(len(played) - gap_end, STRIP - 3 - (gap_end - seen))))
    recorded = played[:seen] + played[gap_end : gap_end + live]
    strip = _strip(played[: gap_end + live])
    assert align(recorded, strip) is None or align(recorded, strip) == []  # the old way: no gap found
    assert align_before(recorded, strip, live) == played[seen:gap_end]


def test_an_unreadable_bubble_among_the_missing_is_reported_as_such() -> None:
    assert align([1.5, 2.31, 7.0], [None, 4.4, 7.0, 2.31, 1.5]) == [4.4, None]


@given(st.lists(st.integers(100, 100_000), min_size=4, max_size=60, unique=True), st.data())
def test_distinct_rounds_are_recovered_exactly(cents: list[int], data: st.DataObject) -> None:
    played = [c / 100 for c in cents]
    seen = data.draw(st.integers(3, len(played)))  # rounds recorded before the gap
    gap_end = data.draw(st.integers(seen, min(len(played), seen + STRIP - 3)))
    assert align(played[:seen], _strip(played[:gap_end])) == played[seen:gap_end]


@given(
    st.lists(st.sampled_from([1.0, 1.5, 2.0]), min_size=4, max_size=40),
    st.data(),
)
def test_repeated_values_never_make_up_rounds(played: list[float], data: st.DataObject) -> None:
    seen = data.draw(st.integers(1, len(played)))
    gap_end = data.draw(st.integers(seen, len(played)))
    missing = align(played[:seen], _strip(played[:gap_end]))
    truly_missing = gap_end - seen
    assert missing is None or len(missing) <= truly_missing
    if missing:
        assert missing == played[gap_end - len(missing) : gap_end]  # the newest rounds, in order


@given(st.lists(st.sampled_from([1.0, 1.5, 2.0]), min_size=6, max_size=40), st.data())
def test_repeated_values_before_live_ones_never_make_up_rounds(
    played: list[float], data: st.DataObject
) -> None:
    seen = data.draw(st.integers(1, len(played) - 2))
    gap_end = data.draw(st.integers(seen, len(played) - 1))
    live = data.draw(st.integers(1, len(played) - gap_end))
    recorded = played[:seen] + played[gap_end : gap_end + live]
    missing = align_before(recorded, _strip(played[: gap_end + live]), live)
    assert missing is None or len(missing) <= gap_end - seen
    if missing:
        assert missing == played[gap_end - len(missing) : gap_end]


def _recovery(
    ask_again: Callable[[str], None] | None = None,
) -> tuple[EventBus, HistoryRecovery, list[RoundRecorded], list[Alert]]:
    bus, rounds, alerts = EventBus(), [], []
    clock = ManualClock(t=1000.0)
    recovery = HistoryRecovery(bus, lambda: clock, {"Admiral": "admiral"}, ask_again)
    bus.subscribe(RoundRecorded, rounds.append)
    bus.subscribe(Alert, alerts.append)
    return bus, recovery, rounds, alerts


def _recorded(bus: EventBus, value: float) -> None:
    bus.publish(
        RoundRecorded(
            "Admiral", Round("Admiral", value, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:10.000Z")
        )
    )


def test_missed_rounds_are_recorded_backfilled_in_order_with_times_before_the_look() -> None:
    bus, recovery, rounds, alerts = _recovery()
    for value in (1.5, 2.31, 7.0):
        _recorded(bus, value)
    bus.publish(HistorySeen("Admiral", (44.5, 1.0, 7.0, 2.31, 1.5), last_crash_at=1000.0))
    backfilled = [m.round for m in rounds[3:]]
    assert [r.final_score for r in backfilled] == [1.0, 44.5]
    assert all(r.backfilled and r.server_group == "admiral" for r in backfilled)
    assert backfilled[0].ended_at < backfilled[1].started_at < backfilled[1].ended_at
    assert recovery.recovered == 2 and alerts == []
    bus.publish(
        HistorySeen("Admiral", (44.5, 1.0, 7.0, 2.31, 1.5), last_crash_at=1001.0)
    )  # the same strip again
    assert len(rounds) == 5  # nothing recovered twice


def test_a_round_older_than_an_unread_bubble_is_timed_a_round_earlier() -> None:
    """The unread newest bubble is not recorded (and said so), but its round happened: the one
    before it ended a whole cycle earlier, not at the newest bubble's time."""
    bus, _, rounds, alerts = _recovery()
    unread: list[RoundsUnread] = []
    bus.subscribe(RoundsUnread, unread.append)
    for value in (1.5, 2.31, 7.0):
        _recorded(bus, value)
    bus.publish(HistorySeen("Admiral", (None, 1.31, 7.0, 2.31, 1.5), last_crash_at=1000.0))
    (recovered,) = [m.round for m in rounds[3:]]
    assert recovered.final_score == 1.31 and [a.message for a in alerts] == [
        "1 missed rounds could not be read"
    ]
    assert unread == [RoundsUnread("Admiral", 1)]
    median_cycle = flight_seconds(MEDIAN_CRASH) + BETWEEN_FLIGHTS
    assert recovered.ended_at == iso(ManualClock(t=1000.0).utc(1000.0 - median_cycle))


def test_a_gap_with_an_unread_bubble_is_read_again_before_anything_is_given_up() -> None:
    """The newest bubble may be caught sliding in: the worker reads the strip again, and the
    rounds of the gap are recovered whole from a later read."""
    asked: list[str] = []
    bus, _, rounds, alerts = _recovery(asked.append)
    for value in (1.5, 2.31, 7.0):
        _recorded(bus, value)
    bus.publish(HistorySeen("Admiral", (None, 1.31, 7.0, 2.31, 1.5), last_crash_at=1000.0))
    assert asked == ["Admiral"] and len(rounds) == 3 and alerts == []  # nothing kept yet
    bus.publish(HistorySeen("Admiral", (44.5, 1.31, 7.0, 2.31, 1.5), last_crash_at=1000.0))
    assert [m.round.final_score for m in rounds[3:]] == [1.31, 44.5] and alerts == []


def test_a_read_again_that_no_longer_aligns_keeps_what_the_first_read_found() -> None:
    asked: list[str] = []
    bus, _, rounds, alerts = _recovery(asked.append)
    for value in (1.5, 2.31, 7.0):
        _recorded(bus, value)
    bus.publish(HistorySeen("Admiral", (None, 1.31, 7.0, 2.31, 1.5), last_crash_at=1000.0))
    _recorded(bus, 3.3)  # recorded before the strip was read again: the record has a hole now
    bus.publish(HistorySeen("Admiral", (3.3, 44.5, 1.31, 7.0, 2.31, 1.5), last_crash_at=1030.0))
    assert asked == ["Admiral"]
    assert [m.round.final_score for m in rounds[4:]] == [1.31]  # as without reading again
    assert [a.message for a in alerts] == ["1 missed rounds could not be read"]


def test_rounds_missed_before_one_recorded_live_come_back_in_the_order_played() -> None:
    bus, recovery, rounds, alerts = _recovery()
    for value in (1.5, 2.31, 7.0, 1.04):
        _recorded(bus, value)
    bus.publish(HistorySeen("Admiral", (1.04, 44.5, 3.3, 7.0, 2.31, 1.5), 1000.0, recorded_since=1))
    backfilled = [m.round for m in rounds[4:]]
    assert [r.final_score for r in backfilled] == [3.3, 44.5] and alerts == []
    cycle = flight_seconds(1.04) + BETWEEN_FLIGHTS  # 44.5 crashed a cycle before 1.04
    assert backfilled[1].ended_at == iso(ManualClock(t=1000.0).utc(1000.0 - cycle))
    assert list(recovery.recorded["Admiral"]) == [1.5, 2.31, 7.0, 3.3, 44.5, 1.04]
    bus.publish(HistorySeen("Admiral", (2.0, 1.04, 44.5, 3.3, 7.0), 1020.0))  # the next gap aligns
    assert [m.round.final_score for m in rounds[6:]] == [2.0]


def test_a_bubble_that_stays_unread_is_given_up_after_three_more_reads() -> None:
    asked: list[str] = []
    bus, _, rounds, alerts = _recovery(asked.append)
    for value in (1.5, 2.31, 7.0):
        _recorded(bus, value)
    for _ in range(4):
        bus.publish(HistorySeen("Admiral", (None, 1.31, 7.0, 2.31, 1.5), last_crash_at=1000.0))
    assert asked == ["Admiral"] * 3
    assert [m.round.final_score for m in rounds[3:]] == [1.31]
    assert [a.message for a in alerts] == ["1 missed rounds could not be read"]


def test_a_strip_that_does_not_continue_the_record_raises_an_alert() -> None:
    bus, _, rounds, alerts = _recovery()
    for value in (1.5, 2.31, 7.0):
        _recorded(bus, value)
    bus.publish(HistorySeen("Admiral", (3.0, 4.0, 5.0, 6.0), last_crash_at=1000.0))
    assert len(rounds) == 3 and "does not continue" in alerts[0].message
    bus.publish(HistorySeen("Admiral", (3.0, 4.0, 5.0, 6.0), last_crash_at=1001.0))  # read again after a gap
    assert len(alerts) == 1  # said once per strip shown


def test_an_application_restart_continues_from_the_rounds_in_the_database(tmp_path: Path) -> None:
    db = str(tmp_path / "run.db")
    app = CollectorApp(db, ["Admiral"])
    for value in (1.5, 2.31, 7.0):
        app.writers.add(Round("Admiral", value, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:10.000Z"))
    app.writers.flush()
    app.drain()
    app.close()
    restarted = CollectorApp(db, ["Admiral"])
    restarted.clock = ManualClock(t=1000.0)
    restarted.continue_recorded()
    restarted.bus.publish(HistorySeen("Admiral", (3.3, 7.0, 2.31, 1.5), last_crash_at=1000.0))
    restarted.writers.flush()
    rows = restarted.database.query("SELECT final_score, backfilled FROM rounds ORDER BY id")
    restarted.drain()
    restarted.close()
    assert [(score, bool(flag)) for score, flag in rows] == [
        (1.5, False),
        (2.31, False),
        (7.0, False),
        (3.3, True),
    ]


def test_the_first_strip_is_the_baseline_a_worker_that_dies_early_continues_from() -> None:
    bus, _, rounds, alerts = _recovery()
    bus.publish(HistorySeen("Admiral", (7.0, 2.31, 1.5, 9.9), last_crash_at=-4.0))  # before the start
    assert rounds == []  # played before we watched: not recorded
    bus.publish(HistorySeen("Admiral", (6.85, 7.0, 2.31, 1.5), last_crash_at=1000.0))  # after a restart
    assert [m.round.final_score for m in rounds] == [6.85] and rounds[0].round.backfilled
    assert alerts == []


def test_a_restarted_workers_first_strip_with_rounds_crashed_after_the_start_recovers_them() -> None:
    bus, _, rounds, _ = _recovery()
    bus.publish(WorkerStateChanged("Admiral", Lifecycle.RESTARTING, 0))  # the first worker died early
    # The clock started at 0; the newest bubble crashed at 30 s, the ones before it long before.
    bus.publish(HistorySeen("Admiral", (6.85, 7.0, 2.31, 1.5), last_crash_at=30.0))
    assert [m.round.final_score for m in rounds] == [6.85]
    bus.publish(HistorySeen("Admiral", (1.2, 6.85, 7.0, 2.31), last_crash_at=50.0))
    assert [m.round.final_score for m in rounds] == [6.85, 1.2]


def test_the_first_workers_first_strip_recovers_nothing_whatever_its_estimate() -> None:
    """The first worker has watched since the clock started: its first strip holds only rounds
    played before. A screen lagging the clock (a starved simulator drew it 8 s late) made the
    newest of them look played after the start, and it was stored: a round that never was ours."""
    bus, _, rounds, alerts = _recovery()
    bus.publish(HistorySeen("Admiral", (2.03, 7.0, 2.31, 1.5), last_crash_at=11.0))
    assert rounds == []
    bus.publish(HistorySeen("Admiral", (6.85, 2.03, 7.0, 2.31), last_crash_at=40.0))  # after a restart
    assert [m.round.final_score for m in rounds] == [6.85] and alerts == []
