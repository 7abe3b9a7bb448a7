"""Writer throughput from producer processes into SQLite and PostgreSQL, side by side in one run.

    .venv/bin/python -m benchmarks.bench_writer [--rows 300000] [--producers 6] [--per-message 500]
        [--messages batch record] [--tables rgb_samples rounds] [--repeat 3] [--postgres URL]

The real data path: each producer is a process started by the application's ProcessManager that
sends its share of records through its own Outbox pipe; the Hub thread reads every pipe and
publishes on an EventBus, whose subscribers hand the records to RecordWriters exactly as the
collector application wires them (one BatchDatabaseWriter per record type, each on its own
connection). The clock runs from the first send (the producers have built their records and wait
at a start signal) to the return of the writers' flush after every producer's last message, so it
covers pickling, the pipes, the hub, batching and every commit. The rows counted in the database
afterwards must equal the rows sent, and none may have gone through the spill file (the backlog cap
is raised to hold the whole flood). Each run writes into a fresh SQLite file or PostgreSQL schema
(dropped afterwards); the runs of every cell are interleaved and the median is the figure.

Messages, side by side: `batch` is one RecordedBatch of `--per-message` records (rows, handed to
the writers with `add_rows`), as a worker sends them; `record` is one message per record, the cost
of sending records one by one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from benchmarks.common import write_result

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.hub import Hub
from aviator.core.communication.messages import RecordedBatch, WorkerMessage, WorkerStopped
from aviator.core.communication.outbox import Outbox
from aviator.data.backends import open_database
from aviator.data.models import RgbSample, Round
from aviator.data.writers import RecordWriters
from aviator.orchestration.process_manager import CONTEXT, ProcessManager

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
WAIT_SECONDS = 600.0


def a_sample(bookmaker: str, i: int) -> RgbSample:
    at = f"2026-11-29T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}.500Z"
    return RgbSample(bookmaker, "multiplier", at, 40.5 + i % 7, 20.25, 90.0, 3.5, 2.25, 10.0)


def a_round(bookmaker: str, i: int) -> Round:
    at = f"2026-11-29T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}.000Z"
    return Round(bookmaker, 1.0 + i % 5000 / 100, at, at, "group", 8.2, 1.5, 812, 4521.5, 2210.0)


TABLES: dict[str, Callable[[str, int], object]] = {"rgb_samples": a_sample, "rounds": a_round}


def produce(
    table: str, count: int, per_message: int, ready: Any, go: Any, outbox: Outbox, control: Any
) -> None:
    """A worker process's side: builds its records, waits for the start, then sends them all and
    WorkerStopped last (the pipe keeps order: once it is dispatched, so is everything before it)."""
    bookmaker = f"B{uuid.uuid4().hex[:6]}"
    records = [TABLES[table](bookmaker, i) for i in range(count)]
    ready.release()
    go.wait()
    for message in messages(bookmaker, records, per_message):
        outbox.put(message)
    outbox.put(WorkerStopped(bookmaker, "sent all"))


def messages(bookmaker: str, records: list[Any], per_message: int) -> Iterator[WorkerMessage]:
    """RecordedBatch messages of `per_message` records; one message per record if it is 0."""
    per_message = per_message or 1
    for start in range(0, len(records), per_message):
        yield RecordedBatch.of(bookmaker, records[start : start + per_message])


class AllSent:
    """Set once every producer's WorkerStopped is dispatched: all their records are with the writers."""

    def __init__(self, bus: EventBus, producers: int) -> None:
        self.left, self.event = producers, threading.Event()
        bus.subscribe(WorkerStopped, self._stopped)

    def _stopped(self, _: WorkerStopped) -> None:
        self.left -= 1  # only the hub thread calls this
        if not self.left:
            self.event.set()


def wired(target: str, spill_dir: Path, rows: int, producers: int) -> tuple[Hub, RecordWriters, AllSent]:
    """A hub whose bus feeds the writers, subscribed as collector_app.py subscribes them. The backlog
    cap (a memory guard for outages) is raised to hold the whole flood: producers that only send
    outpace any database, and past the cap the measurement would be of the spill file."""
    bus, writers = EventBus(), RecordWriters(target, spill_dir=spill_dir, backlog_cap=rows)
    bus.subscribe(RecordedBatch, lambda m: writers.add_rows(m.record_type, m.rows), priority=10)
    return Hub(bus, CONTEXT.Pipe(duplex=False)), writers, AllSent(bus, producers)


