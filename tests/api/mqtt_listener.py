"""A paho client subscribed to the real local Mosquitto, keeping what arrives: the tests' eyes."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as mqtt

BROKER = ("127.0.0.1", 1883)
WAIT = 60.0  # seconds: a deadline for what must arrive, generous for a loaded machine


@dataclass(frozen=True)
class Received:
    topic: str
    payload: bytes
    retain: bool

    def json(self) -> Any:
        return json.loads(self.payload)


class Listener:
    """Subscribes to `pattern` and keeps every message; `wait_for` is the sync point."""

    def __init__(self, pattern: str) -> None:
        self.messages: list[Received] = []
        self._changed = threading.Condition()
        self._subscribed = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-{uuid.uuid4().hex[:12]}")
        self.client.on_message = self._on_message
        self.client.on_connect = lambda client, *_: client.subscribe(pattern)
        self.client.on_subscribe = lambda *_: self._subscribed.set()
        self.client.connect(*BROKER)
        self.client.loop_start()
        assert self._subscribed.wait(WAIT), "the local Mosquitto did not take the subscription"

    def _on_message(self, client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
        with self._changed:
            self.messages.append(Received(message.topic, message.payload, bool(message.retain)))
            self._changed.notify_all()

    def wait_for(self, done: Callable[[list[Received]], bool], timeout: float = WAIT) -> list[Received]:
        """Blocks until `done(messages)` holds; fails with what did arrive after `timeout`."""
        with self._changed:
            if not self._changed.wait_for(lambda: done(self.messages), timeout):
                raise AssertionError(f"not there after {timeout} s; received: {self.messages[-10:]}")
            return list(self.messages)

    def on(self, suffix: str) -> list[Received]:
        with self._changed:
            return [m for m in self.messages if m.topic.endswith(suffix)]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def clear_retained(node: str, topics: list[str]) -> None:
    """Removes what a test left retained on the broker (its persistence keeps it across restarts)."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-{uuid.uuid4().hex[:12]}")
    client.connect(*BROKER)
    client.loop_start()
    infos = [client.publish(topic, b"", qos=1, retain=True) for topic in topics if f"/{node}/" in topic]
    deadline = time.monotonic() + WAIT
    for info in infos:
        info.wait_for_publish(max(0.0, deadline - time.monotonic()))
    client.disconnect()
    client.loop_stop()


def unique_node() -> str:
    """A node of this test alone: the shared broker may carry other collectors' events."""
    return f"test-{uuid.uuid4().hex[:10]}"
