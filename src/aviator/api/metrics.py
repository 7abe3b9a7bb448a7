"""CollectorMetrics: the seed's metrics of one collector for Prometheus, labelled by node and bookmaker.

Fed by the EventBus (rounds, threshold crossings, worker statuses, health reports, alerts) and, at
scrape time, by SharedGameState (restarts, profit, memory, CPU) and the last SystemHealth (writers,
hub backlog, database). They live in a CollectorRegistry of their own, never the global one: two
collectors in one process (or two tests) do not mix. `render` gives the text Prometheus scrapes.

What each one measures, where the collector cannot measure the seed's words exactly:
- `ocr_speed_ms`: no per-look OCR timing leaves the workers. Each health report (every 10 s) gives
  a worker's CPU share since the last one, and its statuses give its looks: CPU milliseconds per
  look, capture, OCR and tracking together. An upper bound of the OCR time, one observation a report.
- `data_accuracy`: the collector stores no round that was not confirmed, by two looks agreeing on
  the crash or by the history strip's readers agreeing on its bubble, so among stored rounds the
  share is 1 by construction. What can fall short is the rounds it knows it lost: bubbles of missed
  rounds that the strip showed but could not be read (the history recovery's RoundsUnread). So:
  confirmed / (confirmed + known lost). Rounds lost without a trace (a strip that no longer
  overlaps) cannot be counted by anyone.
- `rounds_per_hour`: rounds recorded in the last RATE_WINDOW seconds (or since the start, if
  shorter), per hour of real time.
- `errors_total` by kind: rejected_reading (a look whose reading failed validation), alert,
  worker_failed, writer_failure (a failed commit), writer_rejected (records the database refused),
  subscriber (an EventBus subscriber that raised).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import cast

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from aviator.api.addresses import default_node
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RecordedBatch, RoundRecorded, WorkerFailed, WorkerStatus
from aviator.core.communication.shared_state import BookmakerSnapshot, SharedGameState
from aviator.data.batch_writer import WriterStats
from aviator.data.models import ThresholdCrossing, columns_of
from aviator.orchestration.health_monitor import Alert, ProcessResources, SystemHealth
from aviator.orchestration.history_recovery import RoundsUnread

OCR_BUCKETS_MS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 250.0, 500.0, 1000.0)
RATE_WINDOW = 600.0  # seconds of recorded rounds behind rounds_per_hour
KEPT_ROUNDS = 10_000  # per bookmaker, a bound on memory whatever the rate
THRESHOLD = columns_of(ThresholdCrossing).index("threshold")
NO_BOOKMAKER = ""  # the label of what belongs to the collector (writers, the bus, its own alerts)


@dataclass
class _Looks:
    """A worker's last status (pid, looks) and, at its last health report, (time, looks)."""

    pid: int = 0
    looks: int = 0
    rejected: int = 0
    reported: tuple[int, float, int] | None = None  # (pid, time, looks) at the last resources report


