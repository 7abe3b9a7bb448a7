"""Writer throughput: rows per second through BatchDatabaseWriter into SQLite and PostgreSQL, side by side.

    .venv/bin/python -m benchmarks.bench_writer [--rows N] [--postgres URL]

Prints one JSON object per line (backend, table, batch size, rows, seconds, rows/s). The clock runs
from the first `add` to the return of `flush`, so it includes queueing, batching and commits.
PostgreSQL runs in a temporary schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from aviator.data.backends import open_database
from aviator.data.batch_writer import BatchDatabaseWriter
from aviator.data.models import RgbSample, Round

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def a_round(i: int) -> Round:
    return Round(
        "Admiral", 1.0 + (i % 5000) / 100, f"2026-11-29T12:{i % 60:02d}:00.000Z", "2026-11-29T12:00:10.000Z"
    )


def a_sample(i: int) -> RgbSample:
    return RgbSample(
        "Admiral", "multiplier", f"2026-11-29T12:00:{i % 60:02d}.500Z", 40.5, 20.2, 90.1, 3.5, 2.2, 9.9
    )


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


def measure(url: str, make: Callable[[int], object], rows: int, batch_size: int, spill: Path) -> float:
    """Seconds from the first add to the end of the flush."""
    record_type = type(make(0))
    with open_database(url) as db:
        writer = BatchDatabaseWriter(
            db.insert_many, record_type.TABLE, record_type, batch_size, spill_path=spill / "bench.jsonl"
        )
        records = [make(i) for i in range(rows)]
        start = time.perf_counter()
        for record in records:
            writer.add(record)
        writer.flush()
        seconds = time.perf_counter() - start
        writer.close()
    return seconds


def run(rows: int, postgres: str) -> Iterator[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp, postgres_schema(postgres) as pg_url:
        targets = {"sqlite": str(Path(tmp) / "bench.db"), "postgresql": pg_url}
        for make in (a_round, a_sample):
            for batch_size in (100, 1000):
                for backend, url in targets.items():
                    seconds = measure(url, make, rows, batch_size, Path(tmp))
                    table = type(make(0)).TABLE
                    yield {
                        "backend": backend,
                        "table": table,
                        "batch_size": batch_size,
                        "rows": rows,
                        "seconds": round(seconds, 3),
                        "rows_per_second": round(rows / seconds),
                    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--postgres", default=POSTGRES, metavar="URL")
    args = parser.parse_args()
    for result in run(args.rows, args.postgres):
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
