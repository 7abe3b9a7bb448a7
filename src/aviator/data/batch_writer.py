"""BatchDatabaseWriter: one writer thread per record type, fed by a queue.

Records are committed in batches, when `batch_size` are waiting or `interval` seconds have
passed. `flush()` is the sync point: it returns once everything added before it is committed.
`close()` drains the queue before it returns, so a shutdown (Ctrl-C included) loses nothing
that reached the writer. A failed commit is retried with back-off; the batch is kept meanwhile.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import astuple, fields
from typing import Any

log = logging.getLogger(__name__)

InsertMany = Callable[[str, Sequence[str], Sequence[Sequence[Any]]], None]
_STOP = object()


class BatchDatabaseWriter:
    def __init__(
        self,
        insert_many: InsertMany,
        table: str,
        record_type: type,
        batch_size: int = 100,
        interval: float = 1.0,
        max_retry_delay: float = 30.0,
    ) -> None:
        self._insert, self.table = insert_many, table
        self.columns = [f.name for f in fields(record_type)]
        self.batch_size, self.interval, self.max_retry_delay = batch_size, interval, max_retry_delay
        self._queue: queue.Queue[Any] = queue.Queue()
        self.written = 0
        self.failures = 0
        self._thread = threading.Thread(target=self._run, name=f"writer-{table}", daemon=True)
        self._thread.start()

    def add(self, record: Any) -> None:
        self._queue.put(record)

    def flush(self, timeout: float = 60.0) -> None:
        done = threading.Event()
        self._queue.put(done)
        if not done.wait(timeout):
            raise TimeoutError(f"writer for {self.table} did not flush within {timeout} s")

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        batch: list[tuple[Any, ...]] = []
        waiters: list[threading.Event] = []
        deadline = time.monotonic() + self.interval
        while True:
            item = self._next(deadline)
            if item is _STOP:
                self._commit(batch, waiters)
                return
            if isinstance(item, threading.Event):
                waiters.append(item)
            elif item is not None:
                batch.append(astuple(item))
            if waiters or len(batch) >= self.batch_size or time.monotonic() >= deadline:
                self._commit(batch, waiters)
                batch, waiters = [], []
                deadline = time.monotonic() + self.interval

    def _next(self, deadline: float) -> Any:
        try:
            return self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None

    def _commit(self, batch: list[tuple[Any, ...]], waiters: list[threading.Event]) -> None:
        delay = 0.1
        while batch:
            try:
                self._insert(self.table, self.columns, batch)
                self.written += len(batch)
                break
            except Exception:
                self.failures += 1
                log.exception(
                    "writing %d rows to %s failed; retrying in %.1f s", len(batch), self.table, delay
                )
                time.sleep(delay)  # back-off before the retry of a temporary failure
                delay = min(delay * 2, self.max_retry_delay)
        for waiter in waiters:
            waiter.set()
