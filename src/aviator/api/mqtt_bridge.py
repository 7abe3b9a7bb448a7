"""MqttBridge: the collector's events out to an MQTT broker, as JSON, for Home Assistant and Node-RED.

Topics, under `aviator/<node>/<bookmaker>/`: `round` (each recorded round), `phase` (each phase
transition), `threshold` (each threshold crossed), `bet` (each bet once it ended), `alert`, and a
retained `state` (the bookmaker's latest snapshot: phase, rounds, last crash, worker state,
restarts, bets and profit), published again whenever one of those changes. Alerts that name no
bookmaker (the database, a writer, betting) go to `aviator/<node>/collector/alert`.
`aviator/<node>/status` is retained `online` while the bridge is connected, and the broker sets it
`offline` (the will) when the connection dies.

The broker is never in the collection path. The EventBus handlers only put an event into a
bounded queue (a full queue drops it and counts it); one thread of its own turns events into JSON
and hands them to paho, whose network thread connects in the background and reconnects with
back-off. While the broker is away, or paho has more than IN_FLIGHT messages unwritten, events
are dropped and counted, never queued without bound. Nothing but the events is sent: no
credentials, no user name, no password.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

import paho.mqtt.client as mqtt

from aviator.api import events
from aviator.api.addresses import Address, default_node, topic_level
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RecordedBatch, RoundRecorded
from aviator.core.communication.shared_state import SharedGameState
from aviator.orchestration.health_monitor import Alert, WorkerStateChanged

log = logging.getLogger(__name__)

ROOT = "aviator"
COLLECTOR = "collector"  # the topic level of alerts that name no bookmaker
DEFAULT_BROKER = Address("127.0.0.1", 1883)
QUEUE_SIZE = 10_000  # events waiting for the publishing thread: six games make about 2 a second
IN_FLIGHT = 1_000  # messages handed to paho and not yet written to the socket
RECONNECT_DELAYS = (1, 30)  # seconds: paho doubles the wait after each failed attempt, up to the second
CONNECT_TIMEOUT = 2.0  # seconds: a broker host that does not answer holds up only paho's thread
CLOSE_TIMEOUT = 2.0  # seconds `close` waits for what was handed to paho to be written
CHANGES_STATE = frozenset({"round", "phase", "bet", "state"})  # events after which `state` is sent


@dataclass(frozen=True)
class _Event:
    """What a bus handler queues: made in microseconds; the JSON is built by the bridge's thread."""

    bookmaker: str
    kind: str  # round, phase, threshold, bet, alert, or state (a worker's lifecycle changed)
    payload: object = None


@dataclass
class BridgeStats:
    """What became of the events offered, each counted once: `dropped` (the queue was full),
    `unsent` (no broker, or paho's backlog full), `published` (handed to paho while connected)."""

    dropped: int = 0
    unsent: int = 0
    published: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, what: str) -> None:
        with self.lock:
            setattr(self, what, getattr(self, what) + 1)


