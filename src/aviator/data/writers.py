"""One BatchDatabaseWriter per record type, each on its own connection to one database.

This is what the main process wires to the hub: `add`, `add_many` and `add_rows` route records to
the writer of their type; `flush` is the sync point for all of them; `stats` feeds the health monitor.
Every row is written with the node (the collector machine) that wrote it; rounds are written once
however many nodes saw them (data/rounds_once.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from aviator.config.settings import default_node
from aviator.data.backends import Database, open_database
from aviator.data.batch_writer import BatchDatabaseWriter, InsertMany, Row, WriterStats
from aviator.data.models import RECORD_TYPES, Round

BATCH_SIZES = {"rgb_samples": 500, "bets": 50}  # the seed's sizes; 100 for the others
# Seconds a batch may wait; 1 s for the others. Rounds are few and watched live: a crash is committed
# within 20 ms of reaching its writer, not up to a second later (benchmarks/bench_app.py).
INTERVALS = {"rounds": 0.02}


class RecordWriters:
    def __init__(
        self,
        target: str | Path,
        *,
        spill_dir: Path | None = None,
        record_types: tuple[type, ...] = RECORD_TYPES,
        node: str | None = None,
        **options: Any,
    ) -> None:
        """`spill_dir` defaults to the database's own (beside a SQLite file); `node` names this
        machine in every row (default: its host name); `options` go to every BatchDatabaseWriter:
        alert, interval, max_retry_delay, backlog_cap, close_timeout."""
        self.node = node or default_node()
        self._databases: list[Database] = []
        self.writers: dict[type, BatchDatabaseWriter] = {}
        try:
            for record_type in record_types:
                self.writers[record_type] = self._open(target, record_type, spill_dir, options)
        except BaseException:
            self.close()
            raise

    def _open(
        self, target: str | Path, record_type: type, spill_dir: Path | None, options: dict[str, Any]
    ) -> BatchDatabaseWriter:
        database = open_database(target)
        self._databases.append(database)
        table = record_type.TABLE
        return BatchDatabaseWriter(
            _with_node(database, record_type, self.node),
            table,
            record_type,
            **{"batch_size": BATCH_SIZES.get(table, 100), "interval": INTERVALS.get(table, 1.0), **options},
            spill_path=(spill_dir or database.spill_dir()) / f"{table}-{_key(database)}.jsonl",
        )

    def add(self, record: Any) -> None:
        self._writer(type(record), record).add(record)

    def add_many(self, records: Iterable[Any]) -> None:
        """Records of any types: each type's go to its writer in one call."""
        by_type: dict[type, list[Any]] = {}
        for record in records:
            by_type.setdefault(type(record), []).append(record)
        writers = [(self._writer(kind, group[0]), group) for kind, group in by_type.items()]  # all or none
        for writer, group in writers:
            writer.add_many(group)

    def add_rows(self, record_type: type, rows: Sequence[Sequence[Any]]) -> None:
        """Rows of `record_type` in its field order (a RecordedBatch's), to its writer in one call."""
        self._writer(record_type, record_type).add_rows(rows)

    def _writer(self, record_type: type, sent: object) -> BatchDatabaseWriter:
        writer = self.writers.get(record_type)
        if writer is None:  # fail in the producer, naming what was sent
            raise TypeError(f"no writer for {record_type.__name__}: {sent!r}")
        return writer

    def flush(self, timeout: float = 60.0) -> None:
        for writer in self.writers.values():
            writer.flush(timeout)

    def stats(self) -> list[WriterStats]:
        return [writer.stats() for writer in self.writers.values()]

    def close(self) -> None:
        """Drains every writer (spilling what the database still refuses), then closes the connections."""
        for writer in self.writers.values():
            writer.stop()  # all drain at once: an outage delays shutdown by one close_timeout, not five
        for writer in self.writers.values():
            writer.close()
        for database in self._databases:
            database.close()


def _key(database: Database) -> str:
    """Names the database in spill file names, so spilled rows replay into the database they are for."""
    return hashlib.sha256(database.identity.encode()).hexdigest()[:12]


def _with_node(database: Database, record_type: type, node: str) -> InsertMany:
    """The writer's insert, each row with `node` added (rows spilled and replayed get it at their
    write, by the machine that writes them); rounds only where no node stored them yet."""
    insert = database.insert_rounds_once if record_type is Round else None

    def write(table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        named, marked = (*columns, "node"), [(*row, node) for row in rows]
        if insert is not None:
            insert(named, marked)
        else:
            database.insert_many(table, named, marked)

    return write