class CollectorMetrics:
    """The seed's metrics of one collector; see the module's docstring for what each measures."""

    def __init__(
        self,
        bus: EventBus,
        state: SharedGameState,
        node: str | None = None,
        registry: CollectorRegistry | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bus, self.state, self.clock = bus, state, clock
        self.node = node or default_node()
        self.registry = registry or CollectorRegistry()
        self.started = clock()
        self._lock = threading.Lock()
        self._recent: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=KEPT_ROUNDS))
        self._confirmed: dict[str, int] = defaultdict(int)
        self._unread: dict[str, int] = defaultdict(int)
        self._errors: dict[tuple[str, str], int] = defaultdict(int)
        self._looks: dict[str, _Looks] = defaultdict(_Looks)
        self._health: SystemHealth | None = None
        self._written: dict[str, tuple[float, int]] = {}  # table -> (time, rows written) at the last report
        self._write_rates: dict[str, float] = {}
        self._instruments()
        self.registry.register(_ScrapeTime(self))
        self._unsubscribe = self._subscribe()

    def _instruments(self) -> None:
        labels = ("node", "bookmaker")
        self.rounds = Counter("rounds_total", "Rounds recorded", labels, registry=self.registry)
        self.backfilled = Counter(
            "rounds_backfilled_total",
            "Of them, recovered from the history strip",
            labels,
            registry=self.registry,
        )
        self.thresholds = Counter(
            "thresholds_crossed_total",
            "Thresholds passed by recorded flights",
            (*labels, "threshold"),
            registry=self.registry,
        )
        self.ocr_speed = Histogram(
            "ocr_speed_ms",
            "CPU milliseconds a worker spends per look (capture, OCR, tracking), per health report",
            labels,
            buckets=OCR_BUCKETS_MS,
            registry=self.registry,
        )

    def _subscribe(self) -> list[Callable[[], None]]:
        return [
            self.bus.subscribe(RoundRecorded, self._on_round),
            self.bus.subscribe(RecordedBatch, self._on_records),
            self.bus.subscribe(WorkerStatus, self._on_status),
            self.bus.subscribe(ProcessResources, self._on_resources),
            self.bus.subscribe(SystemHealth, self._on_health),
            self.bus.subscribe(Alert, self._on_alert),
            self.bus.subscribe(RoundsUnread, self._on_unread),
            self.bus.subscribe(WorkerFailed, lambda f: self._error(f.bookmaker, "worker_failed")),
        ]

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()

    def _on_round(self, message: RoundRecorded) -> None:
        name = message.bookmaker
        self.rounds.labels(self.node, name).inc()
        if message.round.backfilled:
            self.backfilled.labels(self.node, name).inc()
        with self._lock:
            self._recent[name].append(self.clock())
            self._confirmed[name] += 1

    def _on_records(self, batch: RecordedBatch) -> None:
        if batch.record_type is ThresholdCrossing:
            for row in batch.rows:
                self.thresholds.labels(self.node, batch.bookmaker, f"{row[THRESHOLD]:g}").inc()

    def _on_status(self, status: WorkerStatus) -> None:
        with self._lock:
            looks = self._looks[status.bookmaker]
            if status.pid != looks.pid or status.rejected < looks.rejected:
                looks.rejected = 0  # a new worker process counts from 0
            self._errors[(status.bookmaker, "rejected_reading")] += status.rejected - looks.rejected
            looks.pid, looks.looks, looks.rejected = status.pid, status.looks, status.rejected

    def _on_resources(self, report: ProcessResources) -> None:
        """CPU time since the last report (its share times the time between) over the looks since."""
        now = self.clock()
        with self._lock:
            looks = self._looks[report.bookmaker]
            before, looks.reported = looks.reported, (looks.pid, now, looks.looks)
            pid, count = looks.pid, looks.looks
        if before is None or report.pid != before[0] or pid != report.pid or count <= before[2]:
            return  # a first report, or another process since (psutil's first share means nothing)
        cpu_ms = report.cpu_percent / 100 * (now - before[1]) * 1000
        self.ocr_speed.labels(self.node, report.bookmaker).observe(cpu_ms / (count - before[2]))

    def _on_health(self, health: SystemHealth) -> None:
        now = self.clock()
        with self._lock:
            self._health = health
            for stats in writer_stats(health):
                table, written = stats.table, stats.written
                last = self._written.get(table)
                if last is not None and now > last[0]:
                    self._write_rates[table] = (written - last[1]) / (now - last[0])
                self._written[table] = (now, written)

    def _on_alert(self, alert: Alert) -> None:
        bookmaker = alert.source if alert.source in self.state.names() else NO_BOOKMAKER
        self._error(bookmaker, "alert")

    def _on_unread(self, lost: RoundsUnread) -> None:
        with self._lock:
            self._unread[lost.bookmaker] += lost.count

    def _error(self, bookmaker: str, kind: str) -> None:
        with self._lock:
            self._errors[(bookmaker, kind)] += 1

    # At scrape time.
    def rounds_per_hour(self, bookmaker: str) -> float:
        now = self.clock()
        with self._lock:
            recent = self._recent[bookmaker]
            while recent and recent[0] < now - RATE_WINDOW:
                recent.popleft()
            count = len(recent)
        span = min(RATE_WINDOW, now - self.started)
        return count / span * 3600 if span > 0 else 0.0

    def data_accuracy(self, bookmaker: str) -> float | None:
        with self._lock:
            confirmed, lost = self._confirmed[bookmaker], self._unread[bookmaker]
        return confirmed / (confirmed + lost) if confirmed + lost else None

    def errors(self) -> dict[tuple[str, str], int]:
        """Counts by (bookmaker, kind), the writers' and the bus's included."""
        with self._lock:
            counts = dict(self._errors)
            health = self._health
        if health is not None:
            writers = writer_stats(health)
            counts[(NO_BOOKMAKER, "writer_failure")] = sum(w.failures for w in writers)
            counts[(NO_BOOKMAKER, "writer_rejected")] = sum(w.rejected for w in writers)
        counts[(NO_BOOKMAKER, "subscriber")] = self.bus.failures
        return counts

    def write_rates(self) -> dict[str, float]:
        with self._lock:
            return dict(self._write_rates)

    def health(self) -> SystemHealth | None:
        with self._lock:
            return self._health


