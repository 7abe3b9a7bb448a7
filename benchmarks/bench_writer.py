"""Writer throughput from producer processes into SQLite and PostgreSQL, side by side in one run.

    .venv/bin/python -m benchmarks.bench_writer [--rows 300000] [--producers 6] [--per-message 500]
        [--messages batch record] [--tables rgb_samples rounds] [--postgres URL]

The real data path: each producer is a process started by the application's ProcessManager that
sends its share of records through its own Outbox pipe; the Hub thread reads every pipe and
publishes on an EventBus, whose subscribers hand the records to RecordWriters exactly as the
collector application wires them (one BatchDatabaseWriter per record type, each on its own
connection). The clock runs from the first send (the producers have built their records and wait
at a start signal) to the return of the writers' flush, so it covers pickling, the pipes, the hub,
batching and every commit. The rows counted in the database afterwards must equal the rows sent.
Each run writes into a fresh SQLite file or a fresh PostgreSQL schema, dropped afterwards.

Messages, side by side: `batch` is one RecordedBatch of `--per-message` records (rows, handed to
the writers with `add_rows`); `record` is one Recorded message per record, as a worker sends them today.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
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
from aviator.core.communication.messages import Recorded, RecordedBatch, WorkerMessage
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
    """A worker process's side: builds its records, waits for the start, then sends them all."""
    bookmaker = f"B{uuid.uuid4().hex[:6]}"
    records = [TABLES[table](bookmaker, i) for i in range(count)]
    ready.release()
    go.wait()
    for message in messages(bookmaker, records, per_message):
        outbox.put(message)


def messages(bookmaker: str, records: list[Any], per_message: int) -> Iterator[WorkerMessage]:
    """RecordedBatch messages of `per_message` records; one Recorded per record if it is 0."""
    if not per_message:
        yield from (Recorded(bookmaker, record) for record in records)
        return
    for start in range(0, len(records), per_message):
        yield RecordedBatch.of(bookmaker, records[start : start + per_message])


def wired(target: str, spill_dir: Path, rows: int) -> tuple[Hub, RecordWriters]:
    """A hub whose bus feeds the writers, subscribed as collector_app.py subscribes them. The backlog
    cap (a memory guard for outages) is raised to hold the whole flood: producers that only send
    outpace any database, and past the cap the measurement would be of the spill file."""
    bus, writers = EventBus(), RecordWriters(target, spill_dir=spill_dir, backlog_cap=rows)
    bus.subscribe(Recorded, lambda m: writers.add(m.record), priority=10)
    bus.subscribe(RecordedBatch, lambda m: writers.add_rows(m.record_type, m.rows), priority=10)
    return Hub(bus, CONTEXT.Pipe(duplex=False)), writers


def measure(
    target: str, table: str, rows: int, producers: int, per_message: int, spill_dir: Path
) -> dict[str, Any]:
    hub, writers = wired(target, spill_dir, rows)
    manager, ready, go = ProcessManager(hub.attach), CONTEXT.Semaphore(0), CONTEXT.Event()
    per_producer = rows // producers
    for p in range(producers):
        manager.spawn(f"producer {p}", produce, table, per_producer, per_message, ready, go)
    for _ in range(producers):
        if not ready.acquire(timeout=WAIT_SECONDS):
            raise RuntimeError("a producer did not get ready")
    started = time.perf_counter()
    go.set()
    for name in manager.processes:
        manager.join(name, WAIT_SECONDS)
    hub.close()  # returns once every pipe has ended and all it carried is dispatched
    writers.flush(WAIT_SECONDS)
    seconds = time.perf_counter() - started
    writers.close()
    assert not any(s.spilled for s in writers.stats()), (
        "rows were spilled: the figure would not be the writer's"
    )
    sent = per_producer * producers
    counted = count_rows(target, table)
    assert counted == sent, f"{table} in {target}: {counted} rows counted, {sent} sent"
    return {"rows": sent, "seconds": round(seconds, 3), "rows_per_second": round(sent / seconds)}


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


def one_run(
    backend: str, postgres: str, table: str, rows: int, producers: int, per_message: int
) -> dict[str, Any]:
    """One measurement into a fresh database, so the count at the end is exactly this run's rows."""
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "sqlite":
            return measure(str(Path(tmp) / "bench.db"), table, rows, producers, per_message, Path(tmp))
        with postgres_schema(postgres) as url:
            return measure(url, table, rows, producers, per_message, Path(tmp))


def run(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for table in args.tables:
        for message in args.messages:
            per_message = args.per_message if message == "batch" else 0
            for backend in ("sqlite", "postgresql"):
                figures = one_run(backend, args.postgres, table, args.rows, args.producers, per_message)
                print(f"{table} {message} {backend}: {figures}", file=sys.stderr, flush=True)
                results.setdefault(table, {}).setdefault(message, {})[backend] = figures
    return {"producers": args.producers, "per_message": args.per_message, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000, help="rows per run, over all producers")
    parser.add_argument("--producers", type=int, default=6)
    parser.add_argument("--per-message", type=int, default=500, help="records per RecordedBatch")
    parser.add_argument("--messages", nargs="+", default=["batch", "record"], choices=["batch", "record"])
    parser.add_argument("--tables", nargs="+", default=list(TABLES), choices=list(TABLES))
    parser.add_argument("--postgres", default=POSTGRES, metavar="URL")
    print(write_result("writer", run(parser.parse_args())).read_text())


if __name__ == "__main__":
    main()