class MqttBridge:
    """Publishes the EventBus's rounds, phases, thresholds, bets, alerts and states; see the module."""

    def __init__(
        self,
        bus: EventBus,
        state: SharedGameState,
        broker: Address = DEFAULT_BROKER,
        node: str | None = None,
        queue_size: int = QUEUE_SIZE,
    ) -> None:
        self.state, self.broker = state, broker
        self.node = topic_level(node or default_node())
        self.stats = BridgeStats()
        self._queue: queue.Queue[_Event | None] = queue.Queue(queue_size)
        self._written = threading.Condition()  # paho wrote a message (or the connection changed)
        self._unwritten = 0
        self._disconnected = threading.Event()
        self._outage_told = False
        self._client = self._make_client()
        self._thread = threading.Thread(target=self._publish_all, name="mqtt-bridge", daemon=True)
        self._unsubscribe = [
            bus.subscribe(RoundRecorded, lambda m: self._offer(_Event(m.bookmaker, "round", m))),
            bus.subscribe(RecordedBatch, self._on_records),
            bus.subscribe(Alert, lambda a: self._offer(_Event(a.source, "alert", a))),
            bus.subscribe(WorkerStateChanged, lambda e: self._offer(_Event(e.bookmaker, "state"))),
        ]

    def topic(self, bookmaker: str, kind: str) -> str:
        return f"{ROOT}/{self.node}/{topic_level(bookmaker)}/{kind}"

    @property
    def connected(self) -> bool:
        return self._client.is_connected()

    @property
    def status_topic(self) -> str:
        return f"{ROOT}/{self.node}/status"

    def _make_client(self) -> mqtt.Client:
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=f"aviator-{self.node}-{os.getpid()}",
            protocol=mqtt.MQTTv311,
        )
        client.connect_timeout = CONNECT_TIMEOUT
        client.reconnect_delay_set(*RECONNECT_DELAYS)
        client.will_set(self.status_topic, "offline", retain=True)
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        client.on_publish = self._on_publish
        return client

    def start(self) -> None:
        """Returns at once: paho connects in its own thread, and keeps trying while the broker is away."""
        self._client.connect_async(self.broker.host, self.broker.port)
        self._client.loop_start()
        self._thread.start()

    # The bus handlers: in the hub's thread (or the health monitor's); they never wait.
    def _offer(self, event: _Event) -> None:
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self.stats.count("dropped")

    def _on_records(self, batch: RecordedBatch) -> None:
        kind = events.RECORD_KINDS.get(batch.record_type)
        if kind is not None:  # most batches are RGB samples: one dict look-up and out
            self._offer(_Event(batch.bookmaker, kind, batch))

    # The bridge's own thread.
    def _publish_all(self) -> None:
        while (event := self._queue.get()) is not None:
            if not self._client.is_connected():  # no JSON built for nobody: the GIL is the hub's too
                self.stats.count("unsent")
                continue
            try:
                sent = [
                    self._send(topic, payload, retain) for topic, payload, retain in self._messages(event)
                ]
            except Exception:  # one bad event must not end the bridge: the next ones still go out
                log.exception("MQTT: could not publish a %s event of %s", event.kind, event.bookmaker)
                sent = [False]
            self.stats.count("published" if all(sent) else "unsent")

    def _messages(self, event: _Event) -> list[tuple[str, str, bool]]:
        name = event.bookmaker if event.bookmaker in self.state.names() else COLLECTOR
        bodies = self._bodies(event)
        messages = [(self.topic(name, event.kind), _json({"node": self.node, **b}), False) for b in bodies]
        if event.kind in CHANGES_STATE and name != COLLECTOR:
            messages.append((self.topic(name, "state"), self._state_json(name), True))
        return messages

    def _bodies(self, event: _Event) -> list[dict[str, Any]]:
        """The same bodies as the WebSocket's (aviator.api.events)."""
        payload = event.payload
        if isinstance(payload, RecordedBatch):
            return events.record_bodies(payload)
        if isinstance(payload, Alert):
            return [events.alert_body(payload)]
        if isinstance(payload, RoundRecorded):
            return [events.round_body(payload)]
        return []  # a worker's lifecycle changed: the retained state says it

    def _state_json(self, bookmaker: str) -> str:
        snapshot = self.state.get(bookmaker)
        body = {"node": self.node, "at": events.now_iso(), **asdict(snapshot), "share_2x": snapshot.share_2x}
        return _json(body)

    def _send(self, topic: str, payload: str, retain: bool = False) -> bool:
        """Hands one message to paho; False if there is no broker, or paho's backlog is full."""
        with self._written:
            if not self._client.is_connected() or self._unwritten >= IN_FLIGHT:
                return False
            self._unwritten += 1  # before paho may write it and call _on_publish
        if self._client.publish(topic, payload, qos=0, retain=retain).rc == mqtt.MQTT_ERR_SUCCESS:
            return True  # (no paho call under our lock: paho's thread takes it in _on_publish)
        with self._written:
            self._unwritten = max(0, self._unwritten - 1)
        return False

    # paho's network thread.
    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        if reason.is_failure:
            log.warning("MQTT broker %s refused the connection: %s", self.broker, reason)
            return
        with self._written:
            self._unwritten = 0  # what was unwritten went with the old connection
        log.info("MQTT: connected to %s as node %s", self.broker, self.node)
        self._outage_told = False
        self._disconnected.clear()
        self._send(self.status_topic, "online", retain=True)
        for name in self.state.names():  # a broker that lost its retained states gets them again
            self._offer(_Event(name, "state"))

    def _on_connect_fail(self, client: mqtt.Client, userdata: Any) -> None:
        self._tell_outage("does not answer")

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        with self._written:
            self._unwritten = 0
            self._written.notify_all()
        self._disconnected.set()
        if reason.is_failure:
            self._tell_outage(f"went away ({reason})")

    def _tell_outage(self, what: str) -> None:
        """Once per outage: paho keeps retrying, with back-off, and each retry would say it again."""
        if not self._outage_told:
            self._outage_told = True
            log.warning("MQTT broker %s %s: events are dropped until it is back", self.broker, what)

    def _on_publish(self, client: mqtt.Client, userdata: Any, mid: int, reason: Any, props: Any) -> None:
        with self._written:
            self._unwritten = max(0, self._unwritten - 1)
            self._written.notify_all()

    def close(self) -> None:
        """After the collector drained: every event it published so far goes out (if a broker
        listens, within CLOSE_TIMEOUT), `status` says offline, and the connection ends."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        if self._thread.is_alive():
            self._queue.put(None)  # after every queued event: the thread publishes them, then ends
            self._thread.join()
        connected = self._client.is_connected()
        if connected:
            self._send(self.status_topic, "offline", retain=True)  # a clean exit leaves no will
            with self._written:
                self._written.wait_for(lambda: self._unwritten == 0, CLOSE_TIMEOUT)
        self._client.disconnect()  # connected or not: it also ends paho's waits between retries
        if connected:
            self._disconnected.wait(CLOSE_TIMEOUT)  # the DISCONNECT follows what was written before it
        self._client.loop_stop()


def _json(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"), default=str)
