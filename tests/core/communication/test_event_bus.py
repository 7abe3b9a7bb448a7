"""EventBus delivery, unsubscribe, and isolation of a failing subscriber."""

from __future__ import annotations

from dataclasses import dataclass

from aviator.core.communication.event_bus import EventBus


@dataclass
class Base:
    n: int


@dataclass
class Child(Base):
    pass


def test_subscribers_get_their_type_and_subtypes_until_they_unsubscribe() -> None:
    bus, base_seen, child_seen = EventBus(), [], []
    unsubscribe = bus.subscribe(Base, base_seen.append)
    bus.subscribe(Child, child_seen.append)
    bus.publish(Child(1))
    bus.publish(Base(2))
    unsubscribe()
    bus.publish(Child(3))
    assert [e.n for e in base_seen] == [1, 2]
    assert [e.n for e in child_seen] == [1, 3]


def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    bus, seen = EventBus(), []

    def broken(event: Base) -> None:
        raise ValueError("boom")

    bus.subscribe(Base, broken)
    bus.subscribe(Base, seen.append)
    bus.publish(Base(1))
    assert seen == [Base(1)] and bus.failures == 1


def test_higher_priority_subscribers_are_called_first() -> None:
    bus, order = EventBus(), []
    bus.subscribe(Base, lambda e: order.append("screen"))
    bus.subscribe(Base, lambda e: order.append("writer"), priority=10)
    bus.publish(Base(1))
    assert order == ["writer", "screen"]


def test_a_rate_limited_subscriber_skips_events_others_get_all() -> None:
    now = [0.0]
    bus, limited, everything = EventBus(clock=lambda: now[0]), [], []
    bus.subscribe(Base, limited.append, max_per_second=2.0)
    bus.subscribe(Base, everything.append)
    for n in range(100):  # 100 events over 1 s
        bus.publish(Base(n))
        now[0] += 0.01
    assert len(everything) == 100
    assert [e.n for e in limited] == [0, 50]
