"""Event bus throughput and delivery latency: in-process, and end to end from worker processes
through their pipes to the hub, side by side in one run.

    .venv/bin/python -m benchmarks.bench_bus [--events 200000] [--producers 6] [--paced-rate 2000]

- in-process: `publish` to the subscribers the application has for a worker status (the shared game
  state, a live view limited to 4 per second) plus the probe, and to the probe alone;
- hub flood: `producers` processes, started by the application's ProcessManager, put stamped
  messages into their Outbox as fast as they can; the hub thread reads every pipe and publishes
  (throughput; the latency is then mostly queueing);
- hub paced: the same at `paced-rate` messages per second in total (a demo worker sends ~7 a second).
Latency is from the moment before `put`/`publish` to the last subscriber's call (CLOCK_MONOTONIC
is system wide, so the stamps of two processes compare).
"""

from __future__ import annotations

import argparse
import threading
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.common import spread, write_result

from aviator.config.settings import GamePhase
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.hub import Hub
from aviator.core.communication.messages import WorkerStatus
from aviator.core.communication.outbox import Outbox
from aviator.core.communication.shared_state import SharedGameState
from aviator.orchestration.process_manager import CONTEXT, ProcessManager

WAIT_SECONDS = 600.0


@dataclass(frozen=True)
class StampedStatus(WorkerStatus):
    sent: float = 0.0  # time.monotonic() just before put or publish


class Probe:
    """The last subscriber: notes each delivery's latency, and when all have arrived."""

    def __init__(self, expected: int) -> None:
        self.expected, self.latencies = expected, []
        self.done = threading.Event()

    def __call__(self, event: StampedStatus) -> None:
        self.latencies.append(time.monotonic() - event.sent)
        if len(self.latencies) == self.expected:
            self.done.set()


def app_bus(probe: Probe, app_subscribers: bool) -> EventBus:
    bus = EventBus()
    if app_subscribers:
        state = SharedGameState([f"B{i}" for i in range(12)])
        bus.subscribe(WorkerStatus, state.on_status, priority=5)
        bus.subscribe(WorkerStatus, lambda status: state.snapshot(), max_per_second=4)  # a live view
    bus.subscribe(WorkerStatus, probe, priority=-1)  # the same type as the others: called after them
    return bus


def status(producer: int, number: int) -> StampedStatus:
    """A new status, stamped now: creating the message is part of the publisher's cost."""
    value = 1.0 + number % 500 / 100
    return StampedStatus(f"B{producer}", GamePhase.PLAYING, value, number, number, 0, sent=time.monotonic())


def in_process(events: int, app_subscribers: bool) -> dict[str, Any]:
    probe = Probe(events)
    bus = app_bus(probe, app_subscribers)
    started = time.perf_counter()
    for number in range(events):
        bus.publish(status(number % 12, number))
    seconds = time.perf_counter() - started
    return _result(events, seconds, probe)


def produce(producer: int, count: int, rate: float | None, go: Any, hub: Outbox, control: Any) -> None:
    """A worker process's side: `count` stamped statuses, as fast as possible or at `rate` a second."""
    go.wait()
    period, next_put = (1.0 / rate if rate else 0.0), time.monotonic()
    for number in range(count):
        if period:
            next_put += period
            time.sleep(max(0.0, next_put - time.monotonic()))  # pacing, not a wait for work
        hub.put(status(producer, number))


def through_hub(events: int, producers: int, rate: float | None) -> dict[str, Any]:
    per_producer = events // producers
    probe, go = Probe(per_producer * producers), CONTEXT.Event()
    hub = Hub(app_bus(probe, app_subscribers=True), CONTEXT.Pipe(duplex=False))
    manager = ProcessManager(hub.attach)
    for p in range(producers):
        manager.spawn(f"producer {p}", produce, p, per_producer, rate and rate / producers, go)
    started = time.perf_counter()
    go.set()
    if not probe.done.wait(WAIT_SECONDS):
        raise RuntimeError(f"only {len(probe.latencies)} of {probe.expected} events arrived")
    seconds = time.perf_counter() - started
    for name in manager.processes:
        manager.join(name, WAIT_SECONDS)
    hub.close()
    return {"producers": producers, "paced_rate": rate, **_result(probe.expected, seconds, probe)}


def _result(events: int, seconds: float, probe: Probe) -> dict[str, Any]:
    return {
        "events": events,
        "events_per_second": round(events / seconds),
        "latency_ms": spread(probe.latencies, 1000, 4),
    }


def run(events: int, producers: int, paced_rate: float) -> dict[str, Any]:
    paced_events = int(paced_rate * 10)  # ten seconds of paced traffic
    return {
        "in_process_probe_only": in_process(events, app_subscribers=False),
        "in_process_app_subscribers": in_process(events, app_subscribers=True),
        "hub_flood": through_hub(events, producers, None),
        "hub_paced": through_hub(paced_events, producers, paced_rate),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--producers", type=int, default=6)
    parser.add_argument("--paced-rate", type=float, default=2000.0, help="events per second, in total")
    args = parser.parse_args()
    print(write_result("bus", run(args.events, args.producers, args.paced_rate)).read_text())


if __name__ == "__main__":
    main()