def measure(target: str, table: str, rows: int, producers: int, per_message: int, spill_dir: Path) -> float:
    """Seconds from the first send to the writers' flush; checks every row sent is in the database."""
    hub, writers, all_sent = wired(target, spill_dir, rows, producers)
    manager, go = ProcessManager(hub.attach), CONTEXT.Event()
    per_producer = rows // producers
    start_producers(manager, producers, (table, per_producer, per_message), go)
    started = time.perf_counter()
    go.set()
    if not all_sent.event.wait(WAIT_SECONDS):
        raise RuntimeError(f"{all_sent.left} producers did not finish")
    writers.flush(WAIT_SECONDS)
    seconds = time.perf_counter() - started
    for name in manager.processes:
        manager.join(name, WAIT_SECONDS)
    hub.close()
    writers.close()
    assert not any(s.spilled for s in writers.stats()), "rows were spilled: not the writer's own figure"
    counted, sent = count_rows(target, table), per_producer * producers
    assert counted == sent, f"{table} in {target}: {counted} rows counted, {sent} sent"
    return seconds


def start_producers(manager: ProcessManager, producers: int, args: tuple[Any, ...], go: Any) -> None:
    """Spawns the producers and returns once each has built its records and waits for `go`."""
    ready = CONTEXT.Semaphore(0)
    for p in range(producers):
        manager.spawn(f"producer {p}", produce, *args, ready, go)
    for _ in range(producers):
        if not ready.acquire(timeout=WAIT_SECONDS):
            raise RuntimeError("a producer did not get ready")


def count_rows(target: str, table: str) -> int:
    with open_database(target) as db:
        return int(db.query(f"SELECT COUNT(*) FROM {table}")[0][0])


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    schema = f"aviator_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def one_run(backend: str, args: argparse.Namespace, table: str, per_message: int) -> float:
    """One measurement into a fresh database, so the count at the end is exactly this run's rows."""
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "sqlite":
            target = str(Path(tmp) / "bench.db")
            return measure(target, table, args.rows, args.producers, per_message, Path(tmp))
        with postgres_schema(args.postgres) as url:
            return measure(url, table, args.rows, args.producers, per_message, Path(tmp))


def run(args: argparse.Namespace) -> dict[str, Any]:
    cells = [(t, m, b) for t in args.tables for m in args.messages for b in ("sqlite", "postgresql")]
    seconds: dict[tuple[str, str, str], list[float]] = {cell: [] for cell in cells}
    for _ in range(args.repeat):
        for cell in cells:  # interleaved: a busy spell of the shared machine hits every cell alike
            table, message, backend = cell
            seconds[cell].append(one_run(backend, args, table, args.per_message if message == "batch" else 0))
            print(*cell, f"{args.rows / seconds[cell][-1]:,.0f} rows/s", file=sys.stderr, flush=True)
    results: dict[str, Any] = {}
    for (table, message, backend), samples in seconds.items():
        results.setdefault(table, {}).setdefault(message, {})[backend] = figures(args.rows, samples)
    return {"producers": args.producers, "per_message": args.per_message, "results": results}


def figures(rows: int, seconds: list[float]) -> dict[str, Any]:
    """The median run's rows per second (the figure), with the slowest and fastest runs."""
    rates = sorted(rows / s for s in seconds)
    return {
        "rows": rows,
        "runs": len(rates),
        "rows_per_second": round(statistics.median(rates)),
        "rows_per_second_min": round(rates[0]),
        "rows_per_second_max": round(rates[-1]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000, help="rows per run, over all producers")
    parser.add_argument("--producers", type=int, default=6)
    parser.add_argument("--per-message", type=int, default=500, help="records per RecordedBatch")
    parser.add_argument("--messages", nargs="+", default=["batch", "record"], choices=["batch", "record"])
    parser.add_argument("--tables", nargs="+", default=list(TABLES), choices=list(TABLES))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, interleaved; the median counts")
    parser.add_argument("--postgres", default=POSTGRES, metavar="URL")
    args = parser.parse_args()
    args.rows -= args.rows % args.producers  # every producer sends the same share
    print(write_result("writer", run(args)).read_text())


if __name__ == "__main__":
    main()