def writer_stats(health: SystemHealth) -> tuple[WriterStats, ...]:
    """SystemHealth leaves its writers' type open (the monitor does not know the data layer)."""
    return cast(tuple[WriterStats, ...], health.writers)


class _ScrapeTime:
    """The metrics read when Prometheus scrapes: a prometheus_client custom collector."""

    def __init__(self, metrics: CollectorMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        snapshots = self.metrics.state.snapshot()
        yield from self._per_bookmaker(snapshots)
        yield from self._collector_wide()
        yield from self._health(snapshots)

    def _per_bookmaker(self, snapshots: list[BookmakerSnapshot]) -> Iterator[Metric]:
        m, node = self.metrics, self.metrics.node
        labels = ["node", "bookmaker"]
        hourly = GaugeMetricFamily("rounds_per_hour", "Rounds recorded per hour, lately", labels=labels)
        restarts = CounterMetricFamily("worker_restarts", "Worker processes started again", labels=labels)
        profit = GaugeMetricFamily("profit_loss", "Profit of this session's settled bets", labels=labels)
        accuracy = GaugeMetricFamily(
            "data_accuracy", "Rounds confirmed, of those confirmed and those known lost", labels=labels
        )
        for snapshot in snapshots:
            name = snapshot.bookmaker
            hourly.add_metric([node, name], m.rounds_per_hour(name))
            restarts.add_metric([node, name], snapshot.restarts)
            if snapshot.profit is not None:
                profit.add_metric([node, name], snapshot.profit)
            if (share := m.data_accuracy(name)) is not None:
                accuracy.add_metric([node, name], share)
        yield from (hourly, restarts, profit, accuracy)

    def _collector_wide(self) -> Iterator[Metric]:
        m, node = self.metrics, self.metrics.node
        uptime = GaugeMetricFamily("uptime_seconds", "Seconds since the collector started", labels=["node"])
        uptime.add_metric([node], m.clock() - m.started)
        errors = CounterMetricFamily("errors", "Errors by kind", labels=["node", "bookmaker", "kind"])
        for (bookmaker, kind), count in sorted(m.errors().items()):
            errors.add_metric([node, bookmaker, kind], count)
        rates = GaugeMetricFamily(
            "batch_write_rows_per_second",
            "Rows written between the last two health reports",
            labels=["node", "table"],
        )
        for table, rate in sorted(m.write_rates().items()):
            rates.add_metric([node, table], rate)
        yield from (uptime, errors, rates)

    def _health(self, snapshots: list[BookmakerSnapshot]) -> Iterator[Metric]:
        """The health checks: each worker's memory and CPU, the hub's backlog, the database."""
        node, health = self.metrics.node, self.metrics.health()
        memory = GaugeMetricFamily("worker_memory_mb", "Resident memory", labels=["node", "bookmaker"])
        cpu = GaugeMetricFamily(
            "worker_cpu_percent", "CPU, percent of one core", labels=["node", "bookmaker"]
        )
        for snapshot in snapshots:
            if snapshot.rss_mb is not None and snapshot.cpu_percent is not None:
                memory.add_metric([node, snapshot.bookmaker], snapshot.rss_mb)
                cpu.add_metric([node, snapshot.bookmaker], snapshot.cpu_percent)
        yield from (memory, cpu)
        if health is not None:
            queue = GaugeMetricFamily(
                "hub_queue_bytes", "Bytes the workers sent, not yet read", labels=["node"]
            )
            queue.add_metric([node], health.queue_depth)
            database = GaugeMetricFamily("database_reachable", "1 if the database answers", labels=["node"])
            database.add_metric([node], float(health.database_reachable))
            yield from (queue, database)


def render(registry: CollectorRegistry) -> bytes:
    """The registry in Prometheus's text format: the body of `GET /metrics`."""
    return generate_latest(registry)
