"""CollectorMetrics on a real EventBus: the families Prometheus scrapes, with the values that follow
from what each test published (an injected clock stands for the time between reports)."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from aviator.api.metrics import RATE_WINDOW, CollectorMetrics, render
from aviator.config.settings import GamePhase
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RecordedBatch, RoundRecorded, WorkerFailed, WorkerStatus
from aviator.core.communication.shared_state import SharedGameState
from aviator.data.batch_writer import WriterStats
from aviator.data.models import Round, ThresholdCrossing
from aviator.orchestration.health_monitor import (
    Alert,
    Lifecycle,
    ProcessResources,
    SystemHealth,
    WorkerStateChanged,
)
from aviator.orchestration.history_recovery import RoundsUnread

NAMES = ["Admiral", "Mozzart"]
T0 = "2026-12-07T10:00:00.000Z"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


class Clock:
    """Seconds the test sets."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def collector(clock: Clock, node: str = "n1") -> tuple[EventBus, SharedGameState, CollectorMetrics]:
    """A bus with SharedGameState subscribed as the CollectorApp subscribes it, and the metrics."""
    bus, state = EventBus(), SharedGameState(NAMES)
    bus.subscribe(RoundRecorded, state.on_round)
    bus.subscribe(WorkerStatus, state.on_status)
    bus.subscribe(WorkerStateChanged, lambda e: state.on_lifecycle(e.bookmaker, e.state, e.restarts))
    bus.subscribe(ProcessResources, lambda e: state.on_resources(e.bookmaker, e.rss_mb, e.cpu_percent))
    return bus, state, CollectorMetrics(bus, state, node=node, clock=clock)


def scraped(metrics: CollectorMetrics) -> Samples:
    text = render(metrics.registry).decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples[(name, frozenset({"node": "n1", **labels}.items()))]


def status(bookmaker: str, looks: int, rejected: int, pid: int) -> WorkerStatus:
    return WorkerStatus(bookmaker, GamePhase.PLAYING, 1.5, 0, looks, rejected, False, pid)


def a_round(bookmaker: str, score: float, backfilled: bool = False) -> RoundRecorded:
    return RoundRecorded(bookmaker, Round(bookmaker, score, T0, T0, backfilled=backfilled))


def test_rounds_thresholds_and_rounds_per_hour() -> None:
    clock = Clock()
    bus, _, metrics = collector(clock)
    for score, backfilled in ((1.7, False), (2.3, False), (12.0, True)):
        bus.publish(a_round("Admiral", score, backfilled))
        crossings = [ThresholdCrossing("Admiral", T0, t, T0) for t in (1.5, 2.0, 10.0) if t <= score]
        bus.publish(RecordedBatch.of("Admiral", crossings))
    clock.now = 300.0
    bus.publish(a_round("Mozzart", 1.0))
    clock.now = RATE_WINDOW
    samples = scraped(metrics)
    assert value(samples, "rounds_total", bookmaker="Admiral") == 3
    assert value(samples, "rounds_backfilled_total", bookmaker="Admiral") == 1
    assert value(samples, "rounds_total", bookmaker="Mozzart") == 1
    crossed = {
        t: value(samples, "thresholds_crossed_total", bookmaker="Admiral", threshold=t)
        for t in ("1.5", "2", "10")
    }
    assert crossed == {"1.5": 3, "2": 2, "10": 1}
    assert value(samples, "rounds_per_hour", bookmaker="Admiral") == 3 / RATE_WINDOW * 3600
    assert value(samples, "uptime_seconds") == RATE_WINDOW
    clock.now = RATE_WINDOW + 1.0  # Admiral's rounds are older than the window now; Mozzart's is not
    samples = scraped(metrics)
    assert value(samples, "rounds_per_hour", bookmaker="Admiral") == 0
    assert value(samples, "rounds_per_hour", bookmaker="Mozzart") == 1 / RATE_WINDOW * 3600


