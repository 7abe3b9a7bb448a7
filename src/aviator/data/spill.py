"""Records waiting on local disk when the database cannot take them: JSON lines, one record each.

A writer spills when its in-memory backlog is full and, at shutdown, whatever the database still
refuses; the next writer of the same table and database replays the file before anything else.
A replay moves the file aside and reads it a chunk at a time, noting after each committed chunk
how far it got, so a long outage's file never has to fit in memory and a crash mid-replay repeats
at most one chunk. Records are stored by field name, so a file written before a field was added
still replays. The rejected file beside it keeps rows the database refused outright, with the
reason; nothing replays those automatically.

Two processes may share a spill file (two collectors writing one database, each with the same
folder): appends and the move aside lock a file of their own (flock) for a moment, and only the
process holding the replay lock replays, so no row is replayed twice.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, astuple, fields
from pathlib import Path
from typing import Any


class SpillFile:
    def __init__(self, path: Path, record_type: type) -> None:
        self.path, self.record_type = path, record_type
        self.columns = [f.name for f in fields(record_type)]
        self.replaying = path.with_name(path.name + ".replaying")
        self.progress = path.with_name(path.name + ".replayed")  # bytes of `replaying` committed
        self.rejected = path.with_name(path.name + ".rejected")
        self._lock = threading.Lock()  # producers append while the writer thread replays
        self._files_lock = path.with_name(path.name + ".lock")  # the same between processes
        self._replay_lock = path.with_name(path.name + ".replay-lock")

    def append(self, records: Iterable[Any]) -> None:
        self.append_rows(map(astuple, records))

    def append_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Rows in field order, stored by field name. A writer spills rows as it holds them: a
        dict from the row is 4x cheaper than asdict of a record, which matters in a flood."""
        self._write(self.path, [dict(zip(self.columns, row, strict=True)) for row in rows])

    def reject(self, record: Any, reason: str) -> None:
        self._write(self.rejected, [{"record": asdict(record), "reason": reason}])

    def pending(self) -> bool:
        return self.path.exists() or self.replaying.exists()

    @contextmanager
    def replay_claimed(self) -> Iterator[bool]:
        """Whether this process may replay now (False: another one is replaying this file)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._replay_lock.open("a") as handle:  # closing it releases the lock
            yield _try_lock(handle)

    def chunks(self, size: int) -> Iterator[tuple[list[Any], int]]:
        """The spilled records not yet replayed, `size` lines at a time, each chunk with the offset
        to confirm through `replayed` once it is committed. The caller holds `replay_claimed`."""
        with self._lock, _locked(self._files_lock):
            if self.path.exists() and not self.replaying.exists():
                self.path.rename(self.replaying)  # new spills start a new file meanwhile
        if not self.replaying.exists():
            return
        with self.replaying.open("rb") as lines:
            lines.seek(self._replayed())
            while batch := list(itertools.islice(lines, size)):
                records = (self._parse(line.decode("utf-8", "replace")) for line in batch if line.strip())
                yield [r for r in records if r is not None], lines.tell()

    def replayed(self, offset: int) -> None:
        temporary = self.progress.with_name(self.progress.name + ".tmp")
        temporary.write_text(str(offset))
        os.replace(temporary, self.progress)  # atomic: the offset is the old one or the new one

    def done(self) -> None:
        self.replaying.unlink(missing_ok=True)
        self.progress.unlink(missing_ok=True)

    def _replayed(self) -> int:
        return int(self.progress.read_text()) if self.progress.exists() else 0

    def _parse(self, line: str) -> Any:
        try:
            return self.record_type(**json.loads(line))
        except (ValueError, TypeError) as error:  # a line cut short by a crash: keep it, do not guess
            self._write(self.rejected, [{"line": line, "reason": f"unreadable spilled line: {error}"}])
            return None

    def _write(self, path: Path, objects: list[dict[str, Any]]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, _locked(self._files_lock), path.open("a", encoding="utf-8") as out:
            out.writelines(json.dumps(o) + "\n" for o in objects)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock between processes, held for a moment: flock on a file of its own."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _try_lock(handle: Any) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
