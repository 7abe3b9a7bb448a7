"""Records waiting on local disk when the database cannot take them: JSON lines, one record each.

A writer spills when its in-memory backlog is full and, at shutdown, whatever the database still
refuses; the next writer of the same table and database replays the file before anything else.
Records are stored by field name, so a file written before a field was added still replays.
The rejected file beside it keeps rows the database refused outright, with the reason; nothing
replays those automatically.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any


class SpillFile:
    def __init__(self, path: Path, record_type: type) -> None:
        self.path, self.record_type = path, record_type
        self.replaying = path.with_name(path.name + ".replaying")
        self.rejected = path.with_name(path.name + ".rejected")
        self._lock = threading.Lock()  # producers append while the writer thread takes

    def append(self, records: list[Any]) -> None:
        self._write(self.path, [asdict(r) for r in records])

    def reject(self, record: Any, reason: str) -> None:
        self._write(self.rejected, [{"record": asdict(record), "reason": reason}])

    def _parse(self, line: str) -> Any:
        try:
            return self.record_type(**json.loads(line))
        except (ValueError, TypeError) as error:  # a line cut short by a crash: keep it, do not guess
            self._write(self.rejected, [{"line": line, "reason": f"unreadable spilled line: {error}"}])
            return None

    def take(self) -> list[Any]:
        """Everything spilled so far, moved aside until `done` confirms it is committed."""
        with self._lock:
            if self.path.exists() and not self.replaying.exists():
                self.path.rename(self.replaying)
        if not self.replaying.exists():
            return []
        with self.replaying.open(encoding="utf-8") as lines:
            records = [self._parse(line) for line in lines if line.strip()]
        return [r for r in records if r is not None]

    def done(self) -> None:
        self.replaying.unlink(missing_ok=True)

    def pending(self) -> bool:
        return self.path.exists() or self.replaying.exists()

    def _write(self, path: Path, objects: list[dict[str, Any]]) -> None:
        with self._lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as out:
                out.writelines(json.dumps(o) + "\n" for o in objects)
