"""MqttBridge on a real EventBus against the real local Mosquitto: what goes out, on which topic,
and that a broker that is away never holds up the bus."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict

import pytest

from aviator.api.addresses import Address
from aviator.api.mqtt_bridge import CLOSE_TIMEOUT, MqttBridge
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RecordedBatch, RoundRecorded
from aviator.core.communication.shared_state import SharedGameState
from aviator.data.models import Bet, PhaseTransition, RgbSample, Round, ThresholdCrossing
from aviator.orchestration.health_monitor import Alert, Lifecycle, WorkerStateChanged
from tests.api.mqtt_listener import BROKER, WAIT, Listener, Received, clear_retained, unique_node
from tests.api.tcp_proxy import TcpProxy

NAMES = ["Admiral", "Mozzart"]
T0 = "2026-12-07T10:00:00.000Z"


@pytest.fixture
def node() -> Iterator[str]:
    name = unique_node()
    yield name
    clear_retained(name, [f"aviator/{name}/status", *(f"aviator/{name}/{b}/state" for b in NAMES)])


def collector_bus() -> tuple[EventBus, SharedGameState]:
    """A bus with the SharedGameState subscribed as the CollectorApp subscribes it."""
    bus, state = EventBus(), SharedGameState(NAMES)
    bus.subscribe(RoundRecorded, state.on_round)
    bus.subscribe(WorkerStateChanged, lambda e: state.on_lifecycle(e.bookmaker, e.state, e.restarts))
    return bus, state


def a_round(score: float) -> RoundRecorded:
    return RoundRecorded("Admiral", Round("Admiral", score, T0, T0))


def connected(node: str) -> Callable[[list[Received]], bool]:
    return lambda messages: any(
        m.topic == f"aviator/{node}/status" and m.payload == b"online" for m in messages
    )


def went_offline(node: str) -> Callable[[list[Received]], bool]:
    return lambda messages: any(
        m.topic == f"aviator/{node}/status" and m.payload == b"offline" for m in messages
    )


def bodies(messages: list[Received], topic: str) -> list[dict[str, object]]:
    return [m.json() for m in messages if m.topic == topic]


CRASH = Round("Admiral", 2.47, T0, "2026-12-07T10:00:10.860Z", "admiral", 10.86, ended_within=0.1)
PHASE = PhaseTransition("Mozzart", "PLAYING", T0)
BET = Bet("Admiral", 1, 10.0, T0, T0, 2.0, "settled", "won", 10.0, crash=2.47, bet_id="b1")
TOPICS = {  # below aviator/<node>/: no RGB samples, which are training data, not events
    *("status", "Admiral/round", "Admiral/threshold", "Admiral/bet", "Admiral/state"),
    *("Mozzart/phase", "Mozzart/alert", "Mozzart/state", "collector/alert"),
}


def publish_one_of_each(bus: EventBus) -> None:
    bus.publish(RoundRecorded("Admiral", CRASH))
    bus.publish(RecordedBatch.of("Mozzart", [PHASE]))
    bus.publish(RecordedBatch.of("Admiral", [ThresholdCrossing("Admiral", T0, t, T0) for t in (1.5, 2.0)]))
    bus.publish(RecordedBatch.of("Admiral", [BET]))
    bus.publish(RecordedBatch.of("Admiral", [RgbSample("Admiral", "game", T0, 1, 2, 3, 4, 5, 6)]))
    bus.publish(Alert("Mozzart", "worker Mozzart keeps crashing; not restarted"))
    bus.publish(Alert("database", "the database does not answer; records wait in memory"))


def test_each_event_arrives_as_json_on_its_topic(node: str) -> None:
    bus, state = collector_bus()
    listener = Listener(f"aviator/{node}/#")
    bridge = MqttBridge(bus, state, node=node)
    bridge.start()
    try:
        listener.wait_for(connected(node))  # sync point: events before the connection are not sent
        publish_one_of_each(bus)
    finally:
        bridge.close()
    got = listener.wait_for(went_offline(node))
    listener.close()
    base = f"aviator/{node}"
    assert bodies(got, f"{base}/Admiral/round") == [{"node": node, **asdict(CRASH)}]
    assert bodies(got, f"{base}/Mozzart/phase") == [{"node": node, **asdict(PHASE)}]
    assert [b["threshold"] for b in bodies(got, f"{base}/Admiral/threshold")] == [1.5, 2.0]
    assert bodies(got, f"{base}/Admiral/bet") == [{"node": node, **asdict(BET)}]
    alerts = bodies(got, f"{base}/Mozzart/alert")
    assert [b["message"] for b in alerts] == ["worker Mozzart keeps crashing; not restarted"]
    assert [b["source"] for b in bodies(got, f"{base}/collector/alert")] == ["database"]
    assert {m.topic.removeprefix(f"{base}/") for m in got} == TOPICS
    assert bridge.stats.dropped == bridge.stats.unsent == 0


def test_the_state_is_retained_for_whoever_subscribes_later(node: str) -> None:
    bus, state = collector_bus()
    bridge = MqttBridge(bus, state, node=node)
    watcher = Listener(f"aviator/{node}/#")
    bridge.start()
    try:
        watcher.wait_for(connected(node))
        for score in (1.2, 3.4):
            bus.publish(RoundRecorded("Admiral", Round("Admiral", score, T0, T0)))
        bus.publish(WorkerStateChanged("Mozzart", Lifecycle.RESTARTING, 1, "process exited"))
        watcher.wait_for(lambda ms: len(bodies(ms, f"aviator/{node}/Mozzart/state")) >= 2)
        later = Listener(f"aviator/{node}/+/state")  # subscribes after every event was sent
        retained = {m.topic: m for m in later.wait_for(lambda ms: len(ms) == len(NAMES))}
        later.close()
    finally:
        bridge.close()
        watcher.close()
    admiral, mozzart = (retained[f"aviator/{node}/{name}/state"] for name in NAMES)
    assert admiral.retain and mozzart.retain
    assert admiral.json()["rounds"] == 2 and admiral.json()["last_crash"] == 3.4
    assert admiral.json()["share_2x"] == 0.5
    assert mozzart.json()["state"] == "Restarting" and mozzart.json()["restarts"] == 1


def test_a_full_queue_drops_events_and_counts_them(dead_port: int) -> None:
    """Not started: nothing takes events out of its queue, so what exceeds the queue is dropped."""
    bus, state = collector_bus()
    bridge = MqttBridge(bus, state, Address("127.0.0.1", dead_port), node="queue-test", queue_size=10)
    for index in range(25):
        bus.publish(RoundRecorded("Admiral", Round("Admiral", 1.0 + index / 100, T0, T0)))
    assert bridge.stats.dropped == 15
    assert state.get("Admiral").rounds == 25  # the bus's other subscribers got every one
    bridge.start()
    bridge.close()
    assert (bridge.stats.dropped, bridge.stats.unsent, bridge.stats.published) == (15, 10, 0)
    assert bus.failures == 0


def test_an_unreachable_broker_never_holds_up_the_bus(dead_port: int) -> None:
    bus, state = collector_bus()
    bridge = MqttBridge(bus, state, Address("127.0.0.1", dead_port), node="unreachable-test", queue_size=100)
    bridge.start()
    events = 20_000
    started = time.monotonic()
    for index in range(events):
        bus.publish(RoundRecorded("Admiral", Round("Admiral", 1.0 + index % 500 / 100, T0, T0)))
    spent = time.monotonic() - started
    closing = time.monotonic()
    bridge.close()
    closed_in = time.monotonic() - closing
    assert state.get("Admiral").rounds == events
    # Every event accounted for once; none published, none waiting.
    assert bridge.stats.dropped + bridge.stats.unsent == events and bridge.stats.published == 0
    # A bus handler that only queues: about 10 us an event here; 250 us leaves room for a loaded machine.
    assert spent / events < 250e-6, f"{spent / events * 1e6:.0f} us per event"
    assert closed_in < CLOSE_TIMEOUT + 3.0  # paho checks for its stop at least once a second


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Polls `condition` until it holds (a sync point with a deadline)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not after {timeout} s"
        time.sleep(0.01)


def test_a_broker_that_goes_away_costs_events_and_is_reconnected(node: str) -> None:
    bus, state = collector_bus()
    listener = Listener(f"aviator/{node}/#")
    proxy = TcpProxy(BROKER)
    bridge = MqttBridge(bus, state, Address("127.0.0.1", proxy.port), node=node)
    bridge.start()
    try:
        listener.wait_for(connected(node))
        bus.publish(a_round(1.11))
        listener.wait_for(lambda ms: len(bodies(ms, f"aviator/{node}/Admiral/round")) == 1)
        proxy.cut()
        listener.wait_for(went_offline(node))  # the broker's will: the connection died
        wait_until(lambda: not bridge.connected, "the bridge sees the broker gone")
        unsent = bridge.stats.unsent
        bus.publish(a_round(2.22))
        wait_until(lambda: bridge.stats.unsent == unsent + 1, "the round is counted unsent")
        proxy.restore()
        listener.wait_for(lambda ms: sum(m.payload == b"online" for m in ms) == 2)  # back, with back-off
        bus.publish(a_round(3.33))
        got = listener.wait_for(lambda ms: len(bodies(ms, f"aviator/{node}/Admiral/round")) == 2)
    finally:
        bridge.close()
        proxy.close()
        listener.close()
    assert [b["final_score"] for b in bodies(got, f"aviator/{node}/Admiral/round")] == [1.11, 3.33]
    assert state.get("Admiral").rounds == 3  # the bus delivered every round all along
    assert bridge.stats.dropped == 0
