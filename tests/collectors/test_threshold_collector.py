"""ThresholdCollector: every threshold up to the crash, timed by the growth curve."""

from __future__ import annotations

import math

from aviator.collectors.phase_tracker import RoundEnd
from aviator.collectors.threshold_collector import ThresholdCollector
from aviator.core.communication.clock import ManualClock, iso

CLOCK = ManualClock()


def _end(crash: float, started: float = 100.0) -> RoundEnd:
    return RoundEnd(crash, started, started + math.log(crash) / 0.0833, True)


def test_every_threshold_up_to_the_crash_is_crossed_once() -> None:
    collector = ThresholdCollector("Admiral", CLOCK, (1.5, 2.0, 10.0))
    crossings = collector.collect(_end(2.0))
    assert [c.threshold for c in crossings] == [1.5, 2.0]
    assert all(c.round_started_at == iso(CLOCK.utc(100.0)) for c in crossings)
    assert collector.collect(_end(1.0)) == []


def test_crossing_time_follows_the_growth_curve() -> None:
    (crossing,) = ThresholdCollector("Admiral", CLOCK, (2.0,)).collect(_end(3.0, started=50.0))
    assert crossing.crossed_at == iso(CLOCK.utc(50.0 + math.log(2.0) / 0.0833))


def test_what_was_at_stake_comes_from_the_first_look_past_the_threshold() -> None:
    collector = ThresholdCollector("Admiral", CLOCK, (1.5, 2.0))
    collector.observe(1.4, players=900, money=5000.0)
    collector.observe(1.6, players=700, money=4000.0)
    collector.observe(1.8, players=600, money=3500.0)
    first, second = collector.collect(_end(2.5))
    assert (first.players_left, first.money_left) == (700, 4000.0)
    assert (second.players_left, second.money_left) == (None, None)  # no look landed between 2.0 and 2.5


def test_a_look_long_after_the_threshold_tells_nothing_about_it() -> None:
    collector = ThresholdCollector("Admiral", CLOCK, (1.5,))
    collector.observe(1.7, players=700, money=4000.0)  # 1.5 s of flight after 1.5: others cashed out since
    collector.observe(1.71, players=690, money=3900.0)
    (crossing,) = collector.collect(_end(2.0))
    assert (crossing.players_left, crossing.money_left) == (None, None)


def test_a_new_cycle_forgets_an_unconfirmed_flight() -> None:
    collector = ThresholdCollector("Admiral", CLOCK, (1.5,))
    collector.observe(1.7, players=10)
    collector.reset()
    (crossing,) = collector.collect(_end(2.0))
    assert crossing.players_left is None
