"""BatchDatabaseWriter: one writer thread per record type, fed by a queue.

Records are committed in batches, when `batch_size` are waiting or `interval` seconds have
passed. `flush()` is the sync point: it returns once everything added before it is committed.
`close()` drains the queue before it returns, so a shutdown (Ctrl-C included) loses nothing
that reached the writer.

Records travel as rows (field values in field order: the table's columns). `add_many` and `add_rows`
queue a whole burst as one item, so a producer pays one queue operation per burst, not per record;
rows that arrive ready-made (a RecordedBatch's) are never turned back into objects (the spill file
stores them by field name; only a rejected row becomes a record again, to say which it was).

Nothing is dropped quietly:
- a failed commit is retried with back-off (0.1 s doubling to `max_retry_delay`); the batch is kept;
- when `backlog_cap` records wait in memory, `add` and the others spill further records to a file on
  local disk instead of blocking: the producer is the hub thread that also feeds the event bus and the
  heartbeats, and blocking it would turn a database outage into frozen views and restarted workers.
  The spill file replays, REPLAY_CHUNK records per transaction, as soon as the database takes
  writes again (and at the next start, if the process died first);
- at `close()`, if the database still fails after `close_timeout` seconds, the rest is spilled and
  replayed by the next writer of the same table (a healthy database is always tried first);
- rows the database refuses outright (a constraint) are retried in ever smaller parts and the refused
  ones kept in a rejected file beside the spill file.
Every such event is counted in `stats()` and reported through the `alert` callback.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aviator.data.backends.base import RecordError
from aviator.data.models import columns_of, row_getter
from aviator.data.spill import SpillFile

log = logging.getLogger(__name__)

Row = Sequence[Any]
InsertMany = Callable[[str, Sequence[str], Sequence[Row]], None]
_STOP = object()
SPILL_DIR = Path("storage/spill")
FIRST_RETRY_DELAY = 0.1
REPLAY_CHUNK = 10_000  # spilled records per replay transaction


@dataclass(frozen=True)
class WriterAlert:
    table: str
    kind: str  # failing, recovered, spilled, rejected, stopped
    message: str


@dataclass(frozen=True)
class WriterStats:
    table: str
    backlog: int  # records waiting in memory
    written: int
    failures: int  # failed commit attempts
    spilled: int  # records that went to the spill file
    rejected: int  # records the database refused
    healthy: bool  # the last commit attempt succeeded


Alert = Callable[[WriterAlert], None]


def log_alert(alert: WriterAlert) -> None:
    log.warning("writer %s: %s: %s", alert.table, alert.kind, alert.message)


class BatchDatabaseWriter:
    def __init__(
        self,
        insert_many: InsertMany,
        table: str,
        record_type: type,
        batch_size: int = 100,
        interval: float = 1.0,
        max_retry_delay: float = 5.0,
        *,
        backlog_cap: int = 100_000,
        spill_path: Path | None = None,
        alert: Alert = log_alert,
        close_timeout: float = 10.0,
    ) -> None:
        self._insert, self.table, self.record_type = insert_many, table, record_type
        self.columns = columns_of(record_type)
        self._row = row_getter(record_type)
        self.batch_size, self.interval, self.max_retry_delay = batch_size, interval, max_retry_delay
        self.backlog_cap, self.close_timeout, self._alert = backlog_cap, close_timeout, alert
        self.spill_path = spill_path or SPILL_DIR / f"{table}.jsonl"
        self._spill = SpillFile(self.spill_path, record_type)
        self._queue: queue.Queue[Any] = queue.Queue()  # lists of rows, flush futures, _STOP
        self._adding = threading.Lock()  # producers check the room left and take it in one step
        self._queued = self._taken = 0  # rows put by producers, rows taken by the writer thread
        self.written = self.failures = self.spilled = self.rejected = 0
        self.healthy = True
        self._overflowing = False
        self._stopped = ""  # why the writer takes no more records, once it does not
        self._waiters: list[Future[None]] = []  # flushes waiting for the next commit
        self._closing = threading.Event()
        self._close_deadline: float | None = None
        self._thread = threading.Thread(target=self._run, name=f"writer-{table}", daemon=True)
        self._thread.start()

    def add(self, record: Any) -> None:
        self.add_many((record,))

    def add_many(self, records: Iterable[Any]) -> None:
        """Queues records of this writer's type as one item."""
        records = list(records)
        for record in records:
            if not isinstance(record, self.record_type):  # fail in the producer, not in the writer thread
                raise TypeError(f"writer for {self.table} takes {self.record_type.__name__}, not {record!r}")
        self._enqueue(list(map(self._row, records)))

    def add_rows(self, rows: Sequence[Row]) -> None:
        """Queues rows already in column order (a RecordedBatch's) as one item."""
        width = len(self.columns)
        for row in rows:
            if len(row) != width:  # fail in the producer, not in the writer thread
                raise TypeError(f"writer for {self.table} takes rows of {width} columns, not {row!r}")
        self._enqueue(list(rows))

    def backlog(self) -> int:
        """Records waiting in memory."""
        return self._queued - self._taken

    def _enqueue(self, rows: list[Row]) -> None:
        self._check_running()
        if not rows:
            return
        with self._adding:
            room = max(0, self.backlog_cap - self.backlog())
            accepted, overflow = rows[:room], rows[room:]
            if accepted:
                self._queue.put(accepted)
                self._queued += len(accepted)
            if overflow:
                self._overflow(overflow)

    def _overflow(self, rows: list[Row]) -> None:
        self._spill.append_rows(rows)
        self.spilled += len(rows)
        if not self._overflowing:  # one alert per overflow, not one per record
            self._overflowing = True
            self._raise_alert(
                "spilled", f"backlog of {self.backlog_cap} full: spilling to {self._spill.path}"
            )

    def flush(self, timeout: float = 60.0) -> None:
        self._check_running()
        done: Future[None] = Future()
        self._queue.put(done)
        try:
            done.result(timeout)  # raises the writer's own error if it stops first
        except TimeoutError:
            raise TimeoutError(f"writer for {self.table} did not flush within {timeout} s") from None

    def stop(self) -> None:
        """Starts the drain without waiting for it, so several writers drain side by side."""
        if self._close_deadline is None:
            self._stopped = self._stopped or "is closed"
            self._close_deadline = time.monotonic() + self.close_timeout
            self._closing.set()  # cuts a back-off wait short: retries until the deadline, then spill
            self._queue.put(_STOP)

    def close(self) -> None:
        """Drains (spilling what the database still refuses after `close_timeout`) and waits for it."""
        self.stop()
        self._thread.join()

    def stats(self) -> WriterStats:
        return WriterStats(
            self.table,
            self.backlog(),
            self.written,
            self.failures,
            self.spilled,
            self.rejected,
            self.healthy,
        )

    def _check_running(self) -> None:
        if self._stopped:  # a record added now would never be written: refuse it loudly
            raise RuntimeError(f"writer for {self.table} {self._stopped}")

    def _run(self) -> None:
        try:
            self._loop()
        except Exception as error:  # e.g. the spill file cannot be written: stop loudly, never quietly
            self._stopped = f"stopped after an error: {error}"
            log.exception("writer for %s stopped", self.table)
            self._raise_alert("stopped", f"{error}; {self.backlog()} records in memory are not written")
            self._fail_flushes(RuntimeError(f"writer for {self.table} {self._stopped}"))

    def _fail_flushes(self, error: Exception) -> None:
        """Flushes waiting on a stopped writer get its error at once instead of a timeout."""
        pending = list(self._waiters)
        while not self._queue.empty():
            pending.append(self._queue.get_nowait())
        for item in pending:
            if isinstance(item, Future):
                item.set_exception(error)

    def _loop(self) -> None:
        self._replay_spill()  # what an earlier run could not write goes first
        batch: list[Row] = []
        deadline = time.monotonic() + self.interval
        while True:
            item = self._next(deadline)
            if item is _STOP:
                self._finish(batch)
                return
            if isinstance(item, Future):
                self._waiters.append(item)
            elif item is not None:
                batch.extend(item)
                self._taken += len(item)
            if self._waiters or len(batch) >= self.batch_size or time.monotonic() >= deadline:
                self._finish(batch)
                batch = []
                deadline = time.monotonic() + self.interval

    def _next(self, deadline: float) -> Any:
        try:
            return self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None

    def _finish(self, batch: list[Row]) -> None:
        """Commits the batch, then replays spilled records so a flush covers them too."""
        self._commit(batch)
        if self._spill.pending():
            self._replay_spill()
        for waiter in self._waiters:
            waiter.set_result(None)
        self._waiters.clear()

    def _replay_spill(self) -> None:
        if self._spill.pending():
            with self._spill.replay_claimed() as mine:  # not mine: another process replays the file
                while mine and self._spill.pending() and not self._gave_up():
                    for records, offset in self._spill.chunks(REPLAY_CHUNK):
                        self._commit(list(map(self._row, records)))  # giving up spills them again
                        self._spill.replayed(offset)
                    self._spill.done()
        self._overflowing = False

    def _commit(self, rows: list[Row]) -> None:
        """Writes `rows`; a batch the database refuses is halved until the bad rows are alone, so one
        bad row in a burst of thousands costs a few dozen transactions, not thousands."""
        if not rows:
            return
        try:
            self._insert_with_retry(rows)
        except RecordError as error:
            if len(rows) == 1:
                self._reject(rows[0], error)
                return
            middle = len(rows) // 2
            self._commit(rows[:middle])
            self._commit(rows[middle:])

    def _insert_with_retry(self, rows: list[Row]) -> None:
        delay = FIRST_RETRY_DELAY
        while not (self._gave_up() and not self.healthy):  # past the deadline, one failure is enough
            try:
                self._insert(self.table, self.columns, rows)
            except RecordError:
                raise
            except Exception as error:  # temporary or unknown: retry, the batch is kept
                self._failed(error, len(rows), delay)
                self._back_off(delay)
                delay = min(delay * 2, self.max_retry_delay)
            else:
                self._succeeded(len(rows))
                return
        self._keep_for_next_run(rows)

    def _keep_for_next_run(self, rows: list[Row]) -> None:
        self._spill.append_rows(rows)
        self.spilled += len(rows)
        where = self._spill.path
        self._raise_alert("spilled", f"database still failing at shutdown: {len(rows)} rows kept in {where}")

    def _failed(self, error: Exception, count: int, delay: float) -> None:
        self.failures += 1
        was_healthy, self.healthy = self.healthy, False  # before the alert: its receiver may read stats()
        if was_healthy:
            self._raise_alert("failing", f"writing {count} rows failed ({error}); retrying with back-off")
        log.debug("writing %d rows to %s failed; retry in %.1f s", count, self.table, delay, exc_info=True)

    def _succeeded(self, count: int) -> None:
        self.written += count
        was_healthy, self.healthy = self.healthy, True
        if not was_healthy:
            self._raise_alert("recovered", f"writes succeed again after {self.failures} failed attempts")

    def _reject(self, row: Row, error: Exception) -> None:
        self._spill.reject(self.record_type(*row), str(error))
        self.rejected += 1
        self._raise_alert("rejected", f"{error}; the record is kept in {self._spill.rejected}")

    def _back_off(self, delay: float) -> None:
        if self._close_deadline is None:
            self._closing.wait(delay)  # close() interrupts the wait
        else:
            time.sleep(max(0.0, min(delay, self._close_deadline - time.monotonic())))

    def _gave_up(self) -> bool:
        return self._close_deadline is not None and time.monotonic() >= self._close_deadline

    def _raise_alert(self, kind: str, message: str) -> None:
        try:
            self._alert(WriterAlert(self.table, kind, message))
        except Exception:  # a broken alert sink must not stop the writer
            log.exception("alert callback failed for %s %s: %s", self.table, kind, message)