def test_cpu_per_look_from_health_reports() -> None:
    clock = Clock()
    bus, _, metrics = collector(clock)
    bus.publish(status("Admiral", looks=100, rejected=0, pid=7))
    clock.now = 10.0
    bus.publish(ProcessResources("Admiral", 7, 80.0, 0.0, 0.1))  # psutil's first share: a baseline only
    bus.publish(status("Admiral", looks=300, rejected=0, pid=7))
    clock.now = 20.0
    bus.publish(ProcessResources("Admiral", 7, 80.0, 50.0, 0.1))  # 5 s of CPU over 200 looks: 25 ms a look
    bus.publish(status("Admiral", looks=50, rejected=0, pid=8))  # restarted: another process
    clock.now = 30.0
    bus.publish(ProcessResources("Admiral", 8, 80.0, 90.0, 0.1))  # a new baseline, not an observation
    samples = scraped(metrics)
    assert value(samples, "ocr_speed_ms_count", bookmaker="Admiral") == 1
    assert value(samples, "ocr_speed_ms_sum", bookmaker="Admiral") == 25.0
    assert value(samples, "ocr_speed_ms_bucket", bookmaker="Admiral", le="20.0") == 0
    assert value(samples, "ocr_speed_ms_bucket", bookmaker="Admiral", le="50.0") == 1
    assert value(samples, "worker_memory_mb", bookmaker="Admiral") == 80.0
    assert value(samples, "worker_cpu_percent", bookmaker="Admiral") == 90.0


def test_errors_by_kind_restarts_accuracy_and_profit() -> None:
    clock = Clock()
    bus, state, metrics = collector(clock)
    bus.publish(status("Admiral", looks=10, rejected=4, pid=7))
    bus.publish(status("Admiral", looks=20, rejected=6, pid=7))
    bus.publish(status("Admiral", looks=5, rejected=3, pid=8))  # a new process counts from 0: 6 + 3
    for score in (1.1, 2.2, 3.3):
        bus.publish(a_round("Admiral", score))
    bus.publish(Alert("Admiral", "2 missed rounds could not be read"))
    bus.publish(RoundsUnread("Admiral", 2))  # what the history recovery publishes with that alert
    bus.publish(Alert("database", "the database does not answer; records wait in memory"))
    bus.publish(WorkerFailed("Mozzart", "boom"))
    bus.publish(WorkerStateChanged("Mozzart", Lifecycle.RESTARTING, 2, "process exited"))
    state.on_bets("Admiral", 3, -12.5)
    samples = scraped(metrics)
    errors = {
        (dict(labels)["bookmaker"], dict(labels)["kind"]): v
        for (name, labels), v in samples.items()
        if name == "errors_total"
    }
    assert errors == {
        ("Admiral", "rejected_reading"): 9,
        ("Admiral", "alert"): 1,
        ("", "alert"): 1,
        ("Mozzart", "worker_failed"): 1,
        ("", "subscriber"): 0,
    }
    assert value(samples, "worker_restarts_total", bookmaker="Mozzart") == 2
    assert value(samples, "worker_restarts_total", bookmaker="Admiral") == 0
    assert value(samples, "data_accuracy", bookmaker="Admiral") == 3 / 5  # 3 recorded, 2 known lost
    assert ("data_accuracy", frozenset({"node": "n1", "bookmaker": "Mozzart"}.items())) not in samples
    assert value(samples, "profit_loss", bookmaker="Admiral") == -12.5


def test_writers_rate_queue_and_database_from_health_reports() -> None:
    clock = Clock()
    bus, _, metrics = collector(clock)
    clock.now = 10.0
    bus.publish(SystemHealth(64, (WriterStats("rounds", 0, 100, 1, 0, 2, True),), True))
    clock.now = 20.0
    bus.publish(SystemHealth(128, (WriterStats("rounds", 3, 150, 1, 0, 2, False),), False))
    samples = scraped(metrics)
    assert value(samples, "batch_write_rows_per_second", table="rounds") == 5.0
    assert value(samples, "hub_queue_bytes") == 128
    assert value(samples, "database_reachable") == 0
    assert value(samples, "errors_total", bookmaker="", kind="writer_failure") == 1
    assert value(samples, "errors_total", bookmaker="", kind="writer_rejected") == 2


def test_each_collector_has_its_own_registry() -> None:
    """Two collectors in one process (or two tests) never share series."""
    clock = Clock()
    first_bus, _, first = collector(clock, node="a")
    second_bus, _, second = collector(clock, node="b")
    first_bus.publish(a_round("Admiral", 2.0))
    a, b = scraped(first), scraped(second)
    assert a[("rounds_total", frozenset({"node": "a", "bookmaker": "Admiral"}.items()))] == 1
    assert not any(name == "rounds_total" for name, _ in b)
    first.close()
    first_bus.publish(a_round("Admiral", 2.0))  # unsubscribed: no longer counted
    assert scraped(first)[("rounds_total", frozenset({"node": "a", "bookmaker": "Admiral"}.items()))] == 1
    assert second_bus is not first_bus
